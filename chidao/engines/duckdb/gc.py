"""Garbage collection of old dataset versions and of what killed writers left behind."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from chidao.engines.duckdb.layout import (
    CURRENT_FILE,
    DatasetError,
    DatasetPaths,
    dataset_lock,
    list_versions,
    read_current,
    version_number,
)


@dataclass(frozen=True)
class GarbageReport:
    """What one garbage collection removed and kept, for the operations log."""

    dataset: str
    kept_versions: tuple[str, ...]
    removed_versions: tuple[str, ...]
    removed_staging: tuple[str, ...]


def collect_garbage(
    data_root: Path, dataset: str, *, keep: int = 2, lock_timeout_seconds: float = 60.0
) -> GarbageReport:
    """Keep CURRENT and the ``keep - 1`` versions published just before it; delete everything else.

    Runs under the writer lock, so staging directories and versions newer than CURRENT can only be
    leftovers of killed writers. A reader session still open on a deleted version fails its next
    query; keeping at least 2 versions leaves running sessions time to finish.
    """
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise DatasetError(f"Số phiên bản giữ lại phải ≥ 1, nhận {keep!r}.")
    paths = DatasetPaths(Path(data_root), dataset)
    if not paths.directory.is_dir():
        return GarbageReport(dataset, (), (), ())
    with dataset_lock(paths, timeout_seconds=lock_timeout_seconds):
        current = read_current(paths)
        versions = list_versions(paths)
        if current is None:
            kept: tuple[str, ...] = ()
        else:
            published = [v for v in versions if version_number(v) <= version_number(current)]
            kept = tuple(published[-keep:])
        removed = tuple(version for version in versions if version not in kept)
        for version in removed:
            shutil.rmtree(paths.version_directory(version))
        staging = tuple(sorted(entry.name for entry in _entries(paths.staging_root)))
        for name in staging:
            shutil.rmtree(paths.staging_root / name)
        for leftover in paths.directory.glob(f"{CURRENT_FILE}.tmp-*"):
            leftover.unlink()
    return GarbageReport(dataset, kept, removed, staging)


def _entries(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return [entry for entry in directory.iterdir() if entry.is_dir()]
