"""The notification kinds of the steering tasks, the Vietnamese wording of each message, and who is told.

Kinds are registered when this module is imported (the services that notify import it). Messages are built
here and nowhere else so that the wording can be reviewed in one place; dates are written dd/mm/yyyy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.accounts.roles import Role
from chidao.apps.notifications.kinds import register_kind
from chidao.apps.organisation.models import HeadAssignment
from chidao.apps.programmes.models import Task, TaskDirective
from chidao.core.numbers import format_date
from chidao.core.tasks.reminders import ReminderDue, ReminderKind

REMINDER_KIND_PREFIX = "task.reminder."
URGE_KIND = "task.urge"
CONTRIBUTION_KIND = "task.contribution_request"
DIRECTIVE_KIND_PREFIX = "task.directive."

KIND_LABELS = {
    f"{REMINDER_KIND_PREFIX}{ReminderKind.DUE_SOON}": "Nhiệm vụ sắp đến hạn",
    f"{REMINDER_KIND_PREFIX}{ReminderKind.OVERDUE}": "Nhiệm vụ quá hạn",
    f"{REMINDER_KIND_PREFIX}{ReminderKind.ESCALATION}": "Nhiệm vụ quá hạn kéo dài (báo lãnh đạo đơn vị)",
    f"{REMINDER_KIND_PREFIX}{ReminderKind.MISSING_REPORT}": "Chưa báo cáo định kỳ",
    URGE_KIND: "Đôn đốc thực hiện nhiệm vụ",
    CONTRIBUTION_KIND: "Đề nghị đơn vị phối hợp góp ý báo cáo",
    f"{DIRECTIVE_KIND_PREFIX}{TaskDirective.Kind.EXPLANATION_REQUEST}": "Yêu cầu giải trình",
    f"{DIRECTIVE_KIND_PREFIX}{TaskDirective.Kind.DIRECTION}": "Ý kiến chỉ đạo",
}

for _code, _label in KIND_LABELS.items():
    register_kind(_code, _label)


@dataclass(frozen=True)
class Message:
    """A notification's title, body and link."""

    title: str
    body: str
    link: str


def reminder_kind(kind: ReminderKind) -> str:
    """The notification kind of a reminder ("task.reminder.due_soon", …)."""
    return f"{REMINDER_KIND_PREFIX}{kind}"


def directive_kind(kind: str) -> str:
    """The notification kind of a directive ("task.directive.explanation_request" or "…direction")."""
    return f"{DIRECTIVE_KIND_PREFIX}{kind}"


def task_link(task: Task) -> str:
    """The task's page (programmes:task-detail; the app is mounted at /programmes/)."""
    return f"/programmes/tasks/{task.pk}/"


def _subject(task: Task) -> str:
    unit = task.lead_unit.name if task.lead_unit is not None else "chưa rõ đơn vị chủ trì"
    return f"Nhiệm vụ “{task.title}” (mã {task.code}, đơn vị chủ trì: {unit})"


def reminder_message(task: Task, reminder: ReminderDue) -> Message:
    """The wording of a deadline or periodic-report reminder."""
    deadline = format_date(reminder.version)
    days = reminder.working_days
    if reminder.kind is ReminderKind.DUE_SOON:
        when = "đến hạn hôm nay" if days == 0 else f"còn {days} ngày làm việc đến hạn"
        title = f"Nhiệm vụ {task.code} {when} ({deadline})"
        body = (
            f"{_subject(task)} có thời hạn {deadline}, {when}. "
            "Đề nghị khẩn trương hoàn thành và báo cáo kết quả kèm văn bản, sản phẩm chứng minh."
        )
    elif reminder.kind is ReminderKind.OVERDUE:
        title = f"Nhiệm vụ {task.code} đã quá hạn ({deadline})"
        body = (
            f"{_subject(task)} đã quá thời hạn {deadline} mà chưa hoàn thành. Đề nghị báo cáo tiến độ, "
            "nêu rõ khó khăn, vướng mắc và đề xuất gia hạn nếu cần."
        )
    elif reminder.kind is ReminderKind.ESCALATION:
        title = f"Nhiệm vụ {task.code} quá hạn {days} ngày làm việc"
        body = (
            f"Kính gửi lãnh đạo đơn vị: {_subject(task)} có thời hạn {deadline}, đến nay đã quá hạn "
            f"{days} ngày làm việc mà chưa hoàn thành. Đề nghị đồng chí chỉ đạo khẩn trương thực hiện "
            "và báo cáo Ban Chỉ đạo."
        )
    else:
        title = f"Chưa báo cáo {reminder.period_label}: nhiệm vụ {task.code}"
        body = (
            f"{_subject(task)}: báo cáo định kỳ {reminder.period_label} hạn {deadline} chưa được gửi "
            f"(quá hạn {days} ngày làm việc). Đề nghị gửi báo cáo."
        )
    return Message(title=title, body=body, link=task_link(task))


