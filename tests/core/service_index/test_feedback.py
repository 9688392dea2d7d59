"""Indicator 5.2 per feedback, hand-computed in March 2026 (cutoff 01/04/2026, last day Tue 31/03).

Working days in March 2026: 02–06, 09–13, 16–20, 23–27, 30–31.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.service_index.feedback import classify_feedback
from chidao.core.service_index.records import FeedbackRecord

CALENDAR = default_calendar()
CUTOFF = datetime(2026, 4, 1)
RECEIVED = datetime(2026, 3, 2, 9)


def judge(**changes) -> tuple[bool, tuple[str, ...]]:
    record = FeedbackRecord("PA-1", "XA1", changes.pop("received_at", RECEIVED), **changes)
    result = classify_feedback(record, cutoff=CUTOFF, calendar=CALENDAR)
    return result.late, result.reasons


@pytest.mark.parametrize(
    ("_case", "changes", "late"),
    [
        ("pending 21 working days (02/03 → 31/03)", {}, True),
        ("pending 11 working days (16/03 → 31/03)", {"received_at": datetime(2026, 3, 16)}, False),
        ("rejected on Wed 04/03: 2 working days", {"rejected_at": datetime(2026, 3, 4)}, False),
        ("rejected on Thu 05/03: 3 working days", {"rejected_at": datetime(2026, 3, 5)}, True),
        (
            "supplement asked Mon 09/03: 5 working days",
            {
                "supplement_requested_at": datetime(2026, 3, 9),
                "handled_at": datetime(2026, 3, 20),
                "published_at": datetime(2026, 3, 20),
            },
            False,
        ),
        (
            "supplement asked Tue 10/03: 6 working days",
            {
                "supplement_requested_at": datetime(2026, 3, 10),
                "handled_at": datetime(2026, 3, 20),
                "published_at": datetime(2026, 3, 20),
            },
            True,
        ),
        (
            "handled Mon 23/03: 15 working days",
            {"handled_at": datetime(2026, 3, 23), "published_at": datetime(2026, 3, 23)},
            False,
        ),
        (
            "handled Tue 24/03: 16 working days",
            {"handled_at": datetime(2026, 3, 24), "published_at": datetime(2026, 3, 24)},
            True,
        ),
        (
            "handled on its recorded deadline 20/03",
            {
                "deadline_at": datetime(2026, 3, 20, 17),
                "handled_at": datetime(2026, 3, 20, 16),
                "published_at": datetime(2026, 3, 24),
            },
            False,
        ),
        (
            "handled after its recorded deadline",
            {
                "deadline_at": datetime(2026, 3, 20),
                "handled_at": datetime(2026, 3, 23),
                "published_at": datetime(2026, 3, 23),
            },
            True,
        ),
        (
            "published 3 working days after handling",
            {"handled_at": datetime(2026, 3, 20), "published_at": datetime(2026, 3, 25)},
            True,
        ),
        (
            "handled 27/03, not yet published: 2 working days",
            {"received_at": datetime(2026, 3, 16), "handled_at": datetime(2026, 3, 27)},
            False,
        ),
        (
            "handled 26/03, not yet published: 3 working days",
            {"received_at": datetime(2026, 3, 16), "handled_at": datetime(2026, 3, 26)},
            True,
        ),
        (
            "handled after the cutoff counts as pending",
            {"received_at": datetime(2026, 3, 16), "handled_at": datetime(2026, 4, 2)},
            False,
        ),
    ],
)
def test_feedback_time_limits(_case: str, changes: dict, late: bool) -> None:
    # given a feedback with the given events, when judged at the end of March, then the limits decide
    assert judge(**changes)[0] is late


def test_a_rejected_feedback_is_judged_on_the_rejection_only() -> None:
    # given a feedback rejected in time and never handled, then it is not late though 21 days went by
    assert judge(rejected_at=datetime(2026, 3, 3)) == (False, ())


def test_every_missed_limit_is_named() -> None:
    # given a feedback late to ask for a supplement and late to be handled
    late, reasons = judge(supplement_requested_at=datetime(2026, 3, 12))

    # then both reasons are listed for the drill-down
    assert late
    assert reasons == ("Yêu cầu bổ sung sau quá 5 ngày làm việc", "Xử lý quá 15 ngày làm việc")
