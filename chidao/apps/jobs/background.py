"""The jobs app's own kinds and periodic entries: the demo counter, reaping dead jobs, and the nightly start
of the idle-account check (whose work lives in the accounts app).

Later apps register theirs in their own `background.py`, e.g. the tasks app:

    @periodic("tasks.refresh_statuses", title="Cập nhật trạng thái nhiệm vụ", at="00:05")
    def refresh_statuses(*, due_at, now): ...
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.utils import timezone

from chidao.apps.accounts.roles import Role
from chidao.apps.jobs.conf import stale_after
from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.registry import job_kind, periodic
from chidao.apps.jobs.services import job_start, jobs_reap_stale

logger = logging.getLogger("chidao.jobs")


@job_kind(
    "demo.count",
    title="Tác vụ minh họa: đếm",
    description="Đếm từ 1 đến n, nghỉ giữa các bước, để xem tiến độ chạy trên trình duyệt.",
    start_roles=[Role.ADMINISTRATOR],
    default_parameters={"n": 20, "delay": 0.5},
)
def demo_count(job: JobContext, *, n: int = 20, delay: float = 0.5, fail_at: int | None = None) -> str:
    """Count to n with a pause per step; `fail_at` raises at that step (to see a failure and a retry)."""
    total = max(1, int(n))
    for step in range(1, total + 1):
        job.check_cancelled()
        if delay:
            time.sleep(float(delay))
        if fail_at is not None and step == int(fail_at):
            raise RuntimeError(f"Lỗi thử nghiệm ở bước {step}")
        job.progress(step * 100 / total, f"Đang đếm {step}/{total}")
        job.log(f"Đã đếm đến {step}")
    job.set_result_file("ket-qua-dem.txt", "\n".join(str(i) for i in range(1, total + 1)).encode() + b"\n")
    return f"Đã đếm xong {total} bước"


@job_kind(
    "accounts.disable_idle",
    title="Khóa tài khoản không hoạt động",
    description="Khóa các tài khoản không đăng nhập quá số ngày quy định (CHIDAO_ACCOUNT_IDLE_DAYS).",
)
def disable_idle_accounts(job: JobContext, *, as_of: str) -> str:
    """Call accounts.services.users_disable_idle for the day `as_of` (ISO date), when that service exists."""
    day = dt.date.fromisoformat(as_of)
    try:
        # Imported here so that the jobs app starts even on a tree where the accounts service is missing.
        from chidao.apps.accounts.services import users_disable_idle
    except ImportError:
        job.log(
            "Chưa có chức năng khóa tài khoản không hoạt động (accounts.services.users_disable_idle): bỏ qua."
        )
        return "Bỏ qua: chưa có chức năng khóa tài khoản không hoạt động"
    job.progress(10, f"Đang kiểm tra tài khoản không hoạt động tính đến {day:%d/%m/%Y}")
    result = users_disable_idle(as_of=day)
    for user in result.users:
        job.log(
            f"Đã khóa tài khoản {user.username} (không sử dụng từ {result.last_use_on_or_before:%d/%m/%Y} trở về trước)"
        )
    return f"Đã khóa {len(result.users)} tài khoản không hoạt động tính đến {day:%d/%m/%Y}"


@periodic("accounts.disable_idle", title="Khóa tài khoản không hoạt động", at="00:15")
def start_disable_idle(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Start the idle-account job for the local day of the occurrence (not of the tick, which may be late)."""
    day = timezone.localtime(due_at).date()
    job = job_start(actor=None, kind="accounts.disable_idle", parameters={"as_of": day.isoformat()})
    return f"Đã tạo tác vụ #{job.pk} (ngày {day:%d/%m/%Y})"


@periodic("jobs.reap_stale", title="Đánh dấu tác vụ bị dừng đột ngột", every=dt.timedelta(minutes=5))
def reap_stale(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Runs inside the scheduler, not the worker: it must work precisely when the worker is dead."""
    reaped = jobs_reap_stale(now=now, stale_after=stale_after())
    return f"Đã đánh dấu {len(reaped)} tác vụ bị dừng đột ngột"
