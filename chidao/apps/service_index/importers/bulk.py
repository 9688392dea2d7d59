"""The bulk path: a whole CSV export validated and published without a Python loop per row.

``read_export`` reads the header, maps it onto the layout (the framework's header matching: case,
diacritics and punctuation ignored), refuses a legacy or undecodable encoding, and reads ONLY the mapped
columns as texts with pyarrow's multi-threaded CSV reader — the applicant's name and identity columns are
never read. ``import_export`` then validates in SQL and replaces the file's (source system, month)s.
The web importers run the same validation on the rows the exchange framework has read.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from chidao.apps.service_index.importers.layouts import HO_SO_NGUOI_NOP, Layout
from chidao.apps.service_index.importers.publishing import replace_source_months
from chidao.apps.service_index.importers.units import UnitDirectory
from chidao.apps.service_index.importers.validation import ROW_NUMBER, Validated, validate
from chidao.core.importing import SourceRow, map_headers
from chidao.engines.duckdb import Manifest, ResourceLimits
from chidao.engines.duckdb.connection import open_sandboxed_connection
from chidao.engines.duckdb.encryption import DatasetEncryptionKey
from chidao.engines.tabular.encoding import detect_encoding
from chidao.engines.tabular.errors import TabularError

__all__ = ["ExportFile", "ImportFileError", "ImportOutcome", "import_export", "read_export"]

_SAMPLE_BYTES: Final = 1 << 20
_ARROW_CODECS: Final = {"utf-8": "utf8", "utf-8-sig": "utf8"}


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (encoding, header); the message is for the user."""


@dataclass(frozen=True)
class ExportFile:
    """The mapped columns of a CSV export as texts, with their headers as written."""

    raw: Any  # pyarrow.Table: row_number, f_<target>…
    headers: dict[str, str]
    ignored_headers: tuple[str, ...]


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: the validation and the published version (None when nothing was good)."""

    validated: Validated
    manifest: Manifest | None
    months: tuple[str, ...]


def _delimiter(line: str) -> str:
    return max((",", ";", "\t"), key=line.count)


def read_export(path: Path, layout: Layout) -> ExportFile:
    """Read the layout's columns of the CSV at ``path`` as texts; ImportFileError for file-level problems."""
    with path.open("rb") as stream:
        sample = stream.read(_SAMPLE_BYTES)
    try:
        encoding = detect_encoding(sample)
    except TabularError as error:
        raise ImportFileError(str(error)) from None
    text = sample.decode(encoding.codec, errors="replace")
    first_line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    if not first_line:
        raise ImportFileError("Tệp: không có dòng tiêu đề.")
    delimiter = _delimiter(first_line)
    names = next(csv.reader([first_line], delimiter=delimiter))
    header_layout = map_headers(SourceRow(1, tuple(names)), layout.columns())
    if header_layout.issues:
        raise ImportFileError(" ".join(issue.text for issue in header_layout.issues))
    positions = {position.key: position for position in header_layout.positions}
    if not positions:
        raise ImportFileError("Tệp: không có cột nào khớp với mẫu nhập.")
    # Read by position under generated names: headers may repeat among ignored columns.
    generated = [f"c{index}" for index in range(len(names))]
    wanted = {f"c{position.index}": f"f_{key}" for key, position in positions.items()}
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                encoding=_ARROW_CODECS.get(encoding.codec, encoding.codec),
                column_names=generated,
                skip_rows=1,
                block_size=16 << 20,
            ),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(wanted),
                column_types={name: pa.string() for name in wanted},
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise ImportFileError(
            f"Tệp không đọc được ({encoding.label}): {error}. Hãy lưu lại dạng “CSV UTF-8” rồi tải lên lại."
        ) from None
    table = table.rename_columns([wanted[name] for name in table.column_names])
    numbers = pa.array(np.arange(2, table.num_rows + 2, dtype=np.int64))
    raw = table.add_column(0, ROW_NUMBER, numbers)
    headers = {key: position.header for key, position in positions.items()}
    return ExportFile(raw, headers, header_layout.ignored_headers)


def import_export(
    path: Path,
    layout: Layout,
    *,
    data_root: Path,
    units: UnitDirectory | None,
    source_system: str,
    now: dt.datetime,
    limits: ResourceLimits | None = None,
    default_month: str | None = None,
    applicant_key: DatasetEncryptionKey | None = None,
    publish: bool = True,
) -> ImportOutcome:
    """Read, validate and publish a CSV export (keep good rows); the rejects are in the outcome.

    ``publish=False`` is a dry run: the file is read and validated, nothing is written (no manifest); the
    outcome's months are those the file would replace.

    With a layout that reads the applicant's columns (``DOSSIERS_WITH_APPLICANT``, only when configured), they
    go to the encrypted ``ho_so_nguoi_nop`` with ``applicant_key``, never into ``ho_so``.
    """
    if any(field.target == "applicant_name" for field in layout.fields) and applicant_key is None:
        raise ValueError("Giữ dữ liệu người nộp cần khoá mã hoá bộ dữ liệu (applicant_key).")
    chosen = limits or ResourceLimits(threads=2)
    export = read_export(path, layout)
    connection = open_sandboxed_connection(chosen, [])
    try:
        validated = validate(
            connection,
            export.raw,
            layout,
            headers=export.headers,
            units=units,
            source_system=source_system,
            default_month=default_month,
        )
    finally:
        connection.close()
    months = validated.months
    if not months or not publish:
        return ImportOutcome(validated, None, months)
    manifest = replace_source_months(
        data_root,
        layout.schema,
        validated.good,
        months=months,
        by_source=layout.source_field is not None,
        now=now,
        limits=chosen,
    )
    if applicant_key is not None and "applicant_name" in validated.good.column_names:
        replace_source_months(
            data_root,
            HO_SO_NGUOI_NOP,
            validated.good,
            months=months,
            by_source=True,
            now=now,
            limits=chosen,
            encryption_key=applicant_key,
        )
    return ImportOutcome(validated, manifest, months)
