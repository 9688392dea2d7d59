"""Working days of state agencies: pinned days off, make-up Saturdays, overrides, deadline arithmetic."""

from datetime import date, timedelta

import pytest

from chidao.core.calendar import (
    CalendarEntry,
    Confidence,
    DayKind,
    WorkingCalendar,
    default_calendar,
    period_end,
)
from chidao.core.calendar_data import PINNED_ENTRIES, PINNED_YEARS
from chidao.core.periods import Period, PeriodParseError

CALENDAR = default_calendar()
TET_2026_FIRST_DAY = date(2026, 2, 14)
TET_2026_LAST_DAY = date(2026, 2, 22)
THURSDAY_BEFORE_TET_2026 = date(2026, 2, 12)
ADMIN_BASIS = "Quyết định của Chủ tịch UBND tỉnh (ví dụ)"


def _override(day: date, kind: DayKind) -> CalendarEntry:
    return CalendarEntry(day, day, kind, "Điều chỉnh của quản trị viên", ADMIN_BASIS, Confidence.CONFIRMED)


@pytest.mark.parametrize(
    ("_case", "day", "working"),
    [
        ("make-up Saturday 26/04/2025", date(2025, 4, 26), True),
        ("swapped Friday 02/05/2025", date(2025, 5, 2), False),
        ("30/4/2025", date(2025, 4, 30), False),
        ("Hùng Kings 07/04/2025", date(2025, 4, 7), False),
        ("Tết Ất Tỵ Monday 27/01/2025", date(2025, 1, 27), False),
        ("Tết Ất Tỵ Friday 31/01/2025", date(2025, 1, 31), False),
        ("Monday after Tết Ất Tỵ", date(2025, 2, 3), True),
        ("Friday before Tết Ất Tỵ", date(2025, 1, 24), True),
        ("National Day Monday 01/09/2025", date(2025, 9, 1), False),
        ("New Year 2026", date(2026, 1, 1), False),
        ("swapped Friday 02/01/2026", date(2026, 1, 2), False),
        ("make-up Saturday 10/01/2026", date(2026, 1, 10), True),
        ("Friday before Tết 2026", date(2026, 2, 13), True),
        ("compensatory Monday 27/04/2026", date(2026, 4, 27), False),
        ("make-up Saturday 22/08/2026", date(2026, 8, 22), True),
        ("swapped Monday 31/08/2026", date(2026, 8, 31), False),
        ("ordinary Wednesday", date(2026, 3, 11), True),
        ("ordinary Saturday", date(2026, 3, 14), False),
        ("ordinary Sunday", date(2026, 3, 15), False),
        ("projected Tết 2027 Wednesday 10/02/2027", date(2027, 2, 10), False),
        ("projected compensatory Monday 03/05/2027", date(2027, 5, 3), False),
    ],
)
def test_pinned_working_days(_case: str, day: date, working: bool) -> None:
    # given the pinned calendar, when asked about a day, then the answer follows the notices
    assert CALENDAR.is_working_day(day) is working


def test_every_day_of_tet_2026_is_off() -> None:
    # given the nine days of Tết Bính Ngọ for civil servants (Thông báo 9441/TB-BNV)
    tet_days = [TET_2026_FIRST_DAY + timedelta(days=offset) for offset in range(9)]

    # when checked, then none is a working day, and the last is 22/02/2026
    assert not any(CALENDAR.is_working_day(day) for day in tet_days)
    assert tet_days[-1] == TET_2026_LAST_DAY


def test_entry_explains_a_day_off() -> None:
    # given a Tết weekday, when its entry is looked up
    entry = CALENDAR.entry_for(date(2026, 2, 18))

    # then it names Tết and the notice
    assert entry is not None
    assert entry.name == "Tết Âm lịch Bính Ngọ"
    assert "9441/TB-BNV" in entry.legal_basis
    assert entry.confidence is Confidence.CONFIRMED


