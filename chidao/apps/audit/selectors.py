"""Searching the audit trail (auditors and administrators only)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.roles import Role
from chidao.apps.audit.models import AuditEvent
from chidao.core.text import fold_for_search

AUDIT_READER_ROLES = (Role.AUDITOR, Role.ADMINISTRATOR)


def audit_events_for_user(
    user: User,
    *,
    query: str = "",
    action: str = "",
    channel: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """The trail filtered by text (object or actor, diacritics-insensitive), action, channel and dates."""
    if not user_scope(user).has_role(*AUDIT_READER_ROLES):
        raise Http404("Không tìm thấy trang")
    events = AuditEvent.objects.select_related("actor")
    if query:
        folded = fold_for_search(query)
        events = events.filter(Q(object_search__contains=folded) | Q(object_id=query.strip()))
    if action:
        events = events.filter(action__startswith=action)
    if channel:
        events = events.filter(channel=channel)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-at", "-id")
