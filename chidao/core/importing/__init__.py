"""The import framework's pure part: columns and fields, reading a sheet, legacy-font detection, the preview.

How to write an importer: docs/platform/import-export.md. Readers of .xlsx/.csv/.parquet files live in
chidao.engines.tabular; batches, storage and pages in chidao.apps.exchange.
"""

from chidao.core.importing.columns import Column, ColumnPosition, HeaderLayout, find_header_row, map_headers
from chidao.core.importing.fields import (
    BooleanField,
    CellError,
    Choice,
    ChoiceField,
    DateField,
    DeadlineField,
    DecimalField,
    EmailField,
    FieldType,
    IntegerField,
    ParseContext,
    PhoneField,
    TextField,
    parse_vietnamese_number,
)
from chidao.core.importing.issues import CellValue, ImportIssue, SourceRow, cell_text, column_letter
from chidao.core.importing.keys import fold_label
from chidao.core.importing.legacy import (
    LegacyEncoding,
    TextDiagnosis,
    convert_legacy_text,
    diagnose_text,
    legacy_cell_message,
    legacy_file_message,
    may_be_legacy,
)
from chidao.core.importing.plan import (
    ImportMode,
    ImportPlan,
    PlannedRow,
    PreviewCounts,
    RowChange,
    plan_import,
)
from chidao.core.importing.references import Reference, ReferenceIndex
from chidao.core.importing.rows import LegacyCell, ParsedRow, ParsedTable, parse_table
from chidao.core.importing.syllables import is_vietnamese_syllable

__all__ = [
    "BooleanField",
    "CellError",
    "CellValue",
    "Choice",
    "ChoiceField",
    "Column",
    "ColumnPosition",
    "DateField",
    "DeadlineField",
    "DecimalField",
    "EmailField",
    "FieldType",
    "HeaderLayout",
    "ImportIssue",
    "ImportMode",
    "ImportPlan",
    "IntegerField",
    "LegacyCell",
    "LegacyEncoding",
    "ParseContext",
    "ParsedRow",
    "ParsedTable",
    "PhoneField",
    "PlannedRow",
    "PreviewCounts",
    "Reference",
    "ReferenceIndex",
    "RowChange",
    "SourceRow",
    "TextDiagnosis",
    "TextField",
    "cell_text",
    "column_letter",
    "convert_legacy_text",
    "diagnose_text",
    "find_header_row",
    "fold_label",
    "is_vietnamese_syllable",
    "legacy_cell_message",
    "legacy_file_message",
    "map_headers",
    "may_be_legacy",
    "parse_table",
    "parse_vietnamese_number",
    "plan_import",
]
