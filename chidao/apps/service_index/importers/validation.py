"""Row-level validation of an import in ONE set of SQL statements (DuckDB), never a Python loop per row.

The file arrives as an Arrow table of texts (``f_<target>`` columns and ``row_number``). One SELECT parses
every field (dates, numbers, flags, choices), resolves the unit codes against the organisation and the 2025
crosswalk, and writes one message column per field (NULL when the cell is fine); the good rows come out in
the dataset's exact schema and the bad cells as ``Reject`` records (row, header as written, value,
message). Only code constants (the layout's kinds, choices, limits) are put into the SQL text; the file's
values stay data. Django-free: the bulk path and the bench call it directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from chidao.apps.service_index.importers.layouts import Field, FieldKind, Layout
from chidao.apps.service_index.importers.units import UnitDirectory
from chidao.core.service_index.schema import DatasetSchema
from chidao.simulation.arrow import arrow_schema

__all__ = ["ROW_NUMBER", "Reject", "Validated", "validate"]

ROW_NUMBER: Final = "row_number"
TIMESTAMP_FORMATS: Final = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M:%S.%f",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y%m%d%H%M%S",
)
_FORMAT_HINT: Final = "dd/mm/yyyy hh:mm:ss, yyyy-mm-dd hh:mm:ss hoặc yyyymmddhhmmss"
_TRUE: Final = ("1", "true", "co", "x", "yes", "dung")
_FALSE: Final = ("0", "false", "khong", "no", "sai")


@dataclass(frozen=True)
class Reject:
    """One bad cell (or row): the row number as the user sees it, the header as written, the value, why."""

    row_number: int
    target: str
    header: str
    value: str
    message: str

    @property
    def text(self) -> str:
        """The message in the import framework's form: ``Dòng 7, cột “NgayHenTra”: …``."""
        if not self.header:
            return f"Dòng {self.row_number}: {self.message}"
        return f"Dòng {self.row_number}, cột “{self.header}”: {self.message}"


@dataclass(frozen=True)
class Validated:
    """The good rows in the dataset's schema (with ``row_number`` first) and every rejected cell."""

    good: Any  # pyarrow.Table
    rejects: tuple[Reject, ...]
    rows: int

    @property
    def rejected_rows(self) -> int:
        """How many rows have at least one problem."""
        return len({reject.row_number for reject in self.rejects})

    @property
    def months(self) -> tuple[str, ...]:
        """The months of the good rows."""
        if self.good.num_rows == 0:
            return ()
        return tuple(sorted(set(self.good.column("month").unique().to_pylist())))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _folded(value: str) -> str:
    return f"lower(strip_accents(regexp_replace({value}, '\\s+', ' ', 'g')))"


_ISO_FIRST_FORMATS: Final = tuple(f for f in TIMESTAMP_FORMATS if not f.startswith("%Y-%m-%d"))


def _parsed(field: Field, value: str) -> str:
    """SQL of the cell's value before defaults (NULL when empty or unreadable; '' for a choice meaning none).

    Common spellings take a fast path (ISO timestamps by a cast, exact flags and codes by equality) before
    the slower general forms; the result is the same.
    """
    if field.kind is FieldKind.TEXT:
        return value
    if field.kind in (FieldKind.TIMESTAMP, FieldKind.DATE):
        formats = "[" + ", ".join(_literal(f) for f in _ISO_FIRST_FORMATS) + "]"
        # dd/mm/yyyy… is rewritten as yyyy-mm-dd… and cast (ten times faster than strptime with a list).
        day_first = (
            f"CASE WHEN {value} LIKE '__/__/____%' THEN try_cast(concat(substr({value}, 7, 4), '-', "
            f"substr({value}, 4, 2), '-', substr({value}, 1, 2), substr({value}, 11)) AS TIMESTAMP) END"
        )
        parsed = (
            f"CASE WHEN {value} IS NULL THEN NULL "
            f"ELSE coalesce(try_cast({value} AS TIMESTAMP), {day_first}, try_strptime({value}, {formats})) END"
        )
        return f"CAST({parsed} AS DATE)" if field.kind is FieldKind.DATE else parsed
    if field.kind is FieldKind.INTEGER:
        return (
            f"coalesce(try_cast({value} AS BIGINT), CASE WHEN regexp_full_match({value}, '[0-9]{{1,3}}([.,][0-9]{{3}})+') "
            f"THEN try_cast(regexp_replace({value}, '[.,]', '', 'g') AS BIGINT) END)"
        )
    if field.kind is FieldKind.DECIMAL:
        return f"coalesce(try_cast({value} AS DOUBLE), try_cast(replace({value}, ',', '.') AS DOUBLE))"
    if field.kind is FieldKind.BOOLEAN:
        folded = _folded(value)
        truthy = ", ".join(_literal(t) for t in _TRUE)
        falsy = ", ".join(_literal(t) for t in _FALSE)
        return (
            f"CASE {value} WHEN '1' THEN TRUE WHEN '0' THEN FALSE WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE "
            f"ELSE CASE WHEN {folded} IN ({truthy}) THEN TRUE WHEN {folded} IN ({falsy}) THEN FALSE END END"
        )
    stored = sorted({s for _, s in field.choices if s})
    branches = " ".join(f"WHEN {_literal(text)} THEN {_literal(result)}" for text, result in field.choices)
    exact = ", ".join(_literal(s) for s in stored)
    return f"CASE WHEN {value} IN ({exact}) THEN {value} ELSE CASE {_folded(value)} {branches} END END"


