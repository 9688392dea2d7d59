"""The .xlsx export, checked by reading it back: header block, formats, formula guard, masking."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from chidao.core.importing import Column, TextField, parse_table
from chidao.engines.tabular import (
    DATA_START_ROW,
    HEADER_ROW,
    ExportColumn,
    ExportHeader,
    ExportKind,
    Masking,
    open_table,
    write_xlsx,
)

HEADER = ExportHeader(
    unit="UBND TỈNH GIA LAI",
    title="Danh sách cán bộ đầu mối",
    as_of=dt.date(2026, 3, 31),
    subtitle="Lọc: xã, phường",
)
COLUMNS = (
    ExportColumn("Họ và tên"),
    ExportColumn("Ghi chú"),
    ExportColumn("Số hồ sơ", ExportKind.INTEGER),
    ExportColumn("Tỷ lệ", ExportKind.PERCENT),
    ExportColumn("Ngày giao", ExportKind.DATE),
    ExportColumn("Cập nhật", ExportKind.DATETIME),
)


def write_and_reopen(rows, columns=COLUMNS, **options):
    buffer = io.BytesIO()
    summary = write_xlsx(buffer, header=HEADER, columns=columns, rows=rows, **options)
    buffer.seek(0)
    return summary, openpyxl.load_workbook(buffer).active


def test_header_block_layout_and_formats():
    # Given one row of every kind
    row = ("Nguyễn Văn An", "Đầu mối", 1234567, 0.875, dt.date(2026, 6, 30), dt.datetime(2026, 3, 31, 8, 5))
    # When written and read back
    summary, sheet = write_and_reopen([row])
    # Then the header block, frozen header row, widths and number formats are there
    assert summary.rows == 1
    assert sheet.title == "Danh sách"
    assert [sheet.cell(r, 1).value for r in range(1, 5)] == [
        "UBND TỈNH GIA LAI",
        "Danh sách cán bộ đầu mối",
        "Số liệu tính đến ngày 31/03/2026",
        "Lọc: xã, phường",
    ]
    assert [cell.value for cell in sheet[HEADER_ROW]] == [column.header for column in COLUMNS]
    assert sheet.freeze_panes == f"A{DATA_START_ROW}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.column_dimensions["A"].width >= len("Nguyễn Văn An")
    data = sheet[DATA_START_ROW]
    assert [cell.value for cell in data[2:5]] == [1234567, 0.875, dt.datetime(2026, 6, 30)]
    assert [cell.number_format for cell in data[2:6]] == ["#,##0", "0.0%", "dd/mm/yyyy", "dd/mm/yyyy hh:mm"]


@pytest.mark.parametrize(
    ("_case", "value", "expected_type", "guarded"),
    [
        ("formula", "=1+1", "s", True),
        ("DDE payload", "=cmd|' /C calc'!A0", "s", True),
        ("plus sign text", "+84912345678", "s", True),
        ("minus sign text", "-hết hạn", "s", True),
        ("at sign", "@SUM(A1)", "s", True),
        ("tab", "\t=1", "s", True),
        ("carriage return", "\r=1", "s", True),
        ("ordinary text", "Nguyễn Văn An", "s", False),
        ("digits as text keep their zero", "0912345678", "s", False),
        ("negative number", -5, "n", False),
        ("decimal", Decimal("12.5"), "n", False),
    ],
)
def test_formula_guard_round_trip(_case, value, expected_type, guarded):
    # Given a value in a text column
    columns = (ExportColumn("Giá trị"),)
    # When written and read back
    _, sheet = write_and_reopen([(value,)], columns)
    cell = sheet.cell(DATA_START_ROW, 1)
    # Then the value is unchanged, text stays text (never a formula) and only dangerous text is marked
    assert cell.value == value
    assert cell.data_type == expected_type
    assert cell.quotePrefix is guarded


def test_personal_data_masked_unless_revealed():
    # Given columns of personal data
    columns = (
        ExportColumn("Số định danh", masking=Masking.PERSONAL_ID),
        ExportColumn("Điện thoại", masking=Masking.PHONE),
        ExportColumn("Ngày sinh", ExportKind.DATE, masking=Masking.BIRTH_DATE),
    )
    row = ("079085001234", "0912345678", dt.date(1985, 4, 2))
    # When exported by default and with reveal=True
    _, masked = write_and_reopen([row], columns)
    _, revealed = write_and_reopen([row], columns, reveal=True)
    # Then the default hides them and reveal shows them whole
    assert [cell.value for cell in masked[DATA_START_ROW]] == ["079******234", "091****678", "**/**/1985"]
    assert [cell.value for cell in revealed[DATA_START_ROW]] == [
        "079085001234",
        "0912345678",
        dt.datetime(1985, 4, 2),
    ]


def test_aware_datetimes_need_and_use_the_export_timezone():
    columns = (ExportColumn("Lúc", ExportKind.DATETIME),)
    moment = dt.datetime(2026, 3, 31, 1, 0, tzinfo=dt.UTC)
    with pytest.raises(ValueError, match="timezone"):
        write_and_reopen([(moment,)], columns)
    _, sheet = write_and_reopen([(moment,)], columns, timezone=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert sheet.cell(DATA_START_ROW, 1).value == dt.datetime(2026, 3, 31, 8, 0)


def test_illegal_characters_and_wrong_row_length():
    columns = (ExportColumn("A"),)
    _, sheet = write_and_reopen([("x\x00y\x07z",)], columns)
    assert sheet.cell(DATA_START_ROW, 1).value == "xyz"
    with pytest.raises(ValueError, match="1 columns"):
        write_and_reopen([("a", "b")], columns)


def test_an_export_imports_back(tmp_path):
    # Given an exported list (header block on top)
    path = tmp_path / "xuat.xlsx"
    write_xlsx(path, header=HEADER, columns=(ExportColumn("Họ và tên"),), rows=[("Nguyễn Văn An",)])
    # When it is imported / Then the header row 5 is found and the data row is 6
    with open_table(path) as source:
        table = parse_table(source.rows, (Column("name", "Họ và tên", TextField(), required=True),))
    assert table.layout.row_number == HEADER_ROW
    assert [(row.number, row.values["name"]) for row in table.rows] == [(DATA_START_ROW, "Nguyễn Văn An")]
