"""Outward channels behind one interface: a `Channel` has a `name` and `deliver(message) -> DeliveryResult`.

E-mail is the only channel today; SMS or Zalo OA become a class here (or in their own app) and a line in
settings.CHIDAO_NOTIFICATION_CHANNELS. In-app notifications are not a channel: the Notification row is the
in-app notice itself, and it is always kept.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from chidao.apps.notifications.conf import channel_paths, site_url
from chidao.core.notifications import DeliveryResult, OutgoingMessage, absolute_link, render_plain_text

NO_EMAIL_ADDRESS = "Tài khoản chưa có địa chỉ thư điện tử"


@runtime_checkable
class Channel(Protocol):
    """An adapter that delivers an outgoing message to a person (e-mail, SMS, Zalo OA…)."""

    name: str

    def deliver(self, message: OutgoingMessage) -> DeliveryResult:
        """Send the message; report failure in the result rather than raising when the cause is known."""
        ...


class EmailChannel:
    """E-mail through Django's configured backend: Vietnamese subject, plain text and a simple HTML part."""

    name = "email"

    def deliver(self, message: OutgoingMessage) -> DeliveryResult:
        """Send one e-mail to the recipient's address (no address: a failure that retrying cannot fix)."""
        address = message.recipient.email.strip()
        if not address:
            return DeliveryResult.failed(NO_EMAIL_ADDRESS, retryable=False)
        base = site_url()
        preferences_path = reverse("notifications:preferences")
        offset = timezone.localtime().utcoffset() or dt.timedelta(0)
        text = render_plain_text(
            message, site_url=base, preferences_path=preferences_path, zone_offset=offset
        )
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string(
                "notifications/email/message.html",
                {
                    "message": message,
                    "items": [
                        {
                            "item": item,
                            "group": item.group,
                            "url": absolute_link(base, item.link) if item.link else "",
                        }
                        for item in message.items
                    ],
                    "preferences_url": absolute_link(base, preferences_path),
                },
            )
        send_mail(message.subject, text, None, [address], html_message=html, fail_silently=False)
        return DeliveryResult.ok()


class UnknownChannel(LookupError):
    """A delivery names a channel that is no longer configured."""


@lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    for path in paths:
        channel = import_string(path)()
        if not isinstance(channel, Channel):
            raise TypeError(f"{path} is not a notification channel (needs `name` and `deliver`)")
        if channel.name in channels:
            raise RuntimeError(f"Two notification channels are named {channel.name!r}")
        channels[channel.name] = channel
    return channels


def configured_channels() -> dict[str, Channel]:
    """The channels of settings.CHIDAO_NOTIFICATION_CHANNELS, by name, in the configured order."""
    return _load(channel_paths())


def channel_named(name: str) -> Channel:
    """The configured channel `name`; UnknownChannel when it was removed from the settings."""
    try:
        return configured_channels()[name]
    except KeyError:
        raise UnknownChannel(f"Kênh thông báo {name!r} không còn được cấu hình") from None
