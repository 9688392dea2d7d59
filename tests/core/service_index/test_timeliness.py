"""Rule 2.1 per dossier, hand-computed: precedence, supplement rules, cutoff, deadlines without appointment.

March 2026 is an ordinary month (Mon 2/3 … Tue 31/3); its cutoff is 01/04/2026 00:00, so a dossier still
processing is judged on Tue 31/3. Tết 2026 (Mon 16/2 – Fri 20/2) tests the working-day windows.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.service_index.records import DossierRecord, ProcedureRecord
from chidao.core.service_index.timeliness import (
    Category,
    EndBasis,
    TimelinessPolicy,
    add_months,
    classify_dossier,
    cutoff_after,
    month_cutoff,
)

POLICY = TimelinessPolicy(default_calendar(), due_soon_working_days=2)
MARCH_CUTOFF = datetime(2026, 4, 1)
APPOINTMENT = datetime(2026, 3, 10)  # exports often store the appointment day as midnight
DOSSIER = DossierRecord("HS-1", "TT-1", "XA1", datetime(2026, 3, 2, 8, 0), appointment_at=APPOINTMENT)


def judge(dossier: DossierRecord, procedure: ProcedureRecord | None = None, cutoff: datetime = MARCH_CUTOFF):
    return classify_dossier(dossier, procedure, cutoff=cutoff, policy=POLICY)


def limit(value: float, unit: str) -> ProcedureRecord:
    return ProcedureRecord("TT-1", statutory_limit_value=value, statutory_limit_unit=unit)


@pytest.mark.parametrize(
    ("_case", "finished_at", "expected"),
    [
        ("the day before the appointment", datetime(2026, 3, 9, 15, 0), Category.EARLY),
        ("on the appointment day, after its midnight stamp", datetime(2026, 3, 10, 16, 30), Category.ON_TIME),
        ("the day after", datetime(2026, 3, 11, 8, 0), Category.LATE),
    ],
)
def test_finished_dossiers_are_compared_by_day(_case: str, finished_at: datetime, expected: Category) -> None:
    # given a dossier due on 10/03 that finished on the given moment
    dossier = replace(DOSSIER, finished_at=finished_at)

    # when judged at the end of March
    result = judge(dossier)

    # then the day of the end decides
    assert result.category is expected
    assert result.end_basis is EndBasis.FINISHED


def test_finished_takes_precedence_over_an_earlier_return() -> None:
    # given a result returned before the appointment but "Đã xử lý xong" recorded after it
    dossier = replace(DOSSIER, returned_at=datetime(2026, 3, 9), finished_at=datetime(2026, 3, 11))

    # when judged
    result = judge(dossier)

    # then "Đã xử lý xong" is the end of processing, by precedence not by date
    assert (result.category, result.end_basis) == (Category.LATE, EndBasis.FINISHED)


@pytest.mark.parametrize(
    ("_case", "changes", "expected", "basis"),
    [
        (
            "returned on the appointment day",
            {"returned_at": datetime(2026, 3, 10, 9)},
            Category.ON_TIME,
            EndBasis.RETURNED,
        ),
        (
            "returned before a later stop",
            {"returned_at": datetime(2026, 3, 9), "stopped_at": datetime(2026, 3, 5)},
            Category.EARLY,
            EndBasis.RETURNED,
        ),
        (
            "withdrawn by the citizen after the appointment",
            {"stopped_at": datetime(2026, 3, 12), "stop_kind": "withdrawn"},
            Category.LATE,
            EndBasis.STOPPED,
        ),
    ],
)
def test_returned_and_stopped_end_processing(
    _case: str, changes: dict, expected: Category, basis: EndBasis
) -> None:
    # given a dossier that was returned or stopped, when judged, then that moment ends processing
    result = judge(replace(DOSSIER, **changes))

    assert (result.category, result.end_basis) == (expected, basis)


def test_an_end_after_the_cutoff_is_not_known_yet() -> None:
    # given a dossier due 31/03 that finished on 02/04
    dossier = replace(DOSSIER, appointment_at=datetime(2026, 3, 31), finished_at=datetime(2026, 4, 2))

    # when judged as of the end of March
    result = judge(dossier)

    # then it was still processing, on its appointment day: due soon, judged at the cutoff
    assert (result.category, result.end_basis) == (Category.DUE_SOON, EndBasis.CUTOFF)
    assert result.judged_at == MARCH_CUTOFF


@pytest.mark.parametrize(
    ("_case", "appointment", "expected"),
    [
        ("appointment passed on 20/03", datetime(2026, 3, 20), Category.OVERDUE),
        ("appointment on the cutoff's last day", datetime(2026, 3, 31, 17), Category.DUE_SOON),
        ("Thu 02/04: 2 working days after Tue 31/03", datetime(2026, 4, 2), Category.DUE_SOON),
        ("Fri 03/04: 3 working days away", datetime(2026, 4, 3), Category.WITHIN),
        ("mid-April", datetime(2026, 4, 15), Category.WITHIN),
    ],
)
def test_processing_dossiers_at_the_cutoff(_case: str, appointment: datetime, expected: Category) -> None:
    # given a dossier without an end, when judged at the end of March, then its appointment decides
    assert judge(replace(DOSSIER, appointment_at=appointment)).category is expected


def test_due_soon_counts_working_days_across_tet() -> None:
    # given a dossier due Mon 23/02/2026 judged on Fri 13/02/2026: ten calendar days, one working day (Tết)
    dossier = replace(DOSSIER, received_at=datetime(2026, 2, 2), appointment_at=datetime(2026, 2, 23))

    # when judged with the cutoff after 13/02
    result = judge(dossier, cutoff=cutoff_after(date(2026, 2, 13)))

    # then it is due soon
    assert result.category is Category.DUE_SOON


def test_completed_supplement_wait_is_taken_off_the_end() -> None:
    # given a dossier due 10/03, finished 12/03 08:00 after waiting 2 days for the citizen (04/03 → 06/03)
    dossier = replace(
        DOSSIER,
        finished_at=datetime(2026, 3, 12, 8),
        supplement_count=1,
        first_supplement_requested_at=datetime(2026, 3, 4, 9),
        supplement_wait_seconds=2 * 86_400,
    )

    # when judged
    result = judge(dossier)

    # then the end counts as 10/03 08:00: on time, with the wait recorded
    assert result.category is Category.ON_TIME
    assert result.judged_at == datetime(2026, 3, 10, 8)
    assert result.excluded_wait_seconds == 2 * 86_400


@pytest.mark.parametrize(
    ("_case", "requested_at", "expected"),
    [
        ("asked before the appointment", datetime(2026, 3, 9, 10), Category.WITHIN),
        ("asked after the appointment", datetime(2026, 3, 11, 10), Category.OVERDUE),
    ],
)
def test_one_open_supplement_request_is_the_end(
    _case: str, requested_at: datetime, expected: Category
) -> None:
    # given a dossier waiting for the citizen since its only supplement request
    dossier = replace(
        DOSSIER,
        supplement_count=1,
        first_supplement_requested_at=requested_at,
        supplement_open_since=requested_at,
    )

    # when judged
    result = judge(dossier)

    # then the request time is the end of processing (the dossier is still "processing")
    assert (result.category, result.end_basis) == (expected, EndBasis.SUPPLEMENT_REQUEST)
    assert result.judged_at == requested_at


def test_stopped_after_an_unanswered_request_is_judged_at_the_request() -> None:
    # given a request on 05/03 the citizen never answered, and the dossier stopped on 25/03
    requested_at = datetime(2026, 3, 5)
    dossier = replace(
        DOSSIER,
        stopped_at=datetime(2026, 3, 25),
        supplement_count=1,
        first_supplement_requested_at=requested_at,
        supplement_open_since=requested_at,
    )

    # when judged, then the request time ends processing: finished early
    assert judge(dossier).category is Category.EARLY


def test_a_supplement_completed_after_the_cutoff_is_still_open() -> None:
    # given a request on 30/03 completed on 04/04 and a dossier due 31/03
    dossier = replace(
        DOSSIER,
        appointment_at=datetime(2026, 3, 31),
        supplement_count=1,
        first_supplement_requested_at=datetime(2026, 3, 30),
        supplement_wait_seconds=5 * 86_400,
    )

    # when judged at the end of March
    result = judge(dossier)

    # then the request was open at the cutoff: its time is the end, within the deadline
    assert (result.category, result.end_basis) == (Category.WITHIN, EndBasis.SUPPLEMENT_REQUEST)


@pytest.mark.parametrize(
    ("_case", "changes", "expected"),
    [
        ("finished early", {"finished_at": datetime(2026, 3, 5)}, Category.LATE),
        (
            "still processing, appointment far away",
            {"appointment_at": datetime(2026, 4, 30)},
            Category.OVERDUE,
        ),
        ("no appointment, no limit", {"appointment_at": None}, Category.OVERDUE),
    ],
)
def test_more_than_one_supplement_request_is_late(_case: str, changes: dict, expected: Category) -> None:
    # given two supplement requests before the cutoff
    dossier = replace(
        DOSSIER, supplement_count=2, first_supplement_requested_at=datetime(2026, 3, 3), **changes
    )

    # when judged, then the dossier is late whatever its dates
    assert judge(dossier).category is expected


def test_requests_after_the_cutoff_are_not_known() -> None:
    # given two requests, the first on 02/04, and a dossier due 15/04 still processing at the end of March
    dossier = replace(
        DOSSIER,
        appointment_at=datetime(2026, 4, 15),
        supplement_count=2,
        first_supplement_requested_at=datetime(2026, 4, 2),
    )

    # when judged as of the end of March, then no request is known yet
    result = judge(dossier)
    assert (result.category, result.supplement_requests) == (Category.WITHIN, 0)


def test_a_processing_dossier_gets_its_completed_wait_back() -> None:
    # given a dossier due Mon 30/03 still processing, after a 5-day wait (20/03 → 25/03) for the citizen
    dossier = replace(
        DOSSIER,
        appointment_at=datetime(2026, 3, 30),
        supplement_count=1,
        first_supplement_requested_at=datetime(2026, 3, 20),
        supplement_wait_seconds=5 * 86_400,
    )

    # when judged at the end of March
    result = judge(dossier)

    # then its clock stands at 27/03 00:00 (last day 26/03): not late, 2 working days to go → due soon
    assert result.judged_at == datetime(2026, 3, 27)
    assert result.category is Category.DUE_SOON


@pytest.mark.parametrize(
    ("_case", "received_at", "finished_at", "expected"),
    [
        (
            "Fri 06/03 → Tue 10/03: 2 working days",
            datetime(2026, 3, 6, 10),
            datetime(2026, 3, 10),
            Category.EARLY,
        ),
        (
            "→ Wed 11/03: 3 working days",
            datetime(2026, 3, 6, 10),
            datetime(2026, 3, 11, 17),
            Category.ON_TIME,
        ),
        ("→ Thu 12/03: 4 working days", datetime(2026, 3, 6, 10), datetime(2026, 3, 12), Category.LATE),
        ("processing since Thu 26/03: 3 used, 0 left", datetime(2026, 3, 26), None, Category.DUE_SOON),
        ("processing since Fri 20/03: 7 used", datetime(2026, 3, 20), None, Category.OVERDUE),
    ],
)
def test_no_appointment_uses_the_statutory_working_days(
    _case: str, received_at: datetime, finished_at: datetime | None, expected: Category
) -> None:
    # given a dossier without appointment of a procedure with a 3-working-day limit
    dossier = replace(DOSSIER, received_at=received_at, appointment_at=None, finished_at=finished_at)

    # when judged, then the working days in (received day, end day] are compared with 3
    assert judge(dossier, limit(3, "working_days")).category is expected


def test_a_long_working_day_limit_is_within() -> None:
    # given 3 of 10 working days used by the cutoff, then 7 remain: within the deadline
    dossier = replace(DOSSIER, received_at=datetime(2026, 3, 26), appointment_at=None)

    assert judge(dossier, limit(10, "working_days")).category is Category.WITHIN


@pytest.mark.parametrize(
    ("_case", "finished_at", "expected"),
    [
        ("4 calendar days", datetime(2026, 3, 6), Category.EARLY),
        ("5 calendar days (through a weekend)", datetime(2026, 3, 7), Category.ON_TIME),
        ("6 calendar days", datetime(2026, 3, 8), Category.LATE),
    ],
)
def test_no_appointment_with_calendar_days(_case: str, finished_at: datetime, expected: Category) -> None:
    dossier = replace(DOSSIER, appointment_at=None, finished_at=finished_at)

    assert judge(dossier, limit(5, "days")).category is expected


@pytest.mark.parametrize(
    ("_case", "received_at", "hours", "finished_at", "expected"),
    [
        (
            "4 h from 08:00, done 11:00",
            datetime(2026, 3, 2, 8),
            4,
            datetime(2026, 3, 2, 11),
            Category.ON_TIME,
        ),
        (
            "4 h from 08:00, done 12:30",
            datetime(2026, 3, 2, 8),
            4,
            datetime(2026, 3, 2, 12, 30),
            Category.LATE,
        ),
        (
            "8 h from 20:00, done 23:00 the day before the deadline's day",
            datetime(2026, 3, 2, 20),
            8,
            datetime(2026, 3, 2, 23),
            Category.EARLY,
        ),
        (
            "half an hour, done after 31 minutes",
            datetime(2026, 3, 2, 8),
            0.5,
            datetime(2026, 3, 2, 8, 31),
            Category.LATE,
        ),
    ],
)
def test_no_appointment_with_hours(
    _case: str, received_at: datetime, hours: float, finished_at: datetime, expected: Category
) -> None:
    dossier = replace(DOSSIER, received_at=received_at, appointment_at=None, finished_at=finished_at)

    assert judge(dossier, limit(hours, "hours")).category is expected


@pytest.mark.parametrize(
    ("_case", "finished_at", "expected"),
    [
        ("28/02 is the clamped deadline", datetime(2026, 2, 28, 10), Category.ON_TIME),
        ("01/03 is after it", datetime(2026, 3, 1), Category.LATE),
    ],
)
def test_no_appointment_with_months_clamps_to_the_month_end(
    _case: str, finished_at: datetime, expected: Category
) -> None:
    # given a dossier received 31/01/2026 of a one-month procedure
    dossier = replace(
        DOSSIER, received_at=datetime(2026, 1, 31, 9), appointment_at=None, finished_at=finished_at
    )

    # when judged, then its deadline is 28/02/2026
    assert judge(dossier, limit(1, "months")).category is expected


@pytest.mark.parametrize(
    ("_case", "procedure"),
    [
        ("procedure not in the catalogue", None),
        ("procedure without a limit", ProcedureRecord("TT-1")),
        ("unknown limit unit", ProcedureRecord("TT-1", statutory_limit_value=5, statutory_limit_unit="tuần")),
    ],
)
def test_without_appointment_or_limit_timeliness_is_undetermined(
    _case: str, procedure: ProcedureRecord | None
) -> None:
    dossier = replace(DOSSIER, appointment_at=None, finished_at=datetime(2026, 3, 5))

    result = judge(dossier, procedure)

    assert result.category is Category.UNDETERMINED
    assert not result.category.on_time
    assert not result.category.late


def test_an_aware_cutoff_is_read_in_vietnamese_time() -> None:
    # given 17:00 UTC on 31/03, which is 00:00 on 01/04 in Asia/Ho_Chi_Minh
    aware = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    dossier = replace(
        DOSSIER, appointment_at=datetime(2026, 3, 31), finished_at=datetime(2026, 3, 31, 23, 30)
    )

    # when judged at that instant, then the finish at 23:30 local is known, as with the naive cutoff
    assert judge(dossier, cutoff=aware) == judge(dossier)
    assert judge(dossier).category is Category.ON_TIME


def test_cutoffs() -> None:
    # given period ends, when turned into cutoffs, then the next midnight, capped by now
    assert cutoff_after(date(2026, 3, 31)) == MARCH_CUTOFF
    assert cutoff_after(date(2026, 3, 31), datetime(2026, 3, 15, 10)) == datetime(2026, 3, 15, 10)
    assert month_cutoff("2026-12") == datetime(2027, 1, 1)
    assert month_cutoff("2026-02", datetime(2026, 2, 10, 1, 0, tzinfo=UTC)) == datetime(2026, 2, 10, 8, 0)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_categories_split_into_on_time_late_and_undetermined() -> None:
    # given every category, then each is exactly one of on time, late or undetermined, with a label
    for category in Category:
        assert [category.on_time, category.late, category is Category.UNDETERMINED].count(True) == 1
        assert category.label
    assert {category for category in Category if category.finished} == {
        Category.EARLY,
        Category.ON_TIME,
        Category.LATE,
    }


def test_a_negative_due_soon_window_is_refused() -> None:
    with pytest.raises(ValueError, match="không được âm"):
        TimelinessPolicy(default_calendar(), due_soon_working_days=-1)
