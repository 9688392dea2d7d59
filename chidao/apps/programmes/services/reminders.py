"""Reminders of the steering tasks through the platform's notifications, and the notice of a directive to the
lead unit's head. The core (chidao.core.tasks.reminders) decides what is owed on a date; this module finds the
recipients and sends each reminder ONCE: its idempotency key is (task, kind, offset, deadline version[, period])
plus the recipient, so a re-run sends nothing new and an extension (a new deadline) reminds again.

Audit policy: like `notification.create`, each notification is its own record; a run writes one summary row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from chidao.apps.accounts.models import User
from chidao.apps.audit.services import audit_record, writes_audit
from chidao.apps.notifications.models import Notification
from chidao.apps.notifications.services import notify
from chidao.apps.programmes.mappers import task_status
from chidao.apps.programmes.models import ProgressReport, Task, TaskDirective
from chidao.apps.programmes.notifications import (
    Message,
    directive_kind,
    directive_message,
    executor_accounts,
    head_accounts,
    reminder_kind,
    reminder_message,
)
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.calendar import WorkingCalendar
from chidao.core.notifications import idempotency_key
from chidao.core.periods import Cadence
from chidao.core.tasks.recurring import ReportDeadlineRule, assess_reports
from chidao.core.tasks.reminders import (
    DEFAULT_REMINDER_POLICY,
    Audience,
    ReminderDue,
    ReminderPolicy,
    deadline_reminders_due,
    missing_report_reminder_due,
)

# Reports that count as sent for a period (as in the league table): approved by the unit head, or confirmed.
_SENT_STATES = (ProgressReport.State.HEAD_APPROVED, ProgressReport.State.CONFIRMED)
_KEY_CHUNK = 500


@dataclass(frozen=True)
class _Outgoing:
    task: Task
    reminder: ReminderDue
    recipient: User
    key: str


@dataclass(frozen=True)
class ReminderRun:
    """What a run did: tasks looked at, reminders owed (one per task and kind), notifications created now and
    those skipped because they had been sent before."""

    as_of: dt.date
    tasks_checked: int
    reminders_owed: int
    sent: int
    already_sent: int


def _not_decided(as_of: dt.date) -> Q:
    return (Q(suspended_on__isnull=True) | Q(suspended_on__gt=as_of)) & (
        Q(stopped_on__isnull=True) | Q(stopped_on__gt=as_of)
    )


def _deadline_reminders(
    as_of: dt.date, calendar: WorkingCalendar, policy: ReminderPolicy
) -> list[tuple[Task, ReminderDue]]:
    tasks = (
        Task.objects.filter(_not_decided(as_of), kind=Task.Kind.TIME_BOUND, deadline__isnull=False)
        .filter(confirmed_at__isnull=True)
        .select_related("lead_unit")
        .prefetch_related("extensions")
        .order_by("pk")
    )
    owed: list[tuple[Task, ReminderDue]] = []
    for task in tasks:
        status = task_status(task, as_of=as_of, calendar=calendar)
        owed.extend(
            (task, reminder)
            for reminder in deadline_reminders_due(status, as_of=as_of, calendar=calendar, policy=policy)
        )
    return owed


def _missing_report_reminders(as_of: dt.date, calendar: WorkingCalendar) -> list[tuple[Task, ReminderDue]]:
    tasks = list(
        Task.objects.filter(_not_decided(as_of), kind=Task.Kind.RECURRING, assigned_on__isnull=False)
        .exclude(cadence="")
        .select_related("lead_unit")
        .order_by("pk")
    )
    sent: dict[int, dict[str, dt.date]] = defaultdict(dict)
    reports = ProgressReport.objects.filter(task__in=[task.pk for task in tasks], state__in=_SENT_STATES)
    for task_id, period, submitted_at in reports.values_list("task_id", "period_label", "submitted_at"):
        if period and submitted_at is not None:
            day = timezone.localtime(submitted_at).date()
            sent[task_id][period] = min(day, sent[task_id].get(period, day))
    owed: list[tuple[Task, ReminderDue]] = []
    for task in tasks:
        assert task.assigned_on is not None
        assessed = assess_reports(
            Cadence(task.cadence),
            start=task.assigned_on,
            as_of=as_of,
            submitted_on=sent[task.pk],
            rule=ReportDeadlineRule(),
            calendar=calendar,
        )
        reminder = missing_report_reminder_due(assessed, as_of=as_of, calendar=calendar)
        if reminder is not None:
            owed.append((task, reminder))
    return owed


def _recipients(owed: list[tuple[Task, ReminderDue]], as_of: dt.date) -> list[tuple[Task, ReminderDue, User]]:
    tasks = {task.pk: task for task, _ in owed}
    executors = executor_accounts(tasks.values(), as_of)
    heads = head_accounts({task.lead_unit_id for task in tasks.values() if task.lead_unit_id}, as_of)
    result: list[tuple[Task, ReminderDue, User]] = []
    for task, reminder in owed:
        if reminder.audience is Audience.HEAD:
            users = heads.get(task.lead_unit_id, []) if task.lead_unit_id else []
        else:
            users = executors[task.pk]
        result.extend((task, reminder, user) for user in users)
    return result


def _key_parts(task: Task, reminder: ReminderDue) -> dict[str, object]:
    return {"task": task.pk, **reminder.key_parts}


def _existing_keys(keys: list[str]) -> set[str]:
    existing: set[str] = set()
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        existing.update(
            Notification.objects.filter(idempotency_key__in=chunk).values_list("idempotency_key", flat=True)
        )
    return existing


@writes_audit("task.remind", label="Gửi nhắc việc nhiệm vụ")
def task_reminders_send(
    *, as_of: dt.date, policy: ReminderPolicy = DEFAULT_REMINDER_POLICY, actor: object = None
) -> ReminderRun:
    """Send every reminder owed on `as_of` that was not sent before: before the deadline (working days of the
    policy), on becoming overdue, the escalation to the lead unit's head, and the latest missing periodic report.

    The responsible person's accounts and the lead unit's officers get the first three kinds; the head (and the
    unit's unit_head accounts) the escalation. One summary audit row."""
    calendar = working_calendar()
    deadline_owed = _deadline_reminders(as_of, calendar, policy)
    report_owed = _missing_report_reminders(as_of, calendar)
    owed = deadline_owed + report_owed
    outgoing = [
        _Outgoing(
            task,
            reminder,
            user,
            idempotency_key(reminder_kind(reminder.kind), user.pk, **_key_parts(task, reminder)),
        )
        for task, reminder, user in _recipients(owed, as_of)
    ]
    existing = _existing_keys([item.key for item in outgoing])
    sent = 0
    for item in outgoing:
        if item.key in existing:
            continue
        message = reminder_message(item.task, item.reminder)
        _send(
            item.recipient,
            reminder_kind(item.reminder.kind),
            message,
            _key_parts(item.task, item.reminder),
            item.task,
        )
        existing.add(item.key)
        sent += 1
    checked = len({task.pk for task, _ in owed})
    run = ReminderRun(
        as_of=as_of,
        tasks_checked=checked,
        reminders_owed=len(owed),
        sent=sent,
        already_sent=len(outgoing) - sent,
    )
    audit_record(
        actor=actor,
        action="task.remind",
        object_type="programmes.task",
        object_repr=f"Nhắc việc ngày {as_of:%d/%m/%Y}: {sent} thông báo mới",
        after={
            "as_of": as_of.isoformat(),
            "reminders_owed": run.reminders_owed,
            "sent": run.sent,
            "already_sent": run.already_sent,
        },
    )
    return run


def _send(
    recipient: User, kind: str, message: Message, key_parts: dict[str, object], task: Task
) -> Notification:
    return notify(
        recipient=recipient,
        kind=kind,
        title=message.title,
        body=message.body,
        link=message.link,
        key_parts=key_parts,
        payload={"task_id": task.pk, "task_code": task.code},
    )


@writes_audit("directive.notify", label="Báo lãnh đạo đơn vị yêu cầu giải trình, ý kiến chỉ đạo")
def directive_notify(*, directive: TaskDirective) -> list[Notification]:
    """Tell the head of the addressed (lead) unit — as of the day the directive was made — about an explanation
    request or a leader's direction; once per directive and recipient. No audit row: `directive.create` records
    the directive, the notifications record who was told."""
    unit_id = directive.addressed_unit_id or directive.task.lead_unit_id
    if unit_id is None:
        return []
    day = timezone.localtime(directive.created_at).date() if directive.created_at else timezone.localdate()
    message = directive_message(directive)
    kind = directive_kind(directive.kind)
    return [
        _send(user, kind, message, {"directive": directive.pk}, directive.task)
        for user in head_accounts([unit_id], day)[unit_id]
    ]
