"""The SQL relations the checks read: one row per register record with every derived fact the rules need.

``facts_relation(register, …)`` is a chain of CTEs ending in ``facts``: the register's rows (one extract
month, or all; read as a subquery wherever needed, never as a shared CTE, which DuckDB would materialise
with every column — three times slower on 3.2 million rows), joined to

- ``commune_status``: the commune-code table aggregated per code (current? how many successors?), so a
  residence code is current, old (with one successor or split) or unknown;
- ``duplicate_keys``: the key values held by more than one record (aggregated once, joined back);
- for the insurance register, ``population_people``: the population register aggregated per personal ID
  (how many records, their name comparison keys and birth dates, whether any is deceased); folded keys are
  computed only for the insurance names whose exact key matched none.

Every record also gets ``responsible_commune``: its commune code when current, the one successor of an old
code, else NULL (a split or unknown code: the province-level unit of the owner handles it).

Values from the caller (as-of date, months, windows) are bound as named parameters (``$as_of``…); the code
lists (province codes) and SQL fragments are code constants. Dialect: DuckDB (``regexp_full_match``,
``nfc_normalize``, ``strip_accents``, lists).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from chidao.core.data_quality.config import QualityConfig
from chidao.core.data_quality.identifiers import BIRTH_PLACE_CODES
from chidao.core.data_quality.names import comparison_key_sql, folded_key_sql
from chidao.core.data_quality.schema import BHXH, DAN_CU, register
from chidao.core.sql import SqlValue, quote_identifier

__all__ = [
    "KNOWN_PLACE_CODES_SQL",
    "Fragment",
    "Parameters",
    "RunContext",
    "Sources",
    "facts_relation",
    "is_missing_sql",
    "is_present_sql",
]

_MONTH: Final = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_PARAMETER: Final = re.compile(r"^[a-z][a-z0-9_]*$")

KNOWN_PLACE_CODES_SQL: Final = "(" + ", ".join(f"'{code}'" for code in sorted(BIRTH_PLACE_CODES)) + ")"
"""The 63 province codes as an SQL list (code constants: three digits each, checked at import)."""
assert all(re.fullmatch(r"[0-9]{3}", code) for code in BIRTH_PLACE_CODES)


@dataclass(frozen=True)
class Sources:
    """The dataset (view) names to read and the extract month of each register (None: every row)."""

    population: str = DAN_CU.name
    insurance: str = BHXH.name
    communes: str = "ma_xa"
    population_month: str | None = None
    insurance_month: str | None = None

    def __post_init__(self) -> None:
        for month in (self.population_month, self.insurance_month):
            if month is not None and not _MONTH.fullmatch(month):
                raise ValueError(f"Tháng trích xuất không hợp lệ (cần dạng YYYY-MM): {month}.")

    def view(self, register_name: str) -> str:
        """The view holding ``register_name``."""
        return self.population if register(register_name) is DAN_CU else self.insurance

    def month(self, register_name: str) -> str | None:
        """The extract month read from ``register_name``."""
        return self.population_month if register(register_name) is DAN_CU else self.insurance_month


@dataclass(frozen=True)
class RunContext:
    """As of when, and under which configuration, the checks judge."""

    as_of: date
    config: QualityConfig


@dataclass
class Parameters:
    """Named parameters collected while a query is composed (each bound once, under a fixed name)."""

    values: dict[str, SqlValue] = field(default_factory=dict)

    def bind(self, name: str, value: SqlValue) -> str:
        """``$name`` for ``value``; binding the same name twice must give the same value."""
        if not _PARAMETER.fullmatch(name):
            raise ValueError(f"Tên tham số không hợp lệ: {name!r}.")
        if name in self.values and self.values[name] != value:
            raise ValueError(f"Tham số {name} bị gắn hai giá trị khác nhau.")
        self.values[name] = value
        return f"${name}"


@dataclass(frozen=True)
class Fragment:
    """SQL text (a WITH chain ending in ``facts``) and its named parameters."""

    sql: str
    params: Mapping[str, SqlValue]


def is_missing_sql(column: str, *, text: bool) -> str:
    """The column is NULL, or (text) empty or only spaces."""
    name = quote_identifier(column)
    if not text:
        return f"({name} IS NULL)"
    # trim only the values starting with a space (trim on every value costs a second per 3 million rows)
    return (
        f"({name} IS NULL OR CASE WHEN prefix({name}, ' ') THEN trim({name}, ' ') = '' ELSE {name} = '' END)"
    )


def is_present_sql(column: str, *, text: bool) -> str:
    """The column has a value (the negation of :func:`is_missing_sql`, never NULL)."""
    return f"(NOT {is_missing_sql(column, text=text)})"


def _rows(view: str, month: str | None, params: Parameters, name: str) -> str:
    source = f"SELECT * FROM {quote_identifier(view)}"  # noqa: S608 - quoted identifier
    if month is None:
        return source
    return f"{source} WHERE month = {params.bind(name, month)}"


def _commune_status(sources: Sources) -> str:
    table = quote_identifier(sources.communes)
    return (
        "commune_status AS (SELECT code, bool_or(is_current) AS commune_current, "  # noqa: S608
        "count(DISTINCT successor_code) FILTER (WHERE NOT is_current) AS commune_successors, "
        "min(successor_code) FILTER (WHERE NOT is_current) AS commune_successor "
        f"FROM {table} GROUP BY code)"
    )


_RESPONSIBLE: Final = (
    "CASE WHEN cs.commune_current THEN cs.code "
    "WHEN cs.commune_successors = 1 THEN cs.commune_successor END AS responsible_commune"
)
_COMMUNE_COLUMNS: Final = (
    "cs.code IS NOT NULL AS commune_known, coalesce(cs.commune_current, FALSE) AS commune_current, "
    "cs.commune_successors, cs.commune_successor"
)
_ID_OK: Final = "coalesce(regexp_full_match(r.personal_id, '[0-9]{12}'), FALSE) AS id_ok"


def _population_facts(sources: Sources, params: Parameters) -> str:
    rows = _rows(sources.population, sources.population_month, params, "population_month")
    return (
        f"WITH {_commune_status(sources)}, "  # noqa: S608 - code constants and quoted identifiers
        f"duplicate_keys AS (SELECT personal_id, count(*) AS same_personal_id FROM ({rows}) "
        f"WHERE {is_present_sql('personal_id', text=True)} GROUP BY personal_id HAVING count(*) > 1), "
        "facts AS (SELECT r.*, "
        f"{_ID_OK}, coalesce(d.same_personal_id, 1) AS same_personal_id, {_COMMUNE_COLUMNS}, {_RESPONSIBLE} "
        f"FROM ({rows}) r LEFT JOIN duplicate_keys d ON d.personal_id = r.personal_id "
        "LEFT JOIN commune_status cs ON cs.code = r.residence_commune_code)"
    )


def _insurance_facts(sources: Sources, params: Parameters) -> str:
    rows = _rows(sources.insurance, sources.insurance_month, params, "insurance_month")
    people = _rows(sources.population, sources.population_month, params, "population_month")
    key = comparison_key_sql("full_name")
    return (
        f"WITH {_commune_status(sources)}, "  # noqa: S608 - code constants and quoted identifiers
        f"duplicate_codes AS (SELECT insurance_code, count(*) AS same_insurance_code FROM ({rows}) "
        f"WHERE {is_present_sql('insurance_code', text=True)} GROUP BY insurance_code HAVING count(*) > 1), "
        f"duplicate_people AS (SELECT personal_id, count(*) AS same_personal_id FROM ({rows}) "
        f"WHERE {is_present_sql('personal_id', text=True)} GROUP BY personal_id HAVING count(*) > 1), "
        # only the people the insurance register names: a semi-join keeps the name keys and the aggregation
        # to about a third of the population
        f"people_keys AS (SELECT personal_id, {key} AS name_key, birth_date, life_status FROM ({people}) "
        f"WHERE personal_id IN (SELECT personal_id FROM ({rows}) WHERE personal_id IS NOT NULL)), "
        "population_people AS (SELECT personal_id, count(*) AS population_rows, "
        "list(name_key) AS name_keys, "
        "list(birth_date) AS birth_dates, bool_or(life_status = 'deceased') AS deceased_in_population "
        "FROM people_keys GROUP BY personal_id), "
        f"keyed AS (SELECT r.*, {key} AS name_key FROM ({rows}) r), "
        "facts AS (SELECT r.*, "
        f"{_ID_OK}, coalesce(dc.same_insurance_code, 1) AS same_insurance_code, "
        f"coalesce(dp.same_personal_id, 1) AS same_personal_id, {_COMMUNE_COLUMNS}, {_RESPONSIBLE}, "
        "coalesce(p.population_rows, 0) AS population_rows, "
        "coalesce(list_contains(p.name_keys, r.name_key), FALSE) AS name_exact, "
        # folded keys only where the exact key did not match (strip_accents is the dearest function here)
        "coalesce(CASE WHEN NOT coalesce(list_contains(p.name_keys, r.name_key), FALSE) "
        f"THEN list_contains(list_transform(p.name_keys, lambda k: {folded_key_sql('k')}), "
        f"{folded_key_sql('r.name_key')}) END, FALSE) AS name_folded_equal, "
        "coalesce(list_contains(p.birth_dates, r.birth_date), FALSE) AS birth_equal, "
        "coalesce(p.deceased_in_population, FALSE) AS deceased_in_population "
        "FROM keyed r LEFT JOIN duplicate_codes dc ON dc.insurance_code = r.insurance_code "
        "LEFT JOIN duplicate_people dp ON dp.personal_id = r.personal_id "
        "LEFT JOIN population_people p ON p.personal_id = r.personal_id "
        "LEFT JOIN commune_status cs ON cs.code = r.commune_code)"
    )


def facts_relation(register_name: str, sources: Sources, params: Parameters) -> str:
    """The WITH chain ending in ``facts`` for a register (its parameters go into ``params``)."""
    if register(register_name) is DAN_CU:
        return _population_facts(sources, params)
    return _insurance_facts(sources, params)