@pytest.mark.parametrize(
    ("_case", "start", "count", "deadline"),
    [
        # 13/02 (Fri) is day 1; 14–22/02 are Tết; 23, 24, 25, 26/02 are days 2–5.
        ("5 working days across Tết 2026", THURSDAY_BEFORE_TET_2026, 5, date(2026, 2, 26)),
        ("1 working day before a weekend", date(2026, 3, 13), 1, date(2026, 3, 16)),
        ("start on a Saturday", date(2026, 3, 14), 1, date(2026, 3, 16)),
        ("across 30/4–1/5/2025 and the swap", date(2025, 4, 29), 1, date(2025, 5, 5)),
        ("make-up Saturday counts", date(2025, 4, 25), 1, date(2025, 4, 26)),
        ("zero on a working day", date(2026, 3, 11), 0, date(2026, 3, 11)),
        ("zero on a day off rolls forward", TET_2026_FIRST_DAY, 0, date(2026, 2, 23)),
        ("minus one goes back over Tết", date(2026, 2, 23), -1, date(2026, 2, 13)),
        ("minus one from a Monday", date(2026, 3, 16), -1, date(2026, 3, 13)),
        ("10 working days in an ordinary fortnight", date(2026, 3, 2), 10, date(2026, 3, 16)),
    ],
)
def test_add_working_days(_case: str, start: date, count: int, deadline: date) -> None:
    # given a start date and a number of working days, when added
    result = CALENDAR.add_working_days(start, count)

    # then the deadline skips weekends and days off, not counting the start
    assert result == deadline


@pytest.mark.parametrize(
    ("_case", "day", "rolled"),
    [
        ("deadline on a Tết day", date(2026, 2, 17), date(2026, 2, 23)),
        ("deadline on 30/4/2026", date(2026, 4, 30), date(2026, 5, 4)),
        ("deadline on a Sunday", date(2026, 3, 15), date(2026, 3, 16)),
        ("deadline on a make-up Saturday stays", date(2026, 1, 10), date(2026, 1, 10)),
        ("deadline on a working day stays", date(2026, 3, 11), date(2026, 3, 11)),
    ],
)
def test_roll_forward_moves_a_deadline_off_a_day_off(_case: str, day: date, rolled: date) -> None:
    # given a deadline date, when rolled forward, then it lands on the next working day
    assert CALENDAR.roll_forward(day) == rolled


@pytest.mark.parametrize(
    ("_case", "start", "end", "count"),
    [
        ("across Tết 2026", THURSDAY_BEFORE_TET_2026, date(2026, 2, 27), 6),
        ("same day", THURSDAY_BEFORE_TET_2026, THURSDAY_BEFORE_TET_2026, 0),
        ("end before start is negative", date(2026, 2, 27), THURSDAY_BEFORE_TET_2026, -6),
        ("inside Tết", TET_2026_FIRST_DAY, TET_2026_LAST_DAY, 0),
        ("a whole ordinary week", date(2026, 3, 8), date(2026, 3, 15), 5),
        ("week with the 2025 swap", date(2025, 4, 25), date(2025, 5, 4), 3),
    ],
)
def test_working_days_between(_case: str, start: date, end: date, count: int) -> None:
    # given two dates, when the working days in (start, end] are counted, then the count is right
    assert CALENDAR.working_days_between(start, end) == count


def test_working_days_between_inverts_add_working_days() -> None:
    # given a start and a deadline 7 working days later across Tết
    deadline = CALENDAR.add_working_days(THURSDAY_BEFORE_TET_2026, 7)

    # when the working days between them are counted, then there are 7
    assert CALENDAR.working_days_between(THURSDAY_BEFORE_TET_2026, deadline) == 7


def test_next_and_previous_working_day_jump_over_tet() -> None:
    # given the Friday before Tết 2026 and the Monday after it
    friday_before, monday_after = date(2026, 2, 13), date(2026, 2, 23)

    # then each is the other's neighbouring working day
    assert CALENDAR.next_working_day(friday_before) == monday_after
    assert CALENDAR.previous_working_day(monday_after) == friday_before


@pytest.mark.parametrize(
    ("_case", "day", "kind", "working"),
    [
        ("a late day off decided by the province", date(2026, 3, 11), DayKind.DAY_OFF, False),
        ("a Saturday to be worked", date(2026, 3, 14), DayKind.MAKE_UP_WORKING_DAY, True),
        ("a projected day off cancelled", date(2026, 11, 24), DayKind.REGULAR, True),
        ("a pinned day off turned into work", date(2026, 2, 16), DayKind.MAKE_UP_WORKING_DAY, True),
    ],
)
def test_overrides_win_over_pinned_data(_case: str, day: date, kind: DayKind, working: bool) -> None:
    # given the pinned calendar and an administrator's override for one date
    overridden = CALENDAR.with_overrides([_override(day, kind)])

    # when asked about that date, then the override decides, and the pinned calendar is unchanged
    assert overridden.is_working_day(day) is working
    assert CALENDAR.is_working_day(day) is not working


def test_the_last_override_for_a_date_wins() -> None:
    # given two overrides for the same date, the later one a day off
    day = date(2026, 3, 11)
    overrides = [_override(day, DayKind.REGULAR), _override(day, DayKind.DAY_OFF)]

    # when applied, then the later one decides
    assert CALENDAR.with_overrides(overrides).is_working_day(day) is False


