"""Publishing dataset versions: stage Parquet by month, write the manifest, swap CURRENT atomically.

A writer holds the dataset lock for its whole life. If it is killed, the kernel drops the lock, the
half-written version stays under ``_staging/`` (removed later by garbage collection) and CURRENT
still names the previous version, so readers never see a partial dataset.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeAlias
from urllib.parse import unquote

import duckdb
import pyarrow as pa

from chidao.core.sql import Query
from chidao.engines.duckdb.connection import ResourceLimits, check_plain_path, open_sandboxed_connection
from chidao.engines.duckdb.encryption import (
    DatasetEncryptionKey,
    check_same_encryption,
    encryption_option,
    register_parquet_key,
    version_file_rows,
    write_encrypted_months,
    write_encryption_marker,
)
from chidao.engines.duckdb.layout import (
    MONTH_COLUMN,
    PART_FILE_PATTERN,
    DatasetError,
    DatasetPaths,
    check_month,
    dataset_lock,
    fsync_directory,
    is_month,
    list_versions,
    read_current,
    swap_current,
    version_id,
    version_number,
)
from chidao.engines.duckdb.manifest import (
    ColumnSchema,
    Manifest,
    ManifestFile,
    read_manifest,
    sha256_of_file,
    write_manifest,
)
from chidao.engines.duckdb.statements import bound_parameters, check_single_select

DataSource: TypeAlias = Any
"""pyarrow Table, RecordBatchReader or iterable of RecordBatches; a DuckDB relation; or a SELECT Query.

