"""The one .xlsx export of the product: any list, with the header block officials expect.

Layout: row 1 the unit, row 2 the title, row 3 "Số liệu tính đến ngày dd/mm/yyyy", row 4 an optional
subtitle (the filters), row 5 the column headers (frozen, filtered, repeated on every printed page), data
from row 6. Dates carry the number format dd/mm/yyyy and numbers #,##0: Excel shows the thousands and
decimal separators of the reader's regional settings (on a Vietnamese Windows "1.234.567"), the file
stores plain numbers.

Formula injection: text that starts with = + - @ tab or CR is written as a string cell with the
"quotePrefix" style (what Excel itself sets when a user types a leading apostrophe). The value is kept
exactly as it is (a phone "+84912345678" reads back as that text), Excel shows it as text and never
evaluates it, even after the cell is edited. Only text is guarded: numbers (-5) stay numbers.

Personal data: columns marked with a ``Masking`` are masked by chidao.core.masking unless the caller
passes ``reveal=True`` (the caller decides, and logs, who may see them whole).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import IO, Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from chidao.core.masking import mask_birth_date, mask_personal_id, mask_phone

__all__ = [
    "DATA_START_ROW",
    "HEADER_ROW",
    "ExportColumn",
    "ExportHeader",
    "ExportKind",
    "ExportSummary",
    "Masking",
    "write_xlsx",
]

HEADER_ROW: Final = 5
DATA_START_ROW: Final = HEADER_ROW + 1
# Text beginning with one of these is a formula (or DDE payload) for Excel, LibreOffice and Google Sheets.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")
_EXCEL_CELL_LIMIT: Final = 32_767
_WIDTH_SAMPLE_ROWS: Final = 200
_MIN_WIDTH, _MAX_WIDTH = 8.0, 60.0

_BOLD: Final = Font(bold=True)
_TITLE: Final = Font(bold=True, size=14)
_ITALIC: Final = Font(italic=True)
_HEADER_FILL: Final = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
_THIN: Final = Side(style="thin", color="999999")
_HEADER_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP: Final = Alignment(wrap_text=True, vertical="center", horizontal="center")


class ExportKind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"


_NUMBER_FORMATS: Final = {
    ExportKind.INTEGER: "#,##0",
    ExportKind.DECIMAL: "#,##0.00",
    ExportKind.PERCENT: "0.0%",
    ExportKind.DATE: "dd/mm/yyyy",
    ExportKind.DATETIME: "dd/mm/yyyy hh:mm",
}


class Masking(StrEnum):
    """Personal data a column holds, masked unless revealed."""

    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"


@dataclass(frozen=True)
class ExportColumn:
    """A column of the export: header, kind, width in characters (estimated when None), masking."""

    header: str
    kind: ExportKind = ExportKind.TEXT
    width: float | None = None
    masking: Masking | None = None


@dataclass(frozen=True)
class ExportHeader:
    """The block above the table: issuing unit, title, the data's date, an optional subtitle (filters)."""

    unit: str
    title: str
    as_of: dt.date
    subtitle: str = ""


@dataclass(frozen=True)
class ExportSummary:
    """What was written."""

    rows: int
    columns: int
    sheet_title: str


def write_xlsx(
    target: Path | IO[bytes],
    *,
    header: ExportHeader,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "Danh sách",
    reveal: bool = False,
    timezone: dt.tzinfo | None = None,
) -> ExportSummary:
    """Write ``rows`` (one value per column) as a formatted .xlsx to ``target`` (streaming, constant memory).

    Timezone-aware datetimes are converted to ``timezone`` (required when there are any: Excel has no
    time zones). Personal data columns are masked unless ``reveal``.
    """
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(_sheet_title(sheet_title))
    iterator = iter(rows)
    sample = list(islice(iterator, _WIDTH_SAMPLE_ROWS))
    converted_sample = [_convert_row(row, columns, reveal, timezone) for row in sample]
    _set_layout(sheet, columns, converted_sample)
    for line, font in (
        (header.unit, _BOLD),
        (header.title, _TITLE),
        (f"Số liệu tính đến ngày {header.as_of:%d/%m/%Y}", _ITALIC),
        (header.subtitle, _ITALIC),
    ):
        sheet.append([_styled(sheet, _clean(line), font=font)] if line else [])
    sheet.append([_header_cell(sheet, column.header) for column in columns])
    count = 0
    rest = (_convert_row(row, columns, reveal, timezone) for row in iterator)
    for values in chain(converted_sample, rest):
        sheet.append(
            [_data_cell(sheet, value, column) for value, column in zip(values, columns, strict=True)]
        )
        count += 1
    workbook.save(target)
    return ExportSummary(rows=count, columns=len(columns), sheet_title=sheet.title)


