"""Fast working-day counts agree with the calendar's own day-by-day count."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.calendar import CalendarEntry, Confidence, DayKind, default_calendar
from chidao.core.tasks.workdays import count_working_days

CALENDAR = default_calendar()
DAYS = st.dates(min_value=date(1998, 1, 1), max_value=date(2062, 12, 31))


@settings(max_examples=200, deadline=None)
@given(start=DAYS, end=DAYS)
def test_same_count_as_the_calendar(start: date, end: date) -> None:
    # given any two dates, in or around the indexed range, when counted both ways, then they agree
    assert count_working_days(CALENDAR, start, end) == CALENDAR.working_days_between(start, end)


def test_an_override_calendar_gets_its_own_index() -> None:
    # given the pinned calendar and one where the Friday before Tết 2026 is also off
    override = CalendarEntry(
        date(2026, 2, 13),
        date(2026, 2, 13),
        DayKind.DAY_OFF,
        "Nghỉ thêm",
        "Quyết định (ví dụ)",
        Confidence.CONFIRMED,
    )
    with_override = CALENDAR.with_overrides([override])

    # when counting 12/02–26/02/2026 in both, then the override removes one working day
    assert count_working_days(CALENDAR, date(2026, 2, 12), date(2026, 2, 26)) == 5
    assert count_working_days(with_override, date(2026, 2, 12), date(2026, 2, 26)) == 4
