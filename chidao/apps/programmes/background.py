"""The nightly refresh of the stored task statuses, run by the jobs app's scheduler."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chidao.apps.jobs.registry import periodic
from chidao.apps.programmes.services import task_statuses_refresh


@periodic("tasks.refresh_statuses", title="Cập nhật trạng thái nhiệm vụ", at="00:05")
def refresh_statuses(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Store every task's status as of the local day of the occurrence: a task due yesterday is overdue today."""
    day = timezone.localtime(due_at).date()
    result = task_statuses_refresh(as_of=day)
    return f"Đã cập nhật trạng thái {result.changed}/{result.checked} nhiệm vụ (ngày {day:%d/%m/%Y})"
