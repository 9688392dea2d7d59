"""Running one job: the django-tasks task the worker executes, and its body `job_run`.

The body is not a service: it runs for minutes outside any transaction, so its progress is visible to the
pages while it runs. Its state changes are conditional updates (`state=running`), so a job the reaper has
already marked failed is not flipped back.
"""

from __future__ import annotations

import logging
import threading
import traceback
from types import TracebackType

from django.db import connections, transaction
from django.utils import timezone
from django_tasks import task

from chidao.apps.jobs.conf import heartbeat_interval
from chidao.apps.jobs.context import JobCancelled, JobContext, ProgressListener
from chidao.apps.jobs.models import Job, JobLogLine
from chidao.apps.jobs.registry import get_job_kind

logger = logging.getLogger("chidao.jobs")

MESSAGE_QUEUED = "Đang chờ xử lý"
MESSAGE_RUNNING = "Đang bắt đầu"
MESSAGE_SUCCEEDED = "Hoàn thành"
MESSAGE_CANCELLED = "Đã hủy theo yêu cầu"
MESSAGE_NOT_ENQUEUED = "Không đưa được tác vụ vào hàng đợi"
# Shown when the worker stopped under the job: killed (found later by the reaper) or told to exit mid-run.
MESSAGE_STOPPED = "Tiến trình xử lý bị dừng đột ngột"


@task()
def run_job_task(job_id: int) -> str:
    """The entry point the worker (`manage.py db_worker` / `run_worker`) runs for a queued job."""
    return job_run(job_id)


def enqueue_on_commit(job_id: int) -> None:
    """Hand the job to the worker once the transaction that created it commits (never before: the worker
    could otherwise look for a row it cannot see yet)."""

    def enqueue() -> None:
        try:
            result = run_job_task.enqueue(job_id)
        except Exception as exc:
            logger.exception("Could not enqueue job %s", job_id)
            _finish(job_id, Job.State.FAILED, MESSAGE_NOT_ENQUEUED, log=f"{MESSAGE_NOT_ENQUEUED}: {exc!r}")
            return
        Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)


def job_run(job_id: int, *, listener: ProgressListener | None = None) -> str:
    """Run a queued job to its end and return its final state.

    Marks it running, calls the kind, then marks it succeeded (progress 100), cancelled, or failed with the
    traceback in its log; an exception never leaves it running and is re-raised so django-tasks records it too.
    A job that is no longer queued (cancelled before start, or already run) is left alone.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING, started_at=now, heartbeat_at=now, message=MESSAGE_RUNNING, progress=0
    )
    if not claimed:
        state = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
        logger.info("Job %s not run: state is %s", job_id, state)
        return str(state or "missing")
    job = Job.objects.get(pk=job_id)
    context = JobContext(job, listener=listener)
    try:
        kind = get_job_kind(job.kind)
        with _Heartbeat(job_id):
            summary = kind.run(context, job.parameters)
        context.flush()
    except JobCancelled:
        context.flush()
        _finish(job_id, Job.State.CANCELLED, MESSAGE_CANCELLED, log=MESSAGE_CANCELLED)
        return str(Job.State.CANCELLED)
    except BaseException as exc:
        _record_failure(job_id, exc)
        raise
    _finish(job_id, Job.State.SUCCEEDED, (summary or MESSAGE_SUCCEEDED)[:300], progress=100)
    return str(Job.State.SUCCEEDED)


def _record_failure(job_id: int, exc: BaseException) -> None:
    if isinstance(exc, SystemExit | KeyboardInterrupt):
        message = MESSAGE_STOPPED
    else:
        message = f"Thất bại: {type(exc).__name__}: {exc}"[:300]
    try:
        _finish(job_id, Job.State.FAILED, message, log="".join(traceback.format_exception(exc)))
    except Exception:
        # The database itself may be what failed; the reaper will mark the job once its heartbeat is stale.
        logger.exception("Could not record the failure of job %s", job_id)


def _finish(job_id: int, state: str, message: str, *, log: str = "", progress: int | None = None) -> None:
    fields: dict[str, object] = {"state": state, "message": message, "finished_at": timezone.now()}
    if progress is not None:
        fields["progress"] = progress
    with transaction.atomic():
        if log:
            JobLogLine.objects.create(job_id=job_id, at=timezone.now(), line=log)
        changed = Job.objects.filter(pk=job_id, state__in=(Job.State.QUEUED, Job.State.RUNNING)).update(
            **fields
        )
        if not changed:
            JobLogLine.objects.create(
                job_id=job_id,
                at=timezone.now(),
                line=f"Tiến trình xử lý kết thúc ({state}) sau khi tác vụ đã được đánh dấu kết thúc; giữ nguyên trạng thái.",
            )


class _Heartbeat:
    """A thread that refreshes the job's heartbeat while the kind runs; it dies with the worker process,
    which is exactly what lets the reaper tell a killed job from a slow one."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.every = heartbeat_interval().total_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:
                    logger.exception("Heartbeat of job %s failed", self.job_id)
        finally:
            # This thread's own database connection; the job's connection is untouched.
            connections.close_all()
