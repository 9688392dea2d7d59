"""Reads of the organisation, always through the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import units_visible_to
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import (
    AdministrativeArea,
    Committee,
    CommitteeMembership,
    HeadAssignment,
    Person,
    Unit,
)
from chidao.core.text import fold_for_search


def _valid_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def unit_get_for_user(user: User, unit_id: int, as_of: dt.date | None = None) -> Unit:
    """The unit if the user may see it; otherwise 404, so its existence is not revealed."""
    try:
        return units_visible_to(user, as_of).select_related("parent", "area").get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đơn vị") from None


def unit_list_for_user(
    user: User,
    *,
    query: str = "",
    kind: str = "",
    parent_id: int | None = None,
    as_of: dt.date | None = None,
) -> QuerySet[Unit]:
    """Units visible to the user, filtered by a diacritics-insensitive name search, kind and parent."""
    day = as_of or timezone.localdate()
    units = units_visible_to(user, day).filter(_valid_on(day)).select_related("parent")
    if query:
        units = units.filter(name_search__contains=fold_for_search(query))
    if kind:
        units = units.filter(kind=kind)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    return units.order_by("name_sort")


def unit_children(unit: Unit, as_of: dt.date | None = None) -> QuerySet[Unit]:
    """Direct sub-units valid on the date, in Vietnamese alphabetical order."""
    day = as_of or timezone.localdate()
    return unit.children.filter(_valid_on(day)).order_by("name_sort")


@dataclass(frozen=True)
class UnitTreeNode:
    """A unit with counts for the organisation tree page."""

    unit: Unit
    child_count: int


def unit_tree_roots(user: User, as_of: dt.date | None = None) -> list[UnitTreeNode]:
    """The top of the tree the user may see: the province for province-wide roles, else their own units."""
    day = as_of or timezone.localdate()
    visible = units_visible_to(user, day).filter(_valid_on(day))
    visible_ids = set(visible.values_list("pk", flat=True))
    roots = (
        visible.exclude(parent_id__in=visible_ids)
        .annotate(child_count=Count("children", filter=_children_valid(day)))
        .order_by("name_sort")
    )
    return [UnitTreeNode(unit=u, child_count=u.child_count) for u in roots]


def _children_valid(day: dt.date) -> Q:
    return Q(children__valid_from__lte=day) & (
        Q(children__valid_to__isnull=True) | Q(children__valid_to__gt=day)
    )


def unit_heads_as_of(unit: Unit, as_of: dt.date | None = None) -> list[HeadAssignment]:
    """Head first, then deputies, valid on the date (for league tables and unit pages)."""
    day = as_of or timezone.localdate()
    return list(
        HeadAssignment.objects.filter(unit=unit)
        .filter(_valid_on(day))
        .select_related("person")
        .order_by("role", "person__name_sort")
    )


def unit_head_names_as_of(unit_ids: list[int], as_of: dt.date) -> dict[int, str]:
    """unit id -> "Chức danh Họ tên" of the head on the date, in one query."""
    rows = (
        HeadAssignment.objects.filter(unit_id__in=unit_ids, role=HeadAssignment.Role.HEAD)
        .filter(_valid_on(as_of))
        .select_related("person")
    )
    return {row.unit_id: f"{row.title} {row.person.name}" for row in rows}


def committee_list() -> QuerySet[Committee]:
    """Committees with their current members (ordered chair first)."""
    day = timezone.localdate()
    members = CommitteeMembership.objects.filter(_valid_on(day)).select_related("person").order_by("role")
    return Committee.objects.prefetch_related(Prefetch("memberships", queryset=members))


def province_area() -> AdministrativeArea | None:
    """The province this installation serves (from settings)."""
    from django.conf import settings

    return AdministrativeArea.objects.filter(code=settings.CHIDAO_PROVINCE_CODE, level="province").first()


def person_search(query: str) -> QuerySet[Person]:
    """People whose folded name contains the folded query."""
    return Person.objects.filter(name_search__contains=fold_for_search(query)).order_by("name_sort")


UNIT_EDITOR_ROLES = ("administrator", "secretariat")


def unit_get_for_unit_editor(user: User, unit_id: int) -> Unit:
    """The unit if the user may edit it: administrators and the secretariat anywhere, a unit head for their own
    subtree. Outside the scope: 404; inside but not an editor: 403."""
    from django.core.exceptions import PermissionDenied

    from chidao.apps.accounts.access import unit_subtree_path, user_scope

    unit = unit_get_for_user(user, unit_id)
    scope = user_scope(user)
    if scope.has_role(*UNIT_EDITOR_ROLES):
        return unit
    if scope.has_role("unit_head") and any(unit_subtree_path(unit).startswith(p) for p in scope.unit_paths):
        return unit
    raise PermissionDenied("Bạn không có quyền sửa đơn vị này.")
