"""Planning an import from a batch's stored file: read, validate every row, compare with the current data.

Reads only (the file and the database); the services store the result and the runner applies it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from chidao.apps.exchange import conf
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import Importer, Progress, no_progress
from chidao.core.importing import ImportPlan, ParsedTable, parse_table, plan_import
from chidao.engines.tabular import open_table


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_path(batch: ImportBatch) -> Path:
    """Where the batch's upload is stored (under MEDIA_ROOT/imports/)."""
    return Path(batch.stored_file.path)


def build_plan(
    batch: ImportBatch, importer: Importer, *, actor: Any, progress: Progress = no_progress
) -> ImportPlan:
    """Read the batch's stored file and plan the import against the current data (reads only)."""
    progress(5, "Đang đọc tệp")
    limit = min(conf.max_rows(), importer.max_rows or conf.max_rows())
    with open_table(stored_path(batch), sheet=batch.sheet_name or None) as source:
        table = parse_table(source.rows, importer.columns, context=source.context, max_rows=limit)
    progress(30, "Đang kiểm tra từng dòng")
    rows = importer.refine(table.rows, actor=actor)
    table = ParsedTable(table.layout, tuple(rows), table.file_issues)
    keys = {key for row in rows if (key := importer.key_of(row))}
    progress(50, "Đang so sánh với dữ liệu hiện có")
    current = importer.current(keys, actor=actor)
    return plan_import(
        table,
        mode=importer.mode,
        key_of=importer.key_of,
        key_column=importer.key_column,
        current=current,
        compared=importer.compared,
    )
