"""Was a dossier handled on time? Rule 2.1 of the 766 technical description (facts §1.3, §7.2).

A dossier is judged as of a **cutoff**: the first instant after the period (00:00 of the day after its
last day), or "now" for a period still running. Events at or after the cutoff are not known yet, so a
past month recomputed later gives the figures it had at its end.

1. **End of processing**, by precedence (not by date): "Đã xử lý xong" (``finished_at``) > "Đã trả kết
   quả" (``returned_at``) > "Từ chối / Dừng xử lý / công dân rút hồ sơ" (``stopped_at``). No end before
   the cutoff: the dossier is still processing and its clock runs to the cutoff.
2. **Supplement requests** (yêu cầu bổ sung) known before the cutoff:
   - more than one ⇒ late, whatever the dates;
   - exactly one, not completed by the cutoff (still open, or completed later) ⇒ its request time is the
     end of processing ("nếu hồ sơ đang yêu cầu bổ sung, công dân chưa quay lại bổ sung thì lấy ngày cán
     bộ yêu cầu bổ sung là thời gian kết thúc xử lý");
   - exactly one, completed ⇒ the citizen's wait (completed − requested) is taken off the end (or off the
     running clock of a dossier still processing).
   The export carries the count, the first request time, the total wait of completed requests and the
   time of a request still open; with one request these say everything. A first request at or after
   the cutoff means no request is known; with several requests, one before the cutoff is enough to judge
   the dossier late (the later requests' times are not in the export).
3. **Deadline**: the appointment (``NgayHenTra``) compared **by day**: finished before the appointment's
   day = *trước hạn*, on that day = *đúng hạn*, after it = *quá hạn*. The technical description says
   "Đúng hạn: Ngày kết thúc xử lý hồ sơ <, = ngày hẹn trả" — a comparison of days, not instants; the
   appointment slip names a day, and exports often store it as midnight, which a comparison of instants
   would turn into "late" for any dossier finished during the appointment day.
   Still processing at the cutoff: past the appointment's day = *quá hạn*; within ``due_soon_working_days``
   working days of it = *sắp đến hạn*; otherwise *trong hạn*.
4. **No appointment**: "(end − start − supplement time) ≤ the procedure's statutory limit", in the limit's
   unit: working days and days count the days in (received day, end day]; hours compare instants with
   received + limit hours; months compare days with the received day + limit months (clamped to the
   month's last day). Less than the limit = trước hạn, equal = đúng hạn, more = quá hạn. Neither an
   appointment nor a usable limit: *không xác định* (not on time for 2.1 — there is no evidence it was —
   and not overdue for 5.4, for the same reason).

The SQL of ``relations.py`` implements the same steps; tests compare them dossier by dossier.
"""

from __future__ import annotations

import calendar as gregorian
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from chidao.core.calendar import WorkingCalendar
from chidao.core.service_index.records import DossierRecord, ProcedureRecord
from chidao.core.service_index.schema import LimitUnit
from chidao.core.tasks.workdays import count_working_days

__all__ = [
    "DEFAULT_DUE_SOON_WORKING_DAYS",
    "Category",
    "EndBasis",
    "Timeliness",
    "TimelinessPolicy",
    "classify_dossier",
    "cutoff_after",
    "local_naive",
    "month_cutoff",
]

LOCAL_ZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_DUE_SOON_WORKING_DAYS: Final = 2
_JUST_BEFORE: Final = timedelta(microseconds=1)
_MICROSECONDS_PER_HOUR: Final = 3_600_000_000


class Category(StrEnum):
    """Timeliness of one dossier: three kinds for finished dossiers, three for processing, one unknown."""

    EARLY = "truoc_han"
    ON_TIME = "dung_han"
    LATE = "qua_han"
    WITHIN = "trong_han"
    DUE_SOON = "sap_den_han"
    OVERDUE = "dang_qua_han"
    UNDETERMINED = "khong_xac_dinh"

    @property
    def label(self) -> str:
        """The Vietnamese label shown on pages."""
        return _LABELS[self]

    @property
    def code(self) -> int:
        """The small integer the SQL computes (on time = 1–4, late = 5–6, undetermined = 7; integers are cheaper)."""
        return _CODES[self]

    @classmethod
    def from_code(cls, code: int) -> Category:
        """The category of a SQL code."""
        return _BY_CODE[code]

    @property
    def finished(self) -> bool:
        """A category of dossiers whose processing had ended by the cutoff."""
        return self in (Category.EARLY, Category.ON_TIME, Category.LATE)

    @property
    def on_time(self) -> bool:
        """Counted in the numerator of 2.1: finished early or on time, or processing within its deadline."""
        return self in (Category.EARLY, Category.ON_TIME, Category.WITHIN, Category.DUE_SOON)

    @property
    def late(self) -> bool:
        """Counted as overdue (2.1's complement, and "quá hạn" in 5.4)."""
        return self in (Category.LATE, Category.OVERDUE)


