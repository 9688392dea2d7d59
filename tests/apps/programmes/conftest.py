"""Fixtures of the steering-task tests: a clock frozen on a working Monday and the users of the flow."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# Monday 02/03/2026; the deadline used throughout is Friday 13/03/2026 (no holiday in between).
TODAY = dt.date(2026, 3, 2)
DEADLINE = dt.date(2026, 3, 13)


def at_noon(day: dt.date) -> dt.datetime:
    """Noon in Vietnam on `day`, to freeze the clock at."""
    return dt.datetime.combine(day, dt.time(12), tzinfo=VN)


@pytest.fixture
def frozen_today():
    with time_machine.travel(at_noon(TODAY), tick=False) as traveller:
        yield traveller
