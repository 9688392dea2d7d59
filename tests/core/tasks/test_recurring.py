"""Recurring tasks: expected reporting periods per cadence and the state of each period's report."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.periods import Cadence, Period
from chidao.core.tasks.recurring import (
    PeriodReport,
    ReportDeadlineRule,
    ReportState,
    ReportSummary,
    assess_reports,
    expected_periods,
    period_containing,
    report_due_on,
    summarise_reports,
)

CALENDAR = default_calendar()
FIVE_WORKING_DAYS = ReportDeadlineRule(working_days_after_period_end=5)


@pytest.mark.parametrize(
    ("_case", "cadence", "start", "end", "expected_codes"),
    [
        (
            "quarterly, assigned mid-quarter: that quarter counts, the unfinished one does not",
            Cadence.QUARTERLY,
            date(2025, 2, 15),
            date(2026, 3, 3),
            ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"),
        ),
        ("monthly", Cadence.MONTHLY, date(2026, 1, 15), date(2026, 3, 3), ("2026-01", "2026-02")),
        (
            "monthly, end on the period's last day",
            Cadence.MONTHLY,
            date(2026, 3, 1),
            date(2026, 3, 31),
            ("2026-03",),
        ),
        ("half-yearly", Cadence.HALF_YEARLY, date(2025, 1, 1), date(2025, 12, 31), ("2025-H1", "2025-H2")),
        ("yearly", Cadence.YEARLY, date(2025, 6, 19), date(2026, 3, 3), ("2025",)),
        ("nothing ended yet", Cadence.QUARTERLY, date(2026, 1, 5), date(2026, 3, 3), ()),
        ("end before start", Cadence.MONTHLY, date(2026, 3, 3), date(2026, 1, 1), ()),
    ],
)
def test_expected_periods(
    _case: str, cadence: Cadence, start: date, end: date, expected_codes: tuple[str, ...]
) -> None:
    # given a cadence and two dates, when the expected periods are listed
    periods = expected_periods(cadence, start, end)

    # then they are the periods that ended in between, in order
    assert tuple(period.code for period in periods) == expected_codes


@pytest.mark.parametrize(
    ("_case", "cadence", "day", "expected_label"),
    [
        ("monthly", Cadence.MONTHLY, date(2026, 2, 15), "Tháng 2/2026"),
        ("quarterly", Cadence.QUARTERLY, date(2026, 5, 15), "Quý II/2026"),
        ("half-yearly, first half", Cadence.HALF_YEARLY, date(2026, 6, 30), "6 tháng đầu năm 2026"),
        ("half-yearly, second half", Cadence.HALF_YEARLY, date(2026, 7, 1), "6 tháng cuối năm 2026"),
        ("yearly", Cadence.YEARLY, date(2026, 12, 31), "Năm 2026"),
    ],
)
def test_period_containing(_case: str, cadence: Cadence, day: date, expected_label: str) -> None:
    # given a day, when its period of the cadence is found, then the label is the Vietnamese one
    assert period_containing(cadence, day).label_vi == expected_label


@pytest.mark.parametrize(
    ("_case", "period", "rule", "expected_due_on"),
    [
        (
            "Q2/2025 ends Monday 30/06: 01–04/07, 07/07",
            Period.quarter(2025, 2),
            FIVE_WORKING_DAYS,
            date(2025, 7, 7),
        ),
        (
            "Q4/2025: 01/01 and 02/01/2026 are off",
            Period.quarter(2025, 4),
            FIVE_WORKING_DAYS,
            date(2026, 1, 9),
        ),
        (
            "January 2026, 10 working days: before Tết",
            Period.month(2026, 1),
            ReportDeadlineRule(10),
            date(2026, 2, 13),
        ),
        (
            "January 2026, 11 working days: after Tết",
            Period.month(2026, 1),
            ReportDeadlineRule(11),
            date(2026, 2, 23),
        ),
        (
            "due on the last day, a Saturday, rolls to Monday",
            Period.month(2026, 2),
            ReportDeadlineRule(0),
            date(2026, 3, 2),
        ),
    ],
)
def test_report_due_on_counts_working_days(
    _case: str, period: Period, rule: ReportDeadlineRule, expected_due_on: date
) -> None:
    # given a period and the policy, when the report deadline is computed, then it skips days off
    assert report_due_on(period, rule, CALENDAR) == expected_due_on


ASSIGNED_ON = date(2025, 5, 15)
Q2_DUE = date(2025, 7, 7)
Q3_DUE = date(2025, 10, 7)
Q4_DUE = date(2026, 1, 9)
SUBMITTED = {"2025-Q2": Q2_DUE, "2025-Q3": date(2025, 10, 8), "2025-Q4": date(2026, 1, 6)}


def _assess(as_of: date, until: date | None = None) -> tuple[PeriodReport, ...]:
    return assess_reports(
        Cadence.QUARTERLY,
        start=ASSIGNED_ON,
        as_of=as_of,
        submitted_on=SUBMITTED,
        rule=FIVE_WORKING_DAYS,
        calendar=CALENDAR,
        until=until,
    )


def test_reports_on_the_due_day_late_and_pending() -> None:
    # given a quarterly task assigned 15/05/2025, reports due 5 working days after each quarter,
    # Q2 reported on its due day, Q3 a day late, Q4 on 06/01/2026
    # when assessed on 05/01/2026, before the Q4 report was sent
    reports = _assess(date(2026, 1, 5))

    # then Q2 is on time, Q3 late, Q4 not due yet and its later report unknown
    assert reports == (
        PeriodReport(Period.quarter(2025, 2), Q2_DUE, Q2_DUE, ReportState.ON_TIME),
        PeriodReport(Period.quarter(2025, 3), Q3_DUE, date(2025, 10, 8), ReportState.LATE),
        PeriodReport(Period.quarter(2025, 4), Q4_DUE, None, ReportState.PENDING),
    )
    assert summarise_reports(reports) == ReportSummary(on_time=1, late=1, missing=0, pending=1)


def test_a_report_is_missing_from_the_day_after_it_is_due() -> None:
    # given the same task without the Q4 report
    without_q4 = {code: day for code, day in SUBMITTED.items() if code != "2025-Q4"}

    # when assessed on the due day and the next day
    def q4_state(as_of: date) -> ReportState:
        return assess_reports(
            Cadence.QUARTERLY,
            start=ASSIGNED_ON,
            as_of=as_of,
            submitted_on=without_q4,
            rule=FIVE_WORKING_DAYS,
            calendar=CALENDAR,
        )[-1].state

    # then it is pending on 09/01/2026 and missing from 10/01/2026
    assert q4_state(Q4_DUE) is ReportState.PENDING
    assert q4_state(date(2026, 1, 10)) is ReportState.MISSING


def test_a_stopped_obligation_expects_no_later_reports() -> None:
    # given the task stopped on 15/12/2025, when assessed on 03/03/2026
    reports = _assess(date(2026, 3, 3), until=date(2025, 12, 15))

    # then Q4/2025, which ended after the decision, expects no report
    assert [report.period.code for report in reports] == ["2025-Q2", "2025-Q3"]


def test_summaries_add_up_across_tasks() -> None:
    # given two summaries, when added, then each state adds and the expected count follows
    total = ReportSummary(1, 2, 3, 4) + ReportSummary(on_time=1, missing=1)
    assert total == ReportSummary(2, 2, 4, 4)
    assert total.expected == 12