def _final(field: Field) -> str:
    """SQL of the stored value from the stage-one columns ``v_`` (text) and ``m_`` (parsed)."""
    target = field.target
    value = f"nullif(m_{target}, '')" if field.kind is FieldKind.CHOICE else f"m_{target}"
    return f"coalesce({value}, {field.default})" if field.default is not None else value


def _message(field: Field) -> str:
    """SQL of the field's problem (NULL when the cell is fine), from ``v_`` and ``m_``."""
    v, m = f"v_{field.target}", f"m_{field.target}"
    checks = []
    if field.required:
        checks.append(f"WHEN {v} IS NULL THEN 'Không được để trống.'")
    unreadable = f"{v} IS NOT NULL AND {m} IS NULL"
    if field.kind is FieldKind.TEXT:
        limit = int(field.max_length)
        checks.append(
            f"WHEN length({v}) > {limit} THEN printf('Dài %d ký tự, vượt quá {limit} ký tự cho phép.', length({v}))"
        )
    elif field.kind in (FieldKind.TIMESTAMP, FieldKind.DATE):
        checks.append(
            f"WHEN {unreadable} THEN printf('“%s” không phải ngày giờ hợp lệ (cần {_FORMAT_HINT}).', {v})"
        )
    elif field.kind in (FieldKind.INTEGER, FieldKind.DECIMAL):
        checks.append(f"WHEN {unreadable} THEN printf('“%s” không phải số.', {v})")
        if field.minimum is not None:
            low = int(field.minimum)
            checks.append(f"WHEN {m} < {low} THEN printf('“%s” phải từ {low} trở lên.', {v})")
    elif field.kind is FieldKind.BOOLEAN:
        checks.append(
            f"WHEN {unreadable} THEN printf('“%s” không phải Có/Không (cần 1/0, Có/Không, x).', {v})"
        )
    else:
        labels = ", ".join(sorted({text for text, _ in field.choices if text}))
        checks.append(
            f"WHEN {unreadable} THEN printf('“%s” không phải giá trị hợp lệ (một trong: {labels}).', {v})"
        )
    return f"CASE {' '.join(checks)} END"


_UNIT_MESSAGE: Final = (
    "CASE WHEN v_unit_code IS NULL THEN 'Không được để trống.' "
    "WHEN unit_current IS NOT NULL THEN NULL "
    "WHEN unit_old IS NULL THEN printf('Không có đơn vị mã “%s” trong danh mục tổ chức "
    "(cũng không phải mã xã trước 01/7/2025 của tỉnh).', v_unit_code) "
    "WHEN unit_new IS NULL THEN unit_old_message END"
)
_KEYS: Final = {"ho_so": "dossier_code", "phan_anh": "feedback_code", "thu_tuc": "code"}
_MONTH_TEXT: Final = (
    "CASE WHEN regexp_full_match(v_month, '[0-9]{4}-(0[1-9]|1[0-2])') THEN v_month "
    "WHEN regexp_full_match(v_month, '(0?[1-9]|1[0-2])/[0-9]{4}') "
    "THEN printf('%s-%02d', split_part(v_month, '/', 2), CAST(split_part(v_month, '/', 1) AS INTEGER)) END"
)


