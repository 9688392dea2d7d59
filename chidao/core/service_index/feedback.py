"""Was a feedback (phản ánh, kiến nghị) handled on time? Indicator 5.2 of the 766 technical description.

Time limits in working days, counted over (start day, end day] as for dossiers: rejected within
**2** working days of receipt; first supplement request within **5**; handled within **15** (or by the
feedback's own ``deadline_at`` when the system recorded one); the result published within **2** working
days of handling. As with dossiers, events at or after the cutoff are unknown: a feedback not handled by
the cutoff is on time while its deadline has not passed ("đang xử lý trong hạn"), and a handled result not
yet published is late once two working days have gone by. A rejected feedback is judged on the rejection
(and a supplement request, if any) only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.service_index.records import FeedbackRecord
from chidao.core.service_index.timeliness import local_naive
from chidao.core.tasks.workdays import count_working_days

__all__ = [
    "HANDLE_WORKING_DAYS",
    "PUBLISH_WORKING_DAYS",
    "REJECT_WORKING_DAYS",
    "SUPPLEMENT_WORKING_DAYS",
    "FeedbackTimeliness",
    "classify_feedback",
]

REJECT_WORKING_DAYS: Final = 2
SUPPLEMENT_WORKING_DAYS: Final = 5
HANDLE_WORKING_DAYS: Final = 15
PUBLISH_WORKING_DAYS: Final = 2


@dataclass(frozen=True)
class FeedbackTimeliness:
    """Late or not, and which limits were missed (Vietnamese, for drill-down)."""

    late: bool
    reasons: tuple[str, ...]


def _known_day(moment: datetime | None, cutoff: datetime) -> date | None:
    return moment.date() if moment is not None and moment < cutoff else None


def classify_feedback(
    feedback: FeedbackRecord, *, cutoff: datetime, calendar: WorkingCalendar
) -> FeedbackTimeliness:
    """Judge ``feedback`` as of ``cutoff`` (exclusive)."""
    cutoff = local_naive(cutoff)
    clock_day = (cutoff - timedelta(microseconds=1)).date()
    received_day = feedback.received_at.date()
    rejected_day = _known_day(feedback.rejected_at, cutoff)
    supplement_day = _known_day(feedback.supplement_requested_at, cutoff)
    handled_day = _known_day(feedback.handled_at, cutoff)
    published_day = _known_day(feedback.published_at, cutoff)
    reasons: list[str] = []

    if (
        rejected_day is not None
        and count_working_days(calendar, received_day, rejected_day) > REJECT_WORKING_DAYS
    ):
        reasons.append(f"Từ chối sau quá {REJECT_WORKING_DAYS} ngày làm việc")
    if (
        supplement_day is not None
        and count_working_days(calendar, received_day, supplement_day) > SUPPLEMENT_WORKING_DAYS
    ):
        reasons.append(f"Yêu cầu bổ sung sau quá {SUPPLEMENT_WORKING_DAYS} ngày làm việc")
    if rejected_day is None:
        end_day = handled_day if handled_day is not None else clock_day
        if feedback.deadline_at is not None:
            if end_day > feedback.deadline_at.date():
                reasons.append("Xử lý quá hạn xử lý đã ghi")
        elif count_working_days(calendar, received_day, end_day) > HANDLE_WORKING_DAYS:
            reasons.append(f"Xử lý quá {HANDLE_WORKING_DAYS} ngày làm việc")
        if handled_day is not None:
            publish_day = published_day if published_day is not None else clock_day
            if count_working_days(calendar, handled_day, publish_day) > PUBLISH_WORKING_DAYS:
                reasons.append(f"Công khai kết quả quá {PUBLISH_WORKING_DAYS} ngày làm việc")
    return FeedbackTimeliness(bool(reasons), tuple(reasons))