_LABELS: Final = {
    Category.EARLY: "Trước hạn",
    Category.ON_TIME: "Đúng hạn",
    Category.LATE: "Quá hạn (đã kết thúc)",
    Category.WITHIN: "Trong hạn",
    Category.DUE_SOON: "Sắp đến hạn",
    Category.OVERDUE: "Quá hạn (đang xử lý)",
    Category.UNDETERMINED: "Không xác định hạn",
}


_CODES: Final = {
    Category.EARLY: 1,
    Category.ON_TIME: 2,
    Category.WITHIN: 3,
    Category.DUE_SOON: 4,
    Category.LATE: 5,
    Category.OVERDUE: 6,
    Category.UNDETERMINED: 7,
}
_BY_CODE: Final = {code: category for category, code in _CODES.items()}
ON_TIME_CODES_SQL: Final = "category_code <= 4"
LATE_CODES_SQL: Final = "category_code IN (5, 6)"


class EndBasis(StrEnum):
    """Which moment the judgement used as the end of processing."""

    FINISHED = "finished"
    RETURNED = "returned"
    STOPPED = "stopped"
    SUPPLEMENT_REQUEST = "supplement_request"
    CUTOFF = "cutoff"


@dataclass(frozen=True)
class TimelinessPolicy:
    """What the judgement needs besides the dossier: the working calendar and the "sắp đến hạn" window."""

    calendar: WorkingCalendar
    due_soon_working_days: int = DEFAULT_DUE_SOON_WORKING_DAYS

    def __post_init__(self) -> None:
        if self.due_soon_working_days < 0:
            raise ValueError("Số ngày làm việc «sắp đến hạn» không được âm.")


@dataclass(frozen=True)
class Timeliness:
    """The judgement and its evidence, for drill-down: what ended processing, when, and what was excluded."""

    category: Category
    end_basis: EndBasis
    judged_at: datetime
    supplement_requests: int
    excluded_wait_seconds: int


