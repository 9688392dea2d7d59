"""Readers hand rows numbered as in Excel to the pure framework, whatever the format."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chidao.core.importing import Column, DateField, DeadlineField, IntegerField, TextField, parse_table
from chidao.core.periods import DeadlineKind
from chidao.engines.tabular import TabularError, TabularFormat, open_table, read_csv_bytes, sheet_names
from tests.engines.tabular.samples import TCVN3_TABLE_TEXT

COLUMNS = (
    Column("name", "Họ và tên", TextField(), required=True),
    Column("unit", "Đơn vị", TextField()),
    Column("since", "Ngày", DateField()),
    Column("deadline", "Thời hạn", DeadlineField()),
    Column("count", "Số lượng", IntegerField()),
)


def test_xlsx_with_title_block_dates_serials_and_periods(tmp_path):
    # Given a workbook with a title, an empty row, a header on row 4, a date cell, a serial and period texts
    path = tmp_path / "danh-sach.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet["A1"] = "DANH SÁCH CÁN BỘ"
    sheet.append([])
    sheet.append([])
    sheet.append(["Họ và tên", "Đơn vị", "Ngày", "Thời hạn", "Số lượng"])
    sheet.append(["Nguyễn Văn An", "Xã An Nhơn", dt.datetime(2026, 6, 30), "Quý II/2026", 1200])
    sheet.append(["Trần Thị Bình", "Phường Quy Nhơn", 46203, 46203, "1.200"])
    sheet.append(["Lê Văn Cường", None, "30/06/2026", "Thường xuyên", None])
    workbook.save(path)
    # When it is opened and read
    with open_table(path) as source:
        assert source.format is TabularFormat.XLSX
        assert source.sheet_name == "Danh sách"
        table = parse_table(source.rows, COLUMNS, context=source.context)
    # Then rows keep Excel's numbers and every form of date reads the same
    assert table.file_issues == ()
    assert [row.number for row in table.rows] == [5, 6, 7]
    assert [row.values["since"] for row in table.rows] == [dt.date(2026, 6, 30)] * 3
    deadlines = [row.values["deadline"] for row in table.rows]
    assert [d.kind for d in deadlines] == [DeadlineKind.PERIOD, DeadlineKind.DATE, DeadlineKind.RECURRING]
    assert deadlines[0].original == "Quý II/2026"
    assert deadlines[0].due_date == dt.date(2026, 6, 30)
    assert [row.values["count"] for row in table.rows] == [1200, 1200, None]


def test_xlsx_1904_date_system(tmp_path):
    # Given a workbook in the old Mac date system with a serial typed as a number
    path = tmp_path / "mac.xlsx"
    workbook = openpyxl.Workbook()
    workbook.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    workbook.active.append(["Họ và tên", "Ngày"])
    workbook.active.append(["Nguyễn Văn An", 44741])
    workbook.save(path)
    # When read / Then the serial is read in that system
    with open_table(path) as source:
        table = parse_table(source.rows, COLUMNS, context=source.context)
    assert source.context.excel_1904
    assert table.rows[0].values["since"] == dt.date(2026, 6, 30)


def test_xlsx_legacy_font_cells_are_reported(tmp_path):
    # Given a workbook whose cells were typed with TCVN3 fonts (common in old Excel files)
    path = tmp_path / "cu.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Họ và tên", "Đơn vị"])
    workbook.active.append(["NguyÔn V¨n An", "Ph\u00adêng Quy Nh¬n"])
    workbook.save(path)
    # When read / Then each cell is an error and the file message says how to convert
    with open_table(path) as source:
        table = parse_table(source.rows, COLUMNS, context=source.context)
    assert len(table.rows[0].issues) == 2
    assert table.file_issues[0].message.startswith("Tệp dùng bảng mã cũ TCVN3 (ABC) (2 ô")


def test_xlsx_sheet_choice(tmp_path):
    path = tmp_path / "nhieu-trang.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Hướng dẫn"
    workbook.create_sheet("Dữ liệu").append(["Họ và tên"])
    workbook.save(path)
    assert sheet_names(path) == ("Hướng dẫn", "Dữ liệu")
    with open_table(path, sheet="Dữ liệu") as source:
        assert next(source.rows).cells == ("Họ và tên",)
    with pytest.raises(TabularError, match="không có trang “Khác”"):
        open_table(path, sheet="Khác")


def test_csv_semicolons_quotes_and_multiline_cells():
    # Given a CSV with ";" separators (Excel with Vietnamese regional settings) and a quoted two-line cell
    data = 'Họ và tên;Đơn vị\n"Nguyễn Văn An";"Xã An Nhơn\n(thôn 1)"\nTrần Thị Bình;\n'.encode()
    # When read
    source = read_csv_bytes(data)
    table = parse_table(source.rows, COLUMNS, context=source.context)
    # Then records are rows (numbered as Excel shows them), empty cells are None
    assert source.encoding == "UTF-8"
    assert [(row.number, row.values["unit"]) for row in table.rows] == [
        (2, "Xã An Nhơn (thôn 1)"),
        (3, None),
    ]


def test_csv_in_tcvn3_is_refused(tmp_path):
    path = tmp_path / "cu.csv"
    path.write_bytes(TCVN3_TABLE_TEXT.encode("latin-1"))
    with pytest.raises(TabularError, match=r"^Tệp dùng bảng mã cũ TCVN3"):
        open_table(path)


def test_parquet_column_names_are_the_header(tmp_path):
    # Given a Parquet file
    path = tmp_path / "du-lieu.parquet"
    pq.write_table(pa.table({"Họ và tên": ["Nguyễn Văn An", "Trần Thị Bình"], "Số lượng": [3, None]}), path)
    # When read / Then names are row 1 and values keep their types
    with open_table(path) as source:
        table = parse_table(source.rows, COLUMNS, context=source.context)
    assert source.format is TabularFormat.PARQUET
    assert [(row.number, row.values["count"]) for row in table.rows] == [(2, 3), (3, None)]
