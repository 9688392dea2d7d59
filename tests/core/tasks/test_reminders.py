"""Task reminders, pure rules: before the deadline (working days), overdue, escalation, missing reports."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.periods import Period
from chidao.core.tasks.recurring import PeriodReport, ReportState
from chidao.core.tasks.reminders import (
    Audience,
    ReminderDue,
    ReminderKind,
    ReminderPolicy,
    deadline_reminders_due,
    missing_report_reminder_due,
)
from chidao.core.tasks.status import Bucket, Flag, TaskStatus

CALENDAR = default_calendar()
# Monday 02/03/2026, after Tết 2026 (days off 14–22/02/2026).
DEADLINE_AFTER_TET = date(2026, 3, 2)
# Friday 13/02/2026, the last working day before Tết 2026.
DEADLINE_BEFORE_TET = date(2026, 2, 13)
POLICY = ReminderPolicy()


def open_status(deadline: date, *, overdue: bool = False, flags: frozenset[Flag] = frozenset()) -> TaskStatus:
    bucket = Bucket.IN_PROGRESS_OVERDUE if overdue else Bucket.IN_PROGRESS_ON_TIME
    return TaskStatus(bucket, flags, deadline, 0, True, "S-xx", "")


def kinds(reminders: tuple[ReminderDue, ...]) -> list[tuple[ReminderKind, int]]:
    return [(reminder.kind, reminder.offset) for reminder in reminders]


@pytest.mark.parametrize(
    ("_case", "as_of", "expected"),
    [
        ("8 working days before (Wednesday 11/02): nothing yet", date(2026, 2, 11), []),
        (
            "7 working days before, across Tết: Thursday 12/02",
            date(2026, 2, 12),
            [(ReminderKind.DUE_SOON, 7)],
        ),
        (
            "during Tết the 7-day reminder is still the one owed",
            date(2026, 2, 18),
            [(ReminderKind.DUE_SOON, 7)],
        ),
        ("3 working days before (Wednesday 25/02)", date(2026, 2, 25), [(ReminderKind.DUE_SOON, 7)]),
        ("2 working days before (Thursday 26/02)", date(2026, 2, 26), [(ReminderKind.DUE_SOON, 2)]),
        ("on the deadline day", DEADLINE_AFTER_TET, [(ReminderKind.DUE_SOON, 2)]),
    ],
)
def test_before_the_deadline_the_smallest_arrived_offset_is_owed_counting_working_days(
    _case, as_of, expected
):
    # given a task due Monday 02/03/2026
    status = open_status(DEADLINE_AFTER_TET)
    # when
    reminders = deadline_reminders_due(status, as_of=as_of, calendar=CALENDAR, policy=POLICY)
    # then
    assert kinds(reminders) == expected
    assert all(reminder.version == DEADLINE_AFTER_TET for reminder in reminders)
    assert all(reminder.audience is Audience.EXECUTORS for reminder in reminders)


def test_the_reminder_quotes_the_working_days_left():
    # given 12/02/2026: 13/02 and 23/02–02/03 are the working days left (Tết does not count)
    working_days_left = 7
    # when
    (reminder,) = deadline_reminders_due(
        open_status(DEADLINE_AFTER_TET), as_of=date(2026, 2, 12), calendar=CALENDAR
    )
    # then
    assert reminder.working_days == working_days_left


@pytest.mark.parametrize(
    ("_case", "as_of", "expected"),
    [
        ("the day after the deadline (Saturday, Tết begins)", date(2026, 2, 14), [(ReminderKind.OVERDUE, 0)]),
        ("4 working days late (Thursday 26/02)", date(2026, 2, 26), [(ReminderKind.OVERDUE, 0)]),
        (
            "5 working days late (Friday 27/02): escalation to the head",
            date(2026, 2, 27),
            [(ReminderKind.OVERDUE, 0), (ReminderKind.ESCALATION, 5)],
        ),
    ],
)
def test_after_the_deadline_overdue_then_escalation_after_n_working_days(_case, as_of, expected):
    # given a task due Friday 13/02/2026, the day before Tết
    status = open_status(DEADLINE_BEFORE_TET, overdue=True)
    # when
    reminders = deadline_reminders_due(status, as_of=as_of, calendar=CALENDAR, policy=POLICY)
    # then
    assert kinds(reminders) == expected


def test_the_escalation_goes_to_the_head_and_the_threshold_is_a_policy_value():
    # given
    policy = ReminderPolicy(escalate_after_working_days=2)
    # when: 24/02/2026 is the 2nd working day after 13/02 (23 and 24/02)
    reminders = deadline_reminders_due(
        open_status(DEADLINE_BEFORE_TET, overdue=True),
        as_of=date(2026, 2, 24),
        calendar=CALENDAR,
        policy=policy,
    )
    # then
    escalation = reminders[-1]
    assert (escalation.kind, escalation.audience, escalation.offset, escalation.working_days) == (
        ReminderKind.ESCALATION,
        Audience.HEAD,
        2,
        2,
    )


@pytest.mark.parametrize(
    ("_case", "bucket", "flags"),
    [
        ("done on time", Bucket.DONE_ON_TIME, frozenset()),
        ("done late", Bucket.DONE_LATE, frozenset()),
        ("suspended", Bucket.SUSPENDED, frozenset()),
        ("stopped", Bucket.STOPPED, frozenset()),
        (
            "awaiting the secretariat's confirmation",
            Bucket.IN_PROGRESS_ON_TIME,
            frozenset({Flag.AWAITING_CONFIRMATION}),
        ),
    ],
)
def test_closed_or_awaiting_tasks_owe_no_reminder(_case, bucket, flags):
    # given a status that would otherwise owe the 2-day reminder
    status = TaskStatus(bucket, flags, DEADLINE_AFTER_TET, 0, True, "S-xx", "")
    # when
    reminders = deadline_reminders_due(status, as_of=date(2026, 2, 27), calendar=CALENDAR)
    # then
    assert reminders == ()


def test_a_task_without_deadline_owes_nothing():
    status = TaskStatus(Bucket.RECURRING, frozenset(), None, 0, True, "S-xx", "")
    assert deadline_reminders_due(status, as_of=date(2026, 2, 27), calendar=CALENDAR) == ()


def test_an_extension_gives_a_new_version_so_the_keys_differ():
    # given the same offset owed against the old and the new deadline
    new_deadline = date(2026, 3, 31)
    (before,) = deadline_reminders_due(
        open_status(DEADLINE_AFTER_TET), as_of=date(2026, 2, 26), calendar=CALENDAR
    )
    (after,) = deadline_reminders_due(open_status(new_deadline), as_of=date(2026, 3, 27), calendar=CALENDAR)
    # then
    assert (before.offset, after.offset) == (2, 2)
    assert before.key_parts != after.key_parts
    assert after.key_parts["version"] == new_deadline


@pytest.mark.parametrize(("_case", "offsets"), [("a zero offset", (7, 0)), ("a negative offset", (-1,))])
def test_a_policy_with_non_positive_offsets_is_refused(_case, offsets):
    with pytest.raises(ValueError, match="lớn hơn 0"):
        ReminderPolicy(before_working_days=offsets)


def _report(period: Period, due_on: date, state: ReportState) -> PeriodReport:
    return PeriodReport(period, due_on, None, state)


def test_the_latest_missing_periodic_report_is_reminded():
    # given January missing, February missing, nothing else
    january, february = Period.month(2026, 1), Period.month(2026, 2)
    february_due = date(2026, 3, 6)
    reports = (
        _report(january, date(2026, 2, 6), ReportState.MISSING),
        _report(february, february_due, ReportState.MISSING),
    )
    # when
    reminder = missing_report_reminder_due(reports, as_of=date(2026, 3, 9), calendar=CALENDAR)
    # then
    assert reminder is not None
    assert (reminder.kind, reminder.version, reminder.period_code, reminder.period_label) == (
        ReminderKind.MISSING_REPORT,
        february_due,
        february.code,
        "Tháng 2/2026",
    )
    assert reminder.working_days == 1
    assert reminder.key_parts["period"] == february.code


@pytest.mark.parametrize(
    ("_case", "state"),
    [("on time", ReportState.ON_TIME), ("late", ReportState.LATE), ("not due yet", ReportState.PENDING)],
)
def test_no_missing_report_no_reminder(_case, state):
    reports = (_report(Period.month(2026, 2), date(2026, 3, 6), state),)
    assert missing_report_reminder_due(reports, as_of=date(2026, 3, 9), calendar=CALENDAR) is None
