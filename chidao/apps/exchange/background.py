"""The job kind that applies an import batch, and the periodic check for batches whose job died."""

from __future__ import annotations

import datetime as dt

from chidao.apps.exchange import runner, services
from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.registry import job_kind, periodic


@job_kind(
    services.APPLY_JOB_KIND,
    title="Nhập dữ liệu từ tệp",
    description="Kiểm tra lại tệp đã xem trước, rồi ghi toàn bộ trong một giao dịch.",
)
def apply_import_batch(job: JobContext, *, batch_id: int) -> str:
    """Run ``runner.import_batch_run`` for the batch, reporting progress on the job page."""
    try:
        batch = runner.import_batch_run(batch_id=batch_id, job_id=job.job_id, progress=job.progress)
    except runner.ImportStale as stale:
        return str(stale)
    return batch.message


@periodic("exchange.reconcile_batches", title="Đánh dấu lượt nhập bị dừng", every=dt.timedelta(minutes=5))
def reconcile_import_batches(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Mark failed the batches whose job died, so their page offers to run them again."""
    failed = services.import_batches_reconcile()
    return f"{len(failed)} lượt nhập được đánh dấu thất bại"
