"""The personal data access log: every display or export of unmasked personal data by a person.

Decree 356/2025/NĐ-CP requires a controller to be able to show who processed which personal data, when and
why. Rows are only ever added (no service edits or deletes them); they hold no personal value, only which
kinds of field were shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.core.masking import PersonalFieldKind

FIELD_KIND_LABELS = {
    PersonalFieldKind.PERSONAL_ID: _("Số định danh cá nhân"),
    PersonalFieldKind.PHONE: _("Số điện thoại"),
    PersonalFieldKind.BIRTH_DATE: _("Ngày sinh"),
}


class PersonalDataAccess(models.Model):
    """One reveal: who saw which fields of which record (or how many records of an export), where and why."""

    class Channel(models.TextChoices):
        WEB = "web", _("Giao diện web")
        API = "api", _("API")
        EXPORT = "export", _("Xuất tệp")
        COMMAND = "command", _("Dòng lệnh")
        SYSTEM = "system", _("Hệ thống (tác vụ nền)")

    class Purpose(models.TextChoices):
        DOSSIER = "dossier", _("Giải quyết hồ sơ, thủ tục hành chính")
        VERIFICATION = "verification", _("Xác minh, đối chiếu thông tin công dân")
        DATA_CLEANING = "data_cleaning", _("Làm sạch, cập nhật dữ liệu (đúng, đủ, sạch, sống)")
        CITIZEN_REQUEST = "citizen_request", _("Trả lời yêu cầu, kiến nghị của chính công dân")
        INSPECTION = "inspection", _("Phục vụ thanh tra, kiểm tra theo yêu cầu của cơ quan có thẩm quyền")
        OTHER = "other", _("Mục đích khác (ghi rõ)")

    at = models.DateTimeField(_("Thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người xem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    actor_label = models.CharField(_("Người xem (tên)"), max_length=200)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("Đơn vị của dữ liệu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_data_accesses",
    )
    object_type = models.CharField(_("Loại đối tượng"), max_length=80, db_index=True)
    object_id = models.CharField(_("Mã đối tượng"), max_length=64, blank=True, db_index=True)
    field_kinds = models.JSONField(_("Trường được hiện"), default=list)
    purpose = models.CharField(_("Mục đích"), max_length=20, choices=Purpose.choices, db_index=True)
    purpose_note = models.CharField(_("Mục đích (ghi rõ)"), max_length=500)
    channel = models.CharField(_("Kênh"), max_length=10, choices=Channel.choices)
    record_count = models.PositiveIntegerField(_("Số bản ghi"), default=1)
    ip_address = models.GenericIPAddressField(_("Địa chỉ IP"), null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("Lượt xem dữ liệu cá nhân")
        indexes = [
            models.Index(fields=["actor", "-at"]),
            models.Index(fields=["unit", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%d/%m/%Y %H:%M} {self.actor_label} {self.object_type} #{self.object_id}"

    def field_kind_labels(self) -> list[str]:
        """The Vietnamese names of the fields shown, in the order they were stored."""
        return [str(FIELD_KIND_LABELS.get(kind, kind)) for kind in self.field_kinds]
