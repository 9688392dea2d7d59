"""Writing tasks: create, update, extend (with history), assign to many units, suspend, stop, directives, and
the nightly refresh of the stored statuses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.mappers import STATUS_FIELDS, apply_status, task_status
from chidao.apps.programmes.models import Area, Phase, Plan, Task, TaskDirective, TaskExtension
from chidao.apps.programmes.selectors import assign_many_preview
from chidao.apps.programmes.services.status import _store_status, _today, _user
from chidao.apps.workcalendar.selectors import working_calendar

# Scalar fields a caller may set on create or change on update (the status columns are derived, never set).
TASK_EDITABLE_FIELDS = frozenset(
    {
        "code",
        "title",
        "content",
        "source_document",
        "source_item",
        "origin",
        "kind",
        "cadence",
        "lead_unit",
        "responsible_person",
        "assigned_on",
        "deadline_text",
        "original_deadline",
        "product_type",
        "product_description",
        "authority",
        "parent",
        "weight",
        "plan_group",
    }
)
# Fields a child made by "assign to many" copies from its parent.
_INHERITED_FIELDS = (
    "title",
    "content",
    "source_document",
    "source_item",
    "origin",
    "kind",
    "cadence",
    "assigned_on",
    "deadline_text",
    "original_deadline",
    "deadline",
    "product_type",
    "product_description",
    "authority",
    "plan_group",
)
_REFRESH_BATCH = 500


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - TASK_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Trường này không được phép sửa."))


def _check_kind(task: Task) -> None:
    if task.kind == Task.Kind.TIME_BOUND and task.cadence:
        raise ValidationError({"cadence": "Chỉ nhiệm vụ thường xuyên mới có chu kỳ báo cáo."})
    if task.kind == Task.Kind.RECURRING and task.original_deadline is not None:
        raise ValidationError({"original_deadline": "Nhiệm vụ thường xuyên không có thời hạn hoàn thành."})


def _set_relations(
    task: Task,
    *,
    coordinating_units: Iterable[Unit] | None,
    areas: Iterable[Area] | None,
    plans: Iterable[Plan] | None,
    phases: Iterable[Phase] | None,
) -> None:
    if coordinating_units is not None:
        task.coordinating_units.set(list(coordinating_units))
    if areas is not None:
        task.areas.set(list(areas))
    if plans is not None:
        task.plans.set(list(plans))
    if phases is not None:
        task.phases.set(list(phases))


@writes_audit("task.create", label="Tạo nhiệm vụ")
def task_create(
    *,
    actor: Any,
    code: str,
    title: str,
    lead_unit: Unit | None,
    original_deadline: dt.date | None = None,
    coordinating_units: Iterable[Unit] = (),
    areas: Iterable[Area] = (),
    plans: Iterable[Plan] = (),
    phases: Iterable[Phase] = (),
    **fields: Any,
) -> Task:
    """Create a task with its "6 rõ" (missing items are allowed and shown); its status is stored as of today."""
    _check_fields(fields)
    task = Task(code=code, title=title, lead_unit=lead_unit, original_deadline=original_deadline, **fields)
    task.deadline = original_deadline
    _check_kind(task)
    task.full_clean()
    _store_status(task, save=False)
    task.save()
    _set_relations(task, coordinating_units=coordinating_units, areas=areas, plans=plans, phases=phases)
    audit_record(actor=actor, action="task.create", obj=task, after=snapshot(task))
    return task


@writes_audit("task.update", label="Sửa nhiệm vụ")
def task_update(
    *,
    actor: Any,
    task: Task,
    data: dict[str, Any],
    coordinating_units: Iterable[Unit] | None = None,
    areas: Iterable[Area] | None = None,
    plans: Iterable[Plan] | None = None,
    phases: Iterable[Phase] | None = None,
) -> Task:
    """Change a task's fields and relations (None leaves a relation alone); the status is stored again."""
    _check_fields(data)
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = snapshot(task)
    for field, value in data.items():
        setattr(task, field, value)
    if "original_deadline" in data and not task.extensions.exists():
        task.deadline = task.original_deadline
    _check_kind(task)
    task.full_clean()
    _store_status(task, save=False)
    task.save()
    _set_relations(task, coordinating_units=coordinating_units, areas=areas, plans=plans, phases=phases)
    after = snapshot(task)
    if before != after:
        audit_record(actor=actor, action="task.update", obj=task, before=before, after=after)
    return task


