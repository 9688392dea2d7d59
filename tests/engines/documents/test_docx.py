"""The DOCX renderer, checked by reopening the file with python-docx: page, fonts, header, title, body, tables,
page numbers, annex sections (Decree 30/2020)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from chidao.engines.documents.docx import FONT_NAME, render_docx
from tests.engines.documents import samples


@pytest.fixture(scope="module")
def briefing():
    return docx.Document(io.BytesIO(render_docx(samples.briefing())))


def body_texts(word) -> list[str]:
    return [paragraph.text for paragraph in word.paragraphs]


def cell_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def mm(*lengths) -> tuple[float, ...]:
    """Lengths in millimetres, to 0,1 mm (Word stores twentieths of a point)."""
    return tuple(round(length.mm, 1) for length in lengths)


def paragraph_with(word, text: str):
    return next(paragraph for paragraph in word.paragraphs if paragraph.text == text)


def test_a4_portrait_with_the_decree_margins(briefing):
    # Given the rendered briefing; when its first section is read
    section = briefing.sections[0]
    # Then the page is A4 portrait with margins top/bottom 20, left 30, right 15 mm
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert mm(section.page_width, section.page_height) == (210, 297)
    assert mm(section.top_margin, section.bottom_margin) == (20, 20)
    assert mm(section.left_margin, section.right_margin) == (30, 15)


def test_times_new_roman_is_named_for_every_script_in_defaults_and_normal(briefing):
    # Given the styles part; when the default run fonts and the Normal style are read
    defaults = briefing.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = briefing.styles["Normal"]
    # Then Times New Roman is named for ascii, hAnsi, cs and eastAsia, with no theme font to override it
    for fonts in (defaults.find(qn("w:rFonts")), normal.element.rPr.find(qn("w:rFonts"))):
        assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "cs", "eastAsia")} == {
            FONT_NAME
        }
        assert fonts.get(qn("w:asciiTheme")) is None
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    # And no run names another font
    fonts_in_runs = {run.font.name for paragraph in briefing.paragraphs for run in paragraph.runs}
    assert fonts_in_runs <= {None, FONT_NAME}


def test_header_table_holds_issuer_nation_number_and_date(briefing):
    # Given the first table (the header); when its cells are read
    (issuer, nation), (number, place_date) = cell_texts(briefing.tables[0])
    # Then the issuer is upper case (long name wrapped with line breaks), the motto and the draft number are there
    assert issuer.startswith("UBND TỈNH GIA LAI\nBAN CHỈ ĐẠO")
    assert " ".join(issuer.split()).endswith("CHUYỂN ĐỔI SỐ TỈNH GIA LAI")
    assert nation.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    assert number == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-BCĐ"
    assert place_date == "Gia Lai, ngày 03 tháng 3 năm 2026"
    # And the header table draws no borders
    borders = briefing.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_header_styles_follow_the_decree(briefing):
    # Given the header cells; when their runs are read
    issuer_cell, nation_cell = briefing.tables[0].rows[0].cells
    parent, issuing = issuer_cell.paragraphs[0], issuer_cell.paragraphs[1]
    nation, motto = nation_cell.paragraphs[0], nation_cell.paragraphs[1]
    place_date = briefing.tables[0].rows[1].cells[1].paragraphs[0]
    # Then the parent body is upright, the issuing body bold, nation and motto bold, the place-date italic 14
    assert not parent.runs[0].bold
    assert parent.runs[0].font.size == Pt(13)
    assert issuing.runs[0].bold
    assert issuing.runs[0].font.size == Pt(13)
    assert nation.runs[0].bold
    assert nation.runs[0].font.size == Pt(12)
    assert motto.runs[0].bold
    assert motto.runs[0].font.size == Pt(13)
    assert place_date.runs[0].italic
    assert place_date.runs[0].font.size == Pt(14)
    # And the issuing body and the motto each have a short line under them (a paragraph's bottom border)
    for cell in (issuer_cell, nation_cell):
        rule = cell.paragraphs[2]
        assert rule.text == ""
        assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"


def test_title_and_summary_are_bold_and_centred(briefing):
    # Given the body paragraphs; when the title and the summary are found
    title = paragraph_with(briefing, samples.TITLE)
    summary = paragraph_with(briefing, samples.SUMMARY)
    # Then both are bold, centred, 14 pt
    for paragraph in (title, summary):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)
        assert paragraph.runs[0].font.size == Pt(14)


def test_body_paragraphs_are_justified_with_first_line_indent_and_spacing(briefing):
    # Given a body paragraph of the briefing
    paragraph = paragraph_with(briefing, samples.NQ57_PARAGRAPH)
    fmt = paragraph.paragraph_format
    # Then it is justified, indented 1,27 cm on its first line, 6 pt after, line spacing 1,15
    assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert mm(fmt.first_line_indent) == (12.7,)
    assert fmt.space_after >= Pt(6)
    assert 1.15 <= fmt.line_spacing <= 1.5
    assert paragraph.runs[0].font.size == Pt(14)


def test_paragraph_styles_part_item_sub_item_bullet_note(briefing):
    # Given the headings and points of the briefing
    part = paragraph_with(briefing, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ")
    item = paragraph_with(briefing, "1. Nghị quyết số 57-NQ/TW")
    sub_item = paragraph_with(briefing, "a) Các giai đoạn")
    bullet = next(p for p in briefing.paragraphs if p.text.startswith("- Sở Khoa học và Công nghệ: "))
    plain_bullet = paragraph_with(briefing, "- nhiệm vụ thường xuyên được báo cáo hằng tháng.")
    note = paragraph_with(briefing, "Số liệu tính đến ngày 03/3/2026.")
    # Then PART and ITEM are bold, SUB_ITEM bold italic, the bullet's unit name bold, NOTE italic 12
    assert part.runs[0].bold
    assert item.runs[0].bold
    assert part.paragraph_format.keep_with_next
    assert sub_item.runs[0].bold
    assert sub_item.runs[0].italic
    assert [(run.text, bool(run.bold)) for run in bullet.runs] == [
        ("- ", False),
        ("Sở Khoa học và Công nghệ: ", True),
        ("chậm cập nhật tiến độ 2 nhiệm vụ (đồng chí Nguyễn Văn An, Giám đốc).", False),
    ]
    assert not plain_bullet.runs[0].bold
    assert note.runs[0].italic
    assert note.runs[0].font.size == Pt(12)


def test_table_cells_header_repeat_totals_and_number_alignment(briefing):
    # Given the body table (the second table of the document)
    table = briefing.tables[1]
    rows = cell_texts(table)
    # Then its cells hold the model's text
    assert rows[0] == list(samples.TASKS_TABLE.columns)
    assert rows[3] == ["3", "Cải cách hành chính", "1.234", "1.092", "88,5%"]
    assert table.style.name == "Table Grid"
    # And the header row is bold and repeats on each page; the total row is bold
    header, *_, total = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(cell.paragraphs[0].runs[0].bold for cell in header.cells)
    assert total.cells[1].paragraphs[0].runs[0].bold
    # And numbers are right-aligned, text left, the STT column centred
    number, text, stt = table.rows[3].cells[2], table.rows[3].cells[1], table.rows[3].cells[0]
    assert number.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert text.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert stt.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    # And the table's title and note are in the text
    texts = body_texts(briefing)
    assert samples.TASKS_TABLE.title in texts
    assert samples.TASKS_TABLE.note in texts


def test_chart_is_an_inline_png_with_its_title(briefing):
    # Given the briefing with one chart
    images = [part for part in briefing.part.related_parts.values() if part.content_type == "image/png"]
    # Then one PNG is embedded and the chart's title stands above it
    assert len(images) == 1
    assert images[0].blob.startswith(b"\x89PNG\r\n\x1a\n")
    assert samples.PROGRESS_CHART.title in body_texts(briefing)
    assert len(briefing.inline_shapes) == 1


def test_recipients_beside_the_signature_block(briefing):
    # Given the closing table (borderless, after the body)
    recipients_cell, signature_cell = briefing.tables[2].rows[0].cells
    heading, *lines = recipients_cell.paragraphs
    # Then "Nơi nhận:" is bold italic 12 and its lines 11, each "- …;" and the last "- Lưu: VT, BCĐ."
    assert heading.text == "Nơi nhận:"
    assert heading.runs[0].bold
    assert heading.runs[0].italic
    assert heading.runs[0].font.size == Pt(12)
    assert [line.text for line in lines] == [
        "- Thường trực Tỉnh ủy (b/c);",
        "- Chủ tịch, các PCT UBND tỉnh;",
        "- Thành viên Ban Chỉ đạo;",
        "- Lưu: VT, BCĐ.",
    ]
    assert lines[0].runs[0].font.size == Pt(11)
    # And the signature block: authority and title lines bold upper case, room to sign, the name bold
    texts = [paragraph.text for paragraph in signature_cell.paragraphs]
    assert texts == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "", "Lâm Hải Giang"]
    assert all(p.runs[0].bold for p in signature_cell.paragraphs if p.runs)
    assert signature_cell.paragraphs[2].paragraph_format.line_spacing >= Mm(20)


def test_page_numbers_from_page_two_only(briefing):
    # Given the first section
    section = briefing.sections[0]
    # Then it has a different first page, whose header is empty
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_header._element.xml
    assert all(not paragraph.text for paragraph in section.first_page_header.paragraphs)
    # And the header of the other pages holds a PAGE field, centred
    header = section.header
    instructions = [node.text for node in header._element.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    assert header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_annex_is_a_landscape_section_numbered_on_every_page(briefing):
    # Given the briefing with one landscape annex
    main, annex = briefing.sections
    # Then the annex is its own section, A4 landscape, with the same margins
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert mm(annex.page_width, annex.page_height) == (297, 210)
    assert mm(annex.left_margin, annex.top_margin) == (30, 20)
    assert main.orientation == WD_ORIENT.PORTRAIT
    # And it shows its page number on its first page too (the header of the main section, inherited)
    assert not annex.different_first_page_header_footer
    assert annex.header.is_linked_to_previous
    # And its title is bold and centred, the subtitle italic, its table follows
    title = paragraph_with(briefing, "Phụ lục I")
    assert title.runs[0].bold
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subtitle = next(
        p for p in briefing.paragraphs if p.text.startswith("Nhiệm vụ quá hạn theo đơn vị chủ trì (")
    )
    assert subtitle.runs[0].italic
    assert cell_texts(briefing.tables[3])[1][:4] == ["1", "Sở Khoa học và Công nghệ", "Nguyễn Văn An", "3"]


def test_issued_number_is_shown():
    # Given a briefing issued as number 5
    word = docx.Document(io.BytesIO(render_docx(samples.briefing(number=5))))
    # Then the header shows it zero-padded
    assert word.tables[0].rows[1].cells[0].text == "Số: 05/BC-BCĐ"


def test_urging_letter_has_subject_line_and_addressees_but_no_title():
    # Given a công văn (no type name, a "V/v" subject, two addressees)
    word = docx.Document(io.BytesIO(render_docx(samples.urging_letter())))
    texts = body_texts(word)
    # Then the subject is under the number, the addressees are listed after "Kính gửi:" and there is no title
    number_cell = word.tables[0].rows[1].cells[0]
    assert " ".join(number_cell.text.split()) == "Số: /BCĐ-VP V/v đôn đốc thực hiện nhiệm vụ quá hạn"
    assert "Kính gửi:\t- Sở Khoa học và Công nghệ;" in texts
    assert "- Sở Nội vụ." in texts
    assert "BÁO CÁO" not in texts
    assert word.sections[0].different_first_page_header_footer
    assert len(word.sections) == 1


def test_decomposed_input_is_written_precomposed():
    # Given a summary typed with combining marks (NFD)
    import unicodedata
    from dataclasses import replace

    document = replace(samples.briefing(), summary=unicodedata.normalize("NFD", samples.SUMMARY))
    # When rendered
    word = docx.Document(io.BytesIO(render_docx(document)))
    # Then the file holds the NFC text
    assert samples.SUMMARY in body_texts(word)


def test_document_properties_are_in_vietnamese_and_dated_by_the_figures(briefing):
    # Given the core properties
    properties = briefing.core_properties
    # Then title and language are set, and the dates are those of the figures (no clock is read)
    assert properties.title == f"{samples.TITLE} {samples.SUMMARY}"
    assert properties.language == "vi-VN"
    assert properties.created.date().isoformat() == "2026-03-03"
