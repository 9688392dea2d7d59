"""The administrator's overrides of the working-day calendar: decisions that arrived after the data was pinned."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import TimeStampedModel
from chidao.core.calendar import CalendarEntry, Confidence, DayKind

KIND_LABELS = {
    DayKind.DAY_OFF: _("Ngày nghỉ"),
    DayKind.MAKE_UP_WORKING_DAY: _("Ngày làm bù"),
    DayKind.REGULAR: _("Làm việc bình thường (hủy ngày nghỉ dự kiến)"),
}
CONFIDENCE_LABELS = {Confidence.CONFIRMED: _("Đã có văn bản"), Confidence.PROJECTED: _("Dự kiến")}


class CalendarOverride(TimeStampedModel):
    """One decision for consecutive dates (start–end inclusive): days off, a make-up working day, or back to
    the Monday–Friday rule. Later overrides win over earlier ones and over the pinned data."""

    start = models.DateField(_("Từ ngày"))
    end = models.DateField(_("Đến ngày"))
    kind = models.CharField(
        _("Loại"), max_length=30, choices=[(k.value, label) for k, label in KIND_LABELS.items()]
    )
    name = models.CharField(_("Tên"), max_length=200)
    legal_basis = models.CharField(
        _("Căn cứ"), max_length=300, help_text=_("Số, ngày và cơ quan ban hành văn bản")
    )
    note = models.TextField(_("Ghi chú"), blank=True)
    confidence = models.CharField(
        _("Mức chắc chắn"),
        max_length=20,
        choices=[(c.value, label) for c, label in CONFIDENCE_LABELS.items()],
        default=Confidence.CONFIRMED.value,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # The order decisions were entered: between overrides for one date, the later one wins.
        ordering = ["created_at", "id"]
        verbose_name = _("Điều chỉnh lịch làm việc")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="override_start_before_end"
            ),
        ]

    def __str__(self) -> str:
        if self.start == self.end:
            return f"{self.name} ({self.start:%d/%m/%Y})"
        return f"{self.name} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"

    def entry(self) -> CalendarEntry:
        """The override as the pure calendar takes it."""
        return CalendarEntry(
            start=self.start,
            end=self.end,
            kind=DayKind(self.kind),
            name=self.name,
            legal_basis=self.legal_basis,
            confidence=Confidence(self.confidence),
            note=self.note,
        )