@writes_audit("task.extend", label="Gia hạn nhiệm vụ")
def task_extend(
    *,
    actor: Any,
    task: Task,
    new_deadline: dt.date,
    reason: str,
    requested_by: Any = None,
    requested_at: dt.datetime | None = None,
) -> TaskExtension:
    """Approve an extension today, keeping the history; approved after the deadline in force, it is marked
    and the working days between that deadline and today stay counted as overdue."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.kind != Task.Kind.TIME_BOUND or task.deadline is None:
        raise ValidationError("Chỉ gia hạn được nhiệm vụ có thời hạn.")
    if task.confirmed_at is not None:
        raise ValidationError("Nhiệm vụ đã được xác nhận hoàn thành, không gia hạn.")
    if new_deadline <= task.deadline:
        raise ValidationError({"new_deadline": "Thời hạn mới phải sau thời hạn hiện hành."})
    if not reason.strip():
        raise ValidationError({"reason": "Phải nêu lý do gia hạn."})
    today = _today()
    before = snapshot(task)
    extension = TaskExtension.objects.create(
        task=task,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
        requested_by=requested_by if requested_by is not None else _user(actor),
        requested_at=requested_at or timezone.now(),
        approved_by=_user(actor),
        approved_on=today,
        after_deadline=today > task.deadline,
    )
    task.deadline = new_deadline
    task.save(update_fields=["deadline", "updated_at"])
    _store_status(task)
    after = {**(snapshot(task) or {}), "extension": snapshot(extension)}
    audit_record(actor=actor, action="task.extend", obj=task, before=before, after=after)
    return extension


@writes_audit("task.assign_many", label="Giao nhiệm vụ cho nhiều đơn vị")
def task_assign_many(*, actor: Any, parent: Task, units: Iterable[Unit]) -> list[Task]:
    """Give `parent` to each unit as a child task (code "<parent code>-<unit code>"), all in one transaction;
    units that already have a child are skipped, so running it twice creates nothing twice."""
    parent = Task.objects.select_for_update().get(pk=parent.pk)
    preview = assign_many_preview(parent, list(units))
    children = []
    for unit in preview.to_create:
        child = Task(parent=parent, lead_unit=unit, code=f"{parent.code}-{unit.code}"[:64])
        for field in _INHERITED_FIELDS:
            setattr(child, field, getattr(parent, field))
        child.refresh_name_keys()
        _store_status(child, save=False)
        children.append(child)
    created = Task.objects.bulk_create(children)
    for relation in ("areas", "plans", "phases"):
        through = getattr(Task, relation).through
        column = f"{getattr(Task, relation).field.m2m_reverse_field_name()}_id"
        targets = list(getattr(parent, relation).values_list("pk", flat=True))
        through.objects.bulk_create(
            [through(task_id=child.pk, **{column: target}) for child in created for target in targets]
        )
    for child in created:
        audit_record(actor=actor, action="task.assign_many", obj=child, after=snapshot(child))
    return created


def _decide(actor: Any, task: Task, *, field: str, on: dt.date, decision_text: str, action: str) -> Task:
    if not decision_text.strip():
        raise ValidationError({"decision_text": "Phải ghi số, ngày quyết định."})
    task = Task.objects.select_for_update().get(pk=task.pk)
    before = snapshot(task)
    setattr(task, field, on)
    task.decision_text = decision_text.strip()
    task.save(update_fields=[field, "decision_text", "updated_at"])
    _store_status(task)
    audit_record(actor=actor, action=action, obj=task, before=before, after=snapshot(task))
    return task


@writes_audit("task.suspend", label="Tạm hoãn nhiệm vụ")
def task_suspend(*, actor: Any, task: Task, on: dt.date, decision_text: str) -> Task:
    """Suspend (tạm hoãn) a task by a decision from `on`: it leaves the totals and is listed with the decision."""
    return _decide(
        actor, task, field="suspended_on", on=on, decision_text=decision_text, action="task.suspend"
    )


@writes_audit("task.stop", label="Dừng thực hiện nhiệm vụ")
def task_stop(*, actor: Any, task: Task, on: dt.date, decision_text: str) -> Task:
    """Stop (dừng thực hiện) a task by a decision from `on`: it leaves the totals and is listed with it."""
    return _decide(actor, task, field="stopped_on", on=on, decision_text=decision_text, action="task.stop")


@writes_audit("directive.create", label="Yêu cầu giải trình, ý kiến chỉ đạo")
def directive_create(
    *, actor: Any, task: Task, kind: str, text: str, due_on: dt.date | None = None
) -> TaskDirective:
    """An explanation request or a leader's direction on a task, addressed to its lead unit."""
    if not text.strip():
        raise ValidationError({"text": "Phải nhập nội dung."})
    directive = TaskDirective(
        task=task,
        kind=kind,
        text=text.strip(),
        due_on=due_on,
        created_by=_user(actor),
        addressed_unit=task.lead_unit,
    )
    directive.full_clean()
    directive.save()
    audit_record(actor=actor, action="directive.create", obj=directive, after=snapshot(directive))
    # Written out here, not through a signal: the lead unit's head learns of the request or direction at once.
    from chidao.apps.programmes.services.reminders import directive_notify

    directive_notify(directive=directive)
    return directive


@dataclass(frozen=True)
class RefreshResult:
    """What the refresh did: tasks checked and tasks whose stored status changed."""

    as_of: dt.date
    checked: int
    changed: int


@writes_audit("task.refresh_statuses", label="Cập nhật trạng thái nhiệm vụ")
def task_statuses_refresh(*, as_of: dt.date | None = None, actor: Any = None) -> RefreshResult:
    """Derive every task's status as of the date (today by default) and store the changed ones in bulk, with one
    summary audit row; a task due dd/mm becomes overdue in the refresh of the next day."""
    day = as_of or _today()
    now = timezone.now()
    calendar = working_calendar()
    checked = 0
    changed: list[Task] = []
    tasks = Task.objects.prefetch_related("extensions").order_by("pk")
    for task in tasks.iterator(chunk_size=2000):
        checked += 1
        if apply_status(task, task_status(task, as_of=day, calendar=calendar), as_of=day, computed_at=now):
            changed.append(task)
    Task.objects.update(status_as_of=day, status_computed_at=now)
    Task.objects.bulk_update(changed, list(STATUS_FIELDS), batch_size=_REFRESH_BATCH)
    result = RefreshResult(as_of=day, checked=checked, changed=len(changed))
    audit_record(
        actor=actor,
        action="task.refresh_statuses",
        object_type="programmes.task",
        object_repr=f"Cập nhật trạng thái {checked} nhiệm vụ ngày {day:%d/%m/%Y}",
        after={"as_of": day.isoformat(), "checked": checked, "changed": len(changed)},
    )
    return result
