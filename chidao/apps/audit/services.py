"""Writing the audit trail, and the registry of writing services that must write it.

Every service that changes data is decorated with `@writes_audit("<entity>.<verb>")`; the decorator runs the
service inside a transaction and registers it, and a test enumerates all services modules to prove that no
writing service escapes the registry.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from chidao.apps.audit.context import current_context
from chidao.apps.audit.models import AuditEvent
from chidao.core.text import fold_for_search

P = ParamSpec("P")
R = TypeVar("R")

# action code -> the service function; filled by @writes_audit at import time.
WRITING_SERVICES: dict[str, Callable[..., Any]] = {}
# action code -> its Vietnamese name for the audit page (optional; the code is shown when there is none).
ACTION_LABELS: dict[str, str] = {}
# Fields never copied into the trail (secrets and derived keys).
_NEVER_AUDITED = {"password", "encrypted_secret", "name_sort", "name_search", "path"}


def writes_audit(action: str, *, label: str = "") -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare a writing service: run it atomically and register it under `action` (named `label` on screen)."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with transaction.atomic():
                return func(*args, **kwargs)

        wrapper.audit_action = action  # type: ignore[attr-defined]
        if action in WRITING_SERVICES and WRITING_SERVICES[action].__qualname__ != func.__qualname__:
            raise RuntimeError(f"Audit action {action!r} is declared twice")
        WRITING_SERVICES[action] = wrapper
        if label:
            ACTION_LABELS[action] = label
        return wrapper

    return decorate


def snapshot(instance: models.Model | None, fields: list[str] | None = None) -> dict[str, Any] | None:
    """A JSON-safe dict of the instance's fields, for the before/after columns."""
    if instance is None:
        return None
    data = model_to_dict(instance, fields=fields)
    cleaned = {k: v for k, v in data.items() if k not in _NEVER_AUDITED}
    result: dict[str, Any] = json.loads(json.dumps(cleaned, cls=DjangoJSONEncoder, default=_json_default))
    return result


def _json_default(value: object) -> object:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return str(value)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row in the caller's transaction; the channel and IP come from the audit context."""
    context = current_context()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    label = str(actor)[:200] if actor is not None else ""
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=user,
        actor_label=label,
        channel=context.channel,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        object_search=fold_for_search(f"{object_repr} {label}")[:300],
        before=before,
        after=after,
        ip_address=context.ip_address,
        request_id=context.request_id,
    )


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs between two snapshots."""
    before = before or {}
    after = after or {}
    keys = set(before) | set(after)
    return {k: (before.get(k), after.get(k)) for k in sorted(keys) if before.get(k) != after.get(k)}
