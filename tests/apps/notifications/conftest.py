"""Fixtures of the notification tests: the channels (e-mail plus the test doubles), a fixed clock."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from tests.apps.notifications import channels as test_channels

EMAIL_CHANNEL = "chidao.apps.notifications.channels.EmailChannel"
RECORDING_CHANNEL = "tests.apps.notifications.channels.RecordingChannel"
FLAKY_CHANNEL = "tests.apps.notifications.channels.FlakyChannel"
FLAKY_EMAIL_CHANNEL = "tests.apps.notifications.channels.FlakyEmailChannel"
ICT = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An aware instant given in Vietnam time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=ICT)


@pytest.fixture(autouse=True)
def email_only(settings):
    """Only the e-mail channel, as in production, unless a test configures more."""
    settings.CHIDAO_NOTIFICATION_CHANNELS = [EMAIL_CHANNEL]
    settings.CHIDAO_SITE_URL = "https://chidao.gialai.gov.vn"
    test_channels.RECORDED.clear()
    yield
    test_channels.RECORDED.clear()


@pytest.fixture
def recorded():
    """The messages the recording channel received."""
    return test_channels.RECORDED


@pytest.fixture
def officer(users_by_role):
    """The commune officer: a recipient with an e-mail address and default preferences."""
    return users_by_role["unit_officer"]
