"""Pure builders of safe analytical SQL: quoted identifiers, values always bound as parameters.

Every analytical query of chidao is a :class:`Query` (SQL text plus bound parameters). The text comes
either from a code constant or from the builders below; values from users, files or forms never
become SQL text. Builders are separate from execution so that the DuckDB engine today, and a Spark
engine later, run the same Query objects (dialect subset: docs/engines.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TypeAlias

MAX_IDENTIFIER_LENGTH = 128
"""Longest identifier accepted; Spark allows more, DuckDB too, but longer names are always a mistake."""

MAX_IN_LIST_VALUES = 10_000
"""Largest IN list: beyond this the caller should join against a dataset instead of binding values."""

SqlValue: TypeAlias = (
    bool | int | float | str | bytes | Decimal | dt.date | dt.datetime | dt.time | dt.timedelta | None
)
"""A value that both DuckDB and Spark bind as a parameter."""

_SQL_VALUE_TYPES = (bool, int, float, str, bytes, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta)
_PARAMETER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def quote_identifier(name: str) -> str:
    """Quote a table or column name for SQL: the ONE way an identifier enters SQL text.

    Double quotes inside the name are doubled, so any name (even ``x"; DROP TABLE y``) stays a name.
    """
    if not isinstance(name, str):
        raise TypeError(f"Tên cột/bảng phải là chuỗi, nhận {type(name).__name__}.")
    if name == "":
        raise ValueError("Tên cột/bảng không được để trống.")
    if "\x00" in name:
        raise ValueError("Tên cột/bảng không được chứa ký tự NUL.")
    if len(name) > MAX_IDENTIFIER_LENGTH:
        raise ValueError(f"Tên cột/bảng dài quá {MAX_IDENTIFIER_LENGTH} ký tự.")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError as error:
        # Lone surrogates come from badly decoded files; the engine could not encode them anyway.
        raise ValueError("Tên cột/bảng chứa ký tự Unicode không hợp lệ.") from error
    return '"' + name.replace('"', '""') + '"'


def _check_value(value: object) -> None:
    if value is not None and not isinstance(value, _SQL_VALUE_TYPES):
        raise TypeError(f"Giá trị kiểu {type(value).__name__} không thể gắn làm tham số SQL.")


def _freeze_params(
    params: Sequence[SqlValue] | Mapping[str, SqlValue],
) -> tuple[SqlValue, ...] | Mapping[str, SqlValue]:
    if isinstance(params, Mapping):
        for key, value in params.items():
            if not isinstance(key, str) or not _PARAMETER_NAME.fullmatch(key):
                raise ValueError(f"Tên tham số không hợp lệ: {key!r}.")
            _check_value(value)
        return MappingProxyType(dict(params))
    if isinstance(params, str | bytes):
        raise TypeError("Tham số phải là một dãy giá trị, không phải một chuỗi.")
    frozen = tuple(params)
    for value in frozen:
        _check_value(value)
    return frozen


@dataclass(frozen=True)
class Query:
    """A complete SQL statement and its bound parameters (positional ``?`` or named ``$name``).

    Create it only from a code constant or a builder of this module; never format user data into
    ``sql``. Positional parameters are the portable form (DuckDB and Spark 3.5+).
    """

    sql: str
    params: tuple[SqlValue, ...] | Mapping[str, SqlValue] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.sql, str) or not self.sql.strip():
            raise ValueError("Câu truy vấn SQL không được để trống.")
        if "\x00" in self.sql:
            raise ValueError("Câu truy vấn SQL không được chứa ký tự NUL.")
        object.__setattr__(self, "params", _freeze_params(self.params))

    @property
    def is_named(self) -> bool:
        """True when the parameters are bound by name (``$name``) rather than by position."""
        return isinstance(self.params, Mapping)


@dataclass(frozen=True)
class Predicate:
    """A boolean SQL fragment with positional ``?`` parameters, combined into a WHERE clause."""

    sql: str
    params: tuple[SqlValue, ...] = field(default=())

    def __post_init__(self) -> None:
        if isinstance(self.params, Mapping):
            raise TypeError("Điều kiện chỉ dùng tham số vị trí (?), để ghép được với nhau.")
        object.__setattr__(self, "params", _freeze_params(self.params))


TRUE = Predicate("TRUE")
"""The predicate every row satisfies (the neutral element of :func:`and_`)."""

FALSE = Predicate("FALSE")
"""The predicate no row satisfies (an IN over an empty list)."""


@dataclass(frozen=True)
class Order:
    """One ORDER BY key: a column name and its direction."""

    column: str
    descending: bool = False

    def to_sql(self) -> str:
        """Render the key with the column quoted; NULLs sort last in both directions for portability."""
        direction = "DESC" if self.descending else "ASC"
        return f"{quote_identifier(self.column)} {direction} NULLS LAST"


def where_equals(column: str, value: SqlValue) -> Predicate:
    """``column = ?``; a None value becomes ``column IS NULL`` because ``= NULL`` never matches."""
    _check_value(value)
    if value is None:
        return Predicate(f"{quote_identifier(column)} IS NULL")
    return Predicate(f"{quote_identifier(column)} = ?", (value,))


def in_list(column: str, values: Iterable[SqlValue]) -> Predicate:
    """``column IN (?, ?, ...)`` with one bound parameter per value; an empty list matches nothing.

    None values are rejected: ``IN (NULL)`` never matches, use :func:`where_equals` with None.
    """
    bound = tuple(values)
    if len(bound) > MAX_IN_LIST_VALUES:
        raise ValueError(f"Danh sách IN có {len(bound)} giá trị, vượt giới hạn {MAX_IN_LIST_VALUES}.")
    if any(value is None for value in bound):
        raise ValueError("Danh sách IN không được chứa NULL; dùng where_equals(cột, None).")
    if not bound:
        return FALSE
    placeholders = ", ".join("?" for _ in bound)
    return Predicate(f"{quote_identifier(column)} IN ({placeholders})", bound)


def _combine(operator: str, neutral: Predicate, predicates: Sequence[Predicate]) -> Predicate:
    if not predicates:
        return neutral
    if len(predicates) == 1:
        return predicates[0]
    sql = f" {operator} ".join(f"({predicate.sql})" for predicate in predicates)
    params = tuple(value for predicate in predicates for value in predicate.params)
    return Predicate(sql, params)


def and_(*predicates: Predicate) -> Predicate:
    """All predicates hold; each is parenthesised so operator precedence cannot leak between them."""
    return _combine("AND", TRUE, predicates)


def or_(*predicates: Predicate) -> Predicate:
    """At least one predicate holds; with no predicate nothing matches."""
    return _combine("OR", FALSE, predicates)


def not_(predicate: Predicate) -> Predicate:
    """The predicate does not hold (SQL three-valued logic: NULL stays NULL and is filtered out)."""
    return Predicate(f"NOT ({predicate.sql})", predicate.params)


def _check_limit(limit: int | None) -> None:
    # bool is an int subclass: LIMIT True would silently mean LIMIT 1.
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise ValueError(f"LIMIT phải là số nguyên không âm, nhận {limit!r}.")


def select_columns(
    source: str,
    columns: Sequence[str],
    *,
    where: Predicate | None = None,
    order_by: Sequence[Order | str] = (),
    limit: int | None = None,
) -> Query:
    """``SELECT "c1", "c2" FROM "source" [WHERE ...] [ORDER BY ...] [LIMIT n]`` with bound values.

    ``source`` is a dataset (view) name. The limit is a checked int rendered in the text because
    Spark does not accept a parameter there.
    """
    if isinstance(columns, str):
        raise TypeError("columns phải là một dãy tên cột, không phải một chuỗi.")
    if not columns:
        raise ValueError("Cần ít nhất một cột để SELECT.")
    _check_limit(limit)
    parts = [
        "SELECT " + ", ".join(quote_identifier(column) for column in columns),
        "FROM " + quote_identifier(source),
    ]
    params: tuple[SqlValue, ...] = ()
    if where is not None:
        parts.append(f"WHERE {where.sql}")
        params = where.params
    if order_by:
        keys = (key if isinstance(key, Order) else Order(key) for key in order_by)
        parts.append("ORDER BY " + ", ".join(key.to_sql() for key in keys))
    if limit is not None:
        parts.append(f"LIMIT {int(limit)}")
    return Query(" ".join(parts), params)


def count_rows(source: str, *, where: Predicate | None = None) -> Query:
    """``SELECT count(*) AS "row_count" FROM "source" [WHERE ...]``."""
    # The only interpolated text is an identifier passed through quote_identifier.
    sql = f'SELECT count(*) AS "row_count" FROM {quote_identifier(source)}'  # noqa: S608
    if where is None:
        return Query(sql)
    return Query(f"{sql} WHERE {where.sql}", where.params)
