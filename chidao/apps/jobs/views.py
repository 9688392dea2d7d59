"""Job pages: the list, a job's page whose progress card polls through htmx, start / retry / cancel, download.

Thin: parse, one selector or service, render.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from chidao.apps.jobs import selectors, services
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.registry import job_kind_title, periodic_entries


def _progress_context(request: HttpRequest, job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "title": job_kind_title(job.kind),
        "log_lines": selectors.job_log_tail(job),
        "can_operate": selectors.user_may_operate(request.user, job),
        "retried": job.is_finished and selectors.job_has_retry(job),
    }


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    """The jobs the user may see (their own; every job for administrators and auditors), newest first."""
    state = request.GET.get("state", "")
    mine = request.GET.get("mine") == "1"
    jobs = selectors.jobs_for_user(request.user, state=state, mine_only=mine)
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(job, job_kind_title(job.kind)) for job in page],
        "state": state,
        "mine": mine,
        "states": Job.State.choices,
        "startable": selectors.job_kinds_startable_by(request.user),
        "periodic": selectors.periodic_status(request.user, periodic_entries()),
        "page_title": "Tác vụ nền",
    }
    return render(request, "jobs/job_list.html", context)


@login_required
@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's page: progress card (polling while queued or running), parameters, log."""
    job = selectors.job_get_for_user(request.user, job_id)
    context = _progress_context(request, job) | {"page_title": f"Tác vụ #{job.pk}"}
    return render(request, "jobs/job_detail.html", context)


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """The progress card alone (htmx polls it every second; once finished it no longer asks to be polled)."""
    job = selectors.job_get_for_user(request.user, job_id)
    return render(request, "jobs/job_detail.html#progress", _progress_context(request, job))


@login_required
@require_POST
def job_start(request: HttpRequest) -> HttpResponse:
    """Start a kind the user may start from the web (with its default parameters)."""
    kind = selectors.job_kind_get_for_starter(request.user, request.POST.get("kind", ""))
    job = services.job_start(actor=request.user, kind=kind.name, parameters=kind.default_parameters)
    return redirect("jobs:job-detail", job_id=job.pk)


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    """Retry a failed or cancelled job: the next attempt opens."""
    job = selectors.job_get_for_operator(request.user, job_id)
    try:
        retry = services.job_retry(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("jobs:job-detail", job_id=job.pk)
    messages.success(request, f"Đã chạy lại tác vụ (lần {retry.attempt}).")
    return redirect("jobs:job-detail", job_id=retry.pk)


@login_required
@require_POST
def job_cancel(request: HttpRequest, job_id: int) -> HttpResponse:
    """Ask a queued or running job to stop."""
    job = selectors.job_get_for_operator(request.user, job_id)
    try:
        services.job_cancel(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("jobs:job-detail", job_id=job.pk)


@login_required
@require_GET
def job_result(request: HttpRequest, job_id: int) -> FileResponse:
    """Download the job's result file (never served directly from MEDIA_ROOT)."""
    job = selectors.job_get_for_user(request.user, job_id)
    if not job.result_file:
        raise Http404("Tác vụ không có tệp kết quả")
    name = job.result_name or PurePosixPath(job.result_file.name).name
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
