"""Notifications API: the user's own notifications and marking them read (anyone else's answers 404)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from chidao.api.schemas import ErrorOut
from chidao.apps.notifications import selectors, services
from chidao.apps.notifications.kinds import kind_label
from chidao.apps.notifications.models import Notification

router = Router(tags=["Thông báo"])
API_LIST_LIMIT = 100


class NotificationOut(Schema):
    """A notification as the API shows it."""

    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class UnreadOut(Schema):
    """The number on the bell."""

    unread: int


class MarkedOut(Schema):
    """How many notifications were marked read."""

    marked: int


def _out(notification: Notification) -> NotificationOut:
    return NotificationOut(
        id=notification.pk,
        kind=notification.kind,
        kind_label=kind_label(notification.kind),
        title=notification.title,
        body=notification.body,
        link=notification.link,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


@router.get("/", response=list[NotificationOut], summary="Thông báo của tôi, mới nhất trước")
def list_notifications(request: HttpRequest, unread: bool = False, limit: int = 50) -> list[NotificationOut]:
    rows = selectors.notifications_for_user(request.user, unread_only=unread)[
        : max(1, min(limit, API_LIST_LIMIT))
    ]
    return [_out(n) for n in rows]


@router.get("/unread-count", response=UnreadOut, summary="Số thông báo chưa đọc")
def unread_count(request: HttpRequest) -> UnreadOut:
    return UnreadOut(unread=selectors.unread_count(request.user))


@router.post("/read-all", response=MarkedOut, summary="Đánh dấu mọi thông báo của tôi là đã đọc")
def mark_all_read(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=services.notifications_mark_all_read(actor=request.user))


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, 404: ErrorOut},
    summary="Đánh dấu một thông báo là đã đọc",
)
def mark_read(request: HttpRequest, notification_id: int) -> NotificationOut:
    notification = selectors.notification_get_for_user(request.user, notification_id)
    return _out(services.notification_mark_read(actor=request.user, notification=notification))
