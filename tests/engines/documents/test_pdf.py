"""The PDF renderer, checked with pypdf: Vietnamese text extracts exactly, fonts are embedded subsets of Liberation
Serif, page numbers from page 2, tables repeat their header on each page, annexes are landscape."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from chidao.core.documents.model import Paragraph, Section, Table
from chidao.engines.documents.pdf import render_pdf
from tests.engines.documents import samples

A4 = (595.28, 841.89)  # points


def flat(text: str) -> str:
    """Whitespace and line breaks normalised, nothing else."""
    return re.sub(r"\s+", " ", text).strip()


def page_texts(reader: PdfReader) -> list[str]:
    return [flat(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def briefing() -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(samples.briefing())))


def test_vietnamese_text_extracts_exactly():
    # Given paragraphs full of Vietnamese (NFC), justified over several lines
    filler = " ".join(samples.EXACT_STRINGS)
    paragraphs = tuple(
        Paragraph(f"{samples.PHASES_PARAGRAPH} {samples.PROJECT06_PARAGRAPH} {filler}") for _ in range(6)
    )
    document = replace(samples.briefing(), sections=(Section("I. KẾT QUẢ", paragraphs),))
    # When rendered and its text extracted
    text = " ".join(page_texts(PdfReader(io.BytesIO(render_pdf(document)))))
    # Then every string comes back exactly, precomposed, and so do whole sentences
    for expected in samples.EXACT_STRINGS:
        assert expected in text
    assert flat(samples.PROJECT06_PARAGRAPH) in text
    assert flat(samples.PHASES_PARAGRAPH) in text
    assert unicodedata.is_normalized("NFC", text)


def test_decomposed_input_extracts_precomposed():
    # Given the seed's paragraph typed with combining marks (NFD, as some keyboards produce)
    decomposed = unicodedata.normalize("NFD", samples.NQ57_PARAGRAPH)
    document = replace(samples.briefing(), sections=(Section("", (Paragraph(decomposed),)),))
    # When rendered
    text = " ".join(page_texts(PdfReader(io.BytesIO(render_pdf(document)))))
    # Then the PDF gives back the NFC text: no stray combining marks
    assert flat(samples.NQ57_PARAGRAPH) in text
    assert not any(unicodedata.combining(char) for char in text)


def test_header_title_body_table_and_signature_are_in_the_text(briefing):
    # Given the rendered briefing; when the text of its pages is extracted
    first, second, annex = page_texts(briefing)
    # Then the header blocks, title, body figures and table cells read back
    for expected in (
        "UBND TỈNH GIA LAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-BCĐ",
        "Gia Lai, ngày 03 tháng 3 năm 2026",
        "BÁO CÁO",
        samples.SUMMARY,
        "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
        flat(samples.NQ57_PARAGRAPH),
        "Cải cách hành chính 1.234 1.092 88,5%",
        "Tổng cộng 1.353 1.177 87,0%",
    ):
        assert expected in first
    # And the closing: recipients and signature
    for expected in ("Nơi nhận:", "- Lưu: VT, BCĐ.", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Lâm Hải Giang"):
        assert expected in second
    assert annex.startswith("3 Phụ lục I")


def test_page_numbers_from_page_two_centred_at_the_top(briefing):
    # Given the three pages; when the text drawn in the top margin is collected
    def top_margin_text(page) -> str:
        parts: list[str] = []

        def visit(text, _cm, tm, _font, _size):
            height = float(page.mediabox.height)
            if text.strip() and height - tm[5] < 20 * 72 / 25.4:
                parts.append((text.strip(), tm[4]))

        page.extract_text(visitor_text=visit)
        return parts

    # Then page 1 has nothing there, later pages their number, centred between the margins
    assert top_margin_text(briefing.pages[0]) == []
    ((number, x),) = top_margin_text(briefing.pages[1])
    assert number == "2"
    centre = (30 + (210 - 15)) / 2 * 72 / 25.4
    assert abs(x - centre) < 10
    assert top_margin_text(briefing.pages[2])[0][0] == "3"


def test_fonts_are_embedded_liberation_serif_subsets(briefing):
    # Given every font resource of every page
    fonts = {}
    for page in briefing.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    # Then each is a subset ("ABCDEF+") of Liberation Serif, with its glyphs embedded and a ToUnicode map
    assert {name.split("+", 1)[1] for name in fonts} == {
        "LiberationSerif",
        "LiberationSerifBold",
        "LiberationSerifItalic",
        "LiberationSerifBoldItalic",
    }
    for name, font in fonts.items():
        assert re.fullmatch(r"/[A-Z]{6}\+LiberationSerif\w*", name)
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor
        assert "/ToUnicode" in font


def test_a4_portrait_then_landscape_annex(briefing):
    # Given the pages' sizes
    sizes = [
        (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2))
        for page in briefing.pages
    ]
    # Then the body is A4 portrait and the annex A4 landscape
    assert sizes[:2] == [A4, A4]
    assert sizes[2] == A4[::-1]


def test_long_document_runs_over_many_pages_and_tables_repeat_their_header():
    # Given a briefing with twelve extra sections and then a 60-row table
    rows = tuple((str(n), f"Đơn vị số {n}", str(n * 3)) for n in range(1, 61))
    big = Table(title="Bảng dài", columns=("STT", "Đơn vị chủ trì", "Số nhiệm vụ"), rows=rows)
    document = samples.briefing(extra_sections=12)
    document = replace(document, sections=(*document.sections, Section("", (big,))))
    # When rendered
    pages = page_texts(PdfReader(io.BytesIO(render_pdf(document))))
    # Then it runs over many pages
    assert len(pages) > 10
    # And the long table spans pages, each page it continues on starting (after the page number) with its header
    first = next(index for index, text in enumerate(pages) if "1 Đơn vị số 1 3 " in text)
    last = next(index for index, text in enumerate(pages) if "60 Đơn vị số 60 180" in text)
    assert last > first
    for index in range(first + 1, last + 1):
        assert pages[index].startswith(f"{index + 1} STT Đơn vị chủ trì Số nhiệm vụ ")


def test_pdf_version_and_metadata(briefing):
    # Given the file's header and document information
    data = render_pdf(samples.urging_letter())
    reader = PdfReader(io.BytesIO(data))
    # Then it is PDF 1.4 or later (Decree 30, electronic copies), with title and language
    assert data[:8] >= b"%PDF-1.4"
    assert reader.metadata.title == "Đôn đốc thực hiện nhiệm vụ quá hạn"
    assert str(reader.trailer["/Root"]["/Lang"]) == "vi-VN"
    text = " ".join(page_texts(reader))
    assert "V/v đôn đốc thực hiện nhiệm vụ quá hạn" in text
    assert "Kính gửi: - Sở Khoa học và Công nghệ; - Sở Nội vụ." in text
