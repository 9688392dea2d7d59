"""The manifest of a dataset version: what it holds, when it was made, and the checksum of each file."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chidao.engines.duckdb.layout import MANIFEST_FILE, DatasetError, DatasetPaths

MANIFEST_FORMAT = 1
_HASH_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class ColumnSchema:
    """One column of a dataset: its name and DuckDB type as written in the Parquet files."""

    name: str
    type: str


@dataclass(frozen=True)
class ManifestFile:
    """One Parquet file of a version, relative to the version directory."""

    path: str
    month: str
    rows: int
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a dataset version contains; written before the version can be published.

    ``replaced_months`` and ``based_on`` record how a month-replacing version was derived.
    """

    dataset: str
    version: str
    created_at: dt.datetime
    row_count: int
    months: tuple[str, ...]
    columns: tuple[ColumnSchema, ...]
    files: tuple[ManifestFile, ...]
    based_on: str | None = None
    replaced_months: tuple[str, ...] = ()

    def rows_by_month(self) -> dict[str, int]:
        """Row count of each month, in month order."""
        counts = dict.fromkeys(self.months, 0)
        for file in self.files:
            counts[file.month] += file.rows
        return counts

    def to_json(self) -> str:
        """Serialise as stable, human-readable JSON."""
        document = {
            "format": MANIFEST_FORMAT,
            "dataset": self.dataset,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "row_count": self.row_count,
            "months": list(self.months),
            "columns": [{"name": column.name, "type": column.type} for column in self.columns],
            "files": [
                {
                    "path": file.path,
                    "month": file.month,
                    "rows": file.rows,
                    "size_bytes": file.size_bytes,
                    "sha256": file.sha256,
                }
                for file in self.files
            ],
            "based_on": self.based_on,
            "replaced_months": list(self.replaced_months),
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest written by :meth:`to_json`."""
        document: Mapping[str, Any] = json.loads(text)
        if document.get("format") != MANIFEST_FORMAT:
            raise DatasetError(f"Định dạng manifest không hỗ trợ: {document.get('format')!r}.")
        return cls(
            dataset=str(document["dataset"]),
            version=str(document["version"]),
            created_at=dt.datetime.fromisoformat(document["created_at"]),
            row_count=int(document["row_count"]),
            months=tuple(str(month) for month in document["months"]),
            columns=tuple(ColumnSchema(str(c["name"]), str(c["type"])) for c in document["columns"]),
            files=tuple(
                ManifestFile(
                    path=str(f["path"]),
                    month=str(f["month"]),
                    rows=int(f["rows"]),
                    size_bytes=int(f["size_bytes"]),
                    sha256=str(f["sha256"]),
                )
                for f in document["files"]
            ),
            based_on=None if document["based_on"] is None else str(document["based_on"]),
            replaced_months=tuple(str(month) for month in document["replaced_months"]),
        )


def sha256_of_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in chunks so multi-gigabyte files do not fill memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(paths: DatasetPaths, version: str) -> Manifest:
    """Load the manifest of one version of the dataset."""
    try:
        text = paths.manifest_file(version).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(f"Phiên bản {version!r} của {paths.dataset!r} không có manifest.") from None
    return Manifest.from_json(text)


def write_manifest(directory: Path, manifest: Manifest) -> None:
    """Write the manifest into a (staging) version directory, fsynced so it is on disk before publishing."""
    target = directory / MANIFEST_FILE
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(manifest.to_json())
        handle.flush()
        os.fsync(handle.fileno())
