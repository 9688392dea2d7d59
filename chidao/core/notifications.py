"""Notification rules without I/O: idempotency keys, who gets what through which channel, digest grouping,
retry back-off and the Vietnamese wording of outgoing messages.

The application stores notifications and deliveries and talks to mail servers; everything it has to decide
is here, with time passed in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import Enum, StrEnum

from chidao.core.masking import mask_personal_data_in_text

__all__ = [
    "DIGEST_CHANNEL",
    "DIGEST_KIND",
    "DeliveryAction",
    "DeliveryDecision",
    "DeliveryMode",
    "DeliveryResult",
    "Digest",
    "DigestGroup",
    "MessageItem",
    "OutgoingMessage",
    "Recipient",
    "absolute_link",
    "compose_digest",
    "compose_immediate",
    "digest_day_due",
    "digest_key",
    "group_for_digest",
    "idempotency_key",
    "plan_deliveries",
    "render_plain_text",
    "retry_due_at",
]

# The channel that carries the daily digest: one e-mail groups the day's notifications; an SMS could not.
DIGEST_CHANNEL = "email"
DIGEST_KIND = "notification.digest"
SUBJECT_PREFIX = "[chidao]"
_RETRY_BASE = dt.timedelta(minutes=5)
_RETRY_CEILING = dt.timedelta(hours=6)


class DeliveryMode(StrEnum):
    """How a user wants to be told: each notification at once, or one e-mail a day."""

    IMMEDIATE = "immediate"
    DAILY_DIGEST = "daily_digest"


class DeliveryAction(StrEnum):
    """What happens to one notification on one channel."""

    SEND_NOW = "send_now"
    DIGEST = "digest"
    SKIP = "skip"


# ---- idempotency ------------------------------------------------------------------------------------------


def _canonical(value: object) -> object:
    """A JSON value that is the same in every process for the same input (no memory addresses, no floats)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return _canonical(value.value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError(
                "A naive datetime is ambiguous in an idempotency key; pass an aware one or a date"
            )
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"Unsupported value in an idempotency key: {type(value).__name__}")


def idempotency_key(kind: str, recipient_id: int, **parts: object) -> str:
    """The key that makes a notification unique: a SHA-256 of kind, recipient and the sorted parts.

    The same inputs give the same key in any process and in any keyword order; parts are what makes two
    notifications of one kind different for one person (task id, reminder offset, deadline version…).
    """
    if not kind:
        raise ValueError("A notification needs a kind")
    document = {"kind": kind, "recipient": int(recipient_id), "parts": _canonical(parts)}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest_key(recipient_id: int, day: dt.date) -> str:
    """The key of a user's digest of a local day: one digest per user per day, whatever the re-runs."""
    return idempotency_key(DIGEST_KIND, recipient_id, day=day)


# ---- deciding the channels ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryDecision:
    """The decision for one channel, with its reason (shown to administrators, kept in tests)."""

    channel: str
    action: DeliveryAction
    reason: str


def plan_deliveries(
    channels: Sequence[str], *, mode: DeliveryMode, enabled_channels: frozenset[str]
) -> tuple[DeliveryDecision, ...]:
    """Which configured channels carry a new notification, now or in the daily digest.

    In digest mode only the digest channel (e-mail) is used, once a day: channels that cannot group
    messages (SMS, Zalo) would otherwise interrupt the person who asked not to be interrupted.
    """
    decisions: list[DeliveryDecision] = []
    for channel in dict.fromkeys(channels):
        if channel not in enabled_channels:
            decisions.append(DeliveryDecision(channel, DeliveryAction.SKIP, "người dùng đã tắt kênh này"))
        elif mode is DeliveryMode.IMMEDIATE:
            decisions.append(DeliveryDecision(channel, DeliveryAction.SEND_NOW, "gửi ngay"))
        elif channel == DIGEST_CHANNEL:
            decisions.append(DeliveryDecision(channel, DeliveryAction.DIGEST, "gộp vào bản tin hằng ngày"))
        else:
            decisions.append(
                DeliveryDecision(channel, DeliveryAction.SKIP, "chế độ bản tin hằng ngày chỉ gửi thư điện tử")
            )
    return tuple(decisions)


def digest_day_due(
    *, local_now: dt.datetime, digest_time: dt.time, last_digest_day: dt.date | None
) -> dt.date | None:
    """The local day whose digest should go out now, or None (before the chosen hour, or already sent).

    A day whose hour passed while nothing ran is not sent late on its own: the next day's digest carries its
    notifications, so nobody gets two digests in one morning.
    """
    day = local_now.date()
    if local_now.time() < digest_time:
        return None
    if last_digest_day is not None and last_digest_day >= day:
        return None
    return day


def retry_due_at(*, attempts: int, last_attempt_at: dt.datetime) -> dt.datetime:
    """When a failed delivery may be tried again: 5, 10, 20… minutes after the last try, at most 6 hours."""
    doublings = min(max(0, attempts - 1), 16)
    delay: dt.timedelta = _RETRY_BASE * (1 << doublings)
    return last_attempt_at + min(delay, _RETRY_CEILING)


