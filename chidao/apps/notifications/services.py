"""Writes of notifications: create one (idempotently) with its deliveries, mark read, change preferences.

Audit policy (docs/platform/notifications.md): creating a notification and marking it read are declared
writing services, so they run atomically and are listed in the registry, but they write no audit row — they
are system effects counted in thousands a day, and the Notification and Delivery rows already record what
was sent to whom and when. A change of preferences is a person's decision and is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.notifications.channels import configured_channels
from chidao.apps.notifications.dispatch import enqueue_on_commit
from chidao.apps.notifications.models import Delivery, Notification, NotificationPreference
from chidao.apps.notifications.selectors import preference_for
from chidao.core.notifications import DeliveryAction, DeliveryMode, idempotency_key, plan_deliveries

PREFERENCE_FIELDS = ["mode", "digest_time", "email_enabled"]


def _enabled_channels(preference: NotificationPreference, names: list[str]) -> frozenset[str]:
    # Only e-mail can be turned off today; a future channel adds its own switch to the preference.
    return frozenset(name for name in names if name != "email" or preference.email_enabled)


@writes_audit("notification.create", label="Tạo thông báo")
def notify(
    *,
    recipient: Any,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    key_parts: Mapping[str, object],
    payload: Mapping[str, Any] | None = None,
) -> Notification:
    """Notify `recipient` once per (kind, key parts): a second call with the same key — a re-run, a retry,
    a concurrent worker — returns the existing notification and sends nothing.

    `key_parts` are what distinguishes two notifications of one kind for one person (task id, reminder
    offset, deadline version…). E-mail goes out after commit, now or in the daily digest, as the recipient
    chose.
    """
    if not title.strip():
        raise ValidationError({"title": "Thông báo cần có tiêu đề."})
    key = idempotency_key(kind, recipient.pk, **key_parts)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                title=title.strip()[:300],
                body=body,
                link=link[:500],
                payload=dict(payload or {}),
                idempotency_key=key,
            )
    except IntegrityError:
        # Someone inserted the same key first (this call re-run, or a concurrent one): theirs stands.
        return Notification.objects.get(idempotency_key=key)
    if not recipient.is_active:
        # A disabled account keeps its in-app notices for when it is re-enabled; nothing leaves the system.
        return notification
    preference = preference_for(recipient)
    names = list(configured_channels())
    plan = plan_deliveries(
        names, mode=preference.delivery_mode, enabled_channels=_enabled_channels(preference, names)
    )
    immediate: list[int] = []
    for decision in plan:
        if decision.action is DeliveryAction.SKIP:
            continue
        delivery = Delivery.objects.create(
            notification=notification,
            channel=decision.channel,
            via_digest=decision.action is DeliveryAction.DIGEST,
        )
        if decision.action is DeliveryAction.SEND_NOW:
            immediate.append(delivery.pk)
    enqueue_on_commit(immediate)
    return notification


@writes_audit("notification.read", label="Đánh dấu thông báo đã đọc")
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (again: no change). No audit row: see the module."""
    if notification.recipient_id != actor.pk:
        raise ValidationError("Chỉ người nhận được đánh dấu thông báo này.", code="not_recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@writes_audit("notification.read_all", label="Đánh dấu mọi thông báo đã đọc")
def notifications_mark_all_read(*, actor: Any) -> int:
    """Mark every unread notification of the actor read; returns how many changed. No audit row."""
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


@writes_audit("notification_preference.update", label="Đổi cách nhận thông báo")
def notification_preference_update(
    *, actor: Any, user: Any, mode: str, digest_time: Any, email_enabled: bool
) -> NotificationPreference:
    """Set how `user` is told (immediately or in a daily digest at `digest_time`, e-mail on or off).

    Only the user sets their own preferences. Deliveries already waiting for a digest still go out in it.
    """
    if actor is None or actor.pk != user.pk:
        raise ValidationError("Chỉ người dùng được đổi cách nhận thông báo của mình.", code="not_owner")
    if mode not in {m.value for m in DeliveryMode}:
        raise ValidationError({"mode": "Cách nhận thông báo không hợp lệ."})
    # A user without a row has the defaults: choosing them again is no change.
    preference = NotificationPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = NotificationPreference(user=user)
    before = snapshot(preference, PREFERENCE_FIELDS)
    preference.mode = mode
    preference.digest_time = digest_time
    preference.email_enabled = bool(email_enabled)
    after_unsaved = snapshot(preference, PREFERENCE_FIELDS)
    if before == after_unsaved:
        return preference
    preference.save()
    audit_record(
        actor=actor,
        action="notification_preference.update",
        obj=preference,
        object_repr=f"Cách nhận thông báo của {user}",
        before=before,
        after=snapshot(preference, PREFERENCE_FIELDS),
    )
    return preference
