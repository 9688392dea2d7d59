"""Small Arrow helpers shared by the generators: schemas from schema.py, strings from small codes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from chidao.core.service_index.schema import DatasetSchema

__all__ = ["arrow_schema", "strings_from_codes", "timestamps"]


def arrow_schema(schema: DatasetSchema) -> pa.Schema:
    """The Arrow schema of a dataset, exactly as the pure column declarations say (types, nullability)."""
    return pa.schema(
        [
            pa.field(column.name, pa.type_for_alias(column.arrow_type), column.nullable)
            for column in schema.columns
        ]
    )


def strings_from_codes(codes: np.ndarray, values: Sequence[str], mask: np.ndarray | None = None) -> Any:
    """A string array of ``values[codes]`` (NULL where ``mask``), built in C++ through a dictionary."""
    indices = pa.array(codes.astype(np.int32), mask=mask)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values), pa.string())).cast(pa.string())


def timestamps(microseconds: np.ndarray, mask: np.ndarray | None = None) -> Any:
    """A timestamp[us] array from microseconds since the epoch (NULL where ``mask``)."""
    return pa.array(microseconds.astype("datetime64[us]"), pa.timestamp("us"), mask=mask)
