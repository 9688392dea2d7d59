"""What the importer tells the user about a file: one issue per problem, placed by row and column.

Row numbers are the ones the user sees in Excel (the header row is usually 1, the first data row 2).
Every message is Vietnamese and names the row and the column header as written in the file, so a
reject report printed on paper is enough to fix the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

__all__ = ["CellValue", "ImportIssue", "SourceRow", "cell_text", "column_letter"]

# A cell as readers hand it over: openpyxl gives numbers, dates and text; CSV gives text; Parquet any of them.
CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | dt.time | None


@dataclass(frozen=True)
class SourceRow:
    """One row of a sheet: its number as the user sees it and its cells from column A on."""

    number: int
    cells: tuple[CellValue, ...]

    def cell(self, index: int) -> CellValue:
        """The cell at 0-based ``index``, None beyond the last filled cell."""
        return self.cells[index] if index < len(self.cells) else None

    @property
    def is_empty(self) -> bool:
        """True when every cell is empty or blank text."""
        return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in self.cells)


_FILE_PREFIX: Final = "Tệp"


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where (row, column header, column letter; None/"" for the whole file) and what."""

    message: str
    row_number: int | None = None
    column: str = ""
    column_index: int | None = None
    value: str = ""

    @property
    def column_letter(self) -> str:
        """The Excel column letter ("E"), or "" for a row- or file-level issue."""
        return column_letter(self.column_index) if self.column_index is not None else ""

    @property
    def place(self) -> str:
        """Where the issue is, in words: "Dòng 7, cột “Thư điện tử”", "Dòng 7" or "Tệp"."""
        if self.row_number is None:
            return f"{_FILE_PREFIX}, cột “{self.column}”" if self.column else _FILE_PREFIX
        if self.column:
            return f"Dòng {self.row_number}, cột “{self.column}”"
        return f"Dòng {self.row_number}"

    @property
    def text(self) -> str:
        """The full message: "Dòng 7, cột “Thư điện tử”: Địa chỉ thư điện tử “an@” không hợp lệ."."""
        return f"{self.place}: {self.message}"

    @property
    def sort_key(self) -> tuple[int, int, str]:
        """File issues first, then by row and column."""
        return (self.row_number or 0, -1 if self.column_index is None else self.column_index, self.message)


def column_letter(index: int) -> str:
    """The Excel letter of the 0-based column ``index``: 0 → "A", 25 → "Z", 26 → "AA"."""
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_text(value: CellValue) -> str:
    """A cell as the user would read it: dates dd/mm/yyyy, whole numbers without ".0", None as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
