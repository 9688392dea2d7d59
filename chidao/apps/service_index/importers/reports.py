"""The reject report of a bulk import: one line per rejected cell (row, column as written, value, why).

.xlsx (the standard export header, for people) or .csv (UTF-8 with BOM, opens in Excel; for reports of more
rows than a sheet holds). Django-free: the command ``import_service_index`` writes it next to the file.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from chidao.apps.service_index.importers.validation import Reject
from chidao.engines.tabular import ExportColumn, ExportHeader, write_xlsx

__all__ = ["REPORT_HEADERS", "default_report_path", "write_reject_report"]

REPORT_HEADERS: Final = ("Dòng", "Cột", "Giá trị", "Lỗi")
# Above this many rejects the default report is .csv (an .xlsx sheet holds 1,048,576 rows).
XLSX_MAX_ROWS: Final = 1_000_000


def default_report_path(source: Path, rejects: int) -> Path:
    """``<file>-loi.xlsx`` next to the imported file (``.csv`` when the rejects would not fit a sheet)."""
    suffix = ".xlsx" if rejects <= XLSX_MAX_ROWS else ".csv"
    return source.with_name(f"{source.stem}-loi{suffix}")


def _rows(rejects: Sequence[Reject]) -> list[tuple[object, ...]]:
    return [(reject.row_number, reject.header, reject.value, reject.message) for reject in rejects]


def write_reject_report(
    target: Path, rejects: Sequence[Reject], *, source_name: str, as_of: dt.date, unit: str = ""
) -> Path:
    """Write the rejects to ``target`` (.csv by its suffix, otherwise .xlsx); returns the path written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.suffix.lower() == ".csv":
        with target.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(REPORT_HEADERS)
            writer.writerows(_rows(rejects))
        return target
    write_xlsx(
        target,
        header=ExportHeader(
            unit=unit,
            title=f"Các dòng lỗi khi nhập tệp {source_name}",
            as_of=as_of,
            subtitle="Các dòng này không được nhập; sửa rồi nhập lại cả tháng.",
        ),
        columns=[ExportColumn(name) for name in REPORT_HEADERS],
        rows=_rows(rejects),
        sheet_title="Dòng lỗi",
    )
    return target
