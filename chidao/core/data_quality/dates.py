"""Validity and order of a record's dates (DQ-DUNG-005) and freshness (DQ-SONG-003): the pure rules.

The as-of date is passed in, never read from the clock. Each problem is a (field, detail) pair with the
detail codes of the SQL rules (``rules.py``), so the reference and the SQL findings compare equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

__all__ = ["DateProblem", "as_date", "date_problems", "stale_fields"]

DateProblem = tuple[str, str]
"""(field, detail code), e.g. ("death_date", "before_birth")."""


def as_date(value: date | datetime) -> date:
    """The calendar day of a DATE or TIMESTAMP value."""
    return value.date() if isinstance(value, datetime) else value


def date_problems(
    *,
    as_of: date,
    earliest_birth: date,
    birth: date | None,
    last_updated: date | datetime | None,
    death: date | None = None,
    life_status: str | None = None,
) -> list[DateProblem]:
    """Every date problem of one record; missing dates are not judged here (the "đủ" checks report them).

    Birth after the as-of date or before the earliest plausible day; last update after the as-of date;
    death after the as-of date, before birth, or recorded for a living person. The same day is allowed.
    """
    problems: list[DateProblem] = []
    if birth is not None and birth > as_of:
        problems.append(("birth_date", "after_as_of"))
    if birth is not None and birth < earliest_birth:
        problems.append(("birth_date", "before_earliest"))
    if last_updated is not None and as_date(last_updated) > as_of:
        problems.append(("last_updated", "after_as_of"))
    if death is not None and death > as_of:
        problems.append(("death_date", "after_as_of"))
    if death is not None and birth is not None and death < birth:
        problems.append(("death_date", "before_birth"))
    if death is not None and life_status == "alive":
        problems.append(("death_date", "alive_with_death_date"))
    return problems


def stale_fields(
    values: Mapping[str, date | datetime | None], windows: Mapping[str, int], as_of: date
) -> list[DateProblem]:
    """The fields older than their window (in whole days before ``as_of``); detail ``older_than:<days>``."""
    return [
        (field, f"older_than:{days}")
        for field, days in sorted(windows.items())
        if (value := values.get(field)) is not None and (as_of - as_date(value)).days > days
    ]
