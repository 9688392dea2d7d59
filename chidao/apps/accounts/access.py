"""Scope of a user's access as of a date: the one place that turns role assignments into visible units.

Every selector that fetches objects for a person goes through `user_scope`; an object outside the scope is
answered as "not found" (404) on the web and the API, so its existence is not revealed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.accounts.roles import PERSONAL_DATA_ROLES, PROVINCE_WIDE_ROLES, Role
from chidao.apps.organisation.models import Unit


@dataclass(frozen=True)
class UserScope:
    """What a user may see as of a date: all units, or the subtrees under `unit_paths`."""

    roles: frozenset[str]
    all_units: bool
    unit_paths: tuple[str, ...]
    personal_data_paths: tuple[str, ...]

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of `roles`."""
        return bool(self.roles.intersection(roles))

    def covers_path(self, path: str) -> bool:
        """True when a unit with materialised path `path` is inside the scope."""
        return self.all_units or any(path.startswith(p) for p in self.unit_paths)

    def sees_personal_data_of(self, path: str) -> bool:
        """True when the user may see unmasked personal data of the unit with this path."""
        return any(path.startswith(p) for p in self.personal_data_paths)


EMPTY_SCOPE = UserScope(frozenset(), False, (), ())


def active_assignments(user: User, as_of: dt.date | None = None) -> QuerySet[RoleAssignment]:
    """Role assignments of `user` valid on `as_of` (today in Asia/Ho_Chi_Minh by default)."""
    day = as_of or timezone.localdate()
    return RoleAssignment.objects.valid_on(day).filter(user=user)


def user_scope(user: User | None, as_of: dt.date | None = None) -> UserScope:
    """The user's roles and unit scope (cached on the user object for the request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    day = as_of or timezone.localdate()
    cache_key = f"_chidao_scope_{day.isoformat()}"
    cached = getattr(user, cache_key, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rows = list(active_assignments(user, day).select_related("unit"))
    roles = frozenset(r.role for r in rows)
    all_units = bool(roles & PROVINCE_WIDE_ROLES)
    paths = tuple(sorted({r.unit.path + f"{r.unit.pk}/" for r in rows}))
    personal = tuple(sorted({r.unit.path + f"{r.unit.pk}/" for r in rows if r.role in PERSONAL_DATA_ROLES}))
    scope = UserScope(roles, all_units, paths, personal)
    setattr(user, cache_key, scope)
    return scope


def unit_subtree_path(unit: Unit) -> str:
    """The path prefix shared by a unit and all its descendants."""
    return f"{unit.path}{unit.pk}/"


def units_visible_to(user: User, as_of: dt.date | None = None) -> QuerySet[Unit]:
    """The units a user may open."""
    scope = user_scope(user, as_of)
    units = Unit.objects.all()
    if scope.all_units:
        return units
    if not scope.unit_paths:
        return units.none()
    condition = Q()
    for prefix in scope.unit_paths:
        condition |= Q(path__startswith=prefix) | Q(pk=int(prefix.rstrip("/").rsplit("/", 1)[-1]))
    return units.filter(condition)


def primary_role(user: User, as_of: dt.date | None = None) -> str | None:
    """The role that chooses the home page when a user holds several (leader first, officer last)."""
    scope = user_scope(user, as_of)
    for role in (
        Role.LEADER,
        Role.SECRETARIAT,
        Role.ADMINISTRATOR,
        Role.AUDITOR,
        Role.DATA_OFFICER,
        Role.UNIT_HEAD,
        Role.UNIT_OFFICER,
    ):
        if role in scope.roles:
            return str(role)
    return None
