"""Working-day ordinals in closed form agree with the calendar they were built from."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from chidao.core.calendar import CalendarEntry, Confidence, DayKind, WorkingCalendar, default_calendar
from chidao.core.service_index.workday_index import EPOCH, WorkingDayIndex, weekdays_through

CALENDAR = default_calendar()
INDEX = WorkingDayIndex.from_calendar(CALENDAR)
DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31))


@given(start=DAYS, end=DAYS)
def test_ordinal_differences_are_the_calendars_working_days(start: date, end: date) -> None:
    assert INDEX.working_days_between(start, end) == CALENDAR.working_days_between(start, end)


def test_tet_2026_is_one_working_day_long() -> None:
    # given Fri 13/02/2026 and Mon 23/02/2026 around the nine days off of Tết, then one working day lies between
    assert INDEX.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_weekdays_through_counts_monday_to_friday_from_the_epoch() -> None:
    # given the epoch Monday 01/01/1900, then the first week holds five weekdays
    assert EPOCH.weekday() == 0
    assert [weekdays_through(EPOCH + timedelta(days=offset)) for offset in range(8)] == [
        1,
        2,
        3,
        4,
        5,
        5,
        5,
        6,
    ]


def test_overrides_and_empty_calendars() -> None:
    # given a calendar without entries, then only weekends are off and the correction list is trivial
    empty = WorkingDayIndex.from_calendar(WorkingCalendar.from_entries(()))
    assert empty.corrections == (0,)
    assert empty.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 6

    # given an administrator's make-up Saturday, then it counts as a working day
    saturday = date(2026, 3, 14)
    entry = CalendarEntry(
        saturday, saturday, DayKind.MAKE_UP_WORKING_DAY, "Làm bù", "QĐ (ví dụ)", Confidence.CONFIRMED
    )
    index = WorkingDayIndex.from_calendar(CALENDAR.with_overrides([entry]))
    assert index.working_days_between(date(2026, 3, 13), date(2026, 3, 16)) == 2
    assert index.corrections_text().count(",") == len(index.corrections) - 1