def urge_message(task: Task, note: str = "") -> Message:
    """The wording of an urging (đôn đốc) sent by the secretariat."""
    deadline = f" có thời hạn {format_date(task.deadline)}" if task.deadline is not None else ""
    body = f"Thường trực Ban Chỉ đạo đôn đốc: {_subject(task)}{deadline}. Đề nghị khẩn trương thực hiện."
    if note.strip():
        body = f"{body}\n{note.strip()}"
    return Message(title=f"Đôn đốc thực hiện nhiệm vụ {task.code}", body=body, link=task_link(task))


def contribution_message(task: Task, due_on: dt.date, lead_unit_name: str, link: str) -> Message:
    """The wording of a lead unit's request for a coordinating unit's input to its report."""
    body = (
        f"{lead_unit_name} đề nghị đơn vị góp ý, cung cấp thông tin cho báo cáo về {_subject(task)}. "
        f"Hạn gửi: {format_date(due_on)}."
    )
    return Message(title=f"Đề nghị phối hợp: nhiệm vụ {task.code}", body=body, link=link)


def officer_accounts(unit_ids: Iterable[int], as_of: dt.date) -> dict[int, list[User]]:
    """unit id -> the users holding the role unit_officer on that unit on the date."""
    found: dict[int, list[User]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.valid_on(as_of)
        .filter(role=Role.UNIT_OFFICER, unit_id__in=set(unit_ids))
        .select_related("user")
    )
    for assignment in assignments:
        found[assignment.unit_id].append(assignment.user)
    return {unit_id: _by_pk(users) for unit_id, users in found.items()}


def directive_message(directive: TaskDirective) -> Message:
    """The wording of an explanation request or a leader's direction, addressed to the lead unit's head."""
    task = directive.task
    heading = KIND_LABELS[directive_kind(directive.kind)]
    due = f"\nHạn trả lời: {format_date(directive.due_on)}." if directive.due_on is not None else ""
    body = f"{_subject(task)}.\n{heading}: {directive.text}{due}"
    return Message(title=f"{heading}: nhiệm vụ {task.code}", body=body, link=task_link(task))


# ---- who is told ----------------------------------------------------------------------------------------------


def _by_pk(users: Iterable[User]) -> list[User]:
    unique = {user.pk: user for user in users}
    return [unique[pk] for pk in sorted(unique)]


def executor_accounts(tasks: Iterable[Task], as_of: dt.date) -> dict[int, list[User]]:
    """task id -> the accounts of its responsible person and the officers (role unit_officer) of its lead unit
    on the date, without duplicates; three queries whatever the number of tasks."""
    tasks = list(tasks)
    person_ids = {task.responsible_person_id for task in tasks if task.responsible_person_id is not None}
    unit_ids = {task.lead_unit_id for task in tasks if task.lead_unit_id is not None}
    accounts_of_person: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(person_id__in=person_ids):
        accounts_of_person[user.person_id].append(user)  # type: ignore[index]
    officers: dict[int, list[User]] = defaultdict(list)
    assignments = (
        RoleAssignment.objects.valid_on(as_of)
        .filter(role=Role.UNIT_OFFICER, unit_id__in=unit_ids)
        .select_related("user")
    )
    for assignment in assignments:
        officers[assignment.unit_id].append(assignment.user)
    return {
        task.pk: _by_pk(
            [
                *(accounts_of_person[task.responsible_person_id] if task.responsible_person_id else []),
                *(officers[task.lead_unit_id] if task.lead_unit_id else []),
            ]
        )
        for task in tasks
    }


def head_accounts(unit_ids: Iterable[int], as_of: dt.date) -> dict[int, list[User]]:
    """unit id -> the accounts of its head on the date (HeadAssignment "head" → the person's linked accounts)
    and of the users holding the role unit_head on that unit, without duplicates."""
    unit_ids = set(unit_ids)
    heads = (
        HeadAssignment.objects.filter(
            unit_id__in=unit_ids, role=HeadAssignment.Role.HEAD, valid_from__lte=as_of
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        .values_list("unit_id", "person_id")
    )
    units_of_person: dict[int, list[int]] = defaultdict(list)
    for unit_id, person_id in heads:
        units_of_person[person_id].append(unit_id)
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(person_id__in=units_of_person):
        for unit_id in units_of_person[user.person_id]:  # type: ignore[index]
            found[unit_id].append(user)
    role_holders = (
        RoleAssignment.objects.valid_on(as_of)
        .filter(role=Role.UNIT_HEAD, unit_id__in=unit_ids)
        .select_related("user")
    )
    for assignment in role_holders:
        found[assignment.unit_id].append(assignment.user)
    return {unit_id: _by_pk(found[unit_id]) for unit_id in unit_ids}
