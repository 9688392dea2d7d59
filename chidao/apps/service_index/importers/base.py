"""The exchange-framework side of the service-index imports: one base class for the three datasets.

The framework reads the rows (xlsx or csv, every cell as text), then ``refine`` runs the same vectorised SQL
validation as the bulk path on all rows at once and attaches each problem to its row and column; the good
rows' typed values travel in a ``FileScope`` shared by the rows. ``apply`` publishes ALL the file's good rows
(changed or not) as the new content of the file's (source system, month)s — a corrected month replaces
that month — inside the batch's transaction (docs/platform/import-export.md, "Parquet targets").
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Final

import pyarrow as pa
from django.conf import settings
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.exchange.registry import ApplyResult, Importer, Progress
from chidao.apps.organisation.catalogue import admin_units_catalogue, installation_province_code
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.conf import data_root, dataset_encryption_key
from chidao.apps.service_index.importers.layouts import HO_SO_NGUOI_NOP, Layout
from chidao.apps.service_index.importers.publishing import replace_source_months
from chidao.apps.service_index.importers.units import UnitDirectory
from chidao.apps.service_index.importers.validation import ROW_NUMBER, validate
from chidao.core.importing import Column, ImportMode, ParsedRow, PlannedRow
from chidao.core.sql import Query, quote_identifier
from chidao.engines.duckdb import DatasetPaths, Engine, EngineConfig, ResourceLimits, read_current
from chidao.engines.duckdb.connection import open_sandboxed_connection
from chidao.engines.tabular import TabularFormat

__all__ = [
    "DatasetImporter",
    "FileScope",
    "default_source_system",
    "fingerprint",
    "import_limits",
    "unit_directory",
]

DEFAULT_SOURCE_SYSTEM: Final = "MOTCUA-GIALAI"
_SCOPE: Final = "_scope"
_KEY: Final = "_key"
_CODE_SEPARATOR: Final = "\x1f"


def default_source_system() -> str:
    """The source system of rows that do not name one (``CHIDAO_SERVICE_INDEX_SOURCE_SYSTEM``)."""
    return str(getattr(settings, "CHIDAO_SERVICE_INDEX_SOURCE_SYSTEM", DEFAULT_SOURCE_SYSTEM))


def keep_applicant_data() -> bool:
    """``CHIDAO_SERVICE_INDEX_KEEP_APPLICANT_DATA`` (default False: names and identity numbers never read)."""
    return bool(getattr(settings, "CHIDAO_SERVICE_INDEX_KEEP_APPLICANT_DATA", False))


def import_limits() -> ResourceLimits:
    """DuckDB limits of the validation and the writer (the engine's memory and threads)."""
    return ResourceLimits(memory_limit="2GB", threads=2)


def unit_directory() -> UnitDirectory:
    """Every unit code of the organisation and the 2025 crosswalk into this province."""
    codes = Unit.objects.values_list("code", flat=True)
    return UnitDirectory.build(codes, admin_units_catalogue(), province_code=installation_province_code())


def fingerprint(values: Mapping[str, Any], names: Sequence[str]) -> str:
    """A digest of a row's stored values (to tell "changed" from "unchanged"); same on file and dataset."""
    text = "\x1f".join("" if values.get(name) is None else str(values[name]) for name in names)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass(frozen=True, eq=False)
class FileScope:
    """The file's good rows in the dataset schema and their months: what ``apply`` publishes."""

    good: Any  # pyarrow.Table
    months: tuple[str, ...]


class DatasetImporter(Importer):
    """Keep-good-rows import of one service-index dataset, keyed by (source system, month)."""

    layout: ClassVar[Layout]
    key_target: ClassVar[str]
    mode = ImportMode.KEEP_GOOD_ROWS
    compared = ("fingerprint",)
    formats = frozenset({TabularFormat.XLSX, TabularFormat.CSV})
    uses_units: ClassVar[bool] = True

    def may_use(self, user: Any) -> bool:
        """Data officers and administrators (the roles the exchange pages serve)."""
        return user_scope(user).has_role(Role.DATA_OFFICER, Role.ADMINISTRATOR)

    def active_layout(self) -> Layout:
        """The layout read now (the dossier importer adds the applicant's columns when configured to)."""
        return self.layout

    @property
    def columns(self) -> tuple[Column, ...]:  # type: ignore[override]
        """The columns the framework reads: those of the layout in use."""
        return self.active_layout().columns()

    def key_of(self, row: ParsedRow) -> str:
        return str(row.values.get(_KEY) or "")

    def _key(self, values: Mapping[str, Any]) -> str:
        source = values.get("source_system") or ""
        return f"{source}|{values['month']}|{values[self.key_target]}"

    def _default_month(self) -> str:
        return timezone.localdate().strftime("%Y-%m")

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        if not rows:
            return []
        layout = self.active_layout()
        positions = rows[0].positions
        present = [field.target for field in layout.all_fields if field.target in positions]
        columns: dict[str, Any] = {ROW_NUMBER: pa.array([row.number for row in rows], pa.int64())}
        for target in present:
            columns[f"f_{target}"] = pa.array(
                [None if (value := row.values.get(target)) is None else str(value) for row in rows],
                pa.string(),
            )
        connection = open_sandboxed_connection(import_limits(), [])
        try:
            validated = validate(
                connection,
                pa.table(columns),
                layout,
                headers={key: position.header for key, position in positions.items()},
                units=unit_directory() if self.uses_units else None,
                source_system=default_source_system(),
                default_month=self._default_month(),
                check_duplicates=False,  # the framework reports a key written twice
            )
        finally:
            connection.close()
        names = layout.schema.column_names
        good_rows = {row[ROW_NUMBER]: row for row in validated.good.to_pylist()}
        scope = FileScope(validated.good.drop_columns([ROW_NUMBER]), validated.months)
        problems: dict[int, list[Any]] = defaultdict(list)
        for reject in validated.rejects:
            problems[reject.row_number].append(reject)
        refined = []
        for row in rows:
            issues = [row.issue_at(reject.target, reject.message) for reject in problems.get(row.number, ())]
            typed = good_rows.get(row.number)
            values: dict[str, Any] = {_SCOPE: scope}
            if typed is not None:
                values[_KEY] = self._key(typed)
                values["fingerprint"] = fingerprint(typed, names)
            refined.append(row.refined(values, issues))
        return refined

    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        root = data_root()
        schema = self.layout.schema
        if not keys or read_current(DatasetPaths(root, schema.name)) is None:
            return {}
        months = sorted({key.split("|")[1] for key in keys})
        codes = _CODE_SEPARATOR.join(sorted({key.split("|", 2)[2] for key in keys}))
        engine = Engine(EngineConfig(root, memory_limit="1GB", threads=2))
        # Only the file's codes (one text parameter, split in SQL): a month may hold far more rows than the file.
        columns = ", ".join(quote_identifier(name) for name in schema.column_names)
        query = Query(
            f"SELECT {columns} FROM {quote_identifier(schema.name)} "  # noqa: S608 - quoted identifiers only
            f"WHERE month IN ({', '.join('?' for _ in months)}) "
            f"AND list_contains(string_split(?, chr(31)), {quote_identifier(self.key_target)})",
            (*months, codes),
        )
        table = engine.run_arrow(query).table
        names = schema.column_names
        found: dict[str, Mapping[str, object]] = {}
        wanted = set(keys)
        for values in table.to_pylist():
            key = self._key(values)
            if key in wanted:
                found[key] = {"fingerprint": fingerprint(values, names)}
        return found

    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        if not rows:
            return ApplyResult("Không có dòng nào để ghi.")
        scope: FileScope = rows[0].row.values[_SCOPE]  # type: ignore[assignment]
        schema = self.layout.schema
        manifest = replace_source_months(
            Path(data_root()),
            schema,
            scope.good,
            months=scope.months,
            by_source=self.layout.source_field is not None,
            now=timezone.now(),
            limits=import_limits(),
        )
        extra = ""
        if "applicant_name" in scope.good.column_names:
            replace_source_months(
                Path(data_root()),
                HO_SO_NGUOI_NOP,
                scope.good,
                months=scope.months,
                by_source=True,
                now=timezone.now(),
                limits=import_limits(),
                encryption_key=dataset_encryption_key(),
            )
            extra = " Họ tên, số định danh người nộp được lưu riêng, mã hoá (theo cấu hình)."
        months = ", ".join(f"{m[5:7]}/{m[:4]}" for m in scope.months)
        return ApplyResult(
            message=(
                f"Đã công bố phiên bản {manifest.version} của “{schema.name}”: thay thế tháng {months} "
                f"bằng {scope.good.num_rows:,} dòng đúng của tệp.".replace(",", ".")
                + extra
            ),
            counts={"published_rows": scope.good.num_rows, "dataset_rows": manifest.row_count},
        )
