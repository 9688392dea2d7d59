"""Input a builder may well produce: empty and ragged tables, words longer than a cell, symbols, line breaks,
no parent body, a head signing in his own name. Every renderer draws it without failing."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
from pypdf import PdfReader

from chidao.core.documents.model import Paragraph, Section, Signature, Table
from chidao.engines.documents.annexes import render_xlsx
from chidao.engines.documents.docx import render_docx
from chidao.engines.documents.pdf import render_pdf
from tests.engines.documents import samples

LONG_CODE = "Mã-số-rất-dài-không-có-khoảng-trắng-nào-" + "X" * 30
AWKWARD = replace(
    samples.urging_letter(),
    header=replace(samples.header(), parent_body=""),
    signature=Signature(authority_line="", title_line="Trưởng ban", signer_name="Nguyễn Văn A"),
    sections=(
        Section(
            "",
            (
                Table("Không có dòng", ("STT", "Tên"), ()),
                Table("Không có cột", (), ()),
                Table("Từ dài", tuple("ABCDEFGH"), ((LONG_CODE, *"bcdefgh"),)),
                Table("Thừa thiếu ô", ("A", "B"), (("1",), ("1", "2", "3"))),
                Paragraph("Ký hiệu: → ≥ ≤ • “ngoặc” – — … ½ ²"),
                Paragraph("Dòng một\nDòng hai"),
            ),
        ),
    ),
)


def test_docx_draws_awkward_input():
    word = docx.Document(io.BytesIO(render_docx(AWKWARD)))
    texts = [paragraph.text for paragraph in word.paragraphs]
    assert "Ký hiệu: → ≥ ≤ • “ngoặc” – — … ½ ²" in texts
    assert "Dòng một\nDòng hai" in texts
    # The header starts with the issuing body; the signature block has the title upper case and the name
    assert word.tables[0].rows[0].cells[0].paragraphs[0].text.startswith("BAN CHỈ ĐẠO")
    assert [p.text for p in word.tables[-1].rows[0].cells[1].paragraphs] == ["TRƯỞNG BAN", "", "Nguyễn Văn A"]


def test_pdf_draws_awkward_input():
    reader = PdfReader(io.BytesIO(render_pdf(AWKWARD)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Ký hiệu: → ≥ ≤ • “ngoặc” – — … ½ ²" in text
    assert "Dòng một Dòng hai" in text
    # A word longer than its cell is broken inside the cell rather than refused
    assert re.sub(r"\s", "", text).count(LONG_CODE) == 1


def test_xlsx_skips_a_table_without_columns():
    assert render_xlsx(AWKWARD).startswith(b"PK")
