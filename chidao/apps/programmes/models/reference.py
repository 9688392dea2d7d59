"""Reference lists of the steering tasks: areas, source documents, plans and their groups, phases, authorities."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import TimeStampedModel


class Area(models.Model):
    """A field of work (lĩnh vực): NQ 57, Đề án 06, CCHC, CĐS… — a fixed list the secretariat may edit."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("Lĩnh vực"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("Lĩnh vực")

    def __str__(self) -> str:
        return self.name


class SourceDocument(TimeStampedModel):
    """A document that gives tasks: resolution, plan, programme, a meeting's conclusions notice, decision…"""

    class IssuerLevel(models.TextChoices):
        CENTRAL_PARTY = "central_party", _("Trung ương")
        GOVERNMENT = "government", _("Chính phủ")
        PROVINCIAL_PARTY = "provincial_party", _("Tỉnh ủy")
        PROVINCIAL_COMMITTEE = "provincial_committee", _("UBND tỉnh")
        STEERING_COMMITTEE = "steering_committee", _("Ban Chỉ đạo")
        OTHER = "other", _("Khác")

    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Nghị quyết")
        PLAN = "plan", _("Kế hoạch")
        PROGRAMME = "programme", _("Chương trình")
        CONCLUSION_NOTICE = "conclusion_notice", _("Thông báo kết luận")
        DECISION = "decision", _("Quyết định")
        DIRECTIVE = "directive", _("Chỉ thị")
        OTHER = "other", _("Khác")

    number_symbol = models.CharField(_("Số, ký hiệu"), max_length=100)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    issuer_level = models.CharField(max_length=24, choices=IssuerLevel.choices, default=IssuerLevel.OTHER)
    issuer_name = models.CharField(_("Cơ quan ban hành"), max_length=300, blank=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("Trích yếu"), max_length=1000, blank=True)
    file = models.FileField(upload_to="programmes/sources/%Y/", blank=True)
    link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_on", "number_symbol"]
        verbose_name = _("Văn bản nguồn")

    def __str__(self) -> str:
        return self.number_symbol


class Plan(TimeStampedModel):
    """A plan or programme document (kế hoạch, chương trình) by which tasks are grouped and counted."""

    code = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("Kế hoạch, chương trình"), max_length=1000)
    source_document = models.ForeignKey(
        SourceDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    issuer_name = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("Kế hoạch, chương trình")

    def __str__(self) -> str:
        return self.name


class PlanGroup(models.Model):
    """A group inside a plan, e.g. the three breakthroughs: thể chế, hạ tầng, nhân lực."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="programmes_plangroup_unique_code")
        ]
        verbose_name = _("Nhóm nhiệm vụ")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """A named window (giai đoạn cấp bách 19/06–30/06/2025, giai đoạn đột phá 01/07–31/12/2025)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("Giai đoạn"), max_length=300)
    start = models.DateField()
    end = models.DateField()

    class Meta:
        ordering = ["start", "code"]
        verbose_name = _("Giai đoạn")

    def __str__(self) -> str:
        return self.name


class Authority(models.Model):
    """An accepting authority for "rõ thẩm quyền" (Trưởng Ban Chỉ đạo, Chủ tịch UBND tỉnh, …)."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(_("Thẩm quyền"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("Thẩm quyền")

    def __str__(self) -> str:
        return self.name