(Typed Any because pyarrow ships no type information.)"""

_ARROW_BATCH_ROWS = 122_880
_HIVE_OPTIONS = f"hive_partitioning = true, hive_types = {{'{MONTH_COLUMN}': VARCHAR}}"


@dataclass(frozen=True)
class StagedVersion:
    """A complete version written under ``_staging/``, invisible to readers until published."""

    dataset: str
    directory: Path
    manifest: Manifest


def _check_aware(now: dt.datetime) -> dt.datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise DatasetError("Thời điểm tạo phiên bản phải có múi giờ (datetime có tzinfo).")
    return now


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class DatasetWriter:
    """Writes new versions of one dataset; use as a context manager that holds the dataset lock.

    Leaving the context without publishing removes this writer's staging directories. With an
    ``encryption_key`` every file is encrypted (datasets holding personal data, see encryption.py).
    """

    def __init__(
        self,
        data_root: Path,
        dataset: str,
        *,
        now: dt.datetime,
        limits: ResourceLimits | None = None,
        input_directories: Sequence[Path] = (),
        lock_timeout_seconds: float = 60.0,
        encryption_key: DatasetEncryptionKey | None = None,
    ) -> None:
        self.paths = DatasetPaths(check_plain_path(Path(data_root)), dataset)
        self.encryption_key = encryption_key
        self.now = _check_aware(now)
        self.limits = limits or ResourceLimits()
        self.input_directories = tuple(Path(directory) for directory in input_directories)
        self.lock_timeout_seconds = lock_timeout_seconds
        self._exit_stack: ExitStack | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._allocated: set[int] = set()
        self._unpublished: set[Path] = set()

    def __enter__(self) -> DatasetWriter:
        stack = ExitStack()
        stack.enter_context(dataset_lock(self.paths, timeout_seconds=self.lock_timeout_seconds))
        self.paths.staging_root.mkdir(exist_ok=True)
        try:
            self._connection = open_sandboxed_connection(
                self.limits, [self.paths.staging_root, *self.input_directories]
            )
            if self.encryption_key is not None:
                register_parquet_key(self._connection, self.paths.dataset, self.encryption_key)
        except BaseException:
            stack.close()
            raise
        stack.callback(self._connection.close)
        self._exit_stack = stack
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for directory in self._unpublished:
            shutil.rmtree(directory, ignore_errors=True)
        self._unpublished.clear()
        if self._exit_stack is not None:
            self._exit_stack.close()
        self._exit_stack = None
        self._connection = None

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The writer's sandboxed connection (only inside the ``with`` block)."""
        if self._connection is None:
            raise DatasetError("DatasetWriter phải được dùng trong khối 'with'.")
        return self._connection

    def stage(self, source: DataSource) -> StagedVersion:
        """Write ``source`` as a complete new version under ``_staging/`` (not yet visible)."""
        version, directory = self._new_staging_directory()
        self._copy_partitioned(source, directory)
        months = self._staged_months(directory)
        if not months:
            raise DatasetError(f"Không có dòng dữ liệu nào để công bố cho {self.paths.dataset!r}.")
        files = self._describe_files(directory, ())
        manifest = Manifest(
            dataset=self.paths.dataset,
            version=version,
            created_at=self.now,
            row_count=sum(file.rows for file in files),
            months=months,
            columns=self._columns(directory),
            files=files,
        )
        return self._finish_staging(directory, manifest)

    def stage_month_replacement(self, source: DataSource, months: Iterable[str]) -> StagedVersion:
        """Stage a version equal to the current one except ``months``, which come from ``source`` only.

        Files of the other months are hard-linked (copied if linking fails) from the current version.
        A declared month without rows in ``source`` is removed; rows of undeclared months are refused.
        """
        replaced = tuple(sorted({check_month(month) for month in months}))
        if not replaced:
            raise DatasetError("Cần ít nhất một tháng để thay thế.")
        previous_version = read_current(self.paths)
        previous = None if previous_version is None else read_manifest(self.paths, previous_version)
        version, directory = self._new_staging_directory()
        self._copy_partitioned(source, directory)
        directory.mkdir(exist_ok=True)
        new_months = self._staged_months(directory)
        unexpected = sorted(set(new_months) - set(replaced))
        if unexpected:
            raise DatasetError(
                f"Dữ liệu thay thế chứa tháng ngoài danh sách khai báo: {', '.join(unexpected)}."
            )
        columns = self._columns(directory) if new_months else ()
        kept: tuple[ManifestFile, ...] = ()
        if previous is not None:
            check_same_encryption(
                self.paths.version_directory(previous.version), self.encryption_key, self.paths.dataset
            )
            if columns and columns != previous.columns:
                raise DatasetError(
                    f"Cấu trúc cột của dữ liệu thay thế khác phiên bản {previous.version} của "
                    f"{self.paths.dataset!r}; hãy công bố lại toàn bộ bộ dữ liệu."
                )
            columns = previous.columns
            kept = tuple(file for file in previous.files if file.month not in replaced)
            self._link_files(self.paths.version_directory(previous.version), directory, kept)
        files = self._describe_files(directory, kept)
        if not files:
            raise DatasetError(f"Sau khi thay thế, bộ dữ liệu {self.paths.dataset!r} không còn dòng nào.")
        manifest = Manifest(
            dataset=self.paths.dataset,
            version=version,
            created_at=self.now,
            row_count=sum(file.rows for file in files),
            months=tuple(sorted({file.month for file in files})),
            columns=columns,
            files=files,
            based_on=previous_version,
            replaced_months=replaced,
        )
        return self._finish_staging(directory, manifest)

    def publish(self, staged: StagedVersion) -> Manifest:
        """Move the staged version into place and swap CURRENT to it atomically."""
        if staged.directory not in self._unpublished:
            raise DatasetError("Phiên bản này không do bộ ghi hiện tại tạo ra hoặc đã được công bố.")
        target = self.paths.version_directory(staged.manifest.version)
        # rename() of a directory is atomic and fails if the target exists, so a version is never mixed.
        os.rename(staged.directory, target)
        self._unpublished.discard(staged.directory)
        fsync_directory(self.paths.directory)
        fsync_directory(self.paths.staging_root)
        swap_current(self.paths, staged.manifest.version)
        return staged.manifest

    def _new_staging_directory(self) -> tuple[str, Path]:
        existing = [version_number(version) for version in list_versions(self.paths)]
        number = max([0, *existing, *self._allocated]) + 1
        self._allocated.add(number)
        version = version_id(number)
        directory = self.paths.staging_root / f"{version}-{secrets.token_hex(4)}"
        self._unpublished.add(directory)
        return version, directory

    def _source_relation(self, source: DataSource) -> duckdb.DuckDBPyRelation:
        connection = self.connection
        if isinstance(source, Query):
            check_single_select(connection, source.sql)
            return connection.sql(source.sql, params=bound_parameters(source))
        if isinstance(source, duckdb.DuckDBPyRelation):
            return connection.from_arrow(source.to_arrow_reader(_ARROW_BATCH_ROWS))
        if isinstance(source, pa.Table | pa.RecordBatchReader):
            return connection.from_arrow(source)
        if isinstance(source, pa.RecordBatch):
            return connection.from_arrow(pa.Table.from_batches([source]))
        if isinstance(source, Iterable):
            return connection.from_arrow(_reader_from_batches(iter(source)))
        raise DatasetError(f"Không ghi được nguồn dữ liệu kiểu {type(source).__name__}.")

    def _copy_partitioned(self, source: DataSource, directory: Path) -> None:
        relation = self._source_relation(source)
        types = dict(zip(relation.columns, (str(kind) for kind in relation.types), strict=True))
        if types.get(MONTH_COLUMN) != "VARCHAR":
            raise DatasetError(
                f"Nguồn dữ liệu cần cột {MONTH_COLUMN!r} kiểu chuỗi 'YYYY-MM' để chia theo tháng "
                f"(nhận: {types.get(MONTH_COLUMN, 'không có cột')})."
            )
        if len(types) < 2:
            raise DatasetError(f"Nguồn dữ liệu cần ít nhất một cột ngoài cột {MONTH_COLUMN!r}.")
        if self.encryption_key is not None:
            write_encrypted_months(relation, directory, self.paths.dataset, self.encryption_key)
            return
        relation.to_parquet(
            str(directory), partition_by=[MONTH_COLUMN], filename_pattern=PART_FILE_PATTERN, overwrite=False
        )

    def _staged_months(self, directory: Path) -> tuple[str, ...]:
        if not directory.is_dir():
            return ()
        months = []
        invalid = []
        for entry in directory.iterdir():
            key, _, value = entry.name.partition("=")
            month = unquote(value)
            if entry.is_dir() and key == MONTH_COLUMN and is_month(month) and value == month:
                months.append(month)
            else:
                invalid.append("NULL" if "__HIVE_DEFAULT_PARTITION__" in value else month or entry.name)
        if invalid:
            raise DatasetError(f"Giá trị tháng không hợp lệ (cần YYYY-MM): {', '.join(sorted(invalid))}.")
        return tuple(sorted(months))

    def _columns(self, directory: Path) -> tuple[ColumnSchema, ...]:
        decrypt = "" if self.encryption_key is None else encryption_option(self.paths.dataset)
        relation = self.connection.sql(
            f"SELECT * FROM read_parquet(?, {_HIVE_OPTIONS}{decrypt})",  # noqa: S608 - constants; path is a parameter
            params=[str(directory / "*" / "*.parquet")],
        )
        return tuple(
            ColumnSchema(name, str(kind)) for name, kind in zip(relation.columns, relation.types, strict=True)
        )

    def _describe_files(self, directory: Path, known: Sequence[ManifestFile]) -> tuple[ManifestFile, ...]:
        known_by_path = {file.path: file for file in known}
        if not any(directory.glob("*/*.parquet")):
            return ()
        rows_by_file = version_file_rows(self.connection, directory, self.paths.dataset, self.encryption_key)
        files = []
        for absolute, rows in sorted(rows_by_file.items()):
            path = Path(absolute)
            relative = path.relative_to(directory).as_posix()
            _fsync_file(path)
            if relative in known_by_path:
                files.append(known_by_path[relative])
                continue
            files.append(
                ManifestFile(
                    path=relative,
                    month=unquote(path.parent.name.partition("=")[2]),
                    rows=int(rows),
                    size_bytes=path.stat().st_size,
                    sha256=sha256_of_file(path),
                )
            )
        return tuple(files)

    def _link_files(self, source_directory: Path, directory: Path, files: Sequence[ManifestFile]) -> None:
        for file in files:
            target = directory / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                # Published files are never modified, so sharing them between versions is safe.
                os.link(source_directory / file.path, target)
            except OSError:
                shutil.copy2(source_directory / file.path, target)

    def _finish_staging(self, directory: Path, manifest: Manifest) -> StagedVersion:
        if self.encryption_key is not None:
            write_encryption_marker(directory, self.encryption_key)
        write_manifest(directory, manifest)
        for month_directory in directory.iterdir():
            if month_directory.is_dir():
                fsync_directory(month_directory)
        fsync_directory(directory)
        return StagedVersion(self.paths.dataset, directory, manifest)


