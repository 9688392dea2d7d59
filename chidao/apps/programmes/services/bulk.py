"""Bulk actions on a filtered task list (đôn đốc, extend, reassign, confirm/return): one transaction, one audit
row per task written by the service applied to it (task.urge, task.extend, task.update, report.confirm,
report.return). The preview (chidao.apps.programmes.bulk_preview, re-exported here) says beforehand how many
tasks an action applies to and why the others are refused; the same check runs again when applying.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chidao.apps.accounts.models import User
from chidao.apps.audit.services import audit_record, writes_audit
from chidao.apps.notifications.services import notify
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.bulk_preview import (
    BulkAction,
    BulkPreview,
    BulkTarget,
    Refusal,
    task_refusal,
    tasks_bulk_preview,
)
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.notifications import URGE_KIND, executor_accounts, head_accounts, urge_message
from chidao.apps.programmes.services.reports import report_confirm, report_return
from chidao.apps.programmes.services.tasks import task_extend, task_update

__all__ = [
    "BulkAction",
    "BulkPreview",
    "BulkResult",
    "Refusal",
    "task_urge",
    "tasks_bulk_apply",
    "tasks_bulk_preview",
]


@dataclass(frozen=True)
class BulkResult:
    """What a bulk action did: the tasks it applied to, and the refused ones with their reasons."""

    action: BulkAction
    applied: tuple[int, ...]
    refused: tuple[Refusal, ...]


@writes_audit("task.urge", label="Đôn đốc thực hiện nhiệm vụ")
def task_urge(*, actor: Any, task: Task, note: str = "") -> int:
    """Urge (đôn đốc) the lead unit: its officers, the responsible person and the unit's head are notified,
    once per task and day (urging again the same day tells no one twice); one audit row per call. Returns how
    many people the urging is addressed to."""
    reason = task_refusal(task, BulkAction.URGE)
    if reason:
        raise ValidationError(reason)
    today = timezone.localdate()
    executors = executor_accounts([task], today)[task.pk]
    heads = head_accounts([task.lead_unit_id], today).get(task.lead_unit_id, []) if task.lead_unit_id else []
    recipients = {user.pk: user for user in [*executors, *heads]}
    if not recipients:
        raise ValidationError("Đơn vị chủ trì chưa có tài khoản nào để nhận đôn đốc.")
    message = urge_message(task, note)
    for user in recipients.values():
        notify(
            recipient=user,
            kind=URGE_KIND,
            title=message.title,
            body=message.body,
            link=message.link,
            key_parts={"task": task.pk, "day": today, "deadline": task.deadline},
            payload={"task_id": task.pk, "task_code": task.code},
        )
    audit_record(
        actor=actor,
        action="task.urge",
        obj=task,
        after={"note": note.strip(), "recipients": sorted(recipients), "day": today.isoformat()},
    )
    return len(recipients)


def _params_for(action: BulkAction, params: Mapping[str, Any]) -> dict[str, Any]:
    """The validated parameters of an action; a missing one refuses the whole call before anything changes."""
    if action is BulkAction.EXTEND:
        new_deadline, reason = params.get("new_deadline"), str(params.get("reason", "")).strip()
        if not isinstance(new_deadline, dt.date) or not reason:
            raise ValidationError("Gia hạn hàng loạt cần thời hạn mới và lý do.")
        return {"new_deadline": new_deadline, "reason": reason}
    if action is BulkAction.REASSIGN:
        unit = params.get("lead_unit")
        if not isinstance(unit, Unit):
            unit = Unit.objects.filter(pk=unit).first() if isinstance(unit, int | str) else None
        if unit is None:
            raise ValidationError("Giao lại cần chọn đơn vị chủ trì mới.")
        return {"lead_unit": unit}
    if action is BulkAction.RETURN:
        reason = str(params.get("reason", "")).strip()
        if not reason:
            raise ValidationError("Trả lại hàng loạt cần nêu lý do.")
        return {"reason": reason}
    if action is BulkAction.CONFIRM:
        return {"close_open_children_reason": str(params.get("close_open_children_reason", ""))}
    return {"note": str(params.get("note", ""))}


def _apply_one(actor: User, target: BulkTarget, action: BulkAction, values: dict[str, Any]) -> None:
    task = target.task
    if action is BulkAction.URGE:
        task_urge(actor=actor, task=task, note=values["note"])
    elif action is BulkAction.EXTEND:
        task_extend(actor=actor, task=task, new_deadline=values["new_deadline"], reason=values["reason"])
    elif action is BulkAction.REASSIGN:
        if task.lead_unit_id == values["lead_unit"].pk:
            raise ValidationError("Nhiệm vụ đã do đơn vị này chủ trì.")
        task_update(actor=actor, task=task, data={"lead_unit": values["lead_unit"]})
    elif action is BulkAction.CONFIRM:
        assert target.report is not None
        report_confirm(
            actor=actor, report=target.report, close_open_children_reason=values["close_open_children_reason"]
        )
    else:
        assert target.report is not None
        report_return(actor=actor, report=target.report, reason=values["reason"])


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@writes_audit("task.bulk", label="Thao tác hàng loạt trên nhiệm vụ")
def tasks_bulk_apply(
    *,
    actor: User,
    task_ids: Iterable[int | str],
    action: BulkAction | str,
    params: Mapping[str, Any] | None = None,
) -> BulkResult:
    """Apply `action` to the chosen tasks the actor may act on, in one transaction, through the task's own
    service (so each task gets its audit row); refused tasks — by the preview's rules, or by the service's own
    check (e.g. a new deadline not later than the current one) — are reported and left unchanged."""
    action = BulkAction(action)
    values = _params_for(action, params or {})
    preview = tasks_bulk_preview(actor, task_ids, action)
    applied: list[int] = []
    refused = list(preview.refused)
    for target in preview.targets:
        try:
            with transaction.atomic():
                _apply_one(actor, target, action, values)
        except ValidationError as error:
            refused.append(Refusal(target.task.pk, _messages(error)))
        else:
            applied.append(target.task.pk)
    return BulkResult(action=action, applied=tuple(applied), refused=tuple(refused))
