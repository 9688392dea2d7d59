"""Publish service-index records as tiny Parquet datasets for the engine tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord
from chidao.core.service_index.schema import HO_SO, PHAN_ANH, THU_TUC, DatasetSchema
from chidao.engines.duckdb import Engine, EngineConfig, publish_dataset

NOW = dt.datetime(2026, 4, 20, 8, 0, tzinfo=dt.UTC)


def arrow_schema(schema: DatasetSchema) -> pa.Schema:
    """The Arrow schema of a dataset, from the pure column declarations."""
    return pa.schema(
        [
            pa.field(column.name, pa.type_for_alias(column.arrow_type), column.nullable)
            for column in schema.columns
        ]
    )


def publish(
    root: Path,
    dossiers: Iterable[DossierRecord] = (),
    procedures: Iterable[ProcedureRecord] = (),
    feedback: Iterable[FeedbackRecord] = (),
) -> Engine:
    """Publish the non-empty record sets under ``root`` and return an engine over them."""
    for schema, records in ((HO_SO, dossiers), (THU_TUC, procedures), (PHAN_ANH, feedback)):
        rows = [record.to_row() for record in records]
        if rows:
            publish_dataset(
                root, schema.name, pa.Table.from_pylist(rows, schema=arrow_schema(schema)), now=NOW
            )
    return Engine(EngineConfig(root, memory_limit="512MiB", threads=2, max_rows=100_000))
