"""Which reminders a steering task is owed on a date: before its deadline, when it becomes overdue, the
escalation to its lead unit's head, and the missing periodic report of a recurring task.

Offsets are WORKING days (facts.md §7): "7 days before" a deadline on Monday 02/03/2026 falls on
Thursday 12/02/2026, because the Tết 2026 holiday (14–22/02) does not count. The rules are in
docs/domain/task-reminders.md. This module only decides; the application sends each reminder once
(its idempotency key is `ReminderDue.key_parts` plus the recipient).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.tasks.recurring import PeriodReport, ReportState
from chidao.core.tasks.status import Bucket, Flag, TaskStatus

__all__ = [
    "DEFAULT_REMINDER_POLICY",
    "Audience",
    "ReminderDue",
    "ReminderKind",
    "ReminderPolicy",
    "deadline_reminders_due",
    "missing_report_reminder_due",
]


class ReminderKind(StrEnum):
    """What a reminder is about; its value is the notification kind's suffix ("task.reminder.<kind>")."""

    DUE_SOON = "due_soon"  # N working days before the deadline
    OVERDUE = "overdue"  # the day after the deadline
    ESCALATION = "escalation"  # to the head, after N working days overdue
    MISSING_REPORT = "missing_report"  # a period's report is past due and absent


class Audience(StrEnum):
    """Who receives a reminder: the people doing the task, or the lead unit's head."""

    EXECUTORS = "executors"  # the responsible person and the lead unit's officers
    HEAD = "head"  # the head of the lead unit as of the date


@dataclass(frozen=True)
class ReminderPolicy:
    """Policy values: remind this many working days before the deadline (each once), and escalate to the
    head once a task is this many working days overdue."""

    before_working_days: tuple[int, ...] = (7, 2)
    escalate_after_working_days: int = 5

    def __post_init__(self) -> None:
        if any(offset <= 0 for offset in self.before_working_days):
            raise ValueError("Số ngày làm việc nhắc trước hạn phải lớn hơn 0")
        if self.escalate_after_working_days <= 0:
            raise ValueError("Số ngày làm việc quá hạn trước khi báo lãnh đạo phải lớn hơn 0")


DEFAULT_REMINDER_POLICY: Final = ReminderPolicy()


@dataclass(frozen=True)
class ReminderDue:
    """One reminder owed on the date, with what makes it unique and the figures its message quotes.

    ``offset`` is the policy's working days before the deadline (DUE_SOON), after it (ESCALATION) or 0.
    ``version`` is the deadline (or the report's due date) it is about: an extension gives a new
    version, hence new reminders. ``working_days`` is the actual count on the date: left before the
    deadline, or late after it.
    """

    kind: ReminderKind
    audience: Audience
    offset: int
    version: date
    working_days: int
    period_code: str = ""
    period_label: str = ""

    @property
    def key_parts(self) -> dict[str, object]:
        """The parts of the notification's idempotency key; the caller adds the task id (the recipient and the
        notification kind are part of every key, hence "reminder" rather than "kind" here)."""
        parts: dict[str, object] = {
            "reminder": str(self.kind),
            "offset": self.offset,
            "version": self.version,
        }
        if self.period_code:
            parts["period"] = self.period_code
        return parts


# A task awaiting the secretariat's confirmation has done its part: nagging its unit would be wrong.
_QUIET_FLAGS: Final = frozenset({Flag.AWAITING_CONFIRMATION})
_OPEN_BUCKETS: Final = frozenset({Bucket.IN_PROGRESS_ON_TIME, Bucket.IN_PROGRESS_OVERDUE})


def deadline_reminders_due(
    status: TaskStatus,
    *,
    as_of: date,
    calendar: WorkingCalendar,
    policy: ReminderPolicy = DEFAULT_REMINDER_POLICY,
) -> tuple[ReminderDue, ...]:
    """The deadline reminders owed on ``as_of`` by a time-bound task with this status (judged against the
    deadline in force).

    Before the deadline: the reminder of the smallest offset whose day has come (the day ``offset``
    working days before the deadline), so a run that missed a day, or a task assigned late, still gets
    one reminder and never two at once. After it: "overdue" from the next day, and the escalation once
    the working days late reach the policy's threshold. Done, suspended, stopped and recurring tasks,
    and tasks waiting for confirmation, owe nothing.
    """
    deadline = status.deadline
    if deadline is None or status.bucket not in _OPEN_BUCKETS or status.flags & _QUIET_FLAGS:
        return ()
    if as_of <= deadline:
        reminder = _before_deadline(deadline, as_of=as_of, calendar=calendar, policy=policy)
        return () if reminder is None else (reminder,)
    late = calendar.working_days_between(deadline, as_of)
    owed = [ReminderDue(ReminderKind.OVERDUE, Audience.EXECUTORS, 0, deadline, late)]
    if late >= policy.escalate_after_working_days:
        owed.append(
            ReminderDue(
                ReminderKind.ESCALATION, Audience.HEAD, policy.escalate_after_working_days, deadline, late
            )
        )
    return tuple(owed)


def _before_deadline(
    deadline: date, *, as_of: date, calendar: WorkingCalendar, policy: ReminderPolicy
) -> ReminderDue | None:
    arrived = [
        offset
        for offset in policy.before_working_days
        if calendar.add_working_days(deadline, -offset) <= as_of
    ]
    if not arrived:
        return None
    left = calendar.working_days_between(as_of, deadline)
    return ReminderDue(ReminderKind.DUE_SOON, Audience.EXECUTORS, min(arrived), deadline, left)


def missing_report_reminder_due(
    reports: tuple[PeriodReport, ...], *, as_of: date, calendar: WorkingCalendar
) -> ReminderDue | None:
    """The reminder owed for the LATEST period whose report is missing (from ``recurring.assess_reports``).

    Older missing periods were reminded when they were the latest; they stay counted in the league table
    rather than being reminded again and again.
    """
    missing = [report for report in reports if report.state is ReportState.MISSING]
    if not missing:
        return None
    latest = max(missing, key=lambda report: report.period.end)
    return ReminderDue(
        kind=ReminderKind.MISSING_REPORT,
        audience=Audience.EXECUTORS,
        offset=0,
        version=latest.due_on,
        working_days=calendar.working_days_between(latest.due_on, as_of),
        period_code=latest.period.code,
        period_label=latest.period.label_vi,
    )
