"""Figures of the steering tasks for a user: statistics in the seed's shape and the league table by lead unit,
computed by the pure core from records built by the mappers (a fixed number of queries, whatever the size)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_get_for_user


def require_role(user: User) -> None:
    """403 for a signed-in account that holds no role today (it may see nothing)."""
    if not user_scope(user).roles:
        raise PermissionDenied("Tài khoản chưa được phân quyền.")


def unit_get_for_filter(user: User, unit_id: int) -> Unit:
    """The unit named in a filter, if the user may see it; 404 otherwise."""
    return unit_get_for_user(user, unit_id)