def _extra_checks(schema: DatasetSchema, check_duplicates: bool) -> dict[str, str]:
    """Dataset-specific row checks: dates in order, a key twice in the file, the catalogue month."""
    checks: dict[str, str] = {}
    if schema.name == "ho_so":
        checks["appointment_at"] = (
            "CASE WHEN m_appointment_at < m_received_at THEN 'Ngày hẹn trả trước ngày tiếp nhận.' END"
        )
        checks["finished_at"] = (
            "CASE WHEN m_finished_at < m_received_at THEN 'Ngày kết thúc xử lý trước ngày tiếp nhận.' END"
        )
    if schema.name == "thu_tuc":
        checks["month"] = (
            f"CASE WHEN v_month IS NOT NULL AND ({_MONTH_TEXT}) IS NULL "
            "THEN printf('“%s” không phải tháng (cần yyyy-mm hoặc mm/yyyy).', v_month) END"
        )
    if check_duplicates:
        key = _KEYS[schema.name]
        checks[key] = (
            f"CASE WHEN first_row_of_key < {ROW_NUMBER} "
            f"THEN printf('Mã “%s” đã có ở dòng %d của tệp.', v_{key}, first_row_of_key) END"
        )
    return checks


def validate(
    connection: duckdb.DuckDBPyConnection,
    raw: Any,
    layout: Layout,
    *,
    headers: Mapping[str, str],
    units: UnitDirectory | None,
    source_system: str,
    default_month: str | None = None,
    check_duplicates: bool = True,
) -> Validated:
    """Validate ``raw`` (Arrow: ``row_number`` and ``f_<target>`` texts) against ``layout``.

    ``headers``: the header as written for each target present. ``units`` resolves ``unit_code`` (None
    for the catalogue). ``source_system`` fills rows without one; ``default_month`` the catalogue's month.
    Stage one reads every cell once (``v_`` text, ``m_`` parsed); stage two derives the stored values and
    one message per field; the good rows and the rejects are two SELECTs over stage two.
    """
    schema = layout.schema
    fields = layout.all_fields
    key = _KEYS[schema.name]
    present = {name[2:] for name in raw.column_names if name.startswith("f_")}
    with_units = units is not None and "unit_code" in present
    raw = _with_lookups(connection, raw, key if key in present else None, units if with_units else None)
    connection.register("raw_rows", raw)
    stage_one = [f"r.{ROW_NUMBER}", "r.first_row_of_key"]
    for field in fields:
        text = f"nullif(trim(r.f_{field.target}), '')" if field.target in present else "CAST(NULL AS VARCHAR)"
        stage_one.append(f"{text} AS v_{field.target}")
        stage_one.append(f"{_parsed(field, text)} AS m_{field.target}")
    if with_units:
        stage_one += ["r.unit_current", "r.unit_old", "r.unit_new", "r.unit_old_message"]
    joins = ""
    extra = _extra_checks(schema, check_duplicates)
    values: dict[str, str] = {}
    messages: list[str] = []
    for field in fields:
        target = field.target
        value, message = _final(field), _message(field)
        if target == "unit_code" and with_units:
            value, message = "coalesce(unit_current, unit_new)", _UNIT_MESSAGE
        if target == "month":
            value = f"coalesce({_MONTH_TEXT}, ?)"
        if target in extra:
            message = f"coalesce({message}, {extra[target]})"
        values[target] = value
        messages.append(f"{message} AS e_{target}")
    columns = []
    params: list[Any] = []
    for column in schema.columns:
        if column.name == "month" and layout.month_field is None:
            columns.append("strftime(m_received_at, '%Y-%m') AS month")
        elif column.name == "month":
            columns.append(f"CAST({values['month']} AS VARCHAR) AS month")
            params.append(default_month)
        elif column.name == "source_system":
            columns.append(f"CAST(coalesce({values['source_system']}, ?) AS VARCHAR) AS source_system")
            params.append(source_system)
        else:
            columns.append(f"CAST({values[column.name]} AS {column.duckdb_type}) AS {column.name}")
    # Fields outside the dataset (the applicant's, when kept) come out as text for a side dataset.
    outside = [
        f.target for f in fields if f.target not in schema.column_names and f is not layout.month_field
    ]
    columns += [f"CAST({values[target]} AS VARCHAR) AS {target}" for target in outside]
    sql = (
        f"WITH stage AS (SELECT {', '.join(stage_one)} FROM raw_rows AS r{joins}) "  # noqa: S608 - code constants only
        f"SELECT {ROW_NUMBER}, {', '.join(columns)}, {', '.join(messages)} FROM stage"
    )
    checked = connection.sql(sql, params=params).to_arrow_table()
    connection.unregister("raw_rows")
    targets = [field.target for field in fields]
    bad = None
    for target in targets:
        flag = pc.is_valid(checked.column(f"e_{target}"))
        bad = flag if bad is None else pc.or_(bad, flag)
    good = checked.select([ROW_NUMBER, *schema.column_names, *outside]).filter(pc.invert(bad))
    rejected = checked.select([ROW_NUMBER, *(f"e_{t}" for t in targets)]).filter(bad)
    # The values as written, taken from the file's texts for the rejected rows only.
    where = pc.index_in(rejected.column(ROW_NUMBER), value_set=raw.column(ROW_NUMBER))
    written = {t: pc.take(raw.column(f"f_{t}"), where).to_pylist() for t in targets if t in present}
    rejects = [
        Reject(row[ROW_NUMBER], target, headers.get(target, ""), _written(written, target, index), message)
        for index, row in enumerate(rejected.to_pylist())
        for target in targets
        if (message := row[f"e_{target}"]) is not None
    ]
    target_schema = _with_row_number(schema)
    for target in outside:
        target_schema = target_schema.append(pa.field(target, pa.string(), True))
    return Validated(good.cast(target_schema), tuple(rejects), checked.num_rows)


