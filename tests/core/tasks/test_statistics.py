"""Task statistics: the seed's figures rebuilt from facts, phases, change since the last meeting, invariants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.calendar import default_calendar
from chidao.core.tasks.statistics import (
    CompletionCount,
    Phase,
    PhaseStatistics,
    TaskRecord,
    completions_between,
    compute_statistics,
    statistics_change,
)
from chidao.core.tasks.status import DeadlineBasis, ExtensionFact, TaskFacts, TaskKind

CALENDAR = default_calendar()
MEETING = date(2026, 3, 3)
PREVIOUS_MEETING = date(2025, 12, 31)
URGENT = Phase("cap-bach", "Giai đoạn cấp bách", date(2025, 6, 19), date(2025, 6, 30))
BREAKTHROUGH = Phase("dot-pha", "Giai đoạn đột phá", date(2025, 7, 1), date(2025, 12, 31))
PHASES = (URGENT, BREAKTHROUGH)
NQ57 = "nq57"
SEED_UNIT = "SKHCN"

RECURRING = TaskFacts(TaskKind.RECURRING, None, progress_percent=50, has_report=True)
URGENT_DONE = TaskFacts(
    TaskKind.TIME_BOUND, date(2025, 6, 30), completed_on=date(2025, 6, 27), confirmed=True
)
BREAKTHROUGH_DONE = TaskFacts(
    TaskKind.TIME_BOUND, date(2025, 12, 31), completed_on=date(2025, 12, 15), confirmed=True
)
OTHER_DONE = TaskFacts(TaskKind.TIME_BOUND, date(2026, 1, 31), completed_on=date(2026, 1, 20), confirmed=True)
# Overdue at the previous meeting, extended on 05/01/2026 and then completed within the new deadline.
RESCUED = replace(
    OTHER_DONE,
    original_deadline=date(2025, 12, 15),
    extensions=(ExtensionFact(date(2025, 12, 15), date(2026, 1, 31), approved_on=date(2026, 1, 5)),),
)
IN_PROGRESS = TaskFacts(TaskKind.TIME_BOUND, date(2026, 6, 30), progress_percent=50, has_report=True)


def _records(
    facts: TaskFacts, count: int, prefix: str, assigned_on: date, phase: str = ""
) -> list[TaskRecord]:
    return [
        TaskRecord(
            task_id=f"{prefix}-{number}",
            lead_unit_id=SEED_UNIT,
            facts=facts,
            phase_codes=(phase,) if phase else (),
            area_codes=(NQ57,),
            plan_codes=("kh-57",),
            assigned_on=assigned_on,
        )
        for number in range(1, count + 1)
    ]


def _seed() -> list[TaskRecord]:
    # 103 tasks assigned by the Centre: 25 recurring, 16 + 25 + 26 + 2 = 69 done on time, 9 in progress.
    return [
        *_records(RECURRING, 25, "tx", date(2025, 3, 18)),
        *_records(URGENT_DONE, 16, "cb", date(2025, 6, 19), URGENT.code),
        *_records(BREAKTHROUGH_DONE, 25, "dp", date(2025, 7, 1), BREAKTHROUGH.code),
        *_records(OTHER_DONE, 26, "k", date(2025, 3, 18)),
        *_records(RESCUED, 2, "gh", date(2025, 3, 18)),
        *_records(IN_PROGRESS, 9, "dt", date(2025, 12, 1)),
    ]


def test_the_seed_figures_come_out_of_the_facts() -> None:
    # given the 103 NQ 57 tasks, when the figures are computed for the meeting of 03/03/2026
    figures = compute_statistics(_seed(), as_of=MEETING, calendar=CALENDAR, phases=PHASES)

    # then they are the seed's: 103 = 25 + 69 + 9 + 0
    assert (
        figures.total,
        figures.recurring,
        figures.done_on_time,
        figures.done_late,
        figures.in_progress_on_time,
        figures.in_progress_overdue,
    ) == (103, 25, 69, 0, 9, 0)
    assert (figures.done, figures.time_bound, figures.due_or_done) == (69, 78, 69)
    # completion rate over the tasks due or done by the date; the share over all 78 time-bound is 69/78
    assert figures.completion_rate == Decimal("1.0000")
    assert figures.on_time_share == Decimal("0.8846")
    assert figures.by_phase == (
        PhaseStatistics(URGENT.code, 16, 16, 16, URGENT.name),
        PhaseStatistics(BREAKTHROUGH.code, 25, 25, 25, BREAKTHROUGH.name),
    )
    assert [(group.code, group.total) for group in figures.by_area] == [(NQ57, 103)]
    assert len(figures.task_buckets) == 103


def test_the_urgent_phase_was_complete_on_its_last_day() -> None:
    # given the same tasks, when computed as of 30/06/2025, the last day of the urgent phase
    figures = compute_statistics(_seed(), as_of=URGENT.end, calendar=CALENDAR, phases=PHASES)

    # then the urgent phase is 16/16; tasks assigned later are not counted yet
    assert figures.by_phase[0] == PhaseStatistics(URGENT.code, 16, 16, 16, URGENT.name)
    assert figures.by_phase[1].total == 0
    assert figures.total == 25 + 16 + 26 + 2


def test_change_since_the_previous_meeting() -> None:
    # given the figures of 31/12/2025, when two overdue tasks were rescued and 28 completed since
    previous = compute_statistics(_seed(), as_of=PREVIOUS_MEETING, calendar=CALENDAR)
    current = compute_statistics(_seed(), as_of=MEETING, calendar=CALENDAR)
    change = statistics_change(previous, current)

    # then the previous meeting had 41 done and 2 overdue (41/43), and the change says what moved
    assert (previous.done_on_time, previous.in_progress_on_time, previous.in_progress_overdue) == (41, 35, 2)
    assert previous.completion_rate == Decimal("0.9535")
    assert (change.previous_as_of, change.current_as_of) == (PREVIOUS_MEETING, MEETING)
    assert (change.total, change.done_on_time, change.done, change.in_progress_on_time) == (0, 28, 28, -26)
    assert change.in_progress_overdue == -2
    assert change.completion_rate == Decimal("0.0465")


def test_one_fact_changed_changes_the_figures() -> None:
    # given the seed with one in-progress task whose deadline was 27/02/2026
    records = _seed()
    records[-1] = replace(records[-1], facts=replace(IN_PROGRESS, original_deadline=date(2026, 2, 27)))

    # when computed, then it shows as overdue and the completion rate drops to 69/70
    figures = compute_statistics(records, as_of=MEETING, calendar=CALENDAR)
    assert (figures.in_progress_on_time, figures.in_progress_overdue) == (8, 1)
    assert figures.completion_rate == Decimal("0.9857")


def test_a_task_in_two_areas_is_counted_once_in_the_total() -> None:
    # given one task in the NQ 57 area and the digital transformation area, and one only in NQ 57
    shared = TaskRecord(1, SEED_UNIT, IN_PROGRESS, area_codes=(NQ57, "cds"), plan_codes=("kh-1", "kh-2"))
    alone = TaskRecord(2, SEED_UNIT, RECURRING, area_codes=(NQ57,))

    # when computed
    figures = compute_statistics([shared, alone], as_of=MEETING, calendar=CALENDAR)

    # then the total is 2, and each area or plan counts the shared task once
    assert figures.total == 2
    assert [(group.code, group.total, group.recurring) for group in figures.by_area] == [
        ("cds", 1, 0),
        (NQ57, 2, 1),
    ]
    assert [(group.code, group.total) for group in figures.by_plan] == [("kh-1", 1), ("kh-2", 1)]


def test_suspended_and_stopped_are_listed_outside_the_total() -> None:
    # given an in-progress task, a suspended one and a stopped one
    records = [
        TaskRecord(1, SEED_UNIT, IN_PROGRESS),
        TaskRecord(2, SEED_UNIT, replace(IN_PROGRESS, suspended_on=date(2026, 1, 5))),
        TaskRecord(3, SEED_UNIT, replace(IN_PROGRESS, stopped_on=date(2026, 1, 5))),
    ]

    # when computed, then only the first is in the total, the others have their own counts
    figures = compute_statistics(records, as_of=MEETING, calendar=CALENDAR)
    assert (figures.total, figures.suspended, figures.stopped) == (1, 1, 1)


def test_no_rate_without_tasks_due() -> None:
    # given only recurring and not-yet-due tasks, when computed, then there is no rate rather than 0 %
    figures = compute_statistics(
        [TaskRecord(1, SEED_UNIT, RECURRING), TaskRecord(2, SEED_UNIT, IN_PROGRESS)],
        as_of=MEETING,
        calendar=CALENDAR,
    )
    assert figures.completion_rate is None
    assert figures.on_time_share == Decimal("0.0000")


def test_project_06_completions_in_2025() -> None:
    # given 30 tasks completed in 2025 (one of them late), one completed in 2026 and one awaiting confirmation
    done_2025 = [
        TaskRecord(
            number,
            "CA",
            replace(OTHER_DONE, completed_on=date(2025, 11, 20), original_deadline=date(2025, 11, 30)),
        )
        for number in range(29)
    ]
    late_2025 = TaskRecord(
        29, "CA", replace(OTHER_DONE, completed_on=date(2025, 12, 5), original_deadline=date(2025, 11, 30))
    )
    done_2026 = TaskRecord(30, "CA", OTHER_DONE)
    awaiting = TaskRecord(31, "CA", replace(OTHER_DONE, completed_on=date(2025, 12, 1), confirmed=False))

    # when the completions of 2025 are counted
    count = completions_between(
        [*done_2025, late_2025, done_2026, awaiting],
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
        calendar=CALENDAR,
    )

    # then 30 tasks were completed in 2025: 29 on time, 1 late
    assert count == CompletionCount(date(2025, 1, 1), date(2025, 12, 31), on_time=29, late=1)
    assert count.total == 30


def test_the_original_basis_can_count_a_rescued_task_as_late() -> None:
    # given the two tasks extended after their deadline, when judged against the original deadline
    records = _records(RESCUED, 2, "gh", date(2025, 3, 18))
    figures = compute_statistics(records, as_of=MEETING, calendar=CALENDAR, basis=DeadlineBasis.ORIGINAL)

    # then both count as completed late
    assert (figures.done_on_time, figures.done_late, figures.basis) == (0, 2, DeadlineBasis.ORIGINAL)


DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))
FACTS = st.builds(
    TaskFacts,
    kind=st.sampled_from(TaskKind),
    original_deadline=DAYS,
    extensions=st.lists(st.builds(ExtensionFact, DAYS, DAYS, DAYS), max_size=2).map(tuple),
    completed_on=st.none() | DAYS,
    confirmed=st.booleans(),
    returned=st.booleans(),
    suspended_on=st.none() | DAYS,
    stopped_on=st.none() | DAYS,
    progress_percent=st.integers(0, 100),
    has_report=st.booleans(),
)


@settings(max_examples=60, deadline=None)
@given(facts=st.lists(FACTS, max_size=25), as_of=DAYS, area_count=st.integers(0, 3))
def test_buckets_always_add_up(facts: list[TaskFacts], as_of: date, area_count: int) -> None:
    # given random facts, each task in up to three areas
    areas = tuple(f"a{number}" for number in range(area_count))
    records = [TaskRecord(number, SEED_UNIT, one, area_codes=areas) for number, one in enumerate(facts)]

    # when computed
    figures = compute_statistics(records, as_of=as_of, calendar=CALENDAR)

    # then the buckets add up to the total, and with suspended and stopped to every task
    buckets = (
        figures.recurring
        + figures.done_on_time
        + figures.done_late
        + figures.in_progress_on_time
        + figures.in_progress_overdue
    )
    assert buckets == figures.total
    assert figures.total + figures.suspended + figures.stopped == len(records)
    assert all(group.total == figures.total for group in figures.by_area)
    assert figures.completion_rate is None or Decimal(0) <= figures.completion_rate <= Decimal(1)
