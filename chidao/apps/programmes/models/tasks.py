"""The steering task with its "6 rõ" and stored status, and the history of its deadline extensions.

The counting bucket and flags of a task are computed by the pure core (chidao.core.tasks) and STORED here on
every write and refreshed nightly, so lists and statistics filter on columns instead of recomputing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.apps.programmes.models.reference import Area, Authority, Phase, Plan, PlanGroup, SourceDocument
from chidao.common.models import TimeStampedModel
from chidao.core.text import SORT_KEY_MAX_LENGTH, fold_for_search, vietnamese_sort_key


class Task(TimeStampedModel):
    """A steering task with its "6 rõ" (person, content, time, responsibility, product, authority) and its
    stored status (bucket, flags, working days late) as the core computed it at the last write or refresh."""

    class Origin(models.TextChoices):
        CENTRE = "centre", _("Trung ương giao")
        PROVINCE = "province", _("Tỉnh giao")

    class Kind(models.TextChoices):
        TIME_BOUND = "time_bound", _("Có thời hạn")
        RECURRING = "recurring", _("Thường xuyên")

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        HALF_YEARLY = "half_yearly", _("6 tháng")
        YEARLY = "yearly", _("Hằng năm")

    class ProductType(models.TextChoices):
        DOCUMENT = "document", _("Văn bản")
        SYSTEM = "system", _("Hệ thống")
        DATA = "data", _("Dữ liệu")
        REPORT = "report", _("Báo cáo")
        OTHER = "other", _("Khác")

    class Bucket(models.TextChoices):
        DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
        DONE_LATE = "done_late", _("Hoàn thành quá hạn")
        IN_PROGRESS_ON_TIME = "in_progress_on_time", _("Đang thực hiện trong hạn")
        IN_PROGRESS_OVERDUE = "in_progress_overdue", _("Đang thực hiện quá hạn")
        RECURRING = "recurring", _("Thường xuyên")
        SUSPENDED = "suspended", _("Tạm hoãn")
        STOPPED = "stopped", _("Dừng thực hiện")

    code = models.CharField(_("Mã nhiệm vụ"), max_length=64, unique=True)
    title = models.CharField(_("Tên nhiệm vụ"), max_length=1000)
    content = models.TextField(_("Nội dung"), blank=True)
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    source_item = models.CharField(_("STT trong văn bản"), max_length=32, blank=True)
    origin = models.CharField(max_length=16, choices=Origin.choices, default=Origin.PROVINCE)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TIME_BOUND)
    cadence = models.CharField(max_length=16, choices=Cadence.choices, blank=True)
    lead_unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="led_tasks"
    )
    coordinating_units = models.ManyToManyField(
        "organisation.Unit", blank=True, related_name="coordinated_tasks"
    )
    responsible_person = models.ForeignKey(
        "organisation.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    assigned_on = models.DateField(_("Ngày giao"), null=True, blank=True)
    deadline_text = models.CharField(_("Thời hạn (nguyên văn)"), max_length=200, blank=True)
    original_deadline = models.DateField(_("Thời hạn ban đầu"), null=True, blank=True)
    deadline = models.DateField(_("Thời hạn hiện hành"), null=True, blank=True, db_index=True)
    product_type = models.CharField(max_length=16, choices=ProductType.choices, blank=True)
    product_description = models.CharField(_("Sản phẩm"), max_length=1000, blank=True)
    authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    weight = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(1))
    areas = models.ManyToManyField(Area, blank=True, related_name="tasks")
    plans = models.ManyToManyField(Plan, blank=True, related_name="tasks")
    plan_group = models.ForeignKey(
        PlanGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    phases = models.ManyToManyField(Phase, blank=True, related_name="tasks")
    progress_percent = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    has_report = models.BooleanField(default=False)
    # The completion date is the date ON THE EVIDENCE; the secretariat's confirmation validates it.
    completed_on = models.DateField(_("Ngày hoàn thành (theo văn bản)"), null=True, blank=True)
    completion_evidence = models.CharField(_("Văn bản, sản phẩm chứng minh"), max_length=500, blank=True)
    completion_link = models.URLField(max_length=500, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_returned = models.BooleanField(default=False)
    return_reason = models.TextField(blank=True)
    # A child left open when its parent is confirmed is closed with a reason (it then no longer blocks).
    closed_reason = models.TextField(blank=True)
    suspended_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    decision_text = models.CharField(_("Quyết định tạm hoãn, dừng"), max_length=500, blank=True)
    status_bucket = models.CharField(
        max_length=24, choices=Bucket.choices, default=Bucket.IN_PROGRESS_ON_TIME, db_index=True
    )
    # Comma-wrapped (",due_soon,returned,") so that one flag is filtered with a plain `contains`.
    status_flags = models.CharField(max_length=300, blank=True, default="")
    working_days_late = models.PositiveIntegerField(default=0)
    status_rule = models.CharField(max_length=16, blank=True)
    status_explanation = models.CharField(max_length=500, blank=True)
    status_as_of = models.DateField(null=True, blank=True)
    status_computed_at = models.DateTimeField(null=True, blank=True)
    name_sort = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, db_index=True, default="")
    name_search = models.CharField(max_length=1200, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["deadline", "code"]
        verbose_name = _("Nhiệm vụ")
        indexes = [models.Index(fields=["lead_unit", "status_bucket"], name="programmes_task_unit_bucket")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"[:300]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_name_keys()
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        """Recompute the sort and search keys from the code and title; called by save()."""
        self.name_sort = vietnamese_sort_key(self.title or "")
        self.name_search = fold_for_search(f"{self.code} {self.title}")[:1200]

    @property
    def flag_list(self) -> list[str]:
        """The stored flags as a list of codes."""
        return [flag for flag in self.status_flags.split(",") if flag]


class TaskExtension(models.Model):
    """One extension of a deadline, kept as history: who, when, old and new deadline, reason."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_deadline = models.DateField()
    new_deadline = models.DateField()
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField()
    # Approved after the deadline in force: the working days before approval count as overdue.
    after_deadline = models.BooleanField(default=False)

    class Meta:
        ordering = ["task", "approved_on", "id"]
        verbose_name = _("Gia hạn")

    def __str__(self) -> str:
        return f"{self.old_deadline:%d/%m/%Y} → {self.new_deadline:%d/%m/%Y}"
