"""The service index as stored: one run per computation, its values per unit and sub-indicator, the group and
total scores, and the official scores of the monthly notice.

A run is written whole or not at all (computing.index_compute builds everything in memory, then writes it in
one transaction and only then marks it current); the pages read the current succeeded run of a period, so a
failed run leaves the previous results on screen. Every value stores its numerator and denominator.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.apps.organisation.models import Unit


class IndexRun(models.Model):
    """One computation of the index for a period over every unit in the data (or the units given)."""

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        YEAR = "year", _("Năm")

    class State(models.TextChoices):
        RUNNING = "running", _("Đang tính")
        SUCCEEDED = "succeeded", _("Hoàn thành")
        FAILED = "failed", _("Thất bại")

    period_kind = models.CharField(_("Loại kỳ"), max_length=8, choices=PeriodKind.choices)
    # "2026-02", "2026-Q1" or "2026".
    period_code = models.CharField(_("Kỳ"), max_length=7, db_index=True)
    # Empty: every unit in the data; otherwise the unit codes asked for, comma-separated.
    unit_scope = models.TextField(_("Phạm vi đơn vị"), blank=True)
    config_version = models.CharField(_("Phiên bản cấu hình"), max_length=60)
    formula_version = models.CharField(_("Phiên bản công thức"), max_length=60)
    # Dataset name → version read (the engine's CURRENT at the session's start).
    dataset_versions = models.JSONField(_("Phiên bản dữ liệu"), default=dict, blank=True)
    simulated = models.BooleanField(_("Dữ liệu mô phỏng"), default=False)
    # The moment the period was judged at (the period's end, or the run's start for a running period).
    cutoff = models.DateTimeField(_("Tính đến"), null=True, blank=True)
    started_at = models.DateTimeField(_("Bắt đầu lúc"))
    finished_at = models.DateTimeField(_("Kết thúc lúc"), null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="index_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("Trạng thái"), max_length=10, choices=State.choices, default=State.RUNNING)
    # The run the pages show for its period (at most one per period kind and code).
    is_current = models.BooleanField(_("Đang dùng"), default=False)
    message = models.CharField(_("Thông báo"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("Lượt tính chỉ số")
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_code"],
                condition=models.Q(is_current=True),
                name="index_run_one_current_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_code} ({self.get_state_display()})"


class IndexValue(models.Model):
    """One sub-indicator of one unit in a run: counts, rate (None = N/A), points against the maximum."""

    class SourceKind(models.TextChoices):
        RECOMPUTED = "recomputed", _("Tính lại từ hồ sơ")
        PUBLISHED = "published", _("Lấy từ số liệu công bố")

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    indicator_id = models.CharField(_("Chỉ số"), max_length=8)
    group_number = models.PositiveSmallIntegerField(_("Nhóm"))
    # None for an indicator taken from published figures (no dossier counts).
    numerator = models.BigIntegerField(_("Tử số"), null=True, blank=True)
    denominator = models.BigIntegerField(_("Mẫu số"), null=True, blank=True)
    rate = models.DecimalField(_("Tỷ lệ (%)"), max_digits=7, decimal_places=2, null=True, blank=True)
    points = models.DecimalField(_("Điểm"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("Điểm tối đa"), max_digits=6, decimal_places=2)
    threshold = models.DecimalField(_("Ngưỡng đạt điểm tối đa"), max_digits=6, decimal_places=2)
    source_kind = models.CharField(_("Nguồn"), max_length=10, choices=SourceKind.choices)
    status = models.CharField(_("Tình trạng"), max_length=16)
    confirmed = models.BooleanField(_("Điểm đã xác nhận"), default=False)
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["run", "unit", "group_number", "indicator_id"]
        verbose_name = _("Giá trị chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["run", "unit", "indicator_id"], name="index_value_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.numerator}/{self.denominator}"


class UnitScore(models.Model):
    """A group score (1–5) or the total (group 0, with its band) of one unit in a run."""

    run = models.ForeignKey(IndexRun, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group_number = models.PositiveSmallIntegerField(_("Nhóm (0 = tổng)"))
    score = models.DecimalField(_("Điểm"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("Điểm tối đa"), max_digits=6, decimal_places=2)
    band_code = models.CharField(_("Mức xếp loại"), max_length=30, blank=True)
    band_name = models.CharField(_("Tên mức xếp loại"), max_length=100, blank=True)
    band_confirmed = models.BooleanField(_("Mức đã xác nhận"), default=False)
    # False when an indicator of the group has no value (N/A or not published).
    complete = models.BooleanField(_("Đủ số liệu"), default=True)
    dossiers = models.BigIntegerField(_("Số hồ sơ"), default=0)

    class Meta:
        ordering = ["run", "unit", "group_number"]
        verbose_name = _("Điểm nhóm chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["run", "unit", "group_number"], name="unit_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} nhóm {self.group_number}: {self.score}/{self.max_points}"


class PublishedScore(models.Model):
    """An official score from the monthly notice: one unit, one month, one group (0 = the total), its rank."""

    class Origin(models.TextChoices):
        ENTERED = "entered", _("Nhập tay")
        IMPORTED = "imported", _("Nhập từ tệp thông báo")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="published_index_scores")
    month = models.CharField(_("Tháng"), max_length=7, db_index=True)
    group_number = models.PositiveSmallIntegerField(_("Nhóm (0 = tổng)"))
    score = models.DecimalField(_("Điểm"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("Điểm tối đa"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("Thứ hạng"), null=True, blank=True)
    rank_of = models.PositiveIntegerField(_("Trên tổng số"), null=True, blank=True)
    source_document = models.CharField(_("Nguồn (văn bản, thông báo)"), max_length=300)
    origin = models.CharField(_("Cách nhập"), max_length=10, choices=Origin.choices, default=Origin.ENTERED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("Nhập lúc"), auto_now=True)

    class Meta:
        ordering = ["-month", "unit", "group_number"]
        verbose_name = _("Điểm chính thức")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "group_number"], name="published_score_unique"),
            models.CheckConstraint(condition=models.Q(group_number__lte=5), name="published_group_0_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} nhóm {self.group_number}: {self.score}"


class PublishedRate(models.Model):
    """A sub-indicator rate of group 1 (1.1–1.4) from the monthly notice: one unit, one month, one indicator.

    Group 1 is "lấy từ số liệu công bố": chidao cannot recompute it from dossiers, so the rate (in percent)
    is entered or imported as published and never synthesised; ``index_compute`` scores the month from it and
    multiplies 3.3 by the 1.4 sync rate.
    """

    class Origin(models.TextChoices):
        ENTERED = "entered", _("Nhập tay")
        IMPORTED = "imported", _("Nhập từ tệp thông báo")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="published_index_rates")
    month = models.CharField(_("Tháng"), max_length=7, db_index=True)
    indicator_id = models.CharField(_("Chỉ số"), max_length=8)
    rate = models.DecimalField(_("Tỷ lệ (%)"), max_digits=5, decimal_places=2)
    source_document = models.CharField(_("Nguồn (văn bản, thông báo)"), max_length=300)
    origin = models.CharField(_("Cách nhập"), max_length=10, choices=Origin.choices, default=Origin.ENTERED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("Nhập lúc"), auto_now=True)

    class Meta:
        ordering = ["-month", "unit", "indicator_id"]
        verbose_name = _("Tỷ lệ chỉ số công bố")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "indicator_id"], name="published_rate_unique"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0, rate__lte=100), name="published_rate_0_to_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month} {self.indicator_id}: {self.rate}%"