def _with_lookups(
    connection: duckdb.DuckDBPyConnection, raw: Any, key: str | None, units: UnitDirectory | None
) -> Any:
    """Add the lookups as columns, computed by Arrow's C++ kernels (joins in SQL would copy every wide row).

    ``first_row_of_key``: for a key written more than once, the first row holding it. ``unit_current``,
    ``unit_old``, ``unit_new``, ``unit_old_message``: what the unit code means (see units.py).
    """
    first_row = pa.nulls(raw.num_rows, pa.int64())
    if key is not None:
        keys = pc.utf8_trim_whitespace(raw.column(f"f_{key}"))
        narrow = pa.table({"k": keys, "n": raw.column(ROW_NUMBER)})
        repeated = _repeated_keys(connection, narrow)
        if repeated.num_rows:
            position = pc.index_in(keys, value_set=repeated.column("k"))
            first_row = pc.take(repeated.column("first_row"), position)
    raw = raw.append_column("first_row_of_key", first_row)
    if units is not None:
        codes = pc.utf8_trim_whitespace(raw.column("f_unit_code"))
        current = units.current_table().column("code")
        old = units.old_table()
        found = pc.is_in(codes, value_set=current)
        position = pc.index_in(codes, value_set=old.column("old_code"))
        raw = raw.append_column("unit_current", pc.if_else(found, codes, pa.scalar(None, pa.string())))
        raw = raw.append_column("unit_old", pc.take(old.column("old_code"), position))
        raw = raw.append_column("unit_new", pc.take(old.column("new_code"), position))
        raw = raw.append_column("unit_old_message", pc.take(old.column("message"), position))
    return raw


def _written(written: Mapping[str, list[Any]], target: str, index: int) -> str:
    values = written.get(target)
    return str(values[index] or "") if values is not None else ""


def _repeated_keys(connection: duckdb.DuckDBPyConnection, narrow: Any) -> Any:
    """The keys written more than once (``k``) and the first row of each (``first_row``)."""
    connection.register("narrow_keys", narrow)
    try:
        return connection.sql(
            "SELECT k, min(n) AS first_row FROM narrow_keys WHERE k <> '' GROUP BY k HAVING count(*) > 1"
        ).to_arrow_table()
    finally:
        connection.unregister("narrow_keys")


def _with_row_number(schema: DatasetSchema) -> pa.Schema:
    target = arrow_schema(schema)
    return pa.schema([pa.field(ROW_NUMBER, pa.int64(), False), *target])
