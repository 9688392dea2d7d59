"""Publishing an import: the file's months of ONE source system replace those months atomically.

Datasets are partitioned by month only, so replacing (source system, month) keeps the other source systems'
rows of the month (the catalogue, which has no source system, replaces whole months): under the dataset's writer lock the current version's files of those months are read,
the other systems' rows kept, the new rows added, and the month swapped with ``stage_month_replacement``
(one atomic ``CURRENT`` swap; readers see the old month or the new one, never a mix).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chidao.core.service_index.schema import DatasetSchema
from chidao.engines.duckdb import DatasetWriter, Manifest, ResourceLimits, read_current
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
    kept = []
    directory = writer.paths.version_directory(version)
    for month in months:
        for path in sorted((directory / f"month={month}").glob("*.parquet")):
            table = pq.read_table(path)
            table = table.append_column("month", pa.repeat(month, table.num_rows))
            replaced = pa.array(sorted(sources.get(month, set())), pa.string())
            others = table.filter(pc.invert(pc.is_in(table.column("source_system"), value_set=replaced)))
            if others.num_rows:
                kept.append(others.select(target.names).cast(target))
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
) -> Manifest:
    """Replace ``months`` by ``rows`` (Arrow, dataset schema): with ``by_source`` only the (source system,
    month) pairs present in ``rows``, keeping the other systems' rows of those months; else whole months."""
    target = arrow_schema(schema)
    new_rows = rows.select(target.names).cast(target)
    sources: dict[str, set[str]] | None = None
    if by_source:
        pairs = new_rows.group_by(["month", "source_system"]).aggregate([]).to_pylist()
        sources = {}
        for pair in pairs:
            sources.setdefault(pair["month"], set()).add(pair["source_system"])
    with DatasetWriter(data_root, schema.name, now=now, limits=limits) as writer:
        kept = _kept_rows(writer, schema, months, sources)
        table = pa.concat_tables([new_rows, *kept]) if kept else new_rows
        staged = writer.stage_month_replacement(table, months)
        return writer.publish(staged)
