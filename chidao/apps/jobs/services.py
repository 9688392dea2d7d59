"""Writes to jobs: start, retry, cancel, and reaping jobs whose worker died. Each is atomic and audited.

Running a job is not here: `runner.job_run` works outside a transaction so its progress shows while it runs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.jobs.models import Job, JobLogLine
from chidao.apps.jobs.registry import InvalidJobParameters, UnknownJobKind, get_job_kind
from chidao.apps.jobs.runner import MESSAGE_QUEUED, MESSAGE_STOPPED, enqueue_on_commit
from chidao.apps.jobs.selectors import job_has_retry

AUDITED_FIELDS = ["kind", "state", "progress", "message", "attempt", "parameters", "started_by", "retry_of"]
MESSAGE_CANCEL_REQUESTED = "Đang dừng theo yêu cầu hủy"
MESSAGE_CANCELLED_BEFORE_START = "Đã hủy trước khi chạy"
MESSAGE_NEVER_ENQUEUED = "Tác vụ không được đưa vào hàng đợi"


def _acting_user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None


def _log(job: Job, line: str, at: dt.datetime | None = None) -> None:
    JobLogLine.objects.create(job=job, at=at or timezone.now(), line=line)


@writes_audit("job.start")
def job_start(
    *, actor: Any, kind: str, parameters: Mapping[str, Any] | None = None, enqueue: bool = True
) -> Job:
    """Create a queued job of `kind` and hand it to the worker when the transaction commits.

    `actor` is the starting user (None for the scheduler). With `enqueue=False` the caller runs it in-process
    through `runner.job_run` (the command line's --sync).
    """
    params = dict(parameters or {})
    try:
        get_job_kind(kind).validate_parameters(params)
        json.dumps(params)
    except UnknownJobKind as exc:
        raise ValidationError({"kind": str(exc)}) from exc
    except (InvalidJobParameters, TypeError, ValueError) as exc:
        raise ValidationError({"parameters": str(exc)}) from exc
    job = Job.objects.create(
        kind=kind, started_by=_acting_user(actor), parameters=params, message=MESSAGE_QUEUED
    )
    audit_record(actor=actor, action="job.start", obj=job, after=snapshot(job, AUDITED_FIELDS))
    if enqueue:
        enqueue_on_commit(job.pk)
    return job


@writes_audit("job.retry")
def job_retry(*, actor: Any, job: Job, enqueue: bool = True) -> Job:
    """Start the next attempt of a failed or cancelled job with the same parameters; once per attempt."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state not in (Job.State.FAILED, Job.State.CANCELLED):
        raise ValidationError("Chỉ chạy lại được tác vụ thất bại hoặc đã hủy.", code="not_retryable")
    if job_has_retry(job):
        raise ValidationError(
            "Tác vụ này đã được chạy lại; hãy mở lần chạy mới nhất.", code="already_retried"
        )
    try:
        get_job_kind(job.kind).validate_parameters(job.parameters)
    except (UnknownJobKind, InvalidJobParameters) as exc:
        raise ValidationError(str(exc), code="kind_changed") from exc
    # The next attempt stays with whoever started the first, so they keep seeing it; the audit row names
    # who pressed retry.
    retry = Job.objects.create(
        kind=job.kind,
        started_by=job.started_by or _acting_user(actor),
        parameters=job.parameters,
        attempt=job.attempt + 1,
        retry_of=job,
        message=MESSAGE_QUEUED,
    )
    _log(
        retry, f"Chạy lại lần {retry.attempt} (lần trước: #{job.pk}) theo yêu cầu của {actor or 'hệ thống'}."
    )
    audit_record(
        actor=actor,
        action="job.retry",
        obj=retry,
        before=snapshot(job, AUDITED_FIELDS),
        after=snapshot(retry, AUDITED_FIELDS),
    )
    if enqueue:
        enqueue_on_commit(retry.pk)
    return retry


@writes_audit("job.cancel")
def job_cancel(*, actor: Any, job: Job) -> Job:
    """Cancel a job: a queued one at once, a running one at its next `check_cancelled()` (cooperative)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    before = snapshot(job, AUDITED_FIELDS)
    now = timezone.now()
    if job.state == Job.State.QUEUED:
        job.state = Job.State.CANCELLED
        job.finished_at = now
        job.message = MESSAGE_CANCELLED_BEFORE_START
    elif job.state == Job.State.RUNNING:
        if job.cancel_requested_at is None:
            job.cancel_requested_at = now
        job.message = MESSAGE_CANCEL_REQUESTED
    else:
        raise ValidationError("Tác vụ đã kết thúc, không thể hủy.", code="finished")
    job.save(update_fields=["state", "finished_at", "message", "cancel_requested_at"])
    _log(job, f"Yêu cầu hủy của {actor or 'hệ thống'}.", now)
    audit_record(
        actor=actor, action="job.cancel", obj=job, before=before, after=snapshot(job, AUDITED_FIELDS)
    )
    return job


@writes_audit("job.reap")
def jobs_reap_stale(*, now: dt.datetime, stale_after: dt.timedelta) -> list[Job]:
    """Mark failed (and so retryable) the running jobs whose worker stopped sending heartbeats before
    `now - stale_after`, and the queued jobs that never reached the queue; returns them."""
    cutoff = now - stale_after
    dead = (
        Job.objects.select_for_update()
        .annotate(last_sign=Coalesce(F("heartbeat_at"), F("started_at"), F("created_at")))
        .filter(state=Job.State.RUNNING, last_sign__lt=cutoff)
    )
    never_queued = Job.objects.select_for_update().filter(
        state=Job.State.QUEUED, task_result_id="", created_at__lt=cutoff
    )
    minutes = int(stale_after.total_seconds() // 60)
    reaped: list[Job] = []
    for job in dead:
        last_sign = timezone.localtime(job.last_sign)
        line = (
            f"Không nhận được tín hiệu của tiến trình xử lý từ {last_sign:%d/%m/%Y %H:%M:%S} (quá {minutes} phút):"
            " đánh dấu thất bại, có thể chạy lại."
        )
        reaped.append(_mark_reaped(job, now=now, message=MESSAGE_STOPPED, line=line))
    for lost in never_queued:
        line = f"{MESSAGE_NEVER_ENQUEUED}: đánh dấu thất bại, có thể chạy lại."
        reaped.append(_mark_reaped(lost, now=now, message=MESSAGE_NEVER_ENQUEUED, line=line))
    return reaped


def _mark_reaped(job: Job, *, now: dt.datetime, message: str, line: str) -> Job:
    before = snapshot(job, AUDITED_FIELDS)
    job.state = Job.State.FAILED
    job.finished_at = now
    job.message = message
    job.save(update_fields=["state", "finished_at", "message"])
    _log(job, line, now)
    audit_record(actor=None, action="job.reap", obj=job, before=before, after=snapshot(job, AUDITED_FIELDS))
    return job
