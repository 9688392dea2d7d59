"""Publishing an import: the file's months of ONE source system replace those months atomically.

Datasets are partitioned by month only, so replacing (source system, month) keeps the other source systems'
rows of the month (the catalogue, which has no source system, replaces whole months): under the dataset's
writer lock the current version's files of those months are read through the writer's own sandboxed
connection (which holds the key of an encrypted dataset), the other systems' rows kept, the new rows added,
and the months swapped with ``stage_month_replacement`` — one atomic ``CURRENT`` swap; readers see the old
month or the new one, never a mix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from chidao.core.service_index.schema import DatasetSchema
from chidao.engines.duckdb import DatasetPaths, DatasetWriter, Manifest, ResourceLimits, read_current
from chidao.engines.duckdb.encryption import DatasetEncryptionKey, encryption_option
from chidao.simulation.arrow import arrow_schema

__all__ = ["replace_source_months"]


def _kept_rows(
    writer: DatasetWriter,
    schema: DatasetSchema,
    months: Sequence[str],
    sources: Mapping[str, set[str]] | None,
) -> list[Any]:
    version = read_current(writer.paths)
    if version is None or sources is None:
        return []
    target = arrow_schema(schema)
    decrypt = "" if writer.encryption_key is None else encryption_option(schema.name)
    directory = writer.paths.version_directory(version)
    kept = []
    for month in months:
        files = sorted((directory / f"month={month}").glob("*.parquet"))
        replaced = sorted(sources.get(month, set()))
        if not files:
            continue
        names = ", ".join(name for name in target.names if name != "month")
        table = writer.connection.sql(
            f"SELECT {names}, CAST(? AS VARCHAR) AS month FROM read_parquet(?{decrypt}) "  # noqa: S608 - schema names, checked key name
            "WHERE NOT list_contains(CAST(? AS VARCHAR[]), source_system)",
            params=[month, [str(path) for path in files], replaced],
        ).to_arrow_table()
        if table.num_rows:
            kept.append(table.cast(target))
    return kept


def replace_source_months(
    data_root: Path,
    schema: DatasetSchema,
    rows: Any,
    *,
    months: Sequence[str],
    by_source: bool,
    now: dt.datetime,
    limits: ResourceLimits | None = None,
    encryption_key: DatasetEncryptionKey | None = None,
) -> Manifest:
    """Replace ``months`` by ``rows`` (Arrow, dataset schema): with ``by_source`` only the (source system,
    month) pairs present in ``rows``, keeping the other systems' rows of those months; else whole months."""
    target = arrow_schema(schema)
    new_rows = rows.select(target.names).cast(target)
    sources: dict[str, set[str]] | None = None
    if by_source:
        sources = {}
        for pair in new_rows.group_by(["month", "source_system"]).aggregate([]).to_pylist():
            sources.setdefault(pair["month"], set()).add(pair["source_system"])
    dataset_directory = DatasetPaths(Path(data_root), schema.name).directory
    dataset_directory.mkdir(parents=True, exist_ok=True)
    with DatasetWriter(
        data_root,
        schema.name,
        now=now,
        limits=limits,
        input_directories=[dataset_directory],
        encryption_key=encryption_key,
    ) as writer:
        kept = _kept_rows(writer, schema, months, sources)
        table = pa.concat_tables([new_rows, *kept]) if kept else new_rows
        staged = writer.stage_month_replacement(table, months)
        return writer.publish(staged)
