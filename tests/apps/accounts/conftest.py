"""Fixtures of the account-security tests: frozen clock, the security log, signing in through the form."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from tests.factories.accounts import DEFAULT_PASSWORD

# A Monday morning in Gia Lai (UTC+7), away from any TOTP step or minute boundary surprises.
T0 = dt.datetime(2026, 3, 2, 1, 0, 5, tzinfo=dt.UTC)
OFFICE_IP = "10.52.0.10"
STRANGER_IP = "203.0.113.66"


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """Time frozen at T0; `clock.shift(seconds)` moves it forward."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def security_log() -> Iterator[list[dict[str, object]]]:
    """The JSON events written to the "chidao.security" logger (which does not propagate to the root)."""
    logger = logging.getLogger("chidao.security")
    events: list[dict[str, object]] = []

    class _Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            events.append(json.loads(record.getMessage()))

    collector = _Collector(level=logging.DEBUG)
    logger.addHandler(collector)
    yield events
    logger.removeHandler(collector)


def sign_in(client, username: str, password: str = DEFAULT_PASSWORD, ip: str = OFFICE_IP):
    """Post the login form from `ip`."""
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def is_signed_in(client) -> bool:
    """True when the client's session holds a logged-in user."""
    return "_auth_user_id" in client.session
