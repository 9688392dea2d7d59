"""A committee meeting (phiên họp): when, who chaired and attended, the agenda, the secretariat's proposals for its
briefing, and the conclusions notice (thông báo kết luận) issued after it, whose conclusions become tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import TimeStampedModel


class Meeting(TimeStampedModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Phiên họp định kỳ")
        EXTRAORDINARY = "extraordinary", _("Phiên họp bất thường")
        THEMATIC = "thematic", _("Phiên họp chuyên đề")

    class Form(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        HYBRID = "hybrid", _("Trực tiếp kết hợp trực tuyến")
        ONLINE = "online", _("Trực tuyến")

    committee = models.ForeignKey("organisation.Committee", on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("Ngày họp"), db_index=True)
    # "Phiên họp lần thứ nhất năm 2026": the ordinal within the committee's year.
    sequence_in_year = models.PositiveSmallIntegerField(_("Lần thứ (trong năm)"), null=True, blank=True)
    kind = models.CharField(_("Loại phiên họp"), max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    form = models.CharField(_("Hình thức"), max_length=16, choices=Form.choices, default=Form.HYBRID)
    title = models.CharField(_("Tên phiên họp"), max_length=500)
    location = models.CharField(_("Địa điểm"), max_length=300, blank=True)
    chair = models.ForeignKey(
        "organisation.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    co_chairs = models.ManyToManyField("organisation.Person", blank=True, related_name="co_chaired_meetings")
    attendees = models.ManyToManyField("organisation.Person", blank=True, related_name="attended_meetings")
    other_attendees = models.TextField(_("Thành phần khác"), blank=True)
    agenda = models.TextField(_("Chương trình, nội dung"), blank=True)  # one item per line
    # The secretariat's proposals (đề xuất, kiến nghị) for the briefing of this meeting: one per line.
    proposals = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    conclusion_notice = models.OneToOneField(
        "programmes.SourceDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting",
        verbose_name=_("Thông báo kết luận"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("Phiên họp")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "held_on", "title"], name="meetings_meeting_unique_day_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]

    def proposal_items(self) -> list[str]:
        return [line.strip() for line in self.proposals.splitlines() if line.strip()]
