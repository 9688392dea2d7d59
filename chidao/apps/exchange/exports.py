"""The .xlsx files the import pages hand out: the reject report, the one-time sheet, an empty template.

All go through chidao.engines.tabular.write_xlsx (the product's one export), so they share its header block
and formula guard, and each can be filled in and uploaded again (the header row is found under the block).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import Importer, OneTimeSheet
from chidao.apps.exchange.selectors import batch_issues
from chidao.core.importing import CellValue, cell_text
from chidao.engines.tabular import ExportColumn, ExportHeader, TabularError, open_table, write_xlsx

ROW_COLUMN = "Dòng trong tệp gốc"
ERROR_COLUMN = "Lỗi"


def _unit_line() -> str:
    return f"BAN CHỈ ĐẠO TỈNH {str(settings.CHIDAO_PROVINCE_NAME).upper()}"


def _xlsx(header: ExportHeader, columns: tuple[ExportColumn, ...], rows: list[tuple[object, ...]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, header=header, columns=columns, rows=rows, reveal=True)
    return buffer.getvalue()


def reject_report_xlsx(batch: ImportBatch) -> bytes:
    """The rows in error with their original cells, their row number and every message, plus the file issues.

    The user corrects the cells in this file and uploads it again (the two added columns are ignored).
    """
    issues = list(batch_issues(batch))
    messages_by_row: dict[int, list[str]] = {}
    file_messages: list[str] = []
    for issue in issues:
        if issue.row_number is None or issue.row_number == batch.header_row:
            file_messages.append(issue.message)
            continue
        text = f"Cột “{issue.column}”: {issue.message}" if issue.column else issue.message
        messages_by_row.setdefault(issue.row_number, []).append(text)
    header_cells, original_rows = _original_rows(batch, set(messages_by_row))
    columns = (
        *(ExportColumn(header or f"Cột {index + 1}") for index, header in enumerate(header_cells)),
        ExportColumn(ROW_COLUMN),
        ExportColumn(ERROR_COLUMN, width=60),
    )
    width = len(header_cells)
    rows: list[tuple[object, ...]] = [(*([""] * width), "", message) for message in file_messages]
    for number in sorted(messages_by_row):
        cells = original_rows.get(number, ())
        padded = tuple(cell_text(cell) for cell in cells[:width]) + ("",) * max(0, width - len(cells))
        rows.append((*padded, str(number), "\n".join(messages_by_row[number])))
    header = ExportHeader(
        unit=_unit_line(),
        title=f"Báo cáo các dòng lỗi – {batch.original_name}",
        as_of=timezone.localdate(),
        subtitle=f"Lượt nhập #{batch.pk}: {batch.counts_summary}",
    )
    return _xlsx(header, columns, rows)


def _original_rows(
    batch: ImportBatch, wanted: set[int]
) -> tuple[list[str], dict[int, tuple[CellValue, ...]]]:
    """The header cells and the wanted rows of the stored file (empty when the file is gone or unreadable)."""
    if not batch.stored_file or batch.header_row is None:
        return [], {}
    header: list[str] = []
    rows: dict[int, tuple[CellValue, ...]] = {}
    last = max(wanted, default=0)
    try:
        with open_table(Path(batch.stored_file.path), sheet=batch.sheet_name or None) as source:
            for row in source.rows:
                if row.number == batch.header_row:
                    header = [cell_text(cell) for cell in row.cells]
                elif row.number in wanted:
                    rows[row.number] = row.cells
                if row.number >= max(last, batch.header_row):
                    break
    except (TabularError, OSError):
        return [], {}
    return header, rows


def one_time_sheet_xlsx(sheet: OneTimeSheet) -> bytes:
    """The one-time sheet (temporary passwords) as .xlsx."""
    header = ExportHeader(
        unit=_unit_line(),
        title=sheet.title,
        as_of=timezone.localdate(),
        subtitle="Tệp chỉ tải được một lần. Giao riêng cho từng người; mật khẩu phải đổi khi đăng nhập lần đầu.",
    )
    return _xlsx(header, tuple(ExportColumn(column) for column in sheet.columns), list(sheet.rows))


def template_xlsx(importer: Importer) -> bytes:
    """An empty file with the importer's columns, to fill in and upload."""
    header = ExportHeader(
        unit=_unit_line(),
        title=f"Mẫu nhập dữ liệu – {importer.title}",
        as_of=timezone.localdate(),
        subtitle="Điền từ dòng 6; giữ nguyên dòng tiêu đề (dòng 5).",
    )
    columns = tuple(
        ExportColumn(column.header, width=max(14, len(column.header) + 2)) for column in importer.columns
    )
    return _xlsx(header, columns, [])
