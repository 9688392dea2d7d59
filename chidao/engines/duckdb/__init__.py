"""DuckDB analytics engine: versioned, month-partitioned Parquet datasets and safe, sandboxed queries.

Usage and rules: docs/engines.md. Design: docs/decisions/0003-duckdb-analytics-engine.md.
"""

from chidao.engines.duckdb.connection import ResourceLimits
from chidao.engines.duckdb.engine import (
    ArrowResult,
    Engine,
    EngineConfig,
    Result,
    ResultTooLargeError,
    Session,
)
from chidao.engines.duckdb.gc import GarbageReport, collect_garbage
from chidao.engines.duckdb.layout import (
    MONTH_COLUMN,
    DatasetBusyError,
    DatasetError,
    DatasetPaths,
    read_current,
)
from chidao.engines.duckdb.manifest import ColumnSchema, Manifest, ManifestFile, read_manifest
from chidao.engines.duckdb.statements import ForbiddenStatementError
from chidao.engines.duckdb.writer import (
    DatasetWriter,
    StagedVersion,
    publish_dataset,
    replace_months,
)

__all__ = [
    "MONTH_COLUMN",
    "ArrowResult",
    "ColumnSchema",
    "DatasetBusyError",
    "DatasetError",
    "DatasetPaths",
    "DatasetWriter",
    "Engine",
    "EngineConfig",
    "ForbiddenStatementError",
    "GarbageReport",
    "Manifest",
    "ManifestFile",
    "ResourceLimits",
    "Result",
    "ResultTooLargeError",
    "Session",
    "StagedVersion",
    "collect_garbage",
    "publish_dataset",
    "read_current",
    "read_manifest",
    "replace_months",
]
