"""Building spreadsheets for the import tests, and test-only importers."""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow as pa
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.apps.accounts.selectors import user_is_administrator
from chidao.apps.exchange.importers.accounts import AccountsImporter
from chidao.apps.exchange.registry import ApplyResult, Importer, Progress
from chidao.core.importing import (
    Column,
    DeadlineField,
    ImportMode,
    IntegerField,
    ParsedRow,
    PlannedRow,
    TextField,
)
from chidao.core.sql import select_columns
from chidao.engines.duckdb import DatasetPaths, Engine, EngineConfig, publish_dataset, read_current
from chidao.engines.tabular import TabularFormat

ACCOUNT_HEADERS = (
    "Họ và tên",
    "Tên đăng nhập",
    "Thư điện tử",
    "Điện thoại",
    "Đơn vị (mã hoặc tên hiện hành)",
    "Vai trò",
)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, title: str | None = None) -> bytes:
    """A workbook whose first sheet holds ``rows`` (after an optional title row and an empty row)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_of(content: bytes, name: str = "tai-khoan.xlsx") -> SimpleUploadedFile:
    """An uploaded file as the form hands it to the service."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def accounts_file(rows: Sequence[Sequence[object]], **options: object) -> SimpleUploadedFile:
    """An accounts spreadsheet with the six headers and ``rows``."""
    return upload_of(xlsx_bytes([ACCOUNT_HEADERS, *rows], **options))  # type: ignore[arg-type]


class KeepGoodAccountsImporter(AccountsImporter):
    """The accounts importer in keep-good-rows mode, to test that mode against a database target."""

    code = "test_accounts_keep_good"
    title = "Tài khoản (thử nghiệm: giữ các dòng đúng)"
    mode = ImportMode.KEEP_GOOD_ROWS


class MonthlyFiguresImporter(Importer):
    """A bulk importer publishing to a Parquet dataset (keep-good-rows): monthly dossier counts per unit.

    The published version and the batch's reject report go out together: the dataset swaps atomically
    inside the batch's transaction, which commits right after.
    """

    code = "test_monthly_figures"
    title = "Số liệu hồ sơ theo tháng (thử nghiệm)"
    mode = ImportMode.KEEP_GOOD_ROWS
    dataset = "so_lieu_thu"
    columns = (
        Column("unit_code", "Mã đơn vị", TextField(max_length=20), required=True),
        Column("month", "Tháng", TextField(pattern=r"\d{4}-\d{2}", pattern_hint="yyyy-mm"), required=True),
        Column("dossiers", "Số hồ sơ", IntegerField(minimum=0), required=True),
        Column("deadline", "Thời hạn báo cáo", DeadlineField()),
    )
    key_column = "unit_code"
    compared = ("dossiers", "deadline_text")
    formats = frozenset({TabularFormat.XLSX, TabularFormat.CSV, TabularFormat.PARQUET})

    def __init__(self, data_root: Path | None = None) -> None:
        self.data_root = data_root

    def may_use(self, user: Any) -> bool:
        return user_is_administrator(user)

    def key_of(self, row: ParsedRow) -> str:
        unit, month = row.values.get("unit_code"), row.values.get("month")
        return f"{unit}|{month}" if unit and month else ""

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        refined = []
        for row in rows:
            deadline = row.values.get("deadline")
            refined.append(row.refined({"deadline_text": deadline.original if deadline else ""}))
        return refined

    def published(self) -> dict[str, dict[str, object]]:
        """The published rows by key."""
        assert self.data_root is not None
        if read_current(DatasetPaths(self.data_root, self.dataset)) is None:
            return {}
        engine = Engine(EngineConfig(self.data_root, memory_limit="256MB", threads=1))
        columns = ["unit_code", "month", "dossiers", "deadline_text", "deadline_due"]
        table = engine.run_arrow(select_columns(self.dataset, columns)).table
        return {f"{r['unit_code']}|{r['month']}": r for r in table.to_pylist()}

    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        return {key: row for key, row in self.published().items() if key in keys}

    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        merged = self.published()
        for planned in rows:
            values = planned.row.values
            deadline = values.get("deadline")
            merged[planned.key] = {
                "unit_code": values["unit_code"],
                "month": values["month"],
                "dossiers": values["dossiers"],
                "deadline_text": values["deadline_text"],
                "deadline_due": deadline.due_date.isoformat() if deadline and deadline.due_date else None,
            }
        table = pa.Table.from_pylist(
            list(merged.values()),
            schema=pa.schema(
                [
                    ("unit_code", pa.string()),
                    ("month", pa.string()),
                    ("dossiers", pa.int64()),
                    ("deadline_text", pa.string()),
                    ("deadline_due", pa.string()),
                ]
            ),
        )
        assert self.data_root is not None
        manifest = publish_dataset(self.data_root, self.dataset, table, now=timezone.now())
        return ApplyResult(
            message=f"Đã công bố phiên bản {manifest.version} ({manifest.row_count} dòng).",
            counts={"published_rows": manifest.row_count},
        )
