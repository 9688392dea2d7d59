"""Jobs API: a job's state and progress, with the same visibility as the web pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from chidao.api.schemas import ErrorOut
from chidao.apps.jobs import selectors
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.registry import job_kind_title

router = Router(tags=["Tác vụ nền"])


class JobOut(Schema):
    """A job as the API shows it."""

    id: int
    kind: str
    title: str
    state: str
    progress: int
    message: str
    attempt: int
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    result_url: str | None


def _job_out(job: Job) -> JobOut:
    return JobOut(
        id=job.pk,
        kind=job.kind,
        title=job_kind_title(job.kind),
        state=job.state,
        progress=job.progress,
        message=job.message,
        attempt=job.attempt,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        result_url=reverse("jobs:job-result", args=[job.pk]) if job.result_file else None,
    )


@router.get("/", response={200: list[JobOut], 401: ErrorOut}, summary="Các tác vụ nền gần nhất trong phạm vi")
def list_jobs(request: HttpRequest, state: str = "") -> list[JobOut]:
    jobs = selectors.jobs_for_user(request.user, state=state)[:50]
    return [_job_out(job) for job in jobs]


@router.get(
    "/{job_id}",
    response={200: JobOut, 401: ErrorOut, 404: ErrorOut},
    summary="Trạng thái và tiến độ một tác vụ",
)
def get_job(request: HttpRequest, job_id: int) -> JobOut:
    return _job_out(selectors.job_get_for_user(request.user, job_id))
