"""Organisation: the administrative map, the units that receive tasks, people, heads and committees."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.common.models import DatedModel, TimeStampedModel
from chidao.core.text import SORT_KEY_MAX_LENGTH, fold_for_search, vietnamese_sort_key


class SortableNameMixin(models.Model):
    """Stores the Vietnamese sort key and the folded search key of `name` (computed in core on save)."""

    name_sort = models.CharField(max_length=SORT_KEY_MAX_LENGTH, editable=False, db_index=True, default="")
    name_search = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_name_keys()
        super().save(*args, **kwargs)

    def refresh_name_keys(self) -> None:
        """Recompute the keys from `name`; called by save() so no write path can forget it."""
        name = getattr(self, "name", "") or ""
        self.name_sort = vietnamese_sort_key(name)
        self.name_search = fold_for_search(name)


class AdministrativeArea(SortableNameMixin):
    """A province or a commune-level unit of the National Statistics Office list in force since 01/07/2025."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField(max_length=8, unique=True)
    name = models.CharField(max_length=200)
    division_type = models.CharField(max_length=40)
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="communes"
    )

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("Đơn vị hành chính")

    def __str__(self) -> str:
        return self.name


class Unit(SortableNameMixin, DatedModel, TimeStampedModel):
    """A body that receives, leads or coordinates tasks: UBND tỉnh, a department, a commune, a sub-unit."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("UBND tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        AGENCY = "agency", _("Cơ quan, tổ chức")
        SUB_UNIT = "sub_unit", _("Phòng, chi cục trực thuộc")
        COMMUNE = "commune", _("Xã")
        WARD = "ward", _("Phường")
        SPECIAL_ZONE = "special_zone", _("Đặc khu")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=255)
    short_name = models.CharField(max_length=100, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    area = models.ForeignKey(
        AdministrativeArea, null=True, blank=True, on_delete=models.PROTECT, related_name="units"
    )
    # Materialised path of ancestor ids ("/1/7/"), so scope checks and subtree queries are one indexed LIKE.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="/")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("Đơn vị")

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        """True for xã, phường and đặc khu."""
        return self.kind in {self.Kind.COMMUNE, self.Kind.WARD, self.Kind.SPECIAL_ZONE}


class Person(SortableNameMixin, TimeStampedModel):
    """A named official (head, deputy, committee member, responsible officer); may or may not have an account."""

    name = models.CharField(_("Họ và tên"), max_length=200)
    title = models.CharField(_("Chức vụ"), max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="people")

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("Cá nhân")

    def __str__(self) -> str:
        return self.name


class HeadAssignment(DatedModel, TimeStampedModel):
    """A dated appointment of a person as head or deputy head of a unit, so any table can name the head as of a date."""

    class Role(models.TextChoices):
        HEAD = "head", _("Người đứng đầu")
        DEPUTY = "deputy", _("Cấp phó")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="head_assignments")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="head_assignments")
    role = models.CharField(max_length=10, choices=Role.choices)
    title = models.CharField(_("Chức danh"), max_length=200)

    class Meta:
        ordering = ["unit", "role", "-valid_from"]
        verbose_name = _("Phân công lãnh đạo đơn vị")

    def __str__(self) -> str:
        return f"{self.title} {self.person} ({self.unit})"


class Committee(SortableNameMixin, DatedModel, TimeStampedModel):
    """A steering committee (Ban Chỉ đạo): a record, not a singleton; state or Party body."""

    class Nature(models.TextChoices):
        STATE = "state", _("Cơ quan nhà nước (Nghị định 30/2020)")
        PARTY = "party", _("Cơ quan Đảng (Hướng dẫn 36-HD/VPTW)")

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=400)
    short_name = models.CharField(max_length=100)
    nature = models.CharField(max_length=10, choices=Nature.choices, default=Nature.STATE)
    parent_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="committees")
    establishing_decision = models.CharField(_("Quyết định thành lập"), max_length=200, blank=True)

    class Meta:
        ordering = ["name_sort"]
        verbose_name = _("Ban Chỉ đạo")

    def __str__(self) -> str:
        return self.short_name or self.name


class CommitteeMembership(DatedModel, TimeStampedModel):
    """A person's dated seat on a committee: chair, standing deputy, deputy, member or secretary."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Trưởng Ban")
        STANDING_DEPUTY = "standing_deputy", _("Phó Trưởng ban Thường trực")
        DEPUTY = "deputy", _("Phó Trưởng ban")
        MEMBER = "member", _("Ủy viên")
        SECRETARY = "secretary", _("Thư ký")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="committee_memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    position_text = models.CharField(_("Chức vụ chính quyền"), max_length=300, blank=True)

    class Meta:
        ordering = ["committee", "role"]
        verbose_name = _("Thành viên Ban Chỉ đạo")


class CommitteeStandingAgency(DatedModel, TimeStampedModel):
    """The unit that serves as standing agency (cơ quan thường trực) of a committee for one area of work."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="standing_agencies")
    area_code = models.CharField(max_length=32)
    area_name = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="standing_for")

    class Meta:
        ordering = ["committee", "area_code"]
        verbose_name = _("Cơ quan thường trực")
