"""Opening sandboxed, resource-limited DuckDB connections.

Every connection is in-memory, gets the caller's memory and thread limits, may touch only the
directories it is given (``allowed_directories`` + ``enable_external_access = false``), cannot
install or load extensions, and has its configuration locked before any query runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from chidao.engines.duckdb.layout import DatasetError

_MEMORY_LIMIT = re.compile(r"[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)")
_GLOB_CHARACTERS = frozenset("*?[]{}")


@dataclass(frozen=True)
class ResourceLimits:
    """Memory, threads and spill directory of one DuckDB connection, as given by the caller's settings."""

    memory_limit: str = "1GB"
    threads: int = 2
    temp_directory: Path | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.memory_limit, str) or not _MEMORY_LIMIT.fullmatch(self.memory_limit):
            raise DatasetError(f"memory_limit {self.memory_limit!r} không hợp lệ (ví dụ: '2GB').")
        if isinstance(self.threads, bool) or not isinstance(self.threads, int) or self.threads < 1:
            raise DatasetError(f"threads phải là số nguyên dương, nhận {self.threads!r}.")


def check_plain_path(path: Path) -> Path:
    """Return the absolute path if it can be embedded in a DuckDB glob without changing its meaning."""
    absolute = path.resolve()
    text = str(absolute)
    if "\x00" in text or "\n" in text or _GLOB_CHARACTERS.intersection(text):
        raise DatasetError(f"Đường dẫn {text!r} chứa ký tự không được phép (*, ?, [, ], {{, }}).")
    return absolute


def glob_literal(directory: Path, pattern: str) -> str:
    """A SQL string literal of ``directory/pattern``, for the DDL places where DuckDB accepts no parameter.

    Only engine-computed directories and constant patterns go through here, never user input; the
    directory is checked so it cannot add glob wildcards of its own.
    """
    text = str(check_plain_path(directory)).rstrip("/") + "/" + pattern
    return "'" + text.replace("'", "''") + "'"


def directory_prefix(directory: Path) -> str:
    """The allowed-directory entry of a directory; the trailing separator stops '/data' allowing '/data2'."""
    return str(check_plain_path(directory)).rstrip("/") + "/"


def open_sandboxed_connection(
    limits: ResourceLimits, allowed_directories: Sequence[Path]
) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection limited to ``allowed_directories`` and ``limits``."""
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": limits.memory_limit,
        "threads": limits.threads,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
    }
    if limits.temp_directory is not None:
        config["temp_directory"] = str(check_plain_path(limits.temp_directory))
    connection = duckdb.connect(":memory:", config=config)
    try:
        connection.execute("SET enable_progress_bar = false")
        # allowed_directories must be set after start-up and before external access is switched off.
        connection.execute(
            "SET allowed_directories = ?", [[directory_prefix(path) for path in allowed_directories]]
        )
        connection.execute("SET enable_external_access = false")
        connection.execute("SET lock_configuration = true")
    except BaseException:
        connection.close()
        raise
    return connection
