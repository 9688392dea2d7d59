"""The analytics engine: sandboxed DuckDB sessions over the published version of every dataset.

A session resolves each dataset's CURRENT once when it opens and creates one view per dataset over
that version's Parquet files, so all queries of the session see one consistent snapshot even while
new versions are being published.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

import duckdb

from chidao.core.sql import Query, quote_identifier
from chidao.engines.duckdb.connection import ResourceLimits, glob_literal, open_sandboxed_connection
from chidao.engines.duckdb.encryption import (
    DatasetEncryptionKey,
    check_readable,
    encryption_option,
    key_for_marker,
    read_encryption_marker,
    register_parquet_key,
)
from chidao.engines.duckdb.layout import (
    MONTH_COLUMN,
    DatasetError,
    DatasetPaths,
    list_published_datasets,
    read_current,
)
from chidao.engines.duckdb.statements import bound_parameters, check_single_select

DEFAULT_BATCH_ROWS = 65_536


class ResultTooLargeError(DatasetError):
    """A query returned more rows than ``max_rows``; aggregate it, add a LIMIT or stream it."""


@dataclass(frozen=True)
class EngineConfig:
    """Where the datasets live and how much of the machine a query may use.

    The caller (the Django layer) reads these from settings; the engine never does. ``encryption_keys``
    open encrypted datasets: the current key first, then older ones still needed during a key rotation.
    """

    data_root: Path
    memory_limit: str = "2GB"
    threads: int = 2
    temp_directory: Path | None = None
    max_rows: int = 100_000
    encryption_keys: tuple[DatasetEncryptionKey, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_root", Path(self.data_root))
        object.__setattr__(self, "encryption_keys", tuple(self.encryption_keys))
        if isinstance(self.max_rows, bool) or not isinstance(self.max_rows, int) or self.max_rows < 1:
            raise DatasetError(f"max_rows phải là số nguyên ≥ 1, nhận {self.max_rows!r}.")
        self.limits  # noqa: B018 - builds ResourceLimits, which checks memory_limit and threads

    @property
    def limits(self) -> ResourceLimits:
        """The resource limits applied to every connection of the engine."""
        return ResourceLimits(self.memory_limit, self.threads, self.temp_directory)


@dataclass(frozen=True)
class Result:
    """Rows of a query as dicts, with how long it took and which dataset versions answered it."""

    columns: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    row_count: int
    elapsed_ms: float
    versions: Mapping[str, str]


@dataclass(frozen=True)
class ArrowResult:
    """A query result as a pyarrow Table, with timing and the dataset versions used."""

    table: Any
    row_count: int
    elapsed_ms: float
    versions: Mapping[str, str]


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


class Session:
    """One sandboxed connection with a fixed snapshot of dataset versions; close it (or use ``with``)."""

    def __init__(
        self,
        config: EngineConfig,
        connection: duckdb.DuckDBPyConnection,
        versions: Mapping[str, str],
        unreadable: Mapping[str, str] | None = None,
    ):
        self._config = config
        self._connection: duckdb.DuckDBPyConnection | None = connection
        self.versions: Mapping[str, str] = MappingProxyType(dict(versions))
        # Encrypted datasets this session has no key for (name → message); they have no view.
        self.unreadable: Mapping[str, str] = MappingProxyType(dict(unreadable or {}))

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; the snapshot's files may then be garbage-collected."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _cursor(self, query: Query) -> duckdb.DuckDBPyConnection:
        if self._connection is None:
            raise DatasetError("Phiên truy vấn đã đóng.")
        check_single_select(self._connection, query.sql)
        check_readable(query.sql, self.unreadable)
        # A cursor per query lets a stream and other queries of the session run side by side.
        return self._connection.cursor()

    def _execute(self, query: Query) -> duckdb.DuckDBPyConnection:
        cursor = self._cursor(query)
        return cursor.execute(query.sql, bound_parameters(query))

    def run(self, query: Query) -> Result:
        """Run a SELECT and return at most ``max_rows`` rows as dicts (column name → value)."""
        started = time.perf_counter()
        cursor = self._execute(query)
        try:
            columns = tuple(column[0] for column in cursor.description)
            duplicated = sorted({name for name in columns if columns.count(name) > 1})
            if duplicated:
                raise DatasetError(
                    f"Kết quả có cột trùng tên, hãy đặt bí danh (AS): {', '.join(duplicated)}."
                )
            fetched = cursor.fetchmany(self._config.max_rows + 1)
        finally:
            cursor.close()
        if len(fetched) > self._config.max_rows:
            raise ResultTooLargeError(
                f"Kết quả vượt {self._config.max_rows} dòng; hãy tổng hợp, thêm LIMIT hoặc dùng stream()."
            )
        rows = tuple(dict(zip(columns, row, strict=True)) for row in fetched)
        return Result(columns, rows, len(rows), _elapsed_ms(started), self.versions)

    def run_arrow(self, query: Query) -> ArrowResult:
        """Run a SELECT and return the whole result as a pyarrow Table (no row cap: Arrow is compact)."""
        started = time.perf_counter()
        cursor = self._cursor(query)
        try:
            # Through a relation DuckDB hands Arrow over without an extra copy of the rows.
            table = cursor.sql(query.sql, params=bound_parameters(query)).to_arrow_table()
        finally:
            cursor.close()
        if table is None:
            raise DatasetError("Câu truy vấn không trả về bảng kết quả.")
        return ArrowResult(table, int(table.num_rows), _elapsed_ms(started), self.versions)

    def stream(self, query: Query, *, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """Yield the result as pyarrow RecordBatches of at most ``batch_rows`` rows, for big exports."""
        cursor = self._cursor(query)
        try:
            reader = cursor.sql(query.sql, params=bound_parameters(query)).to_arrow_reader(batch_rows)
            if reader is None:
                raise DatasetError("Câu truy vấn không trả về bảng kết quả.")
            yield from reader
        finally:
            cursor.close()

    def explain(self, query: Query) -> str:
        """DuckDB's physical plan of a SELECT, as text (for diagnosing slow dashboards)."""
        if self._connection is None:
            raise DatasetError("Phiên truy vấn đã đóng.")
        check_single_select(self._connection, query.sql)
        check_readable(query.sql, self.unreadable)
        cursor = self._connection.cursor()
        try:
            plan = cursor.execute("EXPLAIN " + query.sql, bound_parameters(query)).fetchall()
        finally:
            cursor.close()
        return "\n".join(str(row[-1]) for row in plan)


