"""Which periodic entries are due, given when each last ran and the current instant.

Pure: the caller passes `now` (an aware datetime) and, for daily entries, the zone's UTC offset. Offsets are
fixed because Việt Nam has had no daylight saving time since 1975, so a local wall-clock time maps to exactly one
instant every day. A scheduler that was down coalesces the occurrences it missed into one run (the latest), and
the result says how many it stands for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

UTC = dt.UTC
ONE_DAY = dt.timedelta(days=1)
# The grid of interval entries is counted from this instant, so a restart never shifts it.
INTERVAL_EPOCH = dt.datetime(2000, 1, 1, tzinfo=UTC)


class ScheduleError(ValueError):
    """A rule or an instant that the schedule cannot work with (naive datetime, bad time text, empty interval)."""


@dataclass(frozen=True)
class DailyAt:
    """Once a day at local wall-clock time `at`, in a zone `utc_offset` ahead of UTC (Asia/Ho_Chi_Minh: +7 h)."""

    at: dt.time
    utc_offset: dt.timedelta

    def __post_init__(self) -> None:
        if self.at.tzinfo is not None:
            raise ScheduleError("DailyAt.at is a wall-clock time without a zone; pass the zone as utc_offset")
        if abs(self.utc_offset) >= ONE_DAY:
            raise ScheduleError(f"UTC offset out of range: {self.utc_offset}")

    @property
    def period(self) -> dt.timedelta:
        """The distance between two occurrences."""
        return ONE_DAY

    def latest_at_or_before(self, now: dt.datetime) -> dt.datetime:
        """The last occurrence at or before `now`, in UTC."""
        zone = dt.timezone(self.utc_offset)
        local_now = _require_aware(now).astimezone(zone)
        candidate = dt.datetime.combine(local_now.date(), self.at, tzinfo=zone)
        if candidate > local_now:
            candidate -= ONE_DAY
        return candidate.astimezone(UTC)


@dataclass(frozen=True)
class Every:
    """At every multiple of `interval` counted from 00:00 UTC on 01/01/2000 (e.g. every 5 minutes: :00, :05, …)."""

    interval: dt.timedelta

    def __post_init__(self) -> None:
        if self.interval < dt.timedelta(seconds=1):
            raise ScheduleError(f"Interval must be at least one second: {self.interval}")

    @property
    def period(self) -> dt.timedelta:
        """The distance between two occurrences."""
        return self.interval

    def latest_at_or_before(self, now: dt.datetime) -> dt.datetime:
        """The last grid point at or before `now`, in UTC."""
        elapsed = _require_aware(now).astimezone(UTC) - INTERVAL_EPOCH
        steps = elapsed // self.interval
        return INTERVAL_EPOCH + steps * self.interval


Rule = DailyAt | Every


def next_after(rule: Rule, now: dt.datetime) -> dt.datetime:
    """The first occurrence strictly after `now`, in UTC."""
    return rule.latest_at_or_before(now) + rule.period


@dataclass(frozen=True)
class ScheduleEntry:
    """A named periodic entry and its rule (the name is also the key of its runs)."""

    name: str
    rule: Rule


@dataclass(frozen=True)
class DueOccurrence:
    """An entry that should run now: `due_at` is the occurrence it runs for (the key of the run, in UTC);
    `coalesced` counts the earlier occurrences since `last_due_at` that were missed and that this run stands for."""

    entry: str
    due_at: dt.datetime
    last_due_at: dt.datetime | None
    coalesced: int


def due_occurrences(
    entries: Iterable[ScheduleEntry], last_due_at: Mapping[str, dt.datetime], now: dt.datetime
) -> tuple[DueOccurrence, ...]:
    """The entries due at `now`, given the occurrence each last ran for (absent: never ran), in entry order.

    An entry is due when its latest occurrence at or before `now` is later than the one it last ran for; an
    entry that never ran runs once for its latest occurrence.
    """
    _require_aware(now)
    due: list[DueOccurrence] = []
    for entry in entries:
        latest = entry.rule.latest_at_or_before(now)
        previous = last_due_at.get(entry.name)
        if previous is not None and _require_aware(previous) >= latest:
            continue
        coalesced = (
            0 if previous is None else _occurrences_strictly_between(previous, latest, entry.rule.period)
        )
        due.append(DueOccurrence(entry=entry.name, due_at=latest, last_due_at=previous, coalesced=coalesced))
    return tuple(due)


def next_wake(entries: Iterable[ScheduleEntry], now: dt.datetime) -> dt.datetime | None:
    """The earliest occurrence strictly after `now` over all entries (None when there are no entries)."""
    upcoming = [next_after(entry.rule, now) for entry in entries]
    return min(upcoming) if upcoming else None


def parse_wall_time(text: str) -> dt.time:
    """ "HH:MM" (24 h) as a time, e.g. "00:05"; raises ScheduleError for anything else."""
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not (hours.isdigit() and minutes.isdigit()) or len(minutes) != 2:
        raise ScheduleError(f"Expected a time as HH:MM, got {text!r}")
    try:
        return dt.time(int(hours), int(minutes))
    except ValueError as exc:
        raise ScheduleError(f"Expected a time as HH:MM, got {text!r}") from exc


def _occurrences_strictly_between(earlier: dt.datetime, later: dt.datetime, period: dt.timedelta) -> int:
    # Occurrences later - k·period for k ≥ 1 that are still after `earlier`; works when `earlier` is off the
    # grid too (a rule whose time was changed between two runs).
    gap = later - earlier
    return max(0, -(-gap // period) - 1)


def _require_aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ScheduleError(f"An aware datetime is required, got naive {moment.isoformat()}")
    return moment
