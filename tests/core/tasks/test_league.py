"""League table of lead units, with counts and rates computed by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from chidao.core.calendar import default_calendar
from chidao.core.tasks.league import LeagueRow, compute_league_table
from chidao.core.tasks.recurring import ReportSummary
from chidao.core.tasks.statistics import TaskRecord
from chidao.core.tasks.status import DeadlineBasis, ExtensionFact, TaskFacts, TaskKind

CALENDAR = default_calendar()
AS_OF = date(2026, 3, 6)
DEPARTMENT = "SKHCN"
COMMUNE = "XA1"
QUIET_COMMUNE = "XA2"

DONE_ON_TIME = TaskFacts(
    TaskKind.TIME_BOUND, date(2026, 3, 31), completed_on=date(2026, 3, 2), confirmed=True
)
# Due Monday 30/06/2025, evidence Friday 04/07/2025: 4 working days late.
DONE_LATE = TaskFacts(TaskKind.TIME_BOUND, date(2025, 6, 30), completed_on=date(2025, 7, 4), confirmed=True)
# Due Friday 27/02/2026, in progress on Friday 06/03/2026: 5 working days late.
OVERDUE = TaskFacts(TaskKind.TIME_BOUND, date(2026, 2, 27), progress_percent=30, has_report=True)
RECURRING = TaskFacts(TaskKind.RECURRING, None, has_report=True)
SUSPENDED = replace(OVERDUE, suspended_on=date(2026, 2, 20))
RESCUED = replace(
    OVERDUE, extensions=(ExtensionFact(date(2026, 2, 27), date(2026, 3, 31), approved_on=date(2026, 3, 5)),)
)


def _table(records: list[TaskRecord], **options: object) -> tuple[LeagueRow, ...]:
    return compute_league_table(records, as_of=AS_OF, calendar=CALENDAR, **options)  # type: ignore[arg-type]


COMMUNE_RECORDS = [
    TaskRecord(1, COMMUNE, DONE_ON_TIME),
    TaskRecord(2, COMMUNE, DONE_LATE),
    TaskRecord(3, COMMUNE, OVERDUE),
    TaskRecord(4, COMMUNE, RECURRING),
    TaskRecord(5, COMMUNE, SUSPENDED),
]
REPORTS = {COMMUNE: ReportSummary(on_time=3, late=1, missing=1), QUIET_COMMUNE: ReportSummary(missing=2)}


def test_league_rows_by_hand() -> None:
    # given a commune with one task of each outcome, a department with one on-time task, and a
    # commune with no task but two missing periodic reports
    records = [*COMMUNE_RECORDS, TaskRecord(6, DEPARTMENT, DONE_ON_TIME)]

    # when the league table is computed as of 06/03/2026
    table = _table(records, report_summaries=REPORTS)

    # then the department leads (1/1), the commune follows (1 on time of 3 judged, (4 + 5) / 2 days
    # late on average; the suspended task is not counted), and the unit with no rate comes last
    assert table == (
        LeagueRow(DEPARTMENT, 1, 1, 0, 1, 0, 0, 0, Decimal("1.0000"), None, 0, 0, 0),
        LeagueRow(COMMUNE, 2, 4, 1, 1, 1, 0, 1, Decimal("0.3333"), Decimal("4.5"), 2, 1, 1),
        LeagueRow(QUIET_COMMUNE, 3, 0, 0, 0, 0, 0, 0, None, None, 0, 2, 0),
    )


def test_equal_lines_share_a_rank() -> None:
    # given two units with the same single on-time task and one with an overdue task
    records = [
        TaskRecord(1, "A", DONE_ON_TIME),
        TaskRecord(2, "B", DONE_ON_TIME),
        TaskRecord(3, "C", OVERDUE),
    ]

    # when ranked, then A and B share the first place and C is third
    assert [(row.unit_id, row.rank) for row in _table(records)] == [("A", 1), ("B", 1), ("C", 3)]


def test_fewer_overdue_breaks_a_tie_on_the_rate() -> None:
    # given two units with no on-time task: one late completion, and one overdue task
    records = [TaskRecord(1, "late", DONE_LATE), TaskRecord(2, "overdue", OVERDUE)]

    # when ranked, then both rates are 0 and the unit without overdue tasks comes first
    table = _table(records)
    assert [(row.unit_id, row.on_time_rate, row.rank) for row in table] == [
        ("late", Decimal("0.0000"), 1),
        ("overdue", Decimal("0.0000"), 2),
    ]


def test_late_days_of_a_late_extension_count_in_the_average() -> None:
    # given a task extended on 05/03/2026 after its deadline of 27/02/2026, in progress within the new one
    rescued = replace(
        OVERDUE,
        extensions=(ExtensionFact(date(2026, 2, 27), date(2026, 3, 31), approved_on=date(2026, 3, 5)),),
    )

    # when ranked, then it is not overdue but its 3 late working days (02–04/03) are averaged
    (row,) = _table([TaskRecord(1, COMMUNE, rescued)])
    assert (row.overdue, row.in_progress_on_time, row.late_tasks) == (0, 1, 1)
    assert row.average_working_days_late == Decimal("3.0")


def test_the_original_basis_judges_the_late_extension_as_overdue() -> None:
    # given the same late-extended task, when judged against its original deadline of 27/02/2026
    (row,) = _table([TaskRecord(1, COMMUNE, RESCUED)], basis=DeadlineBasis.ORIGINAL)

    # then it is overdue by 5 working days (02–06/03/2026)
    assert (row.overdue, row.on_time_rate, row.average_working_days_late) == (
        1,
        Decimal("0.0000"),
        Decimal("5.0"),
    )


def test_tasks_assigned_after_the_date_are_left_out() -> None:
    # given a task assigned on 09/03/2026, when ranked as of 06/03/2026, then the unit has no row
    assert _table([TaskRecord(1, COMMUNE, OVERDUE, assigned_on=date(2026, 3, 9))]) == ()