class Engine:
    """Runs Query objects on the published datasets under ``config.data_root``."""

    def __init__(self, config: EngineConfig) -> None:
        self.config = config

    def datasets(self) -> tuple[str, ...]:
        """Names of the datasets that have a published version."""
        return list_published_datasets(self.config.data_root)

    def current_version(self, dataset: str) -> str | None:
        """The version CURRENT names right now (None if never published)."""
        return read_current(DatasetPaths(self.config.data_root, dataset))

    def dataset_view_sql(self, dataset: str, version: str | None = None) -> str:
        """The CREATE VIEW statement exposing one version (default: CURRENT) of a dataset as a view."""
        paths = DatasetPaths(self.config.data_root, dataset)
        chosen = version or read_current(paths)
        if chosen is None:
            raise DatasetError(f"Bộ dữ liệu {dataset!r} chưa có phiên bản nào được công bố.")
        files = glob_literal(paths.version_directory(chosen), f"{MONTH_COLUMN}=*/part-*.parquet")
        # Views take no parameters: the identifier is quoted and the path is engine-computed and checked.
        view = quote_identifier(dataset)
        options = f"hive_partitioning = true, hive_types = {{'{MONTH_COLUMN}': VARCHAR}}"
        if read_encryption_marker(paths.version_directory(chosen)) is not None:
            options += encryption_option(dataset)
        source = f"read_parquet({files}, {options})"
        return f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM {source}"  # noqa: S608

    def session(self) -> Session:
        """Open a session: resolve every CURRENT once and create the dataset views."""
        connection = open_sandboxed_connection(self.config.limits, [self.config.data_root])
        try:
            versions = {}
            unreadable = {}
            for dataset in self.datasets():
                version = self.current_version(dataset)
                if version is None:
                    continue
                versions[dataset] = version
                marker = read_encryption_marker(
                    DatasetPaths(self.config.data_root, dataset).version_directory(version)
                )
                if marker is not None:
                    key = key_for_marker(marker, self.config.encryption_keys)
                    if key is None:
                        unreadable[dataset] = (
                            f"Bộ dữ liệu {dataset!r} được mã hoá (khoá {marker.key_id}); "
                            "máy chủ chưa được cấu hình khoá giải mã phù hợp."
                        )
                        continue
                    register_parquet_key(connection, dataset, key)
                connection.execute(self.dataset_view_sql(dataset, version))
        except BaseException:
            connection.close()
            raise
        return Session(self.config, connection, versions, unreadable)

    def run(self, query: Query) -> Result:
        """Run one SELECT in a fresh session (see :meth:`Session.run`)."""
        with self.session() as session:
            return session.run(query)

    def run_arrow(self, query: Query) -> ArrowResult:
        """Run one SELECT in a fresh session and return a pyarrow Table."""
        with self.session() as session:
            return session.run_arrow(query)

    def stream(self, query: Query, *, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[Any]:
        """Stream one SELECT as RecordBatches; the session closes when the iterator is exhausted or closed."""
        with self.session() as session:
            yield from session.stream(query, batch_rows=batch_rows)

    def explain(self, query: Query) -> str:
        """The plan of one SELECT against the current versions."""
        with self.session() as session:
            return session.explain(query)
