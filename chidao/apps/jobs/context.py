"""What a running job kind sees: progress, log, result file and cooperative cancellation."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import get_valid_filename

from chidao.apps.jobs.conf import progress_write_seconds
from chidao.apps.jobs.models import Job, JobLogLine

ProgressListener = Callable[[int, str], None]
MAX_LOG_LINE = 20_000


class JobCancelled(Exception):
    """Raised by `JobContext.check_cancelled` once someone asked to cancel the job."""


class JobContext:
    """The handle a job kind's function receives as its first argument.

    Progress writes are throttled (at most one every `CHIDAO_JOBS_PROGRESS_WRITE_SECONDS`, and always at 100 %),
    so a kind may report each step without flooding the database; every write also refreshes the heartbeat.
    """

    def __init__(
        self,
        job: Job,
        *,
        listener: ProgressListener | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job_id: int = job.pk
        self.kind: str = job.kind
        self.attempt: int = job.attempt
        self.parameters: dict[str, Any] = dict(job.parameters)
        self._listener = listener
        self._clock = clock
        self._min_interval = progress_write_seconds()
        self._last_write: float | None = None
        self._pending: tuple[int, str | None] | None = None

    def progress(self, percent: float, message: str | None = None) -> None:
        """Report how far the job is (0–100) and, optionally, the current step in Vietnamese."""
        value = max(0, min(100, int(percent)))
        self._pending = (value, message[:300] if message is not None else None)
        if self._listener is not None:
            self._listener(value, message or "")
        now = self._clock()
        due = self._last_write is None or now - self._last_write >= self._min_interval
        if due or value == 100:
            self.flush()

    def flush(self) -> None:
        """Write the latest reported progress now (the runner calls it when the kind returns)."""
        if self._pending is None:
            return
        value, message = self._pending
        fields: dict[str, Any] = {"progress": value, "heartbeat_at": timezone.now()}
        if message is not None:
            fields["message"] = message
        Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(**fields)
        self._pending = None
        self._last_write = self._clock()

    def log(self, line: str) -> None:
        """Append a line to the job's log (shown on the job page)."""
        JobLogLine.objects.create(job_id=self.job_id, at=timezone.now(), line=str(line)[:MAX_LOG_LINE])

    def set_result_file(self, name: str, content: bytes) -> str:
        """Store `content` as the job's downloadable result (replacing an earlier one); returns the stored name."""
        job = Job.objects.get(pk=self.job_id)
        if job.result_file:
            job.result_file.delete(save=False)
        clean_name = get_valid_filename(name)
        job.result_file.save(clean_name, ContentFile(content), save=False)
        Job.objects.filter(pk=self.job_id).update(
            result_file=job.result_file.name, result_name=clean_name[:200]
        )
        return str(job.result_file.name)

    def check_cancelled(self) -> None:
        """Raise JobCancelled when cancellation was requested; call it between steps."""
        if Job.objects.filter(pk=self.job_id, cancel_requested_at__isnull=False).exists():
            raise JobCancelled(f"Job {self.job_id} cancelled on request")
