"""Task figures in the seed's shape, computed from facts: total, recurring, done, in progress, overdue, phases.

Each task is counted once in a total, whatever the number of its areas or plans; the breakdowns by
area and by plan count it in each of its groups. Definitions: docs/domain/task-statistics.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, TypeAlias

from chidao.core.calendar import WorkingCalendar
from chidao.core.tasks.status import (
    DEFAULT_POLICY,
    Bucket,
    DeadlineBasis,
    StatusPolicy,
    TaskFacts,
    TaskKind,
    TaskStatus,
    derive_status,
)

__all__ = [
    "BucketCounts",
    "CompletionCount",
    "GroupStatistics",
    "Phase",
    "PhaseStatistics",
    "StatisticsChange",
    "TaskId",
    "TaskRecord",
    "TaskStatistics",
    "UnitId",
    "completions_between",
    "compute_statistics",
    "rate",
    "statistics_change",
]

TaskId: TypeAlias = int | str
UnitId: TypeAlias = int | str

RATE_QUANTUM: Final = Decimal("0.0001")
_DONE: Final = frozenset({Bucket.DONE_ON_TIME, Bucket.DONE_LATE})


def rate(numerator: int, denominator: int) -> Decimal | None:
    """A ratio (1 = 100 %) rounded half-up to 4 decimals, or None when there is nothing to divide by."""
    if denominator == 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(RATE_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TaskRecord:
    """A task as the statistics see it: its facts and the groups it belongs to.

    ``assigned_on`` (optional) keeps a task out of figures as of an earlier date.
    """

    task_id: TaskId
    lead_unit_id: UnitId
    facts: TaskFacts
    phase_codes: tuple[str, ...] = ()
    area_codes: tuple[str, ...] = ()
    plan_codes: tuple[str, ...] = ()
    assigned_on: date | None = None


@dataclass(frozen=True)
class Phase:
    """A named window of the programme, e.g. giai đoạn cấp bách 19/06–30/06/2025 (both days included)."""

    code: str
    name: str
    start: date
    end: date


@dataclass(frozen=True)
class BucketCounts:
    """Tasks per bucket. ``total`` counts the tasks in the totals: suspended and stopped are outside it.

    ``completion_rate`` = done on time / time-bound tasks due or done by the date (``due_or_done``);
    ``on_time_share`` = done on time / all time-bound tasks in the total (the seed's 69/78).
    """

    total: int
    recurring: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    in_progress_overdue: int
    suspended: int
    stopped: int
    completion_rate: Decimal | None
    on_time_share: Decimal | None

    @property
    def done(self) -> int:
        """Completed tasks, on time or late."""
        return self.done_on_time + self.done_late

    @property
    def time_bound(self) -> int:
        """Tasks in the total that have a deadline (all but the recurring ones)."""
        return self.total - self.recurring

    @property
    def due_or_done(self) -> int:
        """Time-bound tasks whose result is known on the date: completed, or past their deadline."""
        return self.done + self.in_progress_overdue


@dataclass(frozen=True)
class GroupStatistics(BucketCounts):
    """The counts of one area, plan or unit (``code``)."""

    code: str


@dataclass(frozen=True)
class PhaseStatistics:
    """A phase's time-bound tasks: how many, done as of the date, and done by the phase's last day."""

    code: str
    total: int
    done_as_of: int
    done_within_phase: int
    name: str = ""


@dataclass(frozen=True)
class TaskStatistics(BucketCounts):
    """The figures as of a date, with their breakdowns; ``task_buckets`` lists every task's bucket."""

    as_of: date
    basis: DeadlineBasis
    by_area: tuple[GroupStatistics, ...]
    by_plan: tuple[GroupStatistics, ...]
    by_phase: tuple[PhaseStatistics, ...]
    task_buckets: tuple[tuple[TaskId, Bucket], ...]


class _Counter:
    def __init__(self) -> None:
        self.by_bucket = dict.fromkeys(Bucket, 0)

    def add(self, bucket: Bucket) -> None:
        self.by_bucket[bucket] += 1

    def fields(self) -> dict[str, Any]:
        """The keyword arguments of ``BucketCounts`` (shared by its subclasses)."""
        counts = self.by_bucket
        total = sum(count for bucket, count in counts.items() if bucket.counted)
        done_on_time = counts[Bucket.DONE_ON_TIME]
        due_or_done = done_on_time + counts[Bucket.DONE_LATE] + counts[Bucket.IN_PROGRESS_OVERDUE]
        return vars(
            BucketCounts(
                total=total,
                recurring=counts[Bucket.RECURRING],
                done_on_time=done_on_time,
                done_late=counts[Bucket.DONE_LATE],
                in_progress_on_time=counts[Bucket.IN_PROGRESS_ON_TIME],
                in_progress_overdue=counts[Bucket.IN_PROGRESS_OVERDUE],
                suspended=counts[Bucket.SUSPENDED],
                stopped=counts[Bucket.STOPPED],
                completion_rate=rate(done_on_time, due_or_done),
                on_time_share=rate(done_on_time, total - counts[Bucket.RECURRING]),
            )
        )


def _groups(counters: dict[str, _Counter]) -> tuple[GroupStatistics, ...]:
    return tuple(GroupStatistics(code=code, **counters[code].fields()) for code in sorted(counters))


def _assigned_by(record: TaskRecord, as_of: date) -> bool:
    return record.assigned_on is None or record.assigned_on <= as_of


def compute_statistics(
    records: Iterable[TaskRecord],
    *,
    as_of: date,
    calendar: WorkingCalendar,
    policy: StatusPolicy = DEFAULT_POLICY,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
    phases: Sequence[Phase] = (),
) -> TaskStatistics:
    """The figures as of ``as_of``: one status per task, counted once in the total and in each of its groups.

    Tasks assigned after ``as_of`` are left out; phases are reported in the order given.
    """
    overall = _Counter()
    by_area: dict[str, _Counter] = {}
    by_plan: dict[str, _Counter] = {}
    phase_counts = {phase.code: [0, 0, 0] for phase in phases}
    phase_ends = {phase.code: phase.end for phase in phases}
    task_buckets: list[tuple[TaskId, Bucket]] = []
    for record in records:
        if not _assigned_by(record, as_of):
            continue
        status = derive_status(record.facts, as_of=as_of, calendar=calendar, policy=policy, basis=basis)
        overall.add(status.bucket)
        task_buckets.append((record.task_id, status.bucket))
        for code in set(record.area_codes):
            by_area.setdefault(code, _Counter()).add(status.bucket)
        for code in set(record.plan_codes):
            by_plan.setdefault(code, _Counter()).add(status.bucket)
        _count_phases(record, status, phase_counts, phase_ends)
    return TaskStatistics(
        **overall.fields(),
        as_of=as_of,
        basis=basis,
        by_area=_groups(by_area),
        by_plan=_groups(by_plan),
        by_phase=tuple(
            PhaseStatistics(
                code=phase.code,
                total=phase_counts[phase.code][0],
                done_as_of=phase_counts[phase.code][1],
                done_within_phase=phase_counts[phase.code][2],
                name=phase.name,
            )
            for phase in phases
        ),
        task_buckets=tuple(task_buckets),
    )


def _count_phases(
    record: TaskRecord, status: TaskStatus, phase_counts: dict[str, list[int]], phase_ends: dict[str, date]
) -> None:
    # A phase counts its time-bound tasks in the totals: recurring ones are never "done".
    if not status.counted or record.facts.kind is TaskKind.RECURRING:
        return
    done = status.bucket in _DONE
    completed_on = record.facts.completed_on
    for code in set(record.phase_codes):
        counts = phase_counts.get(code)
        if counts is None:
            continue
        counts[0] += 1
        if done:
            counts[1] += 1
            if completed_on is not None and completed_on <= phase_ends[code]:
                counts[2] += 1


@dataclass(frozen=True)
class CompletionCount:
    """Tasks completed between two dates (evidence dated in the window and confirmed), on time and late."""

    start: date
    end: date
    on_time: int
    late: int

    @property
    def total(self) -> int:
        """All completions in the window."""
        return self.on_time + self.late


def completions_between(
    records: Iterable[TaskRecord],
    *,
    start: date,
    end: date,
    calendar: WorkingCalendar,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> CompletionCount:
    """Completions with evidence dated ``start``–``end`` (both included), as known on ``end``: "completed in 2025"."""
    on_time = late = 0
    for record in records:
        completed_on = record.facts.completed_on
        if completed_on is None or not start <= completed_on <= end:
            continue
        bucket = derive_status(record.facts, as_of=end, calendar=calendar, basis=basis).bucket
        on_time += bucket is Bucket.DONE_ON_TIME
        late += bucket is Bucket.DONE_LATE
    return CompletionCount(start, end, on_time, late)


@dataclass(frozen=True)
class StatisticsChange:
    """The change of each figure between two dates (current minus previous), e.g. since the last meeting.

    ``completion_rate`` is the change of the ratio, None when either date had no rate.
    """

    previous_as_of: date
    current_as_of: date
    total: int
    recurring: int
    done_on_time: int
    done_late: int
    done: int
    in_progress_on_time: int
    in_progress_overdue: int
    suspended: int
    stopped: int
    completion_rate: Decimal | None


def statistics_change(previous: TaskStatistics, current: TaskStatistics) -> StatisticsChange:
    """How the figures moved from ``previous`` to ``current`` (for "so với kỳ họp trước")."""
    rate_change = (
        None
        if previous.completion_rate is None or current.completion_rate is None
        else current.completion_rate - previous.completion_rate
    )
    return StatisticsChange(
        previous_as_of=previous.as_of,
        current_as_of=current.as_of,
        total=current.total - previous.total,
        recurring=current.recurring - previous.recurring,
        done_on_time=current.done_on_time - previous.done_on_time,
        done_late=current.done_late - previous.done_late,
        done=current.done - previous.done,
        in_progress_on_time=current.in_progress_on_time - previous.in_progress_on_time,
        in_progress_overdue=current.in_progress_overdue - previous.in_progress_overdue,
        suspended=current.suspended - previous.suspended,
        stopped=current.stopped - previous.stopped,
        completion_rate=rate_change,
    )