def _reader_from_batches(batches: Iterator[Any]) -> Any:
    first = next(batches, None)
    if first is None:
        raise DatasetError("Nguồn dữ liệu rỗng: không có lô bản ghi nào.")

    def all_batches() -> Iterator[Any]:
        yield first
        yield from batches

    return pa.RecordBatchReader.from_batches(first.schema, all_batches())


def publish_dataset(
    data_root: Path,
    dataset: str,
    source: DataSource,
    *,
    now: dt.datetime,
    limits: ResourceLimits | None = None,
    input_directories: Sequence[Path] = (),
    lock_timeout_seconds: float = 60.0,
    encryption_key: DatasetEncryptionKey | None = None,
) -> Manifest:
    """Write ``source`` as the new version of ``dataset`` and publish it; returns its manifest."""
    with DatasetWriter(
        data_root,
        dataset,
        now=now,
        limits=limits,
        input_directories=input_directories,
        lock_timeout_seconds=lock_timeout_seconds,
        encryption_key=encryption_key,
    ) as writer:
        return writer.publish(writer.stage(source))


def replace_months(
    data_root: Path,
    dataset: str,
    source: DataSource,
    *,
    months: Iterable[str],
    now: dt.datetime,
    limits: ResourceLimits | None = None,
    input_directories: Sequence[Path] = (),
    lock_timeout_seconds: float = 60.0,
    encryption_key: DatasetEncryptionKey | None = None,
) -> Manifest:
    """Publish a new version in which only ``months`` are replaced by ``source`` (a corrected import)."""
    with DatasetWriter(
        data_root,
        dataset,
        now=now,
        limits=limits,
        input_directories=input_directories,
        lock_timeout_seconds=lock_timeout_seconds,
        encryption_key=encryption_key,
    ) as writer:
        return writer.publish(writer.stage_month_replacement(source, months))
