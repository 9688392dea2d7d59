"""Reading .xlsx workbooks with openpyxl in read-only mode (constant memory, whatever the file size).

Formulas give the value Excel saved with the file (``data_only``); a workbook written by a program that
never computed them gives empty cells for them. Dates come as ``datetime`` when the cell has a date format,
otherwise as the serial number, which the DateField converts with the workbook's date system (1900/1904).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.workbook.workbook import Workbook

from chidao.core.importing import CellValue, ParseContext, SourceRow
from chidao.engines.tabular.errors import TabularError
from chidao.engines.tabular.source import TabularFormat, TabularSource

__all__ = ["read_xlsx", "sheet_names"]


def _open(path: Path) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise TabularError(
            f"Không mở được bảng tính Excel: tệp bị hỏng hoặc không đúng dạng .xlsx ({error})."
        ) from None


def sheet_names(path: Path) -> tuple[str, ...]:
    """The names of the visible worksheets, in workbook order."""
    workbook = _open(path)
    try:
        return tuple(ws.title for ws in workbook.worksheets if ws.sheet_state == "visible")
    finally:
        workbook.close()


def read_xlsx(path: Path, *, sheet: str | None = None) -> TabularSource:
    """Open one worksheet (``sheet`` by name, else the first visible one); rows numbered as in Excel."""
    workbook = _open(path)
    try:
        visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
        if sheet is not None:
            matching = [ws for ws in workbook.worksheets if ws.title == sheet]
            if not matching:
                raise TabularError(f"Bảng tính không có trang “{sheet}”.")
            worksheet = matching[0]
        elif visible:
            worksheet = visible[0]
        else:
            raise TabularError("Bảng tính không có trang nào đang hiện.")
        # Some programs write a wrong <dimension>; without it, openpyxl reads every row at its real length.
        worksheet.reset_dimensions()
    except BaseException:
        workbook.close()
        raise
    return TabularSource(
        format=TabularFormat.XLSX,
        rows=_rows(worksheet),
        context=ParseContext(excel_1904=workbook.epoch == CALENDAR_MAC_1904),
        sheet_name=worksheet.title,
        _close=workbook.close,
    )


def _rows(worksheet: Any) -> Iterator[SourceRow]:
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        yield SourceRow(number, _trim(cells))


def _trim(cells: tuple[Any, ...]) -> tuple[CellValue, ...]:
    end = len(cells)
    while end and (cells[end - 1] is None or cells[end - 1] == ""):
        end -= 1
    return tuple(cells[:end])
