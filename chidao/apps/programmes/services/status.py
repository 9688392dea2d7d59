"""Storing the derived status inside a writing service's transaction (helpers of the services, not services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chidao.apps.programmes.mappers import STATUS_FIELDS, apply_status, task_status
from chidao.apps.programmes.models import Task
from chidao.apps.workcalendar.selectors import working_calendar


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor: Any) -> Any:
    """The actor when it is a user account (None for the system or a command)."""
    return actor if getattr(actor, "pk", None) else None


def _store_status(task: Task, *, save: bool = True) -> None:
    """Derive the task's status as of today with the working calendar and store it on the task."""
    today = _today()
    apply_status(
        task,
        task_status(task, as_of=today, calendar=working_calendar()),
        as_of=today,
        computed_at=timezone.now(),
    )
    if save and task.pk:
        task.save(update_fields=[*STATUS_FIELDS, "updated_at"])


def _child_is_open(child: Task) -> bool:
    """A child blocks its parent's confirmation unless done and confirmed, suspended, stopped or closed."""
    done = child.confirmed_at is not None and child.completed_on is not None and not child.is_returned
    decided = child.suspended_on is not None or child.stopped_on is not None
    return not (done or decided or child.closed_reason)


def _refresh_parent_progress(parent_id: int | None) -> None:
    """A parent's progress is the weighted mean of its counted children's progress (done children count 100)."""
    if parent_id is None:
        return
    parent = Task.objects.select_for_update().get(pk=parent_id)
    children = list(parent.children.filter(suspended_on__isnull=True, stopped_on__isnull=True))
    total_weight = sum((child.weight for child in children), Decimal(0))
    if not children or total_weight <= 0:
        return
    weighted = sum((child.weight * _child_progress(child) for child in children), Decimal(0))
    parent.progress_percent = int((weighted / total_weight).quantize(Decimal(1)))
    parent.has_report = parent.has_report or any(child.has_report for child in children)
    _store_status(parent, save=False)
    parent.save(update_fields=["progress_percent", "has_report", *STATUS_FIELDS, "updated_at"])


def _child_progress(child: Task) -> int:
    if child.confirmed_at is not None and child.completed_on is not None and not child.is_returned:
        return 100
    return child.progress_percent