def _sheet_title(title: str) -> str:
    # Excel limits sheet names to 31 characters and forbids : \ / ? * [ ].
    cleaned = "".join("-" if char in ":\\/?*[]" else char for char in title).strip("'")
    return cleaned[:31] or "Danh sách"


def _set_layout(
    sheet: WriteOnlyWorksheet, columns: Sequence[ExportColumn], sample: list[list[object]]
) -> None:
    last = get_column_letter(max(1, len(columns)))
    sheet.freeze_panes = f"A{DATA_START_ROW}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for index, column in enumerate(columns):
        width = column.width or _estimate_width(column, (row[index] for row in sample))
        sheet.column_dimensions[get_column_letter(index + 1)].width = width


def _estimate_width(column: ExportColumn, values: Iterator[object]) -> float:
    if column.kind is ExportKind.DATE:
        longest = 10
    elif column.kind is ExportKind.DATETIME:
        longest = 16
    else:
        longest = max((len(_display(value)) for value in values), default=0)
    header_word = max((len(word) for word in column.header.split()), default=0)
    return min(_MAX_WIDTH, max(_MIN_WIDTH, float(max(longest, header_word)) + 2))


def _display(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _convert_row(
    row: Sequence[object], columns: Sequence[ExportColumn], reveal: bool, timezone: dt.tzinfo | None
) -> list[object]:
    if len(row) != len(columns):
        raise ValueError(f"Row has {len(row)} values for {len(columns)} columns: {row!r}")
    return [_convert(value, column, reveal, timezone) for value, column in zip(row, columns, strict=True)]


def _convert(value: object, column: ExportColumn, reveal: bool, timezone: dt.tzinfo | None) -> object:
    if value is None:
        return None
    if column.masking is Masking.BIRTH_DATE and isinstance(value, dt.date):
        return value if reveal else mask_birth_date(value)
    if column.masking is Masking.PERSONAL_ID:
        return mask_personal_id(str(value), reveal=reveal)
    if column.masking is Masking.PHONE:
        return mask_phone(str(value), reveal=reveal)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            if timezone is None:
                raise ValueError("Timezone-aware datetimes need the export's timezone (Excel has none)")
            value = value.astimezone(timezone).replace(tzinfo=None)
        return value.date() if column.kind is ExportKind.DATE else value
    if isinstance(value, dt.date | int | float | Decimal):
        return value
    return _clean(str(value))


def _clean(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", text))
    if len(text) > _EXCEL_CELL_LIMIT:
        text = text[: _EXCEL_CELL_LIMIT - 1] + "…"
    return text


def _styled(sheet: WriteOnlyWorksheet, value: str, *, font: Font) -> WriteOnlyCell:
    cell = _text_cell(sheet, value)
    cell.font = font
    return cell


def _header_cell(sheet: WriteOnlyWorksheet, header: str) -> WriteOnlyCell:
    cell = _text_cell(sheet, _clean(header))
    cell.font = _BOLD
    cell.fill = _HEADER_FILL
    cell.border = _HEADER_BORDER
    cell.alignment = _WRAP
    return cell


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl types text starting with "=" as a formula; a string cell is never evaluated.
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    return cell


def _data_cell(sheet: WriteOnlyWorksheet, value: object, column: ExportColumn) -> WriteOnlyCell:
    if isinstance(value, str):
        return _text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = _NUMBER_FORMATS[ExportKind.DATETIME]
    elif isinstance(value, dt.date):
        cell.number_format = _NUMBER_FORMATS[ExportKind.DATE]
    elif value is not None and column.kind in (ExportKind.INTEGER, ExportKind.DECIMAL, ExportKind.PERCENT):
        cell.number_format = _NUMBER_FORMATS[column.kind]
    return cell
