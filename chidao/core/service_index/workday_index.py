"""Working-day ordinals in closed form, so SQL can count working days without a calendar table.

``ordinal(d)`` is the number of working days from 01/01/1900 (a Monday) up to and including ``d``:
the Monday–Friday days, computed with integer arithmetic, plus a correction for the calendar's
exceptions (weekdays off, worked weekend days) on or before ``d``. The working days in (a, b] are then
``ordinal(b) - ordinal(a)`` — the same number as ``WorkingCalendar.working_days_between(a, b)``.

The corrections form one dense list from the day before the first exception to the last one; before it
the correction is 0, after it the total. SQL receives that list as one text parameter and indexes it
(``relations.py``); this module is its pure mirror, and the tests check both against the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from chidao.core.calendar import WorkingCalendar

__all__ = ["EPOCH", "WorkingDayIndex"]

EPOCH = date(1900, 1, 1)
"""A Monday: the first five days of every seven counted from it are Monday–Friday."""

_WEEKDAYS = 5
_SATURDAY = 5


def weekdays_through(day: date) -> int:
    """Monday–Friday days in [EPOCH, day]."""
    span = (day - EPOCH).days + 1
    return _WEEKDAYS * (span // 7) + min(span % 7, _WEEKDAYS)


@dataclass(frozen=True)
class WorkingDayIndex:
    """The calendar's exceptions as a cumulative correction list starting at ``start``."""

    start: date
    corrections: tuple[int, ...]

    @classmethod
    def from_calendar(cls, calendar: WorkingCalendar) -> WorkingDayIndex:
        """Collect every date an entry of ``calendar`` touches where the Monday–Friday rule does not hold."""
        deltas: dict[date, int] = {}
        for entry in calendar.entries:
            for day in entry.days():
                weekday = day.weekday() < _SATURDAY
                working = calendar.is_working_day(day)
                if weekday and not working:
                    deltas[day] = -1
                elif working and not weekday:
                    deltas[day] = 1
        if not deltas:
            return cls(EPOCH, (0,))
        first, last = min(deltas), max(deltas)
        start = first - timedelta(days=1)
        running = 0
        corrections = [0]
        day = first
        while day <= last:
            running += deltas.get(day, 0)
            corrections.append(running)
            day += timedelta(days=1)
        return cls(start, tuple(corrections))

    def correction(self, day: date) -> int:
        """The exceptions on or before ``day``: worked weekend days minus weekdays off."""
        position = (day - self.start).days
        position = max(0, min(position, len(self.corrections) - 1))
        return self.corrections[position]

    def ordinal(self, day: date) -> int:
        """Working days in [EPOCH, day]."""
        return weekdays_through(day) + self.correction(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end], negative when ``end`` is before ``start``."""
        return self.ordinal(end) - self.ordinal(start)

    def corrections_text(self) -> str:
        """The list as the comma-separated text the SQL parameter carries."""
        return ",".join(str(value) for value in self.corrections)
