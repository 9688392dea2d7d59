"""Progress reports and their review, evidence, coordinating units' input, directives and periodic obligations."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.apps.programmes.models.tasks import Task
from chidao.common.models import TimeStampedModel


class ProgressReport(TimeStampedModel):
    """A progress report of the lead unit: submitted by an officer, approved by the head, then confirmed or
    returned by the secretariat."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã gửi, chờ lãnh đạo đơn vị duyệt")
        HEAD_APPROVED = "head_approved", _("Lãnh đạo đơn vị đã duyệt, chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        RETURNED = "returned", _("Bị trả lại")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    period_label = models.CharField(_("Kỳ báo cáo"), max_length=100, blank=True)
    period_end = models.DateField(null=True, blank=True)
    percent = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    result = models.TextField(_("Kết quả"), blank=True)
    difficulties = models.TextField(_("Khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    evidence_number = models.CharField(_("Số, ký hiệu văn bản"), max_length=200, blank=True)
    evidence_date = models.DateField(_("Ngày văn bản"), null=True, blank=True)
    evidence_link = models.URLField(max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    head_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_approved_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["task", "-created_at"]
        verbose_name = _("Báo cáo tiến độ")

    def __str__(self) -> str:
        return f"{self.task.code} {self.period_label} {self.percent}%"


class ReportEvidence(models.Model):
    """A file, photo or link attached to a report as evidence."""

    class Kind(models.TextChoices):
        FILE = "file", _("Tệp")
        PHOTO = "photo", _("Ảnh")
        LINK = "link", _("Đường dẫn")

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FILE)
    file = models.FileField(upload_to="programmes/evidence/%Y/%m/", blank=True)
    link = models.URLField(max_length=500, blank=True)
    caption = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("Minh chứng")

    def __str__(self) -> str:
        return self.caption or self.link or self.file.name or ""


class ReportContribution(models.Model):
    """A coordinating unit's input to the lead unit's report, due by a date the lead unit sets."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    due_on = models.DateField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("Ý kiến đơn vị phối hợp")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.text[:80]}"


class TaskDirective(models.Model):
    """An explanation request (yêu cầu giải trình) or a leader's direction (ý kiến chỉ đạo) on a task."""

    class Kind(models.TextChoices):
        EXPLANATION_REQUEST = "explanation_request", _("Yêu cầu giải trình")
        DIRECTION = "direction", _("Ý kiến chỉ đạo")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="directives")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    text = models.TextField()
    due_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    addressed_unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response_text = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "-created_at"]
        verbose_name = _("Yêu cầu giải trình, ý kiến chỉ đạo")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:80]}"


class RecurringReportObligation(models.Model):
    """The report a recurring task owes for one period, and whether it came on time, late or not at all."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa đến hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Trễ hạn")
        MISSING = "missing", _("Chưa báo cáo")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="obligations")
    period_code = models.CharField(max_length=16)
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)

    class Meta:
        ordering = ["task", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period_code"], name="programmes_obligation_unique_period"
            )
        ]
        verbose_name = _("Nghĩa vụ báo cáo định kỳ")

    def __str__(self) -> str:
        return f"{self.period_code} ({self.get_state_display()})"
