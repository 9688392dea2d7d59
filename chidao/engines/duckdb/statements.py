"""The statement guard: only one read-only SELECT goes through the engine."""

from __future__ import annotations

from collections.abc import Mapping

import duckdb

from chidao.core.sql import Query
from chidao.engines.duckdb.layout import DatasetError


class ForbiddenStatementError(DatasetError):
    """The SQL is not exactly one SELECT (COPY, ATTACH, SET, CREATE, several statements...)."""


def check_single_select(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse anything but a single SELECT, as parsed by DuckDB itself (WITH, DESCRIBE included).

    Together with the sandbox this keeps query connections read-only: COPY ... TO, ATTACH, INSTALL,
    SET and DDL never run, whatever a Query contains.
    """
    try:
        statements = connection.extract_statements(sql)
    except duckdb.ParserException as error:
        raise ForbiddenStatementError(f"Câu SQL không hợp lệ: {error}") from error
    if len(statements) != 1:
        raise ForbiddenStatementError(f"Chỉ được chạy đúng một câu lệnh SELECT, nhận {len(statements)}.")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise ForbiddenStatementError(f"Chỉ được chạy câu lệnh SELECT, nhận {kind.name}.")


def bound_parameters(query: Query) -> list[object] | dict[str, object]:
    """The parameters of a Query in the form DuckDB binds: a list for ``?``, a dict for ``$name``."""
    if isinstance(query.params, Mapping):
        return dict(query.params)
    return list(query.params)
