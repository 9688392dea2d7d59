"""Who is acting and through which channel, set once per request, API call, command or job.

Services receive the acting user explicitly; the channel, IP and request id travel in a context variable so
that a service does not need to know whether it was called from a view, the API or a command.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditContext:
    """The channel and origin of the current write."""

    channel: str = "system"
    ip_address: str | None = None
    request_id: str = ""


# AuditContext is a frozen dataclass, so sharing the default instance is safe.
_current: ContextVar[AuditContext] = ContextVar("chidao_audit_context", default=AuditContext())  # noqa: B039


def current_context() -> AuditContext:
    """The context of the write in progress (system when nothing set it)."""
    return _current.get()


@contextlib.contextmanager
def audit_channel(channel: str, *, ip_address: str | None = None, request_id: str = "") -> Iterator[None]:
    """Run a block as `channel` (web, api, command, system)."""
    token = _current.set(AuditContext(channel, ip_address, request_id or uuid.uuid4().hex[:16]))
    try:
        yield
    finally:
        _current.reset(token)
