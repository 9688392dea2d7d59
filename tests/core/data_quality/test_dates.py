"""Validity and order of dates, freshness windows: hand cases (the as-of date is always passed in)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from chidao.core.data_quality.dates import date_problems, stale_fields

AS_OF = date(2026, 3, 1)
EARLIEST = date(1900, 1, 1)


@pytest.mark.parametrize(
    ("_case", "record", "problems"),
    [
        ("a plain living person", {"birth": date(1985, 3, 1), "last_updated": datetime(2026, 1, 15, 9)}, []),
        ("born on the as-of date", {"birth": AS_OF, "last_updated": None}, []),
        (
            "born the day after",
            {"birth": date(2026, 3, 2), "last_updated": None},
            [("birth_date", "after_as_of")],
        ),
        ("born on the earliest day", {"birth": EARLIEST, "last_updated": None}, []),
        (
            "born the day before",
            {"birth": date(1899, 12, 31), "last_updated": None},
            [("birth_date", "before_earliest")],
        ),
        (
            "updated later on the as-of day is fine",
            {"birth": None, "last_updated": datetime(2026, 3, 1, 23, 59)},
            [],
        ),
        (
            "updated the next day",
            {"birth": None, "last_updated": datetime(2026, 3, 2)},
            [("last_updated", "after_as_of")],
        ),
        (
            "died on the as-of date",
            {"birth": date(1940, 1, 1), "last_updated": None, "death": AS_OF, "life_status": "deceased"},
            [],
        ),
        (
            "died before being born",
            {
                "birth": date(1985, 3, 1),
                "last_updated": None,
                "death": date(1980, 1, 1),
                "life_status": "deceased",
            },
            [("death_date", "before_birth")],
        ),
        (
            "death in the future, recorded on a living person",
            {
                "birth": date(1985, 3, 1),
                "last_updated": None,
                "death": date(2026, 4, 1),
                "life_status": "alive",
            },
            [("death_date", "after_as_of"), ("death_date", "alive_with_death_date")],
        ),
        ("missing dates are not judged", {"birth": None, "last_updated": None, "death": None}, []),
    ],
)
def test_date_problems(_case: str, record: dict, problems: list) -> None:
    assert date_problems(as_of=AS_OF, earliest_birth=EARLIEST, **record) == problems


def test_stale_fields() -> None:
    values = {"last_updated": datetime(2025, 3, 1, 8), "checked_on": date(2025, 2, 28), "never": None}
    windows = {"last_updated": 365, "checked_on": 365, "never": 1}

    assert stale_fields(values, windows, AS_OF) == [("checked_on", "older_than:365")]
    assert stale_fields(values, {}, AS_OF) == []