def test_an_override_changes_deadlines() -> None:
    # given the province declares Friday 13/02/2026 a day off
    overridden = CALENDAR.with_overrides([_override(date(2026, 2, 13), DayKind.DAY_OFF)])

    # when 5 working days are added from 12/02/2026, then the deadline moves one working day later
    assert overridden.add_working_days(THURSDAY_BEFORE_TET_2026, 5) == date(2026, 2, 27)


def test_years_without_data_fall_back_to_weekends_and_say_so() -> None:
    # given a year without pinned data
    new_year_2030 = date(2030, 1, 1)

    # then the calendar says it does not cover it, and only weekends are days off
    assert CALENDAR.covers(2026)
    assert not CALENDAR.covers(2030)
    assert CALENDAR.is_working_day(new_year_2030)


def test_calendar_built_from_entries_covers_their_years() -> None:
    # given a calendar built from one entry of 2028
    entry = _override(date(2028, 1, 1), DayKind.DAY_OFF)

    # when built, then it covers 2028 only
    calendar = WorkingCalendar.from_entries([entry])
    assert calendar.covers(2028)
    assert not calendar.covers(2027)


def test_pinned_data_is_complete_and_sourced() -> None:
    # given the pinned entries, then every year is covered and every entry names its basis
    assert {entry.start.year for entry in PINNED_ENTRIES} == set(PINNED_YEARS)
    assert all(entry.legal_basis and entry.name for entry in PINNED_ENTRIES)


def test_make_up_days_are_weekend_days() -> None:
    # given the pinned make-up working days, then each is a Saturday or Sunday (else it changes nothing)
    make_up_days = [
        day for entry in PINNED_ENTRIES if entry.kind is DayKind.MAKE_UP_WORKING_DAY for day in entry.days()
    ]

    assert make_up_days
    assert all(day.weekday() >= 5 for day in make_up_days)


def test_holidays_on_a_weekend_are_compensated_on_the_next_monday() -> None:
    # given days off that fall entirely on a weekend (Labour Code art. 111.3)
    weekend_only = [
        entry
        for entry in PINNED_ENTRIES
        if entry.kind is DayKind.DAY_OFF and all(day.weekday() >= 5 for day in entry.days())
    ]

    # then the following Monday is a day off too
    assert weekend_only
    for entry in weekend_only:
        next_monday = entry.end + timedelta(days=7 - entry.end.weekday())
        assert not CALENDAR.is_working_day(next_monday), entry.name


def test_every_projected_entry_explains_itself() -> None:
    # given the projected entries, then each carries a note saying why it is projected
    projected = [entry for entry in PINNED_ENTRIES if entry.confidence is Confidence.PROJECTED]

    assert projected
    assert all(entry.note for entry in projected)


def test_entries_in_lists_a_year_in_order() -> None:
    # given the pinned calendar, when 2025's entries are listed
    entries = CALENDAR.entries_in(2025)

    # then they start with New Year and are in date order
    assert entries[0].name == "Tết Dương lịch"
    assert [entry.start for entry in entries] == sorted(entry.start for entry in entries)


def test_entry_with_end_before_start_is_refused() -> None:
    # given an entry whose end is before its start, when created, then it is refused
    with pytest.raises(ValueError, match="sau ngày kết thúc"):
        CalendarEntry(
            date(2026, 3, 2), date(2026, 3, 1), DayKind.DAY_OFF, "x", ADMIN_BASIS, Confidence.CONFIRMED
        )


@pytest.mark.parametrize(
    ("_case", "value", "end"),
    [
        ("quarter label", "Quý II/2026", date(2026, 6, 30)),
        ("half label", "6 tháng đầu năm 2026", date(2026, 6, 30)),
        ("month label", "Tháng 2/2028", date(2028, 2, 29)),
        ("machine quarter", "2026-Q2", date(2026, 6, 30)),
        ("machine year", "2026", date(2026, 12, 31)),
        ("period object", Period.nine_months(2026), date(2026, 9, 30)),
    ],
)
def test_period_end(_case: str, value: str | Period, end: date) -> None:
    # given a period as text or object, when its end is asked, then it is its last day
    assert period_end(value) == end


@pytest.mark.parametrize(
    ("_case", "text"),
    [("a date", "30/6/2026"), ("recurring", "Hằng quý"), ("empty", ""), ("gibberish", "abc")],
)
def test_period_end_refuses_non_periods(_case: str, text: str) -> None:
    # given a text that is not a period, when its end is asked, then a Vietnamese error is raised
    with pytest.raises(PeriodParseError):
        period_end(text)
