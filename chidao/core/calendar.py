"""Working days of Vietnamese state agencies, for deadlines counted in working days.

A working day is Monday–Friday, except official days off (holidays, Tết, swapped days), plus
make-up working days (a Saturday worked in exchange for a bridge day). The dates are data:
pinned for 2025–2027 in ``calendar_data`` and completed by an administrator's override table,
passed in with ``WorkingCalendar.with_overrides``. Sources and policy: docs/domain/calendar.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from chidao.core.periods import DeadlineKind, Period, PeriodParseError, parse_deadline_text

__all__ = [
    "CalendarEntry",
    "Confidence",
    "DayKind",
    "WorkingCalendar",
    "default_calendar",
    "period_end",
]

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


class DayKind(StrEnum):
    """What an entry does to its dates."""

    DAY_OFF = "day_off"
    MAKE_UP_WORKING_DAY = "make_up_working_day"
    # Cancels earlier entries for the date: the Monday–Friday rule applies again (an override
    # for a projected day off that was not granted).
    REGULAR = "regular"


class Confidence(StrEnum):
    """Whether the dates come from an issued notice or are projected from the Labour Code."""

    CONFIRMED = "confirmed"
    PROJECTED = "projected"


@dataclass(frozen=True)
class CalendarEntry:
    """One or more consecutive dates (``start``–``end`` inclusive) that are days off or worked."""

    start: date
    end: date
    kind: DayKind
    name: str
    legal_basis: str
    confidence: Confidence
    note: str = ""

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"Ngày bắt đầu {self.start:%d/%m/%Y} sau ngày kết thúc {self.end:%d/%m/%Y}")

    def days(self) -> Iterator[date]:
        """Every date the entry covers, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += _ONE_DAY


def _index_by_day(entries: tuple[CalendarEntry, ...]) -> Mapping[date, CalendarEntry]:
    by_day: dict[date, CalendarEntry] = {}
    for entry in entries:
        for day in entry.days():
            by_day[day] = entry  # a later entry wins: overrides are appended after pinned data
    return MappingProxyType(by_day)


@dataclass(frozen=True)
class WorkingCalendar:
    """Answers "is this a working day" and counts working days, from calendar entries.

    ``covered_years`` are the years whose days off are known; for other years only weekends are
    days off, so callers should warn the user (see ``covers``) rather than fail.
    """

    entries: tuple[CalendarEntry, ...]
    covered_years: frozenset[int]
    _by_day: Mapping[date, CalendarEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_day", _index_by_day(self.entries))

    @classmethod
    def from_entries(
        cls, entries: Iterable[CalendarEntry], *, covered_years: Iterable[int] | None = None
    ) -> WorkingCalendar:
        """Build a calendar; covered years default to the years the entries touch."""
        entries = tuple(entries)
        if covered_years is None:
            covered_years = {day.year for entry in entries for day in (entry.start, entry.end)}
        return cls(entries, frozenset(covered_years))

    def with_overrides(self, overrides: Iterable[CalendarEntry]) -> WorkingCalendar:
        """A calendar where ``overrides`` win over existing entries for the same dates (later ones win)."""
        return WorkingCalendar(self.entries + tuple(overrides), self.covered_years)

    def covers(self, year: int) -> bool:
        """Whether the days off of ``year`` are known (pinned or entered by an administrator)."""
        return year in self.covered_years

    def entry_for(self, day: date) -> CalendarEntry | None:
        """The entry deciding ``day``, if any: the reason a weekday is off or a Saturday is worked."""
        return self._by_day.get(day)

    def is_working_day(self, day: date) -> bool:
        """Whether civil servants work on ``day``."""
        entry = self._by_day.get(day)
        if entry is None or entry.kind is DayKind.REGULAR:
            return day.weekday() < _SATURDAY
        return entry.kind is DayKind.MAKE_UP_WORKING_DAY

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        candidate = day + _ONE_DAY
        while not self.is_working_day(candidate):
            candidate += _ONE_DAY
        return candidate

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        candidate = day - _ONE_DAY
        while not self.is_working_day(candidate):
            candidate -= _ONE_DAY
        return candidate

    def roll_forward(self, day: date) -> date:
        """``day`` if it is a working day, else the next working day.

        Policy helper for a deadline that falls on a day off: the Civil Code 2015 (art. 148.5)
        moves the end of a time limit that ends on a weekend or holiday to the next working day.
        """
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, start: date, count: int) -> date:
        """The deadline ``count`` working days after ``start``, not counting ``start`` itself.

        ``count`` = 0 gives ``roll_forward(start)``; a negative ``count`` goes back: -1 is the
        last working day before ``start``.
        """
        if count == 0:
            return self.roll_forward(start)
        step = self.next_working_day if count > 0 else self.previous_working_day
        day = start
        for _ in range(abs(count)):
            day = step(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The number of working days in (``start``, ``end``]: after start, up to and including end.

        Negative when ``end`` is before ``start`` (the days in (end, start] counted negatively),
        so that ``add_working_days(start, working_days_between(start, end)) == end`` whenever
        ``end`` is a working day.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + _ONE_DAY
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def entries_in(self, year: int) -> tuple[CalendarEntry, ...]:
        """The entries that touch ``year``, in start order (for listing the year's days off)."""
        touching = (entry for entry in self.entries if entry.start.year <= year <= entry.end.year)
        return tuple(sorted(touching, key=lambda entry: (entry.start, entry.end)))


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The calendar of the pinned 2025–2027 data, without administrator overrides."""
    from chidao.core.calendar_data import PINNED_ENTRIES, PINNED_YEARS  # data imports our types

    return WorkingCalendar.from_entries(PINNED_ENTRIES, covered_years=PINNED_YEARS)


def period_end(text_or_period: str | Period) -> date:
    """The last day of a period: "Quý II/2026" → 30/06/2026; also machine forms ("2026-Q2").

    Raises PeriodParseError when the text is a date, recurring or empty rather than a period.
    """
    if isinstance(text_or_period, Period):
        return text_or_period.end
    try:
        return Period.parse(text_or_period).end
    except PeriodParseError:
        parsed = parse_deadline_text(text_or_period)
    if parsed.kind is not DeadlineKind.PERIOD or parsed.period is None:
        raise PeriodParseError(
            text_or_period,
            f'"{text_or_period}" không phải là một kỳ: cần dạng "Tháng 3/2026", "Quý II/2026", '
            '"6 tháng đầu năm 2026", "9 tháng đầu năm 2026" hoặc "Năm 2026"',
        )
    return parsed.period.end
