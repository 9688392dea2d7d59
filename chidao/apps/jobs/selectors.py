"""Reads of jobs, always through who may see them: the user who started a job, administrators and auditors.

Anyone else gets 404, on the web and the API alike, so a job's existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet
from django.http import Http404

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.jobs.models import Job, JobLogLine, PeriodicRun
from chidao.apps.jobs.registry import JobKind, PeriodicEntry, UnknownJobKind, get_job_kind, job_kinds

# Roles that see every job (administrators run the system, auditors inspect it); auditors only read.
JOB_OVERSEER_ROLES = (Role.ADMINISTRATOR, Role.AUDITOR)
JOB_OPERATOR_ROLES = (Role.ADMINISTRATOR,)
LOG_TAIL_LINES = 200


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """The jobs a user may open: all of them for overseers, otherwise those the user started."""
    if user is None or not user.is_authenticated:
        return Job.objects.none()
    if user_scope(user).has_role(*JOB_OVERSEER_ROLES):
        return Job.objects.all()
    return Job.objects.filter(started_by=user)


def job_get_for_user(user: Any, job_id: int) -> Job:
    """The job if the user may see it; otherwise 404."""
    try:
        return jobs_visible_to(user).select_related("started_by", "retry_of").get(pk=job_id)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tác vụ") from None


def user_may_operate(user: Any, job: Job) -> bool:
    """True when the user may retry or cancel the job: whoever started it, and administrators."""
    if user is None or not user.is_authenticated:
        return False
    return job.started_by_id == user.pk or user_scope(user).has_role(*JOB_OPERATOR_ROLES)


def job_get_for_operator(user: Any, job_id: int) -> Job:
    """The job if the user may retry or cancel it: 404 outside what the user sees, 403 for a reader only."""
    job = job_get_for_user(user, job_id)
    if not user_may_operate(user, job):
        raise PermissionDenied("Bạn chỉ được xem tác vụ này.")
    return job


def jobs_for_user(user: Any, *, state: str = "", mine_only: bool = False) -> QuerySet[Job]:
    """The job list: what the user may see, newest first, optionally one state or only the user's own."""
    jobs = jobs_visible_to(user).select_related("started_by")
    if state in Job.State.values:
        jobs = jobs.filter(state=state)
    if mine_only and user is not None and user.is_authenticated:
        jobs = jobs.filter(started_by=user)
    return jobs.order_by("-created_at", "-id")


def job_log_tail(job: Job, limit: int = LOG_TAIL_LINES) -> list[JobLogLine]:
    """The last `limit` log lines of a job, oldest first."""
    lines = list(job.log_lines.order_by("-id")[:limit])
    lines.reverse()
    return lines


def job_has_retry(job: Job) -> bool:
    """True once the job has been retried (a failed attempt is retried at most once; retry the newest)."""
    return Job.objects.filter(retry_of=job).exists()


def job_kinds_startable_by(user: Any) -> list[JobKind]:
    """The kinds the user may start from the web or the API."""
    if user is None or not user.is_authenticated:
        return []
    scope = user_scope(user)
    return [kind for kind in job_kinds() if kind.start_roles and scope.has_role(*kind.start_roles)]


def job_kind_get_for_starter(user: Any, name: str) -> JobKind:
    """The kind if the user may start it from the web or the API: 404 when unknown, 403 when not allowed."""
    try:
        kind = get_job_kind(name)
    except UnknownJobKind:
        raise Http404("Không có loại tác vụ này") from None
    if kind not in job_kinds_startable_by(user):
        raise PermissionDenied("Bạn không có quyền chạy tác vụ này.")
    return kind


@dataclass(frozen=True)
class PeriodicStatus:
    """A periodic entry with its latest run, for the administrators' view of the scheduler."""

    entry: PeriodicEntry
    last_run: PeriodicRun | None


def periodic_last_due_at(entry_names: list[str]) -> dict[str, Any]:
    """entry name -> the latest occurrence it was claimed for (what the scheduler has already run)."""
    rows = (
        PeriodicRun.objects.filter(entry__in=entry_names)
        .values("entry")
        .annotate(last_due_at=Max("due_at"))
        .values_list("entry", "last_due_at")
    )
    return dict(rows)


def periodic_status(user: Any, entries: tuple[PeriodicEntry, ...]) -> list[PeriodicStatus]:
    """The latest run of each periodic entry, for overseers; empty for anyone else."""
    if user is None or not user.is_authenticated or not user_scope(user).has_role(*JOB_OVERSEER_ROLES):
        return []
    latest: dict[str, PeriodicRun] = {}
    for run in PeriodicRun.objects.filter(entry__in=[e.name for e in entries]).order_by("entry", "-due_at"):
        latest.setdefault(run.entry, run)
    return [PeriodicStatus(entry=entry, last_run=latest.get(entry.name)) for entry in entries]
