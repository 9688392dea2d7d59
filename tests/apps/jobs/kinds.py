"""Job kinds used only by the tests, registered like any app's kinds."""

from __future__ import annotations

import datetime as dt
import time

from django.utils import timezone

from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.registry import job_kind
from chidao.apps.jobs.services import job_cancel, jobs_reap_stale

FLAKY_ERROR = "Máy chủ dữ liệu không trả lời"


@job_kind("tests.flaky", title="Thử nghiệm: lỗi ở lần chạy đầu")
def flaky(job: JobContext, *, rows: int) -> str:
    """Fails on the first attempt, succeeds on the next ones."""
    job.progress(50, "Đang xử lý nửa đầu")
    if job.attempt == 1:
        raise ConnectionError(FLAKY_ERROR)
    job.set_result_file("bao-cao.csv", f"so_dong\n{rows}\n".encode())
    return f"Đã xử lý {rows} dòng"


@job_kind("tests.cancelled_midway", title="Thử nghiệm: bị hủy giữa chừng")
def cancelled_midway(job: JobContext) -> str:
    """Someone cancels the job while it runs; the kind notices at its next check."""
    job.progress(30, "Bước 1")
    job_cancel(actor=None, job=Job.objects.get(pk=job.job_id))
    job.check_cancelled()
    job.progress(100, "Không được tới đây")
    return "Không được tới đây"


@job_kind("tests.reaped_midway", title="Thử nghiệm: bị đánh dấu dừng khi đang chạy")
def reaped_midway(job: JobContext) -> str:
    """The reaper, an hour later by its clock, marks this job dead while it still runs."""
    jobs_reap_stale(now=timezone.now() + dt.timedelta(hours=1), stale_after=dt.timedelta(minutes=5))
    return "Xong muộn"


@job_kind("tests.quiet_step", title="Thử nghiệm: một bước dài không báo tiến độ")
def quiet_step(job: JobContext, *, seconds: float) -> str:
    """One long step without progress calls (e.g. a big query): only the heartbeat thread shows it is alive."""
    time.sleep(seconds)
    return "Xong"
