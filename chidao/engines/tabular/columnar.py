"""Reading Parquet files (bulk data) with pyarrow, batch by batch: the column names are row 1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pyarrow as pa
import pyarrow.parquet as pq

from chidao.core.importing import SourceRow
from chidao.engines.tabular.errors import TabularError
from chidao.engines.tabular.source import TabularFormat, TabularSource

__all__ = ["read_parquet"]

_BATCH_ROWS: Final = 10_000


def read_parquet(path: Path) -> TabularSource:
    """Open a Parquet file; row 1 holds the column names and data rows follow from row 2."""
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise TabularError(f"Không đọc được tệp Parquet: {error}.") from None
    return TabularSource(format=TabularFormat.PARQUET, rows=_rows(parquet), _close=parquet.close)


def _rows(parquet: pq.ParquetFile) -> Iterator[SourceRow]:
    names = tuple(parquet.schema_arrow.names)
    yield SourceRow(1, names)
    number = 1
    for batch in parquet.iter_batches(batch_size=_BATCH_ROWS):
        columns = [column.to_pylist() for column in batch.columns]
        for values in zip(*columns, strict=True):
            number += 1
            yield SourceRow(number, tuple(values))
