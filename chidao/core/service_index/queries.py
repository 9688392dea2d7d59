"""Query builders of the index: numerators and denominators per unit and month, from one scan.

- ``dossier_counts_query``: ALL per-dossier indicators (and the seven timeliness categories) of the
  evaluated months in ONE pass over ``ho_so`` grouped by unit_code and month (conditional aggregates).
  A quarter or year is the sum of its month rows when the evaluation has one fixed cutoff (each dossier
  belongs to one received month); with ``cutoff=None`` each month is judged as of its own end (trends).
- ``procedure_counts_query``: per-procedure indicators, distinct procedure codes over the whole period,
  per unit or for all units in scope together (never add per-unit rows: a procedure used by two units
  counts once for both together).
- ``feedback_counts_query``: per-feedback indicators per unit and month.
- ``indicator_query``: one indicator's numerator and denominator (the same SQL, fewer aggregates).
- ``processing_time_query`` (2.2) and ``costing_dossiers_query`` (drill-down: the rows that cost points).

Result columns: ``unit_code``, ``month`` (not for per-procedure), ``den_<key>`` and ``num_<key>`` where
``key`` is the indicator id with "." → "_" (``den_2_1``), and for dossiers ``dossiers`` and
``cat_<category>``. ``counts_from_row`` turns a result row back into ``Counts`` by indicator id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from chidao.core.service_index.catalogue import Basis, Indicator, indicator, indicators_of
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.relations import (
    Evaluation,
    Fragment,
    Sources,
    category_name_sql,
    dossier_relation,
    feedback_relation,
    ordinal,
)
from chidao.core.service_index.timeliness import Category
from chidao.core.sql import Query

__all__ = [
    "CATEGORY_COLUMNS",
    "costing_dossiers_query",
    "counts_from_row",
    "dossier_counts_query",
    "feedback_counts_query",
    "indicator_query",
    "procedure_counts_query",
    "processing_time_query",
]

CATEGORY_COLUMNS: Final = {category: f"cat_{category.value}" for category in Category}


def _count_if(condition: str) -> str:
    # count_if (DuckDB and Spark) is a quarter faster here than sum(CASE WHEN … THEN 1 ELSE 0 END); a NULL
    # condition does not count, and a condition folded to a constant NULL (no catalogue) gives NULL, hence coalesce.
    return f"coalesce(count_if({condition}), 0)"


def _counted(basis: Basis, indicators: Sequence[Indicator] | None) -> tuple[Indicator, ...]:
    if indicators is None:
        return tuple(item for item in indicators_of(basis) if item.counted)
    chosen = tuple(indicators)
    wrong = [item.id for item in chosen if item.basis is not basis or not item.counted]
    if wrong:
        raise ValueError(f"Chỉ số {', '.join(wrong)} không tính được bằng truy vấn này.")
    return chosen


def _aggregates(indicators: Iterable[Indicator], *, distinct_procedures: bool = False) -> list[str]:
    columns = []
    for item in indicators:
        denominator = f"({item.sql_denominator})"
        numerator = f"{denominator} AND ({item.sql_numerator})"
        if distinct_procedures:
            columns.append(
                f'count(DISTINCT CASE WHEN {denominator} THEN procedure_code END) AS "den_{item.key}"'
            )
            columns.append(
                f'count(DISTINCT CASE WHEN {numerator} THEN procedure_code END) AS "num_{item.key}"'
            )
        else:
            columns.append(f'{_count_if(denominator)} AS "den_{item.key}"')
            columns.append(f'{_count_if(numerator)} AS "num_{item.key}"')
    return columns


def _grouped(relation: Fragment, source: str, columns: Sequence[str], keys: Sequence[str]) -> Query:
    select = ", ".join((*keys, *columns))
    sql = f"{relation.sql} SELECT {select} FROM {source}"  # noqa: S608 - code constants only
    if keys:
        sql += f" GROUP BY {', '.join(keys)} ORDER BY {', '.join(keys)}"
    return Query(sql, relation.params)


def dossier_counts_query(
    sources: Sources,
    evaluation: Evaluation,
    indicators: Sequence[Indicator] | None = None,
    *,
    with_categories: bool = True,
) -> Query:
    """Every per-dossier indicator (or the given ones) per unit_code and month, from one scan."""
    chosen = _counted(Basis.DOSSIER, indicators)
    columns = ["count(*) AS dossiers"]
    if with_categories:
        columns += [
            f'{_count_if(f"category_code = {category.code}")} AS "{column}"'
            for category, column in CATEGORY_COLUMNS.items()
        ]
    columns += _aggregates(chosen)
    return _grouped(dossier_relation(sources, evaluation), "dossier_facts", columns, ("unit_code", "month"))


def procedure_counts_query(
    sources: Sources,
    evaluation: Evaluation,
    indicators: Sequence[Indicator] | None = None,
    *,
    by_unit: bool = True,
) -> Query:
    """Per-procedure indicators over the whole period: distinct procedures per unit, or for all units in scope."""
    chosen = _counted(Basis.PROCEDURE, indicators)
    columns = _aggregates(chosen, distinct_procedures=True)
    keys = ("unit_code",) if by_unit else ()
    if not by_unit:
        columns = ["CAST(NULL AS VARCHAR) AS unit_code", *columns]
    return _grouped(dossier_relation(sources, evaluation), "dossier_facts", columns, keys)


def feedback_counts_query(
    sources: Sources, evaluation: Evaluation, indicators: Sequence[Indicator] | None = None
) -> Query:
    """Per-feedback indicators (5.2, 5.3) per unit_code and month."""
    chosen = _counted(Basis.FEEDBACK, indicators)
    columns = ["count(*) AS feedback", *_aggregates(chosen)]
    return _grouped(feedback_relation(sources, evaluation), "feedback_facts", columns, ("unit_code", "month"))


def indicator_query(item: Indicator | str, sources: Sources, evaluation: Evaluation) -> Query:
    """Numerator and denominator of one indicator per unit_code (and month, except per-procedure)."""
    chosen = indicator(item) if isinstance(item, str) else item
    if chosen.basis is Basis.DOSSIER and chosen.counted:
        return dossier_counts_query(sources, evaluation, (chosen,), with_categories=False)
    if chosen.basis is Basis.PROCEDURE:
        return procedure_counts_query(sources, evaluation, (chosen,))
    if chosen.basis is Basis.FEEDBACK:
        return feedback_counts_query(sources, evaluation, (chosen,))
    if chosen.id == "2.2":
        return processing_time_query(sources, evaluation)
    raise ValueError(f"Chỉ số {chosen.id} lấy từ số liệu công bố, không có truy vấn tính lại.")


def counts_from_row(
    row: Mapping[str, Any], indicators: Iterable[Indicator] | None = None
) -> dict[str, Counts]:
    """``Counts`` by indicator id from one result row (indicators whose columns are absent are skipped)."""
    chosen = (
        tuple(indicators)
        if indicators is not None
        else tuple(
            item
            for item in (
                *indicators_of(Basis.DOSSIER),
                *indicators_of(Basis.PROCEDURE),
                *indicators_of(Basis.FEEDBACK),
            )
            if item.counted
        )
    )
    counts = {}
    for item in chosen:
        numerator, denominator = row.get(f"num_{item.key}"), row.get(f"den_{item.key}")
        if numerator is None or denominator is None:
            continue
        counts[item.id] = Counts(int(numerator), int(denominator))
    return counts


def processing_time_query(sources: Sources, evaluation: Evaluation) -> Query:
    """2.2: per unit, procedure and month, the dossiers with a result by the cutoff and their total time.

    Time = result − received − the export's total supplement wait; ``processing_microseconds`` sums it
    exactly and ``processing_working_days`` sums the working days in (received day, day of that moment].
    The page divides by ``completed`` and shows the procedure's own unit (``limit_unit``).
    """
    relation = dossier_relation(sources, evaluation)
    result_at = (
        "CASE WHEN finished_at < cutoff THEN finished_at WHEN returned_at < cutoff THEN returned_at END"
    )
    net_end = f"(({result_at}) - to_seconds(supplement_wait_seconds))"
    columns = (
        "count(*) AS completed",
        f"sum(epoch_us({net_end}) - epoch_us(received_at)) AS processing_microseconds",
        f"sum({ordinal(f'CAST({net_end} AS DATE)')} - {ordinal('received_day')}) AS processing_working_days",
        "min(limit_unit) AS limit_unit",
    )
    keys = ("unit_code", "procedure_code", "month")
    sql = (
        f"{relation.sql} SELECT {', '.join((*keys, *columns))} FROM dossier_facts "  # noqa: S608
        f"WHERE ({result_at}) IS NOT NULL GROUP BY {', '.join(keys)} ORDER BY {', '.join(keys)}"
    )
    return Query(sql, relation.params)


_DOSSIER_DETAIL: Final = (
    "source_system",
    "dossier_code",
    "procedure_code",
    "unit_code",
    "month",
    "received_at",
    "appointment_at",
    f"{category_name_sql()} AS category",
    "end_basis",
    "judged_at",
    "known_requests",
)
_FEEDBACK_DETAIL: Final = (
    "source_system",
    "feedback_code",
    "unit_code",
    "month",
    "received_at",
    "late_rejection",
    "late_supplement_request",
    "late_handling",
    "late_publication",
    "likes",
    "dislikes",
    "re_complained",
)


def costing_dossiers_query(
    item: Indicator | str, sources: Sources, evaluation: Evaluation, *, limit: int = 1000
) -> Query:
    """The rows that cost points: in the denominator but not the numerator (dossiers, feedback or procedures).

    Restrict the units through ``evaluation.unit_codes``. Per-procedure indicators list the procedures in
    scope that no dossier made qualify.
    """
    chosen = indicator(item) if isinstance(item, str) else item
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ValueError(f"LIMIT phải là số nguyên không âm, nhận {limit!r}.")
    denominator = f"({chosen.sql_denominator})"
    failing = f"{denominator} AND NOT coalesce(({chosen.sql_numerator}), FALSE)"
    columns: tuple[str, ...]
    if chosen.basis is Basis.DOSSIER and chosen.counted:
        relation, source, columns = dossier_relation(sources, evaluation), "dossier_facts", _DOSSIER_DETAIL
        order = "received_at, source_system, dossier_code"
    elif chosen.basis is Basis.FEEDBACK:
        relation, source, columns = feedback_relation(sources, evaluation), "feedback_facts", _FEEDBACK_DETAIL
        order = "received_at, source_system, feedback_code"
    elif chosen.basis is Basis.PROCEDURE:
        relation = dossier_relation(sources, evaluation)
        sql = (
            f"{relation.sql} SELECT unit_code, procedure_code, count(*) AS dossiers FROM dossier_facts "  # noqa: S608
            f"GROUP BY unit_code, procedure_code HAVING bool_or({denominator}) "
            f"AND NOT bool_or(coalesce({denominator} AND ({chosen.sql_numerator}), FALSE)) "
            f"ORDER BY unit_code, procedure_code LIMIT {int(limit)}"
        )
        return Query(sql, relation.params)
    else:
        raise ValueError(f"Chỉ số {chosen.id} không có danh sách hồ sơ để xem chi tiết.")
    sql = (
        f"{relation.sql} SELECT {', '.join(columns)} FROM {source} "  # noqa: S608 - code constants only
        f"WHERE {failing} ORDER BY {order} LIMIT {int(limit)}"
    )
    return Query(sql, relation.params)
