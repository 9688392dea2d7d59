"""The SQL relations the index queries read: one row per dossier (or feedback) with every derived fact.

``dossier_relation`` is a chain of CTEs ending in ``dossier_facts``: the ``ho_so`` row joined to its
catalogue entry, the cutoff, the end of processing, the supplement state and the timeliness
``category_code`` (the SQL twin of ``timeliness.classify_dossier``; ``Category.code``), plus the booleans the indicator
conditions of ``catalogue.py`` use. ``feedback_relation`` does the same for ``phan_anh`` (``late``, the
twin of ``feedback.classify_feedback``). The builders of ``queries.py`` add one SELECT on top.

Performance (10 million dossiers, 12 months, 2 threads: about 2 s for every per-dossier indicator): the
catalogue is joined **above** the per-dossier chain. Joined at the bottom, DuckDB 2.0's partial-aggregate
pushdown merged the whole chain into one expression, copying every intermediate value (cutoff, end of
processing, clock day…) into each place using it — twenty times slower. Categories are small integers
(``Category.code``), not strings, for the same reason.

Working days come from ``workday_index``: Monday–Friday arithmetic plus one list of corrections bound as a
single text parameter, indexed per row — no calendar table, no join. Constants (the epoch, time limits)
are code constants; every value from the caller is a bound parameter.

Dialect: DuckDB. Besides the subset of docs/engines.md this uses date arithmetic (``date_diff``,
``to_seconds``, ``to_months``, ``strptime``), list indexing and ``string_split``; a Spark engine would
need equivalents for those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from chidao.core.service_index.feedback import (
    HANDLE_WORKING_DAYS,
    PUBLISH_WORKING_DAYS,
    REJECT_WORKING_DAYS,
    SUPPLEMENT_WORKING_DAYS,
)
from chidao.core.service_index.schema import HO_SO, PHAN_ANH, THU_TUC
from chidao.core.service_index.timeliness import Category, TimelinessPolicy, local_naive, month_cutoff
from chidao.core.service_index.workday_index import EPOCH, WorkingDayIndex
from chidao.core.sql import MAX_IN_LIST_VALUES, SqlValue, quote_identifier

__all__ = [
    "Evaluation",
    "Fragment",
    "Sources",
    "category_name_sql",
    "dossier_relation",
    "feedback_relation",
    "ordinal",
]

_MONTH: Final = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Sources:
    """The dataset (view) names to read; the engine exposes each published dataset under its name."""

    dossiers: str = HO_SO.name
    procedures: str = THU_TUC.name
    feedback: str = PHAN_ANH.name


@dataclass(frozen=True)
class Evaluation:
    """Which rows to judge and as of when.

    ``months``: the received months in scope (the period). ``cutoff``: one cutoff for every row (the
    period's end, see ``timeliness.cutoff_after``); None judges each month as of its own end, for
    monthly trends from one scan. ``now`` caps either cutoff for a period still running.
    ``catalogue_month``: the ``thu_tuc`` snapshot to join (None: no catalogue, every procedure unknown).
    ``unit_codes``: restrict to these units (None: all).
    """

    months: tuple[str, ...]
    policy: TimelinessPolicy
    catalogue_month: str | None = None
    cutoff: datetime | None = None
    now: datetime | None = None
    unit_codes: tuple[str, ...] | None = None
    index: WorkingDayIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        months = tuple(self.months)
        if not months:
            raise ValueError("Cần ít nhất một tháng để tính chỉ số.")
        bad = [month for month in (*months, self.catalogue_month or "2000-01") if not _MONTH.fullmatch(month)]
        if bad:
            raise ValueError(f"Tháng không hợp lệ (cần dạng YYYY-MM): {', '.join(bad)}.")
        if len(months) > MAX_IN_LIST_VALUES:
            raise ValueError("Quá nhiều tháng trong một lần tính.")
        object.__setattr__(self, "months", months)
        if self.unit_codes is not None:
            object.__setattr__(self, "unit_codes", tuple(self.unit_codes))
        if self.cutoff is not None:
            object.__setattr__(self, "cutoff", local_naive(self.cutoff))
        if self.now is not None:
            object.__setattr__(self, "now", local_naive(self.now))
        object.__setattr__(self, "index", WorkingDayIndex.from_calendar(self.policy.calendar))

    def cutoff_for(self, month: str) -> datetime:
        """The cutoff a row of ``month`` is judged at (the Python mirror of the SQL's ``cutoff``)."""
        if self.cutoff is not None:
            return min(self.cutoff, self.now) if self.now is not None else self.cutoff
        return month_cutoff(month, self.now)


@dataclass(frozen=True)
class Fragment:
    """SQL text with its positional parameters, in the order they appear."""

    sql: str
    params: tuple[SqlValue, ...] = ()


def ordinal(day: str) -> str:
    """SQL for the working-day ordinal of the DATE expression ``day`` (needs the params columns)."""
    span = f"(date_diff('day', DATE '{EPOCH.isoformat()}', {day}) + 1)"
    position = f"greatest(1, least(date_diff('day', corrections_start, {day}) + 1, len(corrections)))"
    return f"(5 * ({span} // 7) + least({span} % 7, 5) + corrections[{position}])"


def _params_cte(evaluation: Evaluation) -> Fragment:
    fixed = None
    if evaluation.cutoff is not None:
        fixed = evaluation.cutoff_for(evaluation.months[0])
    sql = (
        "params AS (SELECT CAST(? AS TIMESTAMP) AS fixed_cutoff, CAST(? AS TIMESTAMP) AS now_cap, "
        "CAST(? AS INTEGER) AS due_soon, CAST(string_split(?, ',') AS INTEGER[]) AS corrections, "
        "CAST(? AS DATE) AS corrections_start)"
    )
    index = evaluation.index
    return Fragment(
        sql,
        (
            fixed,
            evaluation.now,
            evaluation.policy.due_soon_working_days,
            index.corrections_text(),
            index.start,
        ),
    )


def _cutoff_sql(evaluation: Evaluation, month_column: str) -> str:
    if evaluation.cutoff is not None:
        return "p.fixed_cutoff"
    month_end = f"strptime({month_column}, '%Y-%m') + INTERVAL 1 MONTH"
    return f"CASE WHEN p.now_cap IS NULL THEN {month_end} ELSE least({month_end}, p.now_cap) END"


def _in_list(column: str, values: Sequence[str]) -> Fragment:
    if not values:
        return Fragment("FALSE")
    if len(values) > MAX_IN_LIST_VALUES:
        raise ValueError(f"Danh sách có {len(values)} giá trị, vượt giới hạn {MAX_IN_LIST_VALUES}.")
    return Fragment(f"{column} IN ({', '.join('?' for _ in values)})", tuple(values))


def _row_filter(evaluation: Evaluation, alias: str) -> Fragment:
    months = _in_list(f"{alias}.month", evaluation.months)
    if evaluation.unit_codes is None:
        return months
    units = _in_list(f"{alias}.unit_code", evaluation.unit_codes)
    return Fragment(f"{months.sql} AND {units.sql}", months.params + units.params)


def _procedures_cte(sources: Sources, evaluation: Evaluation) -> Fragment:
    columns = (
        "code, online_level, fee_bearing, paper_result, citizen_subject, "
        "statutory_limit_value, statutory_limit_unit"
    )
    if evaluation.catalogue_month is None:
        empty = (
            "SELECT CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS online_level, "
            "CAST(NULL AS BOOLEAN) AS fee_bearing, CAST(NULL AS BOOLEAN) AS paper_result, "
            "CAST(NULL AS BOOLEAN) AS citizen_subject, CAST(NULL AS DOUBLE) AS statutory_limit_value, "
            "CAST(NULL AS VARCHAR) AS statutory_limit_unit WHERE FALSE"
        )
        return Fragment(f"procedures AS ({empty})")
    table = quote_identifier(sources.procedures)
    return Fragment(
        f"procedures AS (SELECT {columns} FROM {table} WHERE month = ?)",  # noqa: S608 - quoted identifier
        (evaluation.catalogue_month,),
    )


_EARLY, _ON_TIME, _LATE = Category.EARLY.code, Category.ON_TIME.code, Category.LATE.code
_WITHIN, _DUE_SOON, _OVERDUE = Category.WITHIN.code, Category.DUE_SOON.code, Category.OVERDUE.code
_UNDETERMINED = Category.UNDETERMINED.code


def _by_deadline_day(deadline_day: str) -> str:
    d, od, oc = deadline_day, ordinal(deadline_day), ordinal("clock_day")
    return (
        f"CASE WHEN ended THEN CASE WHEN judged_day < {d} THEN {_EARLY} WHEN judged_day = {d} THEN {_ON_TIME} "
        f"ELSE {_LATE} END "
        f"WHEN single_open THEN CASE WHEN judged_day <= {d} THEN {_WITHIN} ELSE {_OVERDUE} END "
        f"WHEN clock_day > {d} THEN {_OVERDUE} "
        f"WHEN {od} - {oc} <= due_soon THEN {_DUE_SOON} ELSE {_WITHIN} END"
    )


def _by_hours() -> str:
    dd = "CAST(hours_deadline_at AS DATE)"
    od, oc = ordinal(dd), ordinal("clock_day")
    return (
        f"CASE WHEN ended THEN CASE WHEN judged_at > hours_deadline_at THEN {_LATE} "
        f"WHEN judged_day < {dd} THEN {_EARLY} ELSE {_ON_TIME} END "
        f"WHEN single_open THEN CASE WHEN judged_at > hours_deadline_at THEN {_OVERDUE} ELSE {_WITHIN} END "
        f"WHEN judged_at > hours_deadline_at THEN {_OVERDUE} "
        f"WHEN {od} - {oc} <= due_soon THEN {_DUE_SOON} ELSE {_WITHIN} END"
    )


def _used(day: str) -> str:
    return (
        f"(CASE WHEN limit_unit = 'working_days' THEN {ordinal(day)} - {ordinal('received_day')} "
        f"ELSE date_diff('day', received_day, {day}) END)"
    )


def _by_day_count() -> str:
    judged, clock = _used("judged_day"), _used("clock_day")
    return (
        f"CASE WHEN ended THEN CASE WHEN {judged} < limit_value THEN {_EARLY} "
        f"WHEN {judged} = limit_value THEN {_ON_TIME} ELSE {_LATE} END "
        f"WHEN single_open THEN CASE WHEN {judged} <= limit_value THEN {_WITHIN} ELSE {_OVERDUE} END "
        f"WHEN {clock} > limit_value THEN {_OVERDUE} "
        f"WHEN limit_value - {clock} <= due_soon THEN {_DUE_SOON} ELSE {_WITHIN} END"
    )


def _category_sql() -> str:
    return (
        f"CAST(CASE WHEN known_requests >= 2 THEN CASE WHEN ended THEN {_LATE} ELSE {_OVERDUE} END "
        f"WHEN appointment_day IS NOT NULL THEN {_by_deadline_day('appointment_day')} "
        f"WHEN limit_value IS NULL OR limit_unit IS NULL THEN {_UNDETERMINED} "
        f"WHEN limit_unit = 'hours' THEN {_by_hours()} "
        f"WHEN limit_unit = 'months' THEN {_by_deadline_day('months_deadline_day')} "
        f"WHEN limit_unit IN ('days', 'working_days') THEN {_by_day_count()} "
        f"ELSE {_UNDETERMINED} END AS TINYINT)"
    )


def category_name_sql() -> str:
    """SQL turning ``category_code`` back into the category's name (for drill-down rows)."""
    branches = " ".join(f"WHEN {category.code} THEN '{category.value}'" for category in Category)
    return f"CASE category_code {branches} END"


def dossier_relation(sources: Sources, evaluation: Evaluation) -> Fragment:
    """``WITH …`` defining ``dossier_facts``: one row per dossier in scope (no trailing SELECT)."""
    params = _params_cte(evaluation)
    procedures = _procedures_cte(sources, evaluation)
    rows = _row_filter(evaluation, "h")
    dossiers = quote_identifier(sources.dossiers)
    base = (
        "base AS (SELECT h.source_system, h.dossier_code, h.procedure_code, h.unit_code, h.month, "  # noqa: S608 - code constants and quoted identifiers
        f"{_cutoff_sql(evaluation, 'h.month')} AS cutoff, "
        "h.received_at, h.appointment_at, h.finished_at, h.returned_at, h.stopped_at, "
        "coalesce(h.supplement_count, 0) AS supplement_count, h.first_supplement_requested_at, "
        "coalesce(h.supplement_wait_seconds, 0) AS supplement_wait_seconds, h.supplement_open_since, "
        "h.channel, h.fee_amount, coalesce(h.paid_online, 0) AS paid_online, "
        "coalesce(h.result_file_link, '') <> '' AS has_result_link, "
        "coalesce(h.result_code, '') <> '' AND coalesce(h.result_file_link, '') <> '' AS has_e_result, "
        "coalesce(h.inputs_digitised, FALSE) AS inputs_digitised, "
        "coalesce(h.reused_digitised, FALSE) AS reused_digitised, "
        "coalesce(h.from_personal_store, FALSE) AS from_personal_store, "
        "coalesce(h.pushed_to_personal_store, FALSE) AS pushed_to_personal_store, "
        "coalesce(h.vneid_authenticated, FALSE) AS vneid_authenticated, "
        "coalesce(h.rating, '') AS rating, coalesce(h.complained, FALSE) AS complained, "
        "p.due_soon, p.corrections, p.corrections_start "
        f"FROM {dossiers} AS h CROSS JOIN params AS p WHERE {rows.sql})"
    )
    state = (
        "state AS (SELECT *, "
        "CASE WHEN finished_at < cutoff THEN finished_at WHEN returned_at < cutoff THEN returned_at "
        "WHEN stopped_at < cutoff THEN stopped_at END AS end_at, "
        "CASE WHEN finished_at < cutoff THEN 'finished' WHEN returned_at < cutoff THEN 'returned' "
        "WHEN stopped_at < cutoff THEN 'stopped' ELSE 'cutoff' END AS end_basis, "
        "CASE WHEN supplement_count > 0 AND (first_supplement_requested_at IS NULL "
        "OR first_supplement_requested_at < cutoff) THEN supplement_count ELSE 0 END AS known_requests "
        "FROM base)"
    )
    supplement = (
        "supplement AS (SELECT *, coalesce(known_requests = 1 AND first_supplement_requested_at IS NOT NULL "
        "AND (supplement_open_since IS NOT NULL "
        "OR first_supplement_requested_at + to_seconds(supplement_wait_seconds) >= cutoff), FALSE) AS single_open "
        "FROM state)"
    )
    timing = (
        "timing AS (SELECT *, end_at IS NOT NULL AS ended, "
        "CASE WHEN single_open THEN first_supplement_requested_at "
        "WHEN end_at IS NOT NULL THEN end_at - to_seconds(excluded_wait_seconds) "
        "ELSE cutoff - to_seconds(excluded_wait_seconds) END AS judged_at "
        "FROM (SELECT *, CASE WHEN known_requests = 1 AND NOT single_open THEN supplement_wait_seconds ELSE 0 END "
        "AS excluded_wait_seconds FROM supplement))"
    )
    days = (
        "days AS (SELECT *, CAST(judged_at AS DATE) AS judged_day, "
        "CAST(judged_at - INTERVAL 1 MICROSECOND AS DATE) AS clock_day, "
        "CAST(received_at AS DATE) AS received_day, CAST(appointment_at AS DATE) AS appointment_day "
        "FROM timing)"
    )
    # The catalogue is joined only now, above the per-dossier chain: see the module docstring.
    joined = (
        "joined AS (SELECT d.*, t.code IS NOT NULL AS in_catalogue, t.online_level, "
        "coalesce(t.paper_result, FALSE) AS paper_result, coalesce(t.fee_bearing, FALSE) AS fee_bearing, "
        "coalesce(t.citizen_subject, FALSE) AS citizen_subject, t.statutory_limit_value AS limit_value, "
        "t.statutory_limit_unit AS limit_unit "
        "FROM days AS d LEFT JOIN procedures AS t ON t.code = d.procedure_code)"
    )
    deadlines = (
        "deadlines AS (SELECT *, CASE WHEN limit_unit = 'months' THEN CAST(received_day "
        "+ to_months(CAST(floor(limit_value) AS INTEGER)) AS DATE) END AS months_deadline_day, "
        "CASE WHEN limit_unit = 'hours' THEN received_at "
        "+ to_microseconds(CAST(floor(limit_value * 3600000000) AS BIGINT)) END AS hours_deadline_at "
        "FROM joined)"
    )
    facts = (
        f"dossier_facts AS (SELECT *, {_category_sql()} AS category_code, "  # noqa: S608 - code constants and quoted identifiers
        "coalesce(channel = 2, FALSE) AND (NOT paper_result OR has_e_result) AS is_online "
        "FROM deadlines)"
    )
    sql = "WITH " + ", ".join(
        (params.sql, procedures.sql, base, state, supplement, timing, days, joined, deadlines, facts)
    )
    return Fragment(sql, params.params + procedures.params + rows.params)


def feedback_relation(sources: Sources, evaluation: Evaluation) -> Fragment:
    """``WITH …`` defining ``feedback_facts``: one row per feedback in scope, with ``late``."""
    params = _params_cte(evaluation)
    rows = _row_filter(evaluation, "f")
    table = quote_identifier(sources.feedback)

    def known_day(column: str) -> str:
        return (
            f"CASE WHEN {column} < cutoff THEN CAST({column} AS DATE) END AS {column.replace('_at', '_day')}"
        )

    base = (
        "base AS (SELECT f.source_system, f.feedback_code, f.unit_code, f.month, "  # noqa: S608 - code constants and quoted identifiers
        f"{_cutoff_sql(evaluation, 'f.month')} AS cutoff, f.received_at, f.deadline_at, f.handled_at, "
        "f.rejected_at, f.supplement_requested_at, f.published_at, coalesce(f.likes, 0) AS likes, "
        "coalesce(f.dislikes, 0) AS dislikes, coalesce(f.re_complained, FALSE) AS re_complained, "
        "p.corrections, p.corrections_start "
        f"FROM {table} AS f CROSS JOIN params AS p WHERE {rows.sql})"
    )
    days = (
        "days AS (SELECT *, CAST(received_at AS DATE) AS received_day, "  # noqa: S608 - code constants and quoted identifiers
        "CAST(cutoff - INTERVAL 1 MICROSECOND AS DATE) AS clock_day, "
        + ", ".join(
            known_day(column)
            for column in ("rejected_at", "supplement_requested_at", "handled_at", "published_at")
        )
        + " FROM base)"
    )
    received = ordinal("received_day")
    flags = (
        "flags AS (SELECT *, "  # noqa: S608 - code constants and quoted identifiers
        f"coalesce(rejected_day IS NOT NULL AND {ordinal('rejected_day')} - {received} > {REJECT_WORKING_DAYS}, FALSE) "
        "AS late_rejection, "
        f"coalesce(supplement_requested_day IS NOT NULL AND {ordinal('supplement_requested_day')} - {received} "
        f"> {SUPPLEMENT_WORKING_DAYS}, FALSE) AS late_supplement_request, "
        "CASE WHEN rejected_day IS NOT NULL THEN FALSE "
        "WHEN deadline_at IS NOT NULL THEN coalesce(handled_day, clock_day) > CAST(deadline_at AS DATE) "
        f"ELSE {ordinal('coalesce(handled_day, clock_day)')} - {received} > {HANDLE_WORKING_DAYS} END "
        "AS late_handling, "
        "CASE WHEN rejected_day IS NULL AND handled_day IS NOT NULL THEN "
        f"{ordinal('coalesce(published_day, clock_day)')} - {ordinal('handled_day')} > {PUBLISH_WORKING_DAYS} "
        "ELSE FALSE END AS late_publication "
        "FROM days)"
    )
    facts = (
        "feedback_facts AS (SELECT *, (late_rejection OR late_supplement_request OR late_handling "
        "OR late_publication) AS late FROM flags)"
    )
    sql = "WITH " + ", ".join((params.sql, base, days, flags, facts))
    return Fragment(sql, params.params + rows.params)
