"""Issuer profiles and the documents chidao generates from the data (drafts until the clerk records the number)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import TimeStampedModel


class DocumentProfile(TimeStampedModel):
    """How one issuer heads and signs its documents (Decree 30/2020, Phụ lục I): the name blocks, the place, the
    abbreviation of its number series, the signature block and the usual recipients."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("Tên hồ sơ"), max_length=300)
    committee = models.ForeignKey(
        "organisation.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_body = models.CharField(
        _("Tên cơ quan chủ quản"), max_length=300, blank=True
    )  # "UBND TỈNH GIA LAI"
    issuing_body = models.CharField(_("Tên cơ quan ban hành"), max_length=500)  # "BAN CHỈ ĐẠO …"
    # How the text names the issuer: "Ban Chỉ đạo báo cáo …", "Thường trực Ban Chỉ đạo".
    short_name = models.CharField(_("Tên gọi tắt trong văn bản"), max_length=100, default="Ban Chỉ đạo")
    issuer_abbreviation = models.CharField(_("Chữ viết tắt cơ quan ban hành"), max_length=32)  # "BCĐ"
    # The drafting unit of công văn symbols: "12/BCĐ-VP" (issuer-drafting unit).
    drafting_unit_abbreviation = models.CharField(
        _("Chữ viết tắt đơn vị soạn thảo"), max_length=32, blank=True
    )
    place = models.CharField(_("Địa danh"), max_length=100)  # "Gia Lai"
    signature_authority = models.CharField(_("Quyền hạn ký"), max_length=100, blank=True)  # "KT. TRƯỞNG BAN"
    signature_title = models.CharField(_("Chức vụ người ký"), max_length=100)  # "PHÓ TRƯỞNG BAN"
    signer = models.ForeignKey(
        "organisation.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(_("Họ tên người ký"), max_length=200, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)  # one recipient per line, without "- " and ";"
    archive_line = models.CharField(_("Lưu"), max_length=100, default="Lưu: VT.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Hồ sơ cơ quan ban hành")

    def __str__(self) -> str:
        return self.name

    def recipient_lines(self) -> list[str]:
        return [line.strip(" -;.") for line in self.recipients.splitlines() if line.strip(" -;.")]


class GeneratedDocument(TimeStampedModel):
    """A document generated from the data as of a date: its report model (JSON) and files; a draft until the
    clerk records the issued number and date, unique within the year's series (profile, symbol, year)."""

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Báo cáo phục vụ phiên họp")
        URGING_LETTER = "urging_letter", _("Công văn đôn đốc")

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tạo")
        GENERATING = "generating", _("Đang tạo")
        READY = "ready", _("Dự thảo")
        FAILED = "failed", _("Lỗi khi tạo")
        ISSUED = "issued", _("Đã ban hành")

    profile = models.ForeignKey(DocumentProfile, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    symbol = models.CharField(_("Ký hiệu"), max_length=64)  # "BC-BCĐ", "BCĐ-VP"
    title = models.CharField(_("Trích yếu"), max_length=1000)
    as_of = models.DateField(_("Số liệu tính đến ngày"))
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    unit = models.ForeignKey(
        "organisation.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # addressee of an urging letter
    # The day an urging letter asks its unit to report back by (chosen when it is requested).
    reply_by = models.DateField(_("Hạn báo cáo lại"), null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED, db_index=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    model_json = models.TextField(blank=True)  # chidao.core.documents.model.document_to_json
    docx = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    pdf = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    xlsx = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    issued_number = models.PositiveIntegerField(_("Số văn bản"), null=True, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    issued_year = models.PositiveSmallIntegerField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "symbol", "issued_year", "issued_number"],
                condition=models.Q(issued_number__isnull=False),
                name="documents_number_unique_in_year_series",
            )
        ]

    def __str__(self) -> str:
        return self.title
