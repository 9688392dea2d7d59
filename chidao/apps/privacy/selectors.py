"""Reading the personal data access log (auditors and administrators only; 404 for everyone else)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from chidao.apps.accounts.access import unit_subtree_path, user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.models import PersonalDataAccess

ACCESS_LOG_READER_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)


def personal_data_accesses_for_user(
    user: Any,
    *,
    actor: Any = None,
    unit: Unit | None = None,
    purpose: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[PersonalDataAccess]:
    """The access log filtered by person, unit (and its sub-units), purpose and local dates, newest first."""
    if not user_scope(user).has_role(*ACCESS_LOG_READER_ROLES):
        raise Http404("Không tìm thấy trang")
    accesses = PersonalDataAccess.objects.select_related("actor", "unit")
    if actor is not None:
        accesses = accesses.filter(actor=actor)
    if unit is not None:
        accesses = accesses.filter(Q(unit=unit) | Q(unit__path__startswith=unit_subtree_path(unit)))
    if purpose:
        accesses = accesses.filter(purpose=purpose)
    if date_from:
        accesses = accesses.filter(at__date__gte=date_from)
    if date_to:
        accesses = accesses.filter(at__date__lte=date_to)
    return accesses.order_by("-at", "-id")
