"""The job kind that builds and renders generated documents (a briefing, or a batch of urging letters)."""

from __future__ import annotations

from chidao.apps.documents.generation import documents_generate
from chidao.apps.documents.services import GENERATE_JOB_KIND
from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.registry import job_kind


@job_kind(
    GENERATE_JOB_KIND,
    title="Tạo văn bản từ số liệu",
    description="Đọc số liệu của bảng điều hành theo ngày, dựng báo cáo hoặc công văn đôn đốc, tạo tệp DOCX, PDF và "
    "phụ lục XLSX.",
)
def generate_documents(job: JobContext, *, document_ids: list[int]) -> str:
    """Run `generation.documents_generate` for the job's documents, reporting each step on the job page."""
    return documents_generate(
        document_ids=[int(pk) for pk in document_ids],
        job_id=job.job_id,
        progress=job.progress,
        check_cancelled=job.check_cancelled,
    )
