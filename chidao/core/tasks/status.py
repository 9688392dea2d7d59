"""The status of a steering task as of a date, derived from its facts: one counting bucket plus flags.

Every task falls in exactly one bucket so that totals add up (the seed's 103 = 25 + 69 + 9 + 0);
flags are shown beside the bucket. The rules, with an example each, are the table in
docs/domain/task-statuses.md, and the tests are parametrised from that table: change both together.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.numbers import format_date
from chidao.core.periods import Cadence
from chidao.core.tasks.workdays import count_working_days

__all__ = [
    "DEFAULT_POLICY",
    "Bucket",
    "Cadence",
    "DeadlineBasis",
    "ExtensionFact",
    "Flag",
    "StatusPolicy",
    "TaskFacts",
    "TaskKind",
    "TaskStatus",
    "current_deadline",
    "derive_status",
    "working_days_late",
]

_ONE_DAY: Final = timedelta(days=1)


class Bucket(StrEnum):
    """The one counting bucket of a task (facts.md §2.2: the VPCP report vocabulary plus "thường xuyên")."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    IN_PROGRESS_ON_TIME = "in_progress_on_time"
    IN_PROGRESS_OVERDUE = "in_progress_overdue"
    RECURRING = "recurring"
    SUSPENDED = "suspended"
    STOPPED = "stopped"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name shown to users."""
        return _BUCKET_LABELS[self]

    @property
    def counted(self) -> bool:
        """Whether tasks in this bucket count in totals (suspended and stopped tasks leave them)."""
        return self not in (Bucket.SUSPENDED, Bucket.STOPPED)


_BUCKET_LABELS: Final = {
    Bucket.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Bucket.DONE_LATE: "Hoàn thành quá hạn",
    Bucket.IN_PROGRESS_ON_TIME: "Đang thực hiện trong hạn",
    Bucket.IN_PROGRESS_OVERDUE: "Đang thực hiện quá hạn",
    Bucket.RECURRING: "Thường xuyên",
    Bucket.SUSPENDED: "Tạm hoãn",
    Bucket.STOPPED: "Dừng thực hiện",
}


class Flag(StrEnum):
    """A mark beside the bucket; a task may carry several."""

    NOT_STARTED = "not_started"
    DUE_SOON = "due_soon"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    RETURNED = "returned"
    EXTENDED = "extended"
    EXTENDED_AFTER_DEADLINE = "extended_after_deadline"

    @property
    def label_vi(self) -> str:
        """The Vietnamese name shown to users."""
        return _FLAG_LABELS[self]


_FLAG_LABELS: Final = {
    Flag.NOT_STARTED: "Chưa thực hiện",
    Flag.DUE_SOON: "Sắp tới hạn",
    Flag.AWAITING_CONFIRMATION: "Chờ xác nhận",
    Flag.RETURNED: "Bị trả lại",
    Flag.EXTENDED: "Đã gia hạn",
    Flag.EXTENDED_AFTER_DEADLINE: "Gia hạn sau hạn",
}


class TaskKind(StrEnum):
    """A task with a deadline, or a recurring one (thường xuyên) reported each period of its cadence."""

    TIME_BOUND = "time_bound"
    RECURRING = "recurring"


class DeadlineBasis(StrEnum):
    """Which deadline a task is judged against: the one in force (default) or the original one."""

    CURRENT = "current"
    ORIGINAL = "original"


@dataclass(frozen=True)
class ExtensionFact:
    """An approved extension (gia hạn): the deadline before and after, and the day it was approved."""

    old_deadline: date
    new_deadline: date
    approved_on: date


@dataclass(frozen=True)
class TaskFacts:
    """What is known about a task, as stored; the status is derived from these and a date.

    ``completed_on`` is the date on the completion evidence (the document's date), not the day
    someone clicked; it counts only once the secretariat has ``confirmed`` it.
    """

    kind: TaskKind
    original_deadline: date | None
    extensions: tuple[ExtensionFact, ...] = ()
    completed_on: date | None = None
    confirmed: bool = False
    returned: bool = False
    suspended_on: date | None = None
    stopped_on: date | None = None
    progress_percent: int = 0
    has_report: bool = False


@dataclass(frozen=True)
class StatusPolicy:
    """Policy values of the committee: a task is "due soon" within this many working days of its deadline."""

    due_soon_working_days: int = 5


DEFAULT_POLICY: Final = StatusPolicy()


@dataclass(frozen=True)
class TaskStatus:
    """The derived status: bucket, flags, the deadline judged against and the working days late.

    ``rule`` is the id of the row of docs/domain/task-statuses.md that decided the bucket;
    ``explanation`` says it in Vietnamese for the task page.
    """

    bucket: Bucket
    flags: frozenset[Flag]
    deadline: date | None
    working_days_late: int
    counted: bool
    rule: str
    explanation: str


def _approved_by(facts: TaskFacts, day: date) -> list[ExtensionFact]:
    # Stable sort: two extensions approved the same day apply in the order they were recorded.
    approved = [extension for extension in facts.extensions if extension.approved_on <= day]
    approved.sort(key=lambda extension: extension.approved_on)
    return approved


def current_deadline(facts: TaskFacts, as_of: date) -> date | None:
    """The deadline in force on ``as_of``: the original one, moved by every extension approved on or before it."""
    approved = _approved_by(facts, as_of)
    return approved[-1].new_deadline if approved else facts.original_deadline


def working_days_late(
    facts: TaskFacts, *, until: date, calendar: WorkingCalendar, basis: DeadlineBasis = DeadlineBasis.CURRENT
) -> int:
    """Working days the task was past the deadline in force, up to and including ``until``.

    With the current basis, an extension approved after its old deadline does not erase the days
    between that deadline and the approval day (excluded: the new deadline applies from the day it
    is approved); with the original basis, extensions are ignored.
    """
    original = facts.original_deadline
    if original is None:
        return 0
    if basis is DeadlineBasis.ORIGINAL:
        return max(0, count_working_days(calendar, original, until))
    late = 0
    in_force = original
    # Days up to ``counted_until`` have been assigned to an earlier deadline already.
    counted_until: date | None = None
    for extension in _approved_by(facts, until):
        segment_end = extension.approved_on - _ONE_DAY
        late += _late_in_segment(in_force, counted_until, segment_end, calendar)
        counted_until = segment_end if counted_until is None else max(counted_until, segment_end)
        in_force = extension.new_deadline
    return late + _late_in_segment(in_force, counted_until, until, calendar)


def _late_in_segment(
    deadline: date, counted_until: date | None, segment_end: date, calendar: WorkingCalendar
) -> int:
    after = deadline if counted_until is None else max(deadline, counted_until)
    return count_working_days(calendar, after, segment_end) if segment_end > after else 0


def _extension_flags(facts: TaskFacts, as_of: date) -> set[Flag]:
    approved = _approved_by(facts, as_of)
    if not approved:
        return set()
    flags = {Flag.EXTENDED}
    in_force = facts.original_deadline
    for extension in approved:
        if in_force is not None and extension.approved_on > in_force:
            flags.add(Flag.EXTENDED_AFTER_DEADLINE)
        in_force = extension.new_deadline
    return flags


def _decided_bucket(facts: TaskFacts, as_of: date) -> TaskStatus | None:
    if facts.stopped_on is not None and facts.stopped_on <= as_of:
        return _left_totals(Bucket.STOPPED, "S-01", facts.stopped_on, facts)
    if facts.suspended_on is not None and facts.suspended_on <= as_of:
        return _left_totals(Bucket.SUSPENDED, "S-02", facts.suspended_on, facts)
    return None


def _left_totals(bucket: Bucket, rule: str, decided_on: date, facts: TaskFacts) -> TaskStatus:
    explanation = f"{bucket.label_vi} theo quyết định ngày {format_date(decided_on)}; không tính vào tổng số."
    return TaskStatus(bucket, frozenset(), facts.original_deadline, 0, False, rule, explanation)


def derive_status(
    facts: TaskFacts,
    *,
    as_of: date,
    calendar: WorkingCalendar,
    policy: StatusPolicy = DEFAULT_POLICY,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> TaskStatus:
    """The status of a task on ``as_of`` (rules S-01…S-07 of docs/domain/task-statuses.md).

    The stored deadline is used as decided, even on a day off: a caller that applies Civil Code
    art. 148.5 rolls it forward (``WorkingCalendar.roll_forward``) before storing it.
    """
    decided = _decided_bucket(facts, as_of)
    if decided is not None:
        return decided
    if facts.kind is TaskKind.RECURRING:
        recurring_flags = frozenset({Flag.NOT_STARTED}) if _not_started(facts, as_of) else frozenset()
        explanation = "Nhiệm vụ thường xuyên: báo cáo theo kỳ, không tính hoàn thành hay quá hạn."
        return TaskStatus(Bucket.RECURRING, recurring_flags, None, 0, True, "S-03", explanation)
    if facts.original_deadline is None:
        raise ValueError(
            "Nhiệm vụ có thời hạn phải có hạn hoàn thành (chỉ nhiệm vụ thường xuyên không có hạn)"
        )
    flags = _extension_flags(facts, as_of)
    if _is_done(facts, as_of):
        return _done_status(facts, as_of, calendar, basis, flags)
    return _in_progress_status(facts, as_of, calendar, policy, basis, flags)


def _is_done(facts: TaskFacts, as_of: date) -> bool:
    return (
        facts.confirmed
        and not facts.returned
        and facts.completed_on is not None
        and facts.completed_on <= as_of
    )


def _evidence_awaiting(facts: TaskFacts, as_of: date) -> bool:
    return (
        not facts.confirmed
        and not facts.returned
        and facts.completed_on is not None
        and facts.completed_on <= as_of
    )


def _not_started(facts: TaskFacts, as_of: date) -> bool:
    has_evidence = facts.completed_on is not None and facts.completed_on <= as_of
    return not facts.has_report and facts.progress_percent == 0 and not has_evidence


def _judged_deadline(facts: TaskFacts, day: date, basis: DeadlineBasis) -> date:
    deadline = facts.original_deadline if basis is DeadlineBasis.ORIGINAL else current_deadline(facts, day)
    assert deadline is not None  # time-bound tasks are checked before
    return deadline


def _done_status(
    facts: TaskFacts, as_of: date, calendar: WorkingCalendar, basis: DeadlineBasis, flags: set[Flag]
) -> TaskStatus:
    completed_on = facts.completed_on
    assert completed_on is not None
    # Judged against the deadline in force on the evidence date: an extension approved after the
    # work was done cannot turn a late completion into an on-time one.
    deadline = _judged_deadline(facts, completed_on, basis)
    late_days = working_days_late(facts, until=completed_on, calendar=calendar, basis=basis)
    evidence = f"bằng chứng hoàn thành ngày {format_date(completed_on)}, hạn {format_date(deadline)}"
    if completed_on <= deadline:
        explanation = f"Hoàn thành đúng hạn: {evidence}."
        return TaskStatus(
            Bucket.DONE_ON_TIME, frozenset(flags), deadline, late_days, True, "S-04", explanation
        )
    explanation = f"Hoàn thành quá hạn {late_days} ngày làm việc: {evidence}."
    return TaskStatus(Bucket.DONE_LATE, frozenset(flags), deadline, late_days, True, "S-05", explanation)


def _in_progress_status(
    facts: TaskFacts,
    as_of: date,
    calendar: WorkingCalendar,
    policy: StatusPolicy,
    basis: DeadlineBasis,
    flags: set[Flag],
) -> TaskStatus:
    deadline = _judged_deadline(facts, as_of, basis)
    late_days = working_days_late(facts, until=as_of, calendar=calendar, basis=basis)
    awaiting = _evidence_awaiting(facts, as_of)
    if awaiting:
        flags.add(Flag.AWAITING_CONFIRMATION)
    if facts.returned:
        flags.add(Flag.RETURNED)
    if _not_started(facts, as_of):
        flags.add(Flag.NOT_STARTED)
    suffix = _in_progress_suffix(flags)
    if as_of > deadline:
        explanation = (
            f"Đang thực hiện quá hạn: hạn {format_date(deadline)}, "
            f"đã quá {late_days} ngày làm việc tính đến {format_date(as_of)}{suffix}."
        )
        return TaskStatus(
            Bucket.IN_PROGRESS_OVERDUE, frozenset(flags), deadline, late_days, True, "S-07", explanation
        )
    # Once the evidence is in, the unit has done its part: no "due soon" reminder while it waits.
    days_left = count_working_days(calendar, as_of, deadline)
    if not awaiting and days_left <= policy.due_soon_working_days:
        flags.add(Flag.DUE_SOON)
    explanation = (
        f"Đang thực hiện trong hạn: hạn {format_date(deadline)}, "
        f"còn {days_left} ngày làm việc{_in_progress_suffix(flags)}."
    )
    return TaskStatus(
        Bucket.IN_PROGRESS_ON_TIME, frozenset(flags), deadline, late_days, True, "S-06", explanation
    )


def _in_progress_suffix(flags: set[Flag]) -> str:
    shown = [flag.label_vi.lower() for flag in Flag if flag in flags]
    return f" ({', '.join(shown)})" if shown else ""
