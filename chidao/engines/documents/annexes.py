"""Every table of a document as an .xlsx workbook, for the clerk who wants the figures rather than the page.

One sheet per table of the body ("Bảng 1 - …") and one sheet per annex holding the annex's tables one under the
other (named after the annex, "Phụ lục I", its title and subtitle on the first row). Sheet names are at most 31 characters, without : \\ / ? * [ ], and
unique (case-insensitively, as Excel compares them). On each sheet: the table's title in bold, the header row bold
and frozen (the first table's, on an annex sheet), column widths from the contents, total rows bold.

Numbers: a cell written as a Vietnamese number ("1.234", "12,5", "88,5%") is stored as a number (88,5% as 0,885
with a percent format), so the workbook can sum it; codes ("0123", "+84912345678") and everything else stay text.

Formula injection: text that starts with = + - @ tab or CR is a string cell with Excel's quote prefix, never a
formula, exactly as chidao.engines.tabular.export writes its lists (the same trigger list).
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from chidao.core.documents.model import Document, Table
from chidao.engines.documents.decree30 import cell_number, clean_text
from chidao.engines.tabular.export import FORMULA_TRIGGERS

__all__ = ["render_xlsx", "sheet_names"]

_SHEET_NAME_LIMIT: Final = 31
_FORBIDDEN_IN_NAME: Final = ":\\/?*[]"
_MIN_WIDTH, _MAX_WIDTH = 6.0, 60.0
_FONT: Final = "Times New Roman"
_TEXT: Final = Font(name=_FONT, size=12)
_BOLD: Final = Font(name=_FONT, size=12, bold=True)
_TITLE: Final = Font(name=_FONT, size=13, bold=True)
_NOTE: Final = Font(name=_FONT, size=11, italic=True)
_THIN: Final = Side(style="thin", color="000000")
_BORDER: Final = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGNMENT: Final = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP: Final = Alignment(vertical="center", wrap_text=True)


@dataclass(frozen=True)
class _Sheet:
    name: str
    title: str  # an annex's "Phụ lục I - <subtitle>" above its tables; "" for a table of the body
    tables: tuple[Table, ...]


def render_xlsx(document: Document) -> bytes:
    """The document's tables as .xlsx bytes (an empty workbook says so on its one sheet)."""
    workbook = Workbook(write_only=True)
    sheets = _sheets(document)
    if not sheets:
        sheet = workbook.create_sheet("Bảng")
        sheet.append([_text_cell(sheet, "Văn bản không có bảng số liệu.", _TEXT)])
    for plan in sheets:
        _write_sheet(workbook.create_sheet(plan.name), plan)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_names(document: Document) -> tuple[str, ...]:
    """The names `render_xlsx` gives its sheets, in order."""
    return tuple(plan.name for plan in _sheets(document))


def _sheets(document: Document) -> list[_Sheet]:
    used: set[str] = set()
    sheets: list[_Sheet] = []
    body_tables = [
        block
        for block in (*document.introduction, *(b for s in document.sections for b in s.blocks))
        if isinstance(block, Table) and block.columns
    ]
    for number, table in enumerate(body_tables, start=1):
        label = f"Bảng {number}"
        title = clean_text(table.title)
        if title and not title.lower().startswith(label.lower()):
            label = f"{label} - {title}"
        elif title:
            label = title
        sheets.append(_Sheet(_unique_name(label, used), "", (table,)))
    for number, annex in enumerate(document.annexes, start=1):
        tables = tuple(block for block in annex.blocks if isinstance(block, Table) and block.columns)
        if tables:
            label = clean_text(annex.title) or f"Phụ lục {number}"
            heading = " - ".join(
                part for part in (clean_text(annex.title), clean_text(annex.subtitle)) if part
            )
            sheets.append(_Sheet(_unique_name(label, used), heading, tables))
    return sheets


def _unique_name(label: str, used: set[str]) -> str:
    cleaned = "".join("-" if char in _FORBIDDEN_IN_NAME else char for char in label).strip().strip("'")
    base = " ".join(cleaned.split())[:_SHEET_NAME_LIMIT].rstrip() or "Bảng"
    name, counter = base, 2
    while name.casefold() in used:
        suffix = f" ({counter})"
        name = base[: _SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        counter += 1
    used.add(name.casefold())
    return name


def _write_sheet(sheet: WriteOnlyWorksheet, plan: _Sheet) -> None:
    # Layout first: a write-only sheet takes widths and panes before its first row.
    columns = max(len(table.columns) for table in plan.tables)
    for index, width in enumerate(_widths(plan.tables, columns), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    first = plan.tables[0]
    title_rows = 2 if plan.title else 0
    header_row = title_rows + (2 if first.title else 0) + 1
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.append([_text_cell(sheet, plan.title, _TITLE)])
        sheet.append([])
    for index, table in enumerate(plan.tables):
        if index:
            sheet.append([])
        _write_table(sheet, table)


def _write_table(sheet: WriteOnlyWorksheet, table: Table) -> None:
    if table.title:
        sheet.append([_text_cell(sheet, clean_text(table.title), _TITLE)])
        sheet.append([])
    header = []
    for name in table.columns:
        cell = _text_cell(sheet, clean_text(name), _BOLD)
        cell.alignment = _HEADER_ALIGNMENT
        cell.border = _BORDER
        header.append(cell)
    sheet.append(header)
    first_total = len(table.rows) - table.total_rows
    for index, values in enumerate(table.rows):
        font = _BOLD if index >= first_total else _TEXT
        row = []
        for column in range(len(table.columns)):
            cell = _data_cell(sheet, clean_text(values[column]) if column < len(values) else "", font)
            cell.border = _BORDER
            row.append(cell)
        sheet.append(row)
    if table.note:
        sheet.append([_text_cell(sheet, clean_text(table.note), _NOTE)])


def _widths(tables: Iterable[Table], columns: int) -> list[float]:
    longest = [0] * columns
    for table in tables:
        for index, name in enumerate(table.columns):
            longest[index] = max(longest[index], *(len(word) for word in name.split()), 0)
        for row in table.rows:
            for index, text in enumerate(row[:columns]):
                longest[index] = max(longest[index], len(text))
    return [min(_MAX_WIDTH, max(_MIN_WIDTH, length + 2.0)) for length in longest]


def _clean(text: str) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", unicodedata.normalize("NFC", text)))


def _text_cell(sheet: WriteOnlyWorksheet, text: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_clean(text))
    # openpyxl would type text starting with "=" as a formula; a string cell is never evaluated.
    cell.data_type = "s"
    if text.startswith(FORMULA_TRIGGERS):
        cell.quotePrefix = True
    cell.font = font
    return cell


def _data_cell(sheet: WriteOnlyWorksheet, text: str, font: Font) -> WriteOnlyCell:
    parsed = cell_number(text)
    if parsed is None:
        cell = _text_cell(sheet, text, font)
        cell.alignment = _WRAP
        return cell
    value, percent = parsed
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    cell = WriteOnlyCell(sheet, value=number)
    cell.font = font
    cell.number_format = _number_format(value, percent, text)
    return cell


def _number_format(value: Decimal, percent: bool, text: str) -> str:
    """Shows as many decimals as the document did: "88,5%" → 0.0%, "1.234" → #,##0, "12,50" → #,##0.00."""
    _, _, fraction = text.strip().rstrip("%").strip().partition(",")
    decimals = "." + "0" * len(fraction) if fraction else ""
    return f"0{decimals}%" if percent else f"#,##0{decimals}"
