"""Background jobs (one row per attempt, with progress and an append-only log) and the runs of periodic entries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_result_path(instance: Job, filename: str) -> str:
    """Result files live under MEDIA_ROOT/jobs/<job id>/, served only through the job's access check."""
    return f"jobs/{instance.pk}/{filename}"


class Job(models.Model):
    """One attempt at running a registered job kind: who started it, with which parameters, how far it got."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")
        CANCELLED = "cancelled", _("Đã hủy")

    kind = models.CharField(_("Loại tác vụ"), max_length=80, db_index=True)
    # Empty for jobs started by the scheduler or a command run without --user.
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    parameters = models.JSONField(_("Tham số"), default=dict, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    message = models.CharField(_("Bước hiện tại"), max_length=300, blank=True)
    result_file = models.FileField(_("Tệp kết quả"), upload_to=job_result_path, max_length=255, blank=True)
    # The name the kind gave the file, offered on download (the stored name may carry a suffix against clashes).
    result_name = models.CharField(_("Tên tệp kết quả"), max_length=200, blank=True)
    attempt = models.PositiveSmallIntegerField(_("Lần chạy"), default=1)
    # One-to-one: a failed attempt can be retried once; the retry is the next attempt, itself retryable.
    retry_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retried_as"
    )
    task_result_id = models.CharField(_("Mã kết quả django-tasks"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("Tín hiệu gần nhất"), null=True, blank=True)
    cancel_requested_at = models.DateTimeField(_("Yêu cầu hủy lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Tác vụ nền")
        indexes = [
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat_idx"),
            models.Index(fields=["started_by", "-created_at"], name="job_starter_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} (lần {self.attempt})"

    @property
    def is_active(self) -> bool:
        """Queued or running: the page keeps polling."""
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def is_finished(self) -> bool:
        """Succeeded, failed or cancelled."""
        return not self.is_active

    @property
    def duration_seconds(self) -> float | None:
        """Seconds between start and finish (None while not both known)."""
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class JobLogLine(models.Model):
    """One line of a job's log; lines are only ever added (tracebacks are one multi-line entry)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="log_lines")
    at = models.DateTimeField()
    line = models.TextField()

    class Meta:
        ordering = ["id"]
        verbose_name = _("Dòng nhật ký tác vụ")

    def __str__(self) -> str:
        return f"{self.at:%H:%M:%S} {self.line[:80]}"


class PeriodicRun(models.Model):
    """One occurrence of a periodic entry, inserted once: the unique (entry, due_at) pair is the lock that keeps
    two schedulers, or a restarted one, from running the same occurrence twice."""

    class State(models.TextChoices):
        RUNNING = "running", _("Đang chạy")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    entry = models.CharField(_("Mục định kỳ"), max_length=80)
    due_at = models.DateTimeField(_("Đến hạn lúc"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    claimed_at = models.DateTimeField(_("Nhận lúc"))
    claimed_by = models.CharField(_("Tiến trình"), max_length=120)
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    # Earlier occurrences missed while no scheduler ran, which this run stands for.
    coalesced = models.PositiveIntegerField(default=0)
    message = models.CharField(_("Kết quả"), max_length=500, blank=True)

    class Meta:
        ordering = ["-due_at", "entry"]
        verbose_name = _("Lượt chạy định kỳ")
        constraints = [
            models.UniqueConstraint(fields=["entry", "due_at"], name="uniq_periodic_run_entry_due_at"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} @ {self.due_at:%d/%m/%Y %H:%M}"
