"""An import batch (one uploaded file going through preview and commit) and the issues found in it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import TimeStampedModel


def batch_upload_path(instance: ImportBatch, filename: str) -> str:
    """Uploads live under MEDIA_ROOT/imports/, under a random name, and are never served directly."""
    extension = "".join(
        char for char in filename.rsplit(".", 1)[-1].lower() if char.isascii() and char.isalnum()
    )
    return f"imports/{uuid.uuid4().hex}.{extension[:8] if '.' in filename and extension else 'bin'}"


class ImportBatch(TimeStampedModel):
    """One uploaded file for one importer: stored with its sha256, previewed, then applied by a job."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", _("Đã xem trước")
        QUEUED = "queued", _("Đang chờ nhập")
        APPLYING = "applying", _("Đang nhập")
        APPLIED = "applied", _("Đã nhập")
        FAILED = "failed", _("Nhập thất bại")
        DISCARDED = "discarded", _("Đã hủy")

    importer = models.CharField(_("Loại dữ liệu nhập"), max_length=60, db_index=True)
    mode = models.CharField(_("Chế độ"), max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    stored_file = models.FileField(upload_to=batch_upload_path, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    file_format = models.CharField(_("Định dạng"), max_length=10)
    encoding = models.CharField(_("Bảng mã"), max_length=40, blank=True)
    sheet_name = models.CharField(_("Trang tính"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("Dòng tiêu đề"), null=True, blank=True)
    state = models.CharField(_("Trạng thái"), max_length=10, choices=State.choices, default=State.PREVIEWED)
    new_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # The plan the user saw (chidao.core.importing.ImportPlan.fingerprint); commit refuses another one.
    fingerprint = models.CharField(max_length=64, blank=True)
    blocking_reason = models.CharField(_("Lý do chưa nhập được"), max_length=500, blank=True)
    message = models.CharField(_("Thông báo"), max_length=500, blank=True)
    previewed_at = models.DateTimeField(null=True, blank=True)
    apply_started_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("Số lần nhập"), default=0)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    summary = models.JSONField(_("Kết quả"), default=dict, blank=True)
    # One-time secrets produced by the import (temporary passwords), encrypted; emptied when downloaded.
    secret_result = models.TextField(blank=True)
    secret_taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Lượt nhập dữ liệu")
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_batch_owner_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.importer} – {self.original_name}"

    @property
    def counts_summary(self) -> str:
        """ "N mới / M thay đổi / K không đổi / E lỗi"."""
        return (
            f"{self.new_count} mới / {self.changed_count} thay đổi / {self.unchanged_count} không đổi / "
            f"{self.error_count} lỗi"
        )


class ImportIssueRecord(models.Model):
    """One problem found in a batch's file, placed by Excel row and column header; stored for paging."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="issues")
    position = models.PositiveIntegerField()
    row_number = models.PositiveIntegerField(_("Dòng"), null=True, blank=True)
    column = models.CharField(_("Cột"), max_length=255, blank=True)
    column_letter = models.CharField(max_length=4, blank=True)
    message = models.TextField(_("Lỗi"))
    value = models.CharField(_("Giá trị"), max_length=500, blank=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("Lỗi trong tệp nhập")
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="uniq_import_issue_position"),
        ]

    def __str__(self) -> str:
        return f"{self.row_number or '-'} {self.column}: {self.message[:60]}"
