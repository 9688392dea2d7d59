"""The effective working-day calendar (pinned data + the override table) and who may see or change it.

`working_calendar()` is what the rest of the product uses; `is_working_day`, `add_working_days` and the
others below are shortcuts for one question. The calendar is built once per process and rebuilt when the
table changes, in this process or another: the cache key is a fingerprint of the table (row count, highest
id, latest update), read with one small aggregate query per call. A caller with many questions asks
`working_calendar()` once and keeps it for the loop.
"""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, QuerySet
from django.http import Http404

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.workcalendar.models import CalendarOverride
from chidao.core.calendar import CalendarEntry, WorkingCalendar, default_calendar

# Administrators change the table; the secretariat, which plans deadlines, reads it.
CALENDAR_EDITOR_ROLES = (Role.ADMINISTRATOR,)
CALENDAR_READER_ROLES = (Role.ADMINISTRATOR, Role.SECRETARIAT)

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], WorkingCalendar] | None = None


def _fingerprint() -> tuple[Any, ...]:
    row = CalendarOverride.objects.aggregate(count=Count("id"), last_id=Max("id"), updated=Max("updated_at"))
    return (row["count"], row["last_id"], row["updated"])


def working_calendar() -> WorkingCalendar:
    """The calendar in force: the pinned days off with the administrators' overrides applied in entry order."""
    global _cached
    key = _fingerprint()
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    entries = [override.entry() for override in CalendarOverride.objects.order_by("created_at", "id")]
    built = default_calendar().with_overrides(entries)
    with _lock:
        _cached = (key, built)
    return built


def forget_working_calendar() -> None:
    """Drop this process's copy (the services call it on commit; other processes notice the fingerprint)."""
    global _cached
    with _lock:
        _cached = None


def is_working_day(day: dt.date) -> bool:
    """Whether civil servants work on `day`, overrides included."""
    return working_calendar().is_working_day(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (not counting `start`), overrides included."""
    return working_calendar().add_working_days(start, count)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The working days in (start, end], overrides included."""
    return working_calendar().working_days_between(start, end)


def roll_forward(day: dt.date) -> dt.date:
    """`day` if it is a working day, else the next one (a deadline on a day off moves; Civil Code art. 148.5)."""
    return working_calendar().roll_forward(day)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    return working_calendar().next_working_day(day)


def entry_for(day: dt.date) -> CalendarEntry | None:
    """The pinned entry or override that decides `day` (its name and legal basis explain a deadline)."""
    return working_calendar().entry_for(day)


# ---- access ---------------------------------------------------------------------------------------------


def calendar_reader_check(user: Any) -> None:
    """404 unless the user may see the calendar pages (administrators and the secretariat)."""
    if user is None or not user.is_authenticated or not user_scope(user).has_role(*CALENDAR_READER_ROLES):
        raise Http404("Không tìm thấy trang")


def calendar_editor_check(user: Any) -> None:
    """404 for who may not see the calendar pages, 403 for a reader who may not change them."""
    calendar_reader_check(user)
    if not user_scope(user).has_role(*CALENDAR_EDITOR_ROLES):
        raise PermissionDenied("Chỉ quản trị viên được điều chỉnh lịch làm việc.")


def user_may_edit_calendar(user: Any) -> bool:
    """Whether to show the edit links (the same rule as the edit pages)."""
    return bool(
        user is not None and user.is_authenticated and user_scope(user).has_role(*CALENDAR_EDITOR_ROLES)
    )


def override_get_for_editor(user: Any, override_id: int) -> CalendarOverride:
    """An override an administrator is about to change: 404/403 as `calendar_editor_check`, 404 when missing."""
    calendar_editor_check(user)
    try:
        return CalendarOverride.objects.get(pk=override_id)
    except (CalendarOverride.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy điều chỉnh lịch") from None


def overrides_touching(year: int) -> QuerySet[CalendarOverride]:
    """The overrides with a date in `year`, in the order they were entered."""
    return CalendarOverride.objects.filter(start__year__lte=year, end__year__gte=year).select_related(
        "created_by"
    )


# ---- the year page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    """A cell of the month grid."""

    day: dt.date
    working: bool
    entry: CalendarEntry | None
    overridden: bool

    @property
    def non_standard(self) -> bool:
        """A weekday off or a weekend worked: what the grid marks."""
        return self.working != (self.day.weekday() < 5)


@dataclass(frozen=True)
class CalendarMonth:
    """A month as weeks of seven cells (None outside the month), Monday first."""

    month: int
    weeks: tuple[tuple[CalendarDay | None, ...], ...]


@dataclass(frozen=True)
class PinnedEntryStatus:
    """A pinned entry of the year, and whether an override changes any of its dates."""

    entry: CalendarEntry
    overridden: bool


@dataclass(frozen=True)
class YearCalendar:
    """What an administrator needs to check a year: the grid, the pinned entries and the overrides."""

    year: int
    covered: bool
    months: tuple[CalendarMonth, ...]
    pinned: tuple[PinnedEntryStatus, ...]
    overrides: tuple[CalendarOverride, ...]
    working_day_count: int


def year_calendar(year: int) -> YearCalendar:
    """The effective calendar of `year` for the calendar page."""
    effective = working_calendar()
    overrides = tuple(overrides_touching(year))
    overridden_days = {day for override in overrides for day in override.entry().days()}
    months = []
    for month in range(1, 13):
        weeks = tuple(
            tuple(
                None
                if day.month != month
                else CalendarDay(
                    day, effective.is_working_day(day), effective.entry_for(day), day in overridden_days
                )
                for day in week
            )
            for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
        )
        months.append(CalendarMonth(month, weeks))
    pinned = tuple(
        PinnedEntryStatus(entry, any(day in overridden_days for day in entry.days()))
        for entry in default_calendar().entries_in(year)
    )
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    count = effective.working_days_between(first - dt.timedelta(days=1), last)
    return YearCalendar(year, effective.covers(year), tuple(months), pinned, overrides, count)
