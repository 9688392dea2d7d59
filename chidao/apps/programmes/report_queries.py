"""Reads of the lead unit's report work: the officer's current draft and the unit's last report on a task."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from chidao.apps.accounts.access import active_assignments
from chidao.apps.programmes import selectors
from chidao.apps.programmes.models import ProgressReport, ReportContribution, Task
from chidao.apps.programmes.selectors import REPORTER_ROLES


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


def tasks_open_for_reporter(user: Any) -> QuerySet[Task]:
    """The open tasks led by the units (and their sub-units) where the user is an officer: not confirmed
    (or returned), not suspended, not stopped, not closed; empty for a user who is no unit officer."""
    led_by_my_units = Q(pk__in=[])
    for assignment in active_assignments(user).filter(role__in=REPORTER_ROLES).select_related("unit"):
        unit = assignment.unit
        led_by_my_units |= Q(lead_unit=unit) | Q(lead_unit__path__startswith=f"{unit.path}{unit.pk}/")
    return (
        selectors.tasks_visible_to(user)
        .filter(led_by_my_units)
        .filter(Q(confirmed_at__isnull=True) | Q(is_returned=True))
        .filter(suspended_on__isnull=True, stopped_on__isnull=True, closed_reason="")
        .select_related("lead_unit")
        .order_by("deadline", "code", "pk")
    )


def _units_where_officer(user: Any) -> Q:
    """Units (and their sub-units) where the user holds an officer's role, as a condition on `unit`."""
    condition = Q(pk__in=[])
    for assignment in active_assignments(user).filter(role__in=REPORTER_ROLES).select_related("unit"):
        unit = assignment.unit
        condition |= Q(unit=unit) | Q(unit__path__startswith=f"{unit.path}{unit.pk}/")
    return condition


def contributions_for_officer(user: Any) -> QuerySet[ReportContribution]:
    """Requests for input addressed to the units where the user is an officer, open ones first."""
    return (
        ReportContribution.objects.filter(_units_where_officer(user))
        .select_related("report__task__lead_unit", "unit")
        .order_by(F("submitted_at").desc(nulls_first=True), "due_on", "pk")
    )


def contribution_get_for_officer(user: Any, contribution_id: int) -> ReportContribution:
    """The request if the user is an officer of the unit it is addressed to; otherwise 404."""
    try:
        return contributions_for_officer(user).get(pk=contribution_id)
    except (ReportContribution.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đề nghị góp ý") from None
