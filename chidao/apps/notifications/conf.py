"""Settings of the notifications app (CHIDAO_NOTIFICATION_*), with defaults, read at call time so tests and
deployments can override them without touching the code."""

from __future__ import annotations

from django.conf import settings

# Dotted paths of the channel classes, each with a unique `name`. SMS or Zalo OA are added here.
DEFAULT_CHANNELS = ("chidao.apps.notifications.channels.EmailChannel",)
# A delivery is tried this many times (5, 10, 20, 40 minutes apart) before it is marked failed.
DEFAULT_MAX_ATTEMPTS = 5
# A delivery left "sending" this long belongs to a process that died mid-send: it may or may not have gone out.
DEFAULT_SENDING_LEASE_SECONDS = 30 * 60


def channel_paths() -> tuple[str, ...]:
    """The configured channel classes (CHIDAO_NOTIFICATION_CHANNELS)."""
    return tuple(getattr(settings, "CHIDAO_NOTIFICATION_CHANNELS", DEFAULT_CHANNELS))


def max_attempts() -> int:
    """How many times a delivery or a digest is tried before it is marked failed."""
    return int(getattr(settings, "CHIDAO_NOTIFICATION_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def sending_lease_seconds() -> int:
    """How long a claimed send may take before it is considered lost."""
    return int(getattr(settings, "CHIDAO_NOTIFICATION_SENDING_LEASE_SECONDS", DEFAULT_SENDING_LEASE_SECONDS))


def site_url() -> str:
    """The public address of the site for links in e-mails ("" keeps the links relative)."""
    return str(getattr(settings, "CHIDAO_SITE_URL", ""))
