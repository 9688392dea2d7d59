"""The job kind that computes the index of a period (the page's button, the API and `compute_index`)."""

from __future__ import annotations

from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.registry import job_kind
from chidao.apps.service_index import computing

COMPUTE_JOB_KIND = "service_index.compute"


@job_kind(
    COMPUTE_JOB_KIND,
    title="Tính chỉ số phục vụ người dân, doanh nghiệp",
    description="Tính lại chỉ số của một kỳ (tháng, quý, năm) cho mọi đơn vị và toàn tỉnh từ dữ liệu hồ sơ.",
)
def compute_index(job: JobContext, *, period: str, units: list[str] | None = None) -> str:
    """Run ``computing.index_compute`` for the period, reporting progress on the job page."""
    user = Job.objects.select_related("started_by").get(pk=job.job_id).started_by
    run = computing.index_compute(
        actor=user, period=period, units=units, job_id=job.job_id, progress=job.progress
    )
    return f"Đã tính chỉ số {run.period_code}: {run.message}"
