"""Publish tiny register tables as Parquet datasets for the data-quality engine tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from chidao.core.data_quality.schema import BHXH, DAN_CU, MA_XA, Column
from chidao.engines.duckdb import Engine, EngineConfig, publish_dataset

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
MONTH = "2026-02"

CURRENT_COMMUNES = ("21583", "21553", "23311")
OLD_COMMUNES = {"21556": ("21583",), "21559": ("21553", "21583")}
"""A tiny commune table: three current codes, one old code with one successor, one split old code."""


def arrow_schema(columns: Sequence[Column]) -> pa.Schema:
    """The Arrow schema of a register, from the pure column declarations."""
    return pa.schema([pa.field(column.name, pa.type_for_alias(column.arrow_type)) for column in columns])


def commune_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"code": code, "is_current": True, "successor_code": code, "month": MONTH}
        for code in CURRENT_COMMUNES
    ]
    for code, successors in OLD_COMMUNES.items():
        rows += [
            {"code": code, "is_current": False, "successor_code": new, "month": MONTH} for new in successors
        ]
    return rows


def publish(
    root: Path,
    population: Iterable[Mapping[str, Any]] = (),
    insurance: Iterable[Mapping[str, Any]] = (),
    communes: Iterable[Mapping[str, Any]] | None = None,
) -> Engine:
    """Publish the non-empty registers and the commune table under ``root``; an engine over them."""
    for name, columns, rows in (
        (DAN_CU.name, DAN_CU.columns, population),
        (BHXH.name, BHXH.columns, insurance),
        ("ma_xa", MA_XA, commune_rows() if communes is None else communes),
    ):
        records = [{**row, "month": MONTH} for row in rows]
        if records:
            publish_dataset(root, name, pa.Table.from_pylist(records, schema=arrow_schema(columns)), now=NOW)
    return Engine(EngineConfig(root, memory_limit="512MiB", threads=2, max_rows=100_000))
