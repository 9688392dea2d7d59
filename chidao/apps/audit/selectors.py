"""Searching the audit trail (auditors and administrators only)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

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


def audit_actions_recorded() -> list[str]:
    """Every action code present in the trail (security events included, not only registered services)."""
    return sorted(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())


# Labels for fields whose model gives no Vietnamese verbose_name; a model's own verbose_name wins.
_COMMON_FIELD_LABELS = {
    "name": "Tên",
    "short_name": "Tên viết tắt",
    "code": "Mã",
    "kind": "Loại",
    "email": "Thư điện tử",
    "phone": "Điện thoại",
    "parent": "Trực thuộc",
    "area": "Đơn vị hành chính",
    "unit": "Đơn vị",
    "person": "Cá nhân",
    "role": "Vai trò",
    "title": "Chức danh",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "is_active": "Đang hoạt động",
    "username": "Tên đăng nhập",
    "full_name": "Họ và tên",
}
EMPTY_VALUE = "(trống)"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class FieldChange:
    """One field of an audited change, with both values ready to display."""

    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EventRow:
    """An audit event and the readable list of what it changed."""

    event: AuditEvent
    changes: tuple[FieldChange, ...]


def event_rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events with their before/after turned into the changed fields only (a creation shows every filled field)."""
    return [EventRow(event, event_changes(event)) for event in events]


def event_changes(event: AuditEvent) -> tuple[FieldChange, ...]:
    """The fields whose value differs between `before` and `after`, labelled in Vietnamese, in field order."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    order = list(dict.fromkeys([*before, *after]))
    labels = _field_labels(event.object_type)
    return tuple(
        FieldChange(
            field, labels.get(field, field), display_value(before.get(field)), display_value(after.get(field))
        )
        for field in order
        if display_value(before.get(field)) != display_value(after.get(field))
    )


def display_value(value: Any) -> str:
    """A snapshot value as a person reads it: dates dd/mm/yyyy, yes/no, "(trống)" for nothing."""
    if value is None or value == "" or value == []:
        return EMPTY_VALUE
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(display_value(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = str(value)
    if _ISO_DATETIME.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M")
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
        return f"{day}/{month}/{year}"
    return text


def _field_labels(object_type: str) -> dict[str, str]:
    labels = dict(_COMMON_FIELD_LABELS)
    try:
        model = apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        model = None
    if model is not None:
        for field in model._meta.get_fields():
            verbose = str(getattr(field, "verbose_name", "") or "")
            # Django fills verbose_name from the field name when none is given; only a chosen one is a label.
            if verbose and verbose != field.name.replace("_", " "):
                labels[field.name] = verbose
    return labels
