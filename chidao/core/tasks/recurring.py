"""Recurring tasks (thường xuyên): which reporting periods expect a report, and whether each came on time.

A recurring task has no single deadline (facts.md §2.2); instead every period of its cadence that
has ended expects a report, due a number of working days after the period's last day (a policy
value). Periods are ``chidao.core.periods.Period``; the rules are in docs/domain/task-statistics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.periods import Cadence, Period

__all__ = [
    "PeriodReport",
    "ReportDeadlineRule",
    "ReportState",
    "ReportSummary",
    "assess_reports",
    "expected_periods",
    "period_containing",
    "report_due_on",
    "summarise_reports",
]


class ReportState(StrEnum):
    """What happened to the report expected for one period, as of a date."""

    ON_TIME = "on_time"  # Đúng hạn
    LATE = "late"  # Trễ hạn
    MISSING = "missing"  # Chưa báo cáo (quá hạn báo cáo)
    PENDING = "pending"  # Chưa đến hạn báo cáo (the period ended, its report is not due yet)

    @property
    def label_vi(self) -> str:
        """The Vietnamese name shown to users."""
        return _STATE_LABELS[self]


_STATE_LABELS: Final = {
    ReportState.ON_TIME: "Báo cáo đúng hạn",
    ReportState.LATE: "Báo cáo trễ hạn",
    ReportState.MISSING: "Chưa báo cáo",
    ReportState.PENDING: "Chưa đến hạn báo cáo",
}


@dataclass(frozen=True)
class ReportDeadlineRule:
    """Policy: a period's report is due this many working days after the period's last day (0 = that day)."""

    working_days_after_period_end: int = 5


@dataclass(frozen=True)
class PeriodReport:
    """One expected report: its period, due date, the submission date if any, and its state."""

    period: Period
    due_on: date
    submitted_on: date | None
    state: ReportState


@dataclass(frozen=True)
class ReportSummary:
    """Counts of expected reports by state (for a task, a unit or the province)."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0

    @property
    def expected(self) -> int:
        """Reports expected so far, whatever their state."""
        return self.on_time + self.late + self.missing + self.pending

    def __add__(self, other: ReportSummary) -> ReportSummary:
        return ReportSummary(
            self.on_time + other.on_time,
            self.late + other.late,
            self.missing + other.missing,
            self.pending + other.pending,
        )


def period_containing(cadence: Cadence, day: date) -> Period:
    """The period of ``cadence`` that contains ``day`` (e.g. quarterly, 15/02/2026 → Quý I/2026)."""
    if cadence is Cadence.MONTHLY:
        return Period.month(day.year, day.month)
    if cadence is Cadence.QUARTERLY:
        return Period.quarter(day.year, (day.month + 2) // 3)
    if cadence is Cadence.HALF_YEARLY:
        return Period.half(day.year, 1 if day.month <= 6 else 2)
    return Period.year(day.year)


def expected_periods(cadence: Cadence, start: date, end: date) -> tuple[Period, ...]:
    """The periods of ``cadence`` whose last day falls within ``start``–``end`` (both included), in order.

    A period expects a report once it has ended, including the period in which the task was
    assigned (``start``): a task assigned on 15/02/2026 reports for Quý I/2026.
    """
    periods: list[Period] = []
    period = period_containing(cadence, start)
    while period.end <= end:
        periods.append(period)
        period = period_containing(cadence, period.end + timedelta(days=1))
    return tuple(periods)


def report_due_on(period: Period, rule: ReportDeadlineRule, calendar: WorkingCalendar) -> date:
    """The day the period's report is due: the rule's working days after the period's last day."""
    return calendar.add_working_days(period.end, rule.working_days_after_period_end)


def assess_reports(
    cadence: Cadence,
    *,
    start: date,
    as_of: date,
    submitted_on: Mapping[str, date],
    rule: ReportDeadlineRule,
    calendar: WorkingCalendar,
    until: date | None = None,
) -> tuple[PeriodReport, ...]:
    """The state of every report expected from ``start`` to ``as_of`` (or to ``until`` if earlier).

    ``submitted_on`` maps a period's code (``Period.code``, e.g. "2026-Q1") to the date its report
    was submitted; submissions dated after ``as_of`` are not known yet on that date. ``until`` ends
    the obligation early, e.g. on the day the task was suspended or stopped.
    """
    last_day = as_of if until is None else min(as_of, until)
    reports = []
    for period in expected_periods(cadence, start, last_day):
        due_on = report_due_on(period, rule, calendar)
        submitted = submitted_on.get(period.code)
        if submitted is not None and submitted > as_of:
            submitted = None
        reports.append(PeriodReport(period, due_on, submitted, _state(submitted, due_on, as_of)))
    return tuple(reports)


def _state(submitted: date | None, due_on: date, as_of: date) -> ReportState:
    if submitted is not None:
        return ReportState.ON_TIME if submitted <= due_on else ReportState.LATE
    # Like a task deadline: a report due dd/mm is missing from the next day.
    return ReportState.MISSING if as_of > due_on else ReportState.PENDING


def summarise_reports(reports: tuple[PeriodReport, ...]) -> ReportSummary:
    """Count the reports by state."""
    states = [report.state for report in reports]
    return ReportSummary(
        on_time=states.count(ReportState.ON_TIME),
        late=states.count(ReportState.LATE),
        missing=states.count(ReportState.MISSING),
        pending=states.count(ReportState.PENDING),
    )
