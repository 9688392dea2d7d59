"""On-disk layout of analytical datasets and the atomic CURRENT pointer.

``<data_root>/<dataset>/v000007/month=2024-01/part-0.parquet`` holds the files of one version,
``<data_root>/<dataset>/v000007/manifest.json`` describes it, and ``<data_root>/<dataset>/CURRENT``
names the published version. Writers stage under ``_staging/`` and serialise on ``.lock``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MONTH_COLUMN = "month"
"""The partition column of every dataset; values are 'YYYY-MM' strings."""

CURRENT_FILE = "CURRENT"
MANIFEST_FILE = "manifest.json"
STAGING_DIRECTORY = "_staging"
LOCK_FILE = ".lock"
PART_FILE_PATTERN = "part-{i}"
"""DuckDB FILENAME_PATTERN: files are part-0.parquet, part-1.parquet, ... inside each month."""

_DATASET_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_VERSION = re.compile(r"v([0-9]{6,})")
_VERSION_DIGITS = 6


class DatasetError(Exception):
    """A dataset cannot be written or read as asked; the message is meant for an administrator."""


class DatasetBusyError(DatasetError):
    """Another writer holds the dataset lock for longer than the caller wanted to wait."""


def check_dataset_name(name: str) -> str:
    """Return the name if it is a safe dataset name (lowercase ascii snake_case, ≤ 63 chars)."""
    if not isinstance(name, str) or not _DATASET_NAME.fullmatch(name):
        raise DatasetError(
            f"Tên bộ dữ liệu {name!r} không hợp lệ: chỉ dùng chữ thường không dấu, số và '_', "
            "bắt đầu bằng chữ cái."
        )
    return name


def is_month(value: str) -> bool:
    """True for a month key 'YYYY-MM' (month 01 to 12)."""
    return bool(_MONTH.fullmatch(value))


def check_month(value: str) -> str:
    """Return the month key if it is 'YYYY-MM', else raise a DatasetError."""
    if not isinstance(value, str) or not is_month(value):
        raise DatasetError(f"Tháng {value!r} không hợp lệ: cần dạng YYYY-MM, ví dụ 2024-01.")
    return value


def version_id(number: int) -> str:
    """The directory name of version ``number`` (zero-padded so listings sort naturally)."""
    if number < 1:
        raise DatasetError(f"Số phiên bản phải dương, nhận {number}.")
    return f"v{number:0{_VERSION_DIGITS}d}"


def version_number(version: str) -> int:
    """The number of a version directory name such as 'v000007'."""
    match = _VERSION.fullmatch(version)
    if match is None:
        raise DatasetError(f"Mã phiên bản {version!r} không hợp lệ.")
    return int(match.group(1))


def is_version(name: str) -> bool:
    """True for a version directory name such as 'v000007'."""
    return _VERSION.fullmatch(name) is not None


@dataclass(frozen=True)
class DatasetPaths:
    """Every path of one dataset under a data root."""

    data_root: Path
    dataset: str

    def __post_init__(self) -> None:
        check_dataset_name(self.dataset)

    @property
    def directory(self) -> Path:
        """The dataset directory holding versions, CURRENT, staging and the lock."""
        return self.data_root / self.dataset

    @property
    def current_file(self) -> Path:
        """The pointer file naming the published version."""
        return self.directory / CURRENT_FILE

    @property
    def staging_root(self) -> Path:
        """Where writers build versions before they exist for readers."""
        return self.directory / STAGING_DIRECTORY

    @property
    def lock_file(self) -> Path:
        """The file writers flock to serialise publishing and garbage collection."""
        return self.directory / LOCK_FILE

    def version_directory(self, version: str) -> Path:
        """The directory of one version."""
        version_number(version)
        return self.directory / version

    def manifest_file(self, version: str) -> Path:
        """The manifest of one version."""
        return self.version_directory(version) / MANIFEST_FILE


def fsync_directory(directory: Path) -> None:
    """Flush a directory entry change (rename, create) to disk so it survives a power cut."""
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_current(paths: DatasetPaths) -> str | None:
    """The published version of the dataset, or None if nothing was ever published."""
    try:
        text = paths.current_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    if not is_version(text) or not paths.version_directory(text).is_dir():
        raise DatasetError(f"Tệp CURRENT của bộ dữ liệu {paths.dataset!r} trỏ tới phiên bản hỏng: {text!r}.")
    return text


def swap_current(paths: DatasetPaths, version: str) -> None:
    """Point CURRENT at ``version`` atomically: readers see the old or the new name, never a mix.

    The new content goes to a temporary file that is fsynced, then os.replace()d over CURRENT,
    then the directory is fsynced so the rename itself is durable.
    """
    if not paths.version_directory(version).is_dir():
        raise DatasetError(f"Không thể công bố phiên bản {version!r}: thư mục không tồn tại.")
    temporary = paths.directory / f"{CURRENT_FILE}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        with open(temporary, "x", encoding="ascii") as handle:
            handle.write(version + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, paths.current_file)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(paths.directory)


def list_versions(paths: DatasetPaths) -> tuple[str, ...]:
    """Every version directory of the dataset, oldest first (published or not)."""
    if not paths.directory.is_dir():
        return ()
    names = (entry.name for entry in paths.directory.iterdir() if entry.is_dir() and is_version(entry.name))
    return tuple(sorted(names, key=version_number))


def list_published_datasets(data_root: Path) -> tuple[str, ...]:
    """Names of datasets under the root that have a CURRENT pointer, sorted."""
    if not data_root.is_dir():
        return ()
    names = []
    for entry in data_root.iterdir():
        if _DATASET_NAME.fullmatch(entry.name) and (entry / CURRENT_FILE).is_file():
            names.append(entry.name)
    return tuple(sorted(names))


@contextlib.contextmanager
def dataset_lock(paths: DatasetPaths, *, timeout_seconds: float) -> Iterator[None]:
    """Hold the dataset's writer lock; the kernel releases it if the process dies, so it never goes stale."""
    paths.directory.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout_seconds
    with open(paths.lock_file, "a+b") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatasetBusyError(
                        f"Bộ dữ liệu {paths.dataset!r} đang được ghi bởi tiến trình khác; thử lại sau."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
