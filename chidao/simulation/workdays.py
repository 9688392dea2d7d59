"""Working days as a sorted numpy array, so "k working days after" is an index shift, not a loop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from chidao.core.calendar import WorkingCalendar, default_calendar

__all__ = ["OFFICE_MINUTES", "WorkingDays", "office_time_us"]

_US_PER_MINUTE = 60_000_000
_MORNING_START, _MORNING_MINUTES = 7 * 60 + 30, 240  # 07:30–11:30
_AFTERNOON_START, _AFTERNOON_MINUTES = 13 * 60 + 30, 210  # 13:30–17:00
OFFICE_MINUTES = _MORNING_MINUTES + _AFTERNOON_MINUTES


def office_time_us(rng: np.random.Generator, size: int) -> np.ndarray:
    """Microseconds after midnight of random moments within office hours (07:30–11:30, 13:30–17:00)."""
    minute = rng.integers(0, OFFICE_MINUTES, size)
    clock = np.where(
        minute < _MORNING_MINUTES, _MORNING_START + minute, _AFTERNOON_START + minute - _MORNING_MINUTES
    )
    seconds = rng.integers(0, 60, size)
    return clock.astype(np.int64) * _US_PER_MINUTE + seconds.astype(np.int64) * 1_000_000


@dataclass(frozen=True)
class WorkingDays:
    """Every working day from 1 January of ``first_year`` to 31 December of ``last_year`` (datetime64[D])."""

    days: np.ndarray

    @classmethod
    def for_years(
        cls, first_year: int, last_year: int, calendar: WorkingCalendar | None = None
    ) -> WorkingDays:
        """Read the working days from ``calendar`` (the pinned Vietnamese calendar by default)."""
        chosen = calendar or default_calendar()
        day, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
        found = []
        while day <= last:
            if chosen.is_working_day(day):
                found.append(day)
            day += dt.timedelta(days=1)
        return cls(np.array(found, dtype="datetime64[D]"))

    def month_range(self, year: int, month: int) -> tuple[int, int]:
        """Indices [start, end) of the working days of a month."""
        first = np.datetime64(f"{year:04d}-{month:02d}-01", "D")
        following = first.astype("datetime64[M]") + 1
        start = int(np.searchsorted(self.days, first))
        end = int(np.searchsorted(self.days, following.astype("datetime64[D]")))
        return start, end

    def day_us(self, index: np.ndarray) -> np.ndarray:
        """Midnight (microseconds since the epoch) of the working days at ``index`` (clipped to the range)."""
        clipped = np.clip(index, 0, len(self.days) - 1)
        midnights: np.ndarray = self.days[clipped].astype("datetime64[us]").astype(np.int64)
        return midnights
