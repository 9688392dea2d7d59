"""Deleting dataset versions and whole datasets on purpose (retention of personal data), with what was removed.

Garbage collection keeps the newest versions by count; retention deletes by age, decided by the caller. Both
run under the writer lock. The returned counts come from the manifests, so the audit trail can say how many
rows of personal data a deletion removed.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from chidao.engines.duckdb.layout import (
    CURRENT_FILE,
    DatasetError,
    DatasetPaths,
    dataset_lock,
    fsync_directory,
    list_versions,
    read_current,
)
from chidao.engines.duckdb.manifest import read_manifest


@dataclass(frozen=True)
class VersionSummary:
    """One version on disk: when it was made and how much it holds (from its manifest)."""

    dataset: str
    version: str
    created_at: dt.datetime
    row_count: int
    file_count: int
    size_bytes: int
    is_current: bool


def dataset_versions(data_root: Path, dataset: str) -> tuple[VersionSummary, ...]:
    """Every published-or-older version of a dataset that has a manifest, oldest first."""
    paths = DatasetPaths(Path(data_root), dataset)
    current = read_current(paths)
    summaries = []
    for version in list_versions(paths):
        if not paths.manifest_file(version).is_file():
            continue  # a killed writer's leftover: garbage collection's business, it holds no manifest
        manifest = read_manifest(paths, version)
        summaries.append(
            VersionSummary(
                dataset=dataset,
                version=version,
                created_at=manifest.created_at,
                row_count=manifest.row_count,
                file_count=len(manifest.files),
                size_bytes=sum(file.size_bytes for file in manifest.files),
                is_current=version == current,
            )
        )
    return tuple(summaries)


def delete_dataset_version(
    data_root: Path, dataset: str, version: str, *, lock_timeout_seconds: float = 60.0
) -> VersionSummary:
    """Delete one version that is not CURRENT; returns what it held. Use delete_dataset for the published one.

    Files hard-linked into other versions (month replacement) stay readable there: only this version's
    names are removed.
    """
    paths = DatasetPaths(Path(data_root), dataset)
    with dataset_lock(paths, timeout_seconds=lock_timeout_seconds):
        summary = _summary(paths, version)
        if summary.is_current:
            raise DatasetError(
                f"Không xoá được phiên bản {version} của {dataset!r}: đó là phiên bản đang công bố."
            )
        shutil.rmtree(paths.version_directory(version))
        fsync_directory(paths.directory)
    return summary


def delete_dataset(
    data_root: Path, dataset: str, *, lock_timeout_seconds: float = 60.0
) -> tuple[VersionSummary, ...]:
    """Delete a whole dataset: CURRENT first (readers then no longer find it), then every version.

    A session already open keeps its snapshot until its next file read fails, as with garbage collection.
    """
    paths = DatasetPaths(Path(data_root), dataset)
    if not paths.directory.is_dir():
        return ()
    with dataset_lock(paths, timeout_seconds=lock_timeout_seconds):
        summaries = dataset_versions(paths.data_root, dataset)
        paths.current_file.unlink(missing_ok=True)
        fsync_directory(paths.directory)
        for entry in paths.directory.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry)
            elif entry.name.startswith(f"{CURRENT_FILE}.tmp-"):
                entry.unlink()
        fsync_directory(paths.directory)
    return summaries


def _summary(paths: DatasetPaths, version: str) -> VersionSummary:
    for summary in dataset_versions(paths.data_root, paths.dataset):
        if summary.version == version:
            return summary
    raise DatasetError(f"Bộ dữ liệu {paths.dataset!r} không có phiên bản {version!r}.")
