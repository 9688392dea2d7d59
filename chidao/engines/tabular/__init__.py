"""Django-free reading of tables (.xlsx, .csv, .parquet) and the one .xlsx export.

``open_table(path)`` recognises the format by content and returns a ``TabularSource`` of numbered rows for
chidao.core.importing.parse_table; ``write_xlsx`` writes any list with the standard header block. Guide:
docs/platform/import-export.md.
"""

from pathlib import Path

from chidao.engines.tabular.columnar import read_parquet
from chidao.engines.tabular.delimited import read_csv, read_csv_bytes
from chidao.engines.tabular.encoding import DetectedEncoding, decode_text, detect_encoding
from chidao.engines.tabular.errors import LegacyEncodingError, TabularError
from chidao.engines.tabular.export import (
    DATA_START_ROW,
    FORMULA_TRIGGERS,
    HEADER_ROW,
    ExportColumn,
    ExportHeader,
    ExportKind,
    ExportSummary,
    Masking,
    write_xlsx,
)
from chidao.engines.tabular.sniff import detect_format
from chidao.engines.tabular.source import TabularFormat, TabularSource
from chidao.engines.tabular.workbook import read_xlsx, sheet_names


def open_table(path: Path, *, sheet: str | None = None) -> TabularSource:
    """Open the table at ``path`` whatever its format (recognised by content); TabularError when unreadable."""
    file_format = detect_format(path)
    if file_format is TabularFormat.XLSX:
        return read_xlsx(path, sheet=sheet)
    if file_format is TabularFormat.PARQUET:
        return read_parquet(path)
    return read_csv(path)


__all__ = [
    "DATA_START_ROW",
    "FORMULA_TRIGGERS",
    "HEADER_ROW",
    "DetectedEncoding",
    "ExportColumn",
    "ExportHeader",
    "ExportKind",
    "ExportSummary",
    "LegacyEncodingError",
    "Masking",
    "TabularError",
    "TabularFormat",
    "TabularSource",
    "decode_text",
    "detect_encoding",
    "detect_format",
    "open_table",
    "read_csv",
    "read_csv_bytes",
    "read_parquet",
    "read_xlsx",
    "sheet_names",
    "write_xlsx",
]