def local_naive(moment: datetime) -> datetime:
    """A timezone-aware moment as Asia/Ho_Chi_Minh wall-clock time without zone; naive ones are kept."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(LOCAL_ZONE).replace(tzinfo=None)


def cutoff_after(last_day: date, now: datetime | None = None) -> datetime:
    """The cutoff of a period ending on ``last_day``: the next midnight, or ``now`` if that comes first."""
    cutoff = datetime.combine(last_day + timedelta(days=1), time())
    if now is not None:
        cutoff = min(cutoff, local_naive(now))
    return cutoff


def month_cutoff(month: str, now: datetime | None = None) -> datetime:
    """The cutoff of month 'YYYY-MM' (00:00 on the 1st of the next month), capped at ``now``."""
    year, month_number = (int(part) for part in month.split("-"))
    last_day = date(year, month_number, gregorian.monthrange(year, month_number)[1])
    return cutoff_after(last_day, now)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of the target month (as DuckDB does)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, gregorian.monthrange(year, month)[1]))


def hours_deadline(received_at: datetime, hours: float) -> datetime:
    """received + ``hours``, truncated to the microsecond the same way the SQL does."""
    return received_at + timedelta(microseconds=math.floor(hours * _MICROSECONDS_PER_HOUR))


@dataclass(frozen=True)
class _State:
    """The dossier as known at the cutoff."""

    finished: bool
    single_open: bool
    judged_at: datetime  # end of processing less excluded wait, or the open request, or the running clock
    end_basis: EndBasis
    known_requests: int
    wait_seconds: int

    @property
    def clock_day(self) -> date:
        """The last day the running clock reached (the clock itself is an exclusive instant)."""
        return (self.judged_at - _JUST_BEFORE).date()


def _state_at(dossier: DossierRecord, cutoff: datetime) -> _State:
    end_at, basis = None, EndBasis.CUTOFF
    for moment, candidate in (
        (dossier.finished_at, EndBasis.FINISHED),
        (dossier.returned_at, EndBasis.RETURNED),
        (dossier.stopped_at, EndBasis.STOPPED),
    ):
        if moment is not None and moment < cutoff:
            end_at, basis = moment, candidate
            break
    first_request = dossier.first_supplement_requested_at
    known = dossier.supplement_count
    if known <= 0 or (first_request is not None and first_request >= cutoff):
        known = 0
    single_open = False
    if known == 1 and first_request is not None:
        completed_at = first_request + timedelta(seconds=dossier.supplement_wait_seconds)
        single_open = dossier.supplement_open_since is not None or completed_at >= cutoff
    wait = dossier.supplement_wait_seconds if known == 1 and not single_open else 0
    if single_open and first_request is not None:
        return _State(end_at is not None, True, first_request, EndBasis.SUPPLEMENT_REQUEST, known, 0)
    if end_at is not None:
        return _State(True, False, end_at - timedelta(seconds=wait), basis, known, wait)
    return _State(False, False, cutoff - timedelta(seconds=wait), EndBasis.CUTOFF, known, wait)


def _by_deadline_day(state: _State, deadline_day: date, policy: TimelinessPolicy) -> Category:
    if state.finished:
        judged_day = state.judged_at.date()
        if judged_day < deadline_day:
            return Category.EARLY
        return Category.ON_TIME if judged_day == deadline_day else Category.LATE
    if state.single_open:
        return Category.WITHIN if state.judged_at.date() <= deadline_day else Category.OVERDUE
    return _running(state, deadline_day, policy, late=state.clock_day > deadline_day)


def _running(state: _State, deadline_day: date, policy: TimelinessPolicy, *, late: bool) -> Category:
    if late:
        return Category.OVERDUE
    remaining = count_working_days(policy.calendar, state.clock_day, deadline_day)
    return Category.DUE_SOON if remaining <= policy.due_soon_working_days else Category.WITHIN


def _by_hours(state: _State, deadline_at: datetime, policy: TimelinessPolicy) -> Category:
    if state.finished:
        if state.judged_at > deadline_at:
            return Category.LATE
        return Category.EARLY if state.judged_at.date() < deadline_at.date() else Category.ON_TIME
    if state.single_open:
        return Category.OVERDUE if state.judged_at > deadline_at else Category.WITHIN
    return _running(state, deadline_at.date(), policy, late=state.judged_at > deadline_at)


def _by_day_count(
    state: _State, received_day: date, limit: float, unit: LimitUnit, policy: TimelinessPolicy
) -> Category:
    def used(day: date) -> int:
        if unit is LimitUnit.WORKING_DAYS:
            return count_working_days(policy.calendar, received_day, day)
        return (day - received_day).days

    if state.finished:
        spent = used(state.judged_at.date())
        if spent < limit:
            return Category.EARLY
        return Category.ON_TIME if spent == limit else Category.LATE
    if state.single_open:
        return Category.WITHIN if used(state.judged_at.date()) <= limit else Category.OVERDUE
    spent = used(state.clock_day)
    if spent > limit:
        return Category.OVERDUE
    return Category.DUE_SOON if limit - spent <= policy.due_soon_working_days else Category.WITHIN


def _category(
    dossier: DossierRecord, procedure: ProcedureRecord | None, state: _State, policy: TimelinessPolicy
) -> Category:
    if state.known_requests >= 2:
        return Category.LATE if state.finished else Category.OVERDUE
    if dossier.appointment_at is not None:
        return _by_deadline_day(state, dossier.appointment_at.date(), policy)
    limit = procedure.statutory_limit_value if procedure is not None else None
    unit = procedure.limit_unit if procedure is not None else None
    if limit is None or unit is None:
        return Category.UNDETERMINED
    if unit is LimitUnit.HOURS:
        return _by_hours(state, hours_deadline(dossier.received_at, limit), policy)
    if unit is LimitUnit.MONTHS:
        deadline_day = add_months(dossier.received_at.date(), math.floor(limit))
        return _by_deadline_day(state, deadline_day, policy)
    return _by_day_count(state, dossier.received_at.date(), limit, unit, policy)


def classify_dossier(
    dossier: DossierRecord,
    procedure: ProcedureRecord | None,
    *,
    cutoff: datetime,
    policy: TimelinessPolicy,
) -> Timeliness:
    """Judge ``dossier`` as of ``cutoff`` (exclusive; naive local time or aware).

    ``procedure`` supplies the statutory limit used when the dossier has no appointment; None when the
    procedure is not in the catalogue.
    """
    state = _state_at(dossier, local_naive(cutoff))
    category = _category(dossier, procedure, state, policy)
    return Timeliness(category, state.end_basis, state.judged_at, state.known_requests, state.wait_seconds)
