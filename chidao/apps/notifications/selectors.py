"""Reads of notifications: a user only ever sees their own (anyone else's answers 404, web and API alike)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from chidao.apps.notifications.models import (
    Delivery,
    DeliveryState,
    Digest,
    Notification,
    NotificationPreference,
)
from chidao.core.notifications import MessageItem, Recipient

LIST_LIMIT = 50


def notifications_for_user(user: Any, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's own notifications, newest first (none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_get_for_user(user: Any, notification_id: int) -> Notification:
    """The notification if it is the user's own; otherwise 404, so another person's is not revealed."""
    try:
        return notifications_for_user(user).get(pk=notification_id)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy thông báo") from None


def unread_count(user: Any) -> int:
    """How many of the user's notifications are unread (the number on the bell)."""
    return notifications_for_user(user, unread_only=True).count()


def preference_for(user: Any) -> NotificationPreference:
    """The user's stored preference, or an unsaved one with the defaults."""
    stored = NotificationPreference.objects.filter(user=user).first()
    return stored if stored is not None else NotificationPreference(user=user)


def preferences_by_user(user_ids: Iterable[int]) -> dict[int, NotificationPreference]:
    """user id -> preference (stored or default) for many users at once."""
    ids = set(user_ids)
    stored = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=ids)}
    return {uid: stored.get(uid) or NotificationPreference(user_id=uid) for uid in ids}


def recipient_of(user: Any) -> Recipient:
    """The addresses the channels need for `user`."""
    return Recipient(
        user_id=user.pk,
        name=str(user),
        email=user.email or "",
        phone=getattr(user, "phone", "") or "",
    )


def message_item_of(notification: Notification) -> MessageItem:
    """A stored notification as the core's messages show it."""
    return MessageItem(
        notification_id=notification.pk,
        kind=notification.kind,
        title=notification.title,
        body=notification.body,
        link=notification.link,
        created_at=notification.created_at,
    )


def digest_waiting_recipients(*, created_before: dt.datetime) -> list[int]:
    """Users with notifications waiting for their daily digest."""
    return list(
        Delivery.objects.filter(
            state=DeliveryState.PENDING,
            via_digest=True,
            digest__isnull=True,
            notification__created_at__lte=created_before,
        )
        .values_list("notification__recipient_id", flat=True)
        .distinct()
    )


def last_digest_days(user_ids: Iterable[int]) -> dict[int, dt.date]:
    """user id -> the latest day a digest was started for (whatever its outcome)."""
    days: dict[int, dt.date] = {}
    for recipient_id, day in Digest.objects.filter(recipient_id__in=set(user_ids)).values_list(
        "recipient_id", "day"
    ):
        if recipient_id not in days or day > days[recipient_id]:
            days[recipient_id] = day
    return days