# ---- messages ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """Who a message goes to, with the addresses the channels need."""

    user_id: int
    name: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class MessageItem:
    """One notification as a message shows it (personal data already masked)."""

    notification_id: int
    kind: str
    title: str
    body: str
    link: str
    created_at: dt.datetime
    # The heading the item is listed under in a digest (the Vietnamese name of its kind); empty elsewhere.
    group: str = ""


@dataclass(frozen=True)
class OutgoingMessage:
    """What a channel delivers: a subject, an opening line and one or more items (a digest has many)."""

    recipient: Recipient
    key: str
    subject: str
    intro: str
    items: tuple[MessageItem, ...]
    is_digest: bool = False


@dataclass(frozen=True)
class DeliveryResult:
    """What a channel reports: delivered, or the error and whether trying again could help."""

    delivered: bool
    error: str = ""
    retryable: bool = True

    @classmethod
    def ok(cls) -> DeliveryResult:
        """A delivered message."""
        return cls(True)

    @classmethod
    def failed(cls, error: str, *, retryable: bool = True) -> DeliveryResult:
        """A message that did not go out, and why."""
        return cls(False, error, retryable)


def _masked_item(item: MessageItem, group: str = "") -> MessageItem:
    return replace(
        item,
        title=mask_personal_data_in_text(item.title),
        body=mask_personal_data_in_text(item.body),
        group=group,
    )


def compose_immediate(recipient: Recipient, item: MessageItem, *, key: str) -> OutgoingMessage:
    """The message for one notification, personal IDs and phone numbers masked."""
    masked = _masked_item(item)
    return OutgoingMessage(
        recipient=recipient,
        key=key,
        subject=f"{SUBJECT_PREFIX} {masked.title}",
        intro=f"Kính gửi {recipient.name}, hệ thống chỉ đạo, điều hành có thông báo mới:",
        items=(masked,),
    )


@dataclass(frozen=True)
class DigestGroup:
    """The items of one kind in a digest, oldest first."""

    kind: str
    label: str
    items: tuple[MessageItem, ...]


@dataclass(frozen=True)
class Digest:
    """A user's digest of a day: items grouped by kind, groups in the order their first item arrived."""

    recipient_id: int
    day: dt.date
    key: str
    groups: tuple[DigestGroup, ...]

    @property
    def total(self) -> int:
        """The number of notifications in the digest."""
        return sum(len(group.items) for group in self.groups)


def group_for_digest(
    items: Iterable[MessageItem],
    *,
    recipient_id: int,
    day: dt.date,
    kind_labels: Mapping[str, str] | None = None,
) -> Digest:
    """Group a user's pending notifications by kind (a notification listed twice counts once)."""
    labels = kind_labels or {}
    unique = {item.notification_id: item for item in items}
    ordered = sorted(unique.values(), key=lambda item: (item.created_at, item.notification_id))
    by_kind: dict[str, list[MessageItem]] = {}
    for item in ordered:
        by_kind.setdefault(item.kind, []).append(item)
    groups = tuple(
        DigestGroup(kind, labels.get(kind, kind), tuple(kind_items)) for kind, kind_items in by_kind.items()
    )
    return Digest(recipient_id, day, digest_key(recipient_id, day), groups)


def compose_digest(recipient: Recipient, digest: Digest) -> OutgoingMessage:
    """The daily digest e-mail, personal data masked; items keep the group order."""
    if recipient.user_id != digest.recipient_id:
        raise ValueError("The digest belongs to another user")
    items = tuple(_masked_item(item, group.label) for group in digest.groups for item in group.items)
    return OutgoingMessage(
        recipient=recipient,
        key=digest.key,
        subject=f"{SUBJECT_PREFIX} Bản tin thông báo ngày {digest.day:%d/%m/%Y} ({digest.total} thông báo)",
        intro=(
            f"Kính gửi {recipient.name}, dưới đây là {digest.total} thông báo "
            f"trong ngày {digest.day:%d/%m/%Y} trên hệ thống chỉ đạo, điều hành:"
        ),
        items=items,
        is_digest=True,
    )


def render_plain_text(
    message: OutgoingMessage, *, site_url: str, preferences_path: str, zone_offset: dt.timedelta
) -> str:
    """The plain-text body of an e-mail: greeting, items with local times (dd/mm/yyyy HH:MM) and links."""
    zone = dt.timezone(zone_offset)
    lines = [message.intro, ""]
    heading = ""
    for number, item in enumerate(message.items, start=1):
        if item.group and item.group != heading:
            heading = item.group
            lines.extend([heading.upper(), ""])
        when = item.created_at.astimezone(zone)
        lines.append(f"{number}. {item.title} ({when:%d/%m/%Y %H:%M})")
        if item.body:
            lines.extend(f"   {line}" for line in item.body.splitlines())
        if item.link:
            lines.append(f"   Xem chi tiết: {absolute_link(site_url, item.link)}")
        lines.append("")
    lines.append("Đây là thư tự động, vui lòng không trả lời thư này.")
    lines.append(f"Thay đổi cách nhận thông báo: {absolute_link(site_url, preferences_path)}")
    return "\n".join(lines) + "\n"


def absolute_link(site_url: str, link: str) -> str:
    """A link as an e-mail needs it: relative paths are joined to the site address, full URLs kept."""
    if link.startswith(("http://", "https://")) or not site_url:
        return link
    return site_url.rstrip("/") + "/" + link.lstrip("/")
