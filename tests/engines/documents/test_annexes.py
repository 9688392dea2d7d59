"""Tables to .xlsx: one sheet per body table and per annex, numbers typed, header bold and frozen, no formulas."""

from __future__ import annotations

import io
from dataclasses import replace

import openpyxl
import pytest

from chidao.core.documents.model import Annex, Table
from chidao.engines.documents.annexes import render_xlsx, sheet_names
from tests.engines.documents import samples


def reopen(document):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(document)))


@pytest.fixture(scope="module")
def workbook():
    return reopen(samples.briefing(extra_sections=1))


def test_one_sheet_per_body_table_and_per_annex(workbook):
    # Given a briefing with two body tables and one annex
    # Then there are three sheets, named after the tables and the annex
    assert workbook.sheetnames == [
        "Bảng 1. Kết quả thực hiện nhiệm",
        "Bảng 2 - Bảng chi tiết số 1",
        "Phụ lục I",
    ]
    assert workbook.sheetnames == list(sheet_names(samples.briefing(extra_sections=1)))


def test_header_bold_and_frozen_numbers_typed(workbook):
    # Given the first sheet
    sheet = workbook["Bảng 1. Kết quả thực hiện nhiệm"]
    # Then row 1 is the title, row 3 the bold header, frozen below it
    assert sheet["A1"].value == samples.TASKS_TABLE.title
    assert [cell.value for cell in sheet[3]] == list(samples.TASKS_TABLE.columns)
    assert all(cell.font.b for cell in sheet[3])
    assert sheet.freeze_panes == "A4"
    # And Vietnamese-formatted numbers are stored as numbers with a matching format
    stt, name, total, done, ratio = sheet[6]
    assert (stt.value, name.value, total.value, done.value) == (3, "Cải cách hành chính", 1234, 1092)
    assert total.data_type == "n"
    assert total.number_format == "#,##0"
    assert ratio.value == pytest.approx(0.885)
    assert ratio.number_format == "0.0%"
    # And the total row is bold, the note follows the table
    assert sheet["B7"].value == "Tổng cộng"
    assert sheet["B7"].font.b
    assert sheet["A8"].value == samples.TASKS_TABLE.note
    # And widths come from the contents
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_formula_guard_keeps_text_as_text(workbook):
    # Given the annex sheet, whose notes start with = + @
    sheet = workbook["Phụ lục I"]
    notes = {row[5].value: row[5] for row in sheet.iter_rows(min_row=6, max_row=8)}
    # Then each is a string cell with the quote prefix, never a formula; the phone stays text too
    assert set(notes) == {"=1+1", "+84912345678", "@ghi chú"}
    for cell in notes.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    # And the annex's title and subtitle head the sheet, the header row is frozen
    assert sheet["A1"].value.startswith("Phụ lục I - Nhiệm vụ quá hạn")
    assert sheet.freeze_panes == "A6"


def test_sheet_names_are_short_clean_and_unique():
    # Given two annexes with the same long title full of characters Excel refuses
    table = Table(title="", columns=("A",), rows=(("1",),))
    title = "Phụ lục: danh sách [đơn vị] / nhiệm vụ quá hạn theo từng lĩnh vực"
    document = replace(
        samples.briefing(),
        annexes=(Annex(title, "", (table,)), Annex(title.upper(), "", (table,))),
    )
    # When the sheet names are made
    names = sheet_names(document)
    # Then each is at most 31 characters, has none of : \ / ? * [ ], and they differ ignoring case
    assert all(len(name) <= 31 for name in names)
    assert not any(char in name for name in names for char in ":\\/?*[]")
    assert len({name.casefold() for name in names}) == len(names)
    assert names[-1].endswith("(2)")
    assert reopen(document).sheetnames == list(names)


def test_a_document_without_tables_gives_a_workbook_that_says_so():
    # Given the urging letter stripped of its table
    document = replace(samples.urging_letter(), sections=())
    # Then the workbook has one sheet with a sentence, not an error
    workbook = reopen(document)
    assert workbook.active["A1"].value == "Văn bản không có bảng số liệu."
