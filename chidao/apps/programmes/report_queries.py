"""Reads of the lead unit's report work: the officer's current draft and the unit's last report on a task."""

from __future__ import annotations

from typing import Any

from chidao.apps.programmes.models import ProgressReport, Task


def report_draft_current(user: Any, task: Task) -> ProgressReport | None:
    """The user's latest draft on the task, unless they have submitted a report since (it is then spent)."""
    mine = ProgressReport.objects.filter(task=task, submitted_by=user)
    draft = mine.filter(state=ProgressReport.State.DRAFT).order_by("-updated_at", "-pk").first()
    if draft is None:
        return None
    sent_since = mine.exclude(state=ProgressReport.State.DRAFT).filter(created_at__gt=draft.updated_at)
    return None if sent_since.exists() else draft


def report_last_sent(task: Task) -> ProgressReport | None:
    """The lead unit's latest report on the task that left the draft stage (any officer, any later state)."""
    return (
        ProgressReport.objects.filter(task=task)
        .exclude(state=ProgressReport.State.DRAFT)
        .order_by("-submitted_at", "-pk")
        .first()
    )
