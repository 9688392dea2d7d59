"""Every recomputable sub-indicator on a tiny hand-computed set (the pure reference of the SQL)."""

from __future__ import annotations

from datetime import datetime

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.service_index import reference
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord
from chidao.core.service_index.relations import Evaluation
from chidao.core.service_index.timeliness import TimelinessPolicy

MONTH = "2026-03"
EVALUATION = Evaluation(
    (MONTH,), TimelinessPolicy(default_calendar()), catalogue_month=MONTH, cutoff=datetime(2026, 4, 1)
)
CATALOGUE = {
    procedure.code: procedure
    for procedure in (
        ProcedureRecord("GIAY", snapshot_month=MONTH, paper_result=True),
        ProcedureRecord("PHI", snapshot_month=MONTH, fee_bearing=True),
        ProcedureRecord("PHI2", snapshot_month=MONTH, fee_bearing=True),
        ProcedureRecord("TT", snapshot_month=MONTH, online_level="toan_trinh"),
        ProcedureRecord("MP", snapshot_month=MONTH, online_level="mot_phan"),
        ProcedureRecord("CD", snapshot_month=MONTH, citizen_subject=True),
        ProcedureRecord("CD2", snapshot_month=MONTH, citizen_subject=True),
        ProcedureRecord("TH", snapshot_month=MONTH),
    )
}
RECEIVED = datetime(2026, 3, 2, 8)
APPOINTMENT = datetime(2026, 3, 10)


def dossier(number: int, procedure: str = "TH", unit: str = "XA1", **changes) -> DossierRecord:
    changes.setdefault("appointment_at", APPOINTMENT)
    changes.setdefault("finished_at", datetime(2026, 3, 5))
    return DossierRecord(f"HS-{number}", procedure, unit, RECEIVED, **changes)


def counts(dossiers: list[DossierRecord], indicator_id: str) -> Counts:
    facts = reference.dossier_facts(dossiers, CATALOGUE, EVALUATION)
    return reference.dossier_counts(facts)[("XA1", MONTH)][indicator_id]


def procedure_counts(dossiers: list[DossierRecord], indicator_id: str, *, by_unit: bool = True) -> dict:
    facts = reference.dossier_facts(dossiers, CATALOGUE, EVALUATION)
    return {
        key: value[indicator_id] for key, value in reference.procedure_counts(facts, by_unit=by_unit).items()
    }


PER_DOSSIER_CASES = [
    (
        "2.1: early, late, processing within, two supplements",
        "2.1",
        [
            dossier(1),
            dossier(2, finished_at=datetime(2026, 3, 12)),
            dossier(3, finished_at=None, appointment_at=datetime(2026, 4, 20)),
            dossier(4, supplement_count=2, first_supplement_requested_at=datetime(2026, 3, 3)),
        ],
        Counts(2, 4),
    ),
    (
        "3.3: online needs an e-result (code and link) when the result is paper; NULL channel is direct",
        "3.3",
        [
            dossier(1, channel=2),
            dossier(2, "GIAY", channel=2),
            dossier(3, "GIAY", channel=2, result_code="KQ", result_file_link="https://kq/3"),
            dossier(4, "GIAY", channel=2, result_file_link="https://kq/4"),
            dossier(5, channel=None),
            dossier(6, channel=3),
        ],
        Counts(2, 6),
    ),
    (
        "3.6: dossiers of fee-bearing procedures except all-zero fees; paid online 1 or 2",
        "3.6",
        [
            dossier(1, "PHI", fee_amount=50_000, paid_online=1),
            dossier(2, "PHI", fee_amount=None, paid_online=2),
            dossier(3, "PHI", fee_amount=0, paid_online=1),
            dossier(4, "PHI", fee_amount=20_000, paid_online=0),
            dossier(5, "TH", fee_amount=20_000, paid_online=1),
        ],
        Counts(2, 3),
    ),
    (
        "4.1: paper-result dossiers with a result file link (blank link is none)",
        "4.1",
        [
            dossier(1, "GIAY", result_file_link="https://kq/1"),
            dossier(2, "GIAY", result_code="KQ"),
            dossier(3, "GIAY", result_file_link=""),
            dossier(4, "TH", result_file_link="https://kq/4"),
        ],
        Counts(1, 3),
    ),
    (
        "4.2: digitised inputs, and a result file where the result is paper",
        "4.2",
        [
            dossier(1, inputs_digitised=True),
            dossier(2, "GIAY", inputs_digitised=True),
            dossier(3, "GIAY", inputs_digitised=True, result_file_link="https://kq/3"),
            dossier(4),
        ],
        Counts(2, 4),
    ),
    ("4.3: reused digitised data", "4.3", [dossier(1, reused_digitised=True), dossier(2)], Counts(1, 2)),
    (
        "4.4: taken from or pushed to the personal data store",
        "4.4",
        [dossier(1, from_personal_store=True), dossier(2, pushed_to_personal_store=True), dossier(3)],
        Counts(2, 3),
    ),
    (
        "4.5b: VNeID or the personal data store, per dossier",
        "4.5b",
        [dossier(1, vneid_authenticated=True), dossier(2, from_personal_store=True), dossier(3)],
        Counts(2, 3),
    ),
    (
        "5.4: not late, not disliked, no complaint (undetermined is not overdue)",
        "5.4",
        [
            dossier(1),
            dossier(2, finished_at=datetime(2026, 3, 12)),
            dossier(3, rating="disliked"),
            dossier(4, complained=True),
            dossier(5, rating="liked", appointment_at=None),
        ],
        Counts(2, 5),
    ),
    (
        "TT: dossiers of toàn trình procedures submitted online",
        "TT",
        [dossier(1, "TT", channel=2), dossier(2, "TT"), dossier(3, "MP", channel=2)],
        Counts(1, 2),
    ),
]


@pytest.mark.parametrize(("_case", "indicator_id", "dossiers", "expected"), PER_DOSSIER_CASES)
def test_per_dossier_indicators(_case: str, indicator_id: str, dossiers: list, expected: Counts) -> None:
    # given the dossiers of one unit and month, when counted, then numerator and denominator are as computed by hand
    assert counts(dossiers, indicator_id) == expected


PER_PROCEDURE_CASES = [
    (
        "3.1: procedures in the catalogue offered online (unknown codes are out)",
        "3.1",
        [dossier(1, "TT"), dossier(2, "TT"), dossier(3, "MP"), dossier(4, "TH"), dossier(5, "XX")],
        Counts(2, 3),
    ),
    (
        "3.2: online services with at least one online dossier",
        "3.2",
        [dossier(1, "TT", channel=2), dossier(2, "TT"), dossier(3, "MP"), dossier(4, "TH", channel=2)],
        Counts(1, 2),
    ),
    (
        "3.5: fee-bearing procedures with a dossier carrying a non-zero fee",
        "3.5",
        [dossier(1, "PHI", fee_amount=10_000), dossier(2, "PHI2", fee_amount=0), dossier(3, "PHI2")],
        Counts(1, 2),
    ),
    (
        "4.5: citizens' procedures with a dossier using VNeID or the data store",
        "4.5",
        [
            dossier(1, "CD", vneid_authenticated=True),
            dossier(2, "CD2"),
            dossier(3, "TH", vneid_authenticated=True),
        ],
        Counts(1, 2),
    ),
]


@pytest.mark.parametrize(("_case", "indicator_id", "dossiers", "expected"), PER_PROCEDURE_CASES)
def test_per_procedure_indicators(_case: str, indicator_id: str, dossiers: list, expected: Counts) -> None:
    # given the dossiers of one unit, when counted, then distinct procedures are counted
    assert procedure_counts(dossiers, indicator_id) == {"XA1": expected}


def test_a_procedure_shared_by_two_units_counts_once_for_the_province() -> None:
    # given the same online procedure used by two units
    dossiers = [dossier(1, "TT", unit="XA1"), dossier(2, "TT", unit="XA2")]

    # when counted per unit and for both together
    per_unit = procedure_counts(dossiers, "3.1")
    together = procedure_counts(dossiers, "3.1", by_unit=False)

    # then each unit has 1 of 1, and the province 1 of 1 (not the sum 2 of 2)
    assert per_unit == {"XA1": Counts(1, 1), "XA2": Counts(1, 1)}
    assert together == {None: Counts(1, 1)}


def test_feedback_indicators() -> None:
    # given five feedback: fine, late, more dislikes than likes, re-complained, as many likes as dislikes
    handled = {"handled_at": datetime(2026, 3, 10), "published_at": datetime(2026, 3, 10)}
    records = [
        FeedbackRecord("PA-1", "XA1", RECEIVED, **handled),
        FeedbackRecord("PA-2", "XA1", RECEIVED),
        FeedbackRecord("PA-3", "XA1", RECEIVED, likes=1, dislikes=2, **handled),
        FeedbackRecord("PA-4", "XA1", RECEIVED, re_complained=True, **handled),
        FeedbackRecord("PA-5", "XA1", RECEIVED, likes=3, dislikes=3, **handled),
    ]

    # when counted
    result = reference.feedback_counts(reference.feedback_facts(records, EVALUATION))[("XA1", MONTH)]

    # then 5.2 misses only the late one, 5.3 misses late, disliked and re-complained
    assert result == {"5.2": Counts(4, 5), "5.3": Counts(2, 5)}


def test_rows_outside_the_evaluation_are_left_out() -> None:
    # given a dossier of another month and one of an excluded unit
    only_xa1 = Evaluation(EVALUATION.months, EVALUATION.policy, catalogue_month=MONTH, unit_codes=("XA1",))
    dossiers = [
        dossier(1),
        DossierRecord("HS-2", "TH", "XA1", datetime(2026, 2, 27)),
        dossier(3, unit="XA2"),
    ]

    # when the facts are built, then only the first dossier is in scope
    assert [fact.dossier.dossier_code for fact in reference.dossier_facts(dossiers, CATALOGUE, only_xa1)] == [
        "HS-1"
    ]


def test_processing_time_of_completed_dossiers() -> None:
    # given a dossier received Mon 02/03 08:00, finished Fri 06/03 08:00 after a one-day wait, and a stopped one
    dossiers = [
        dossier(
            1,
            finished_at=datetime(2026, 3, 6, 8),
            supplement_count=1,
            first_supplement_requested_at=datetime(2026, 3, 3),
            supplement_wait_seconds=86_400,
        ),
        dossier(2, finished_at=None, stopped_at=datetime(2026, 3, 4)),
    ]

    # when 2.2 is computed
    result = reference.processing_times(dossiers, EVALUATION)

    # then one completed dossier, 3 days net (4 days − 1) and 3 working days (03, 04, 05/03)
    assert result == {("XA1", "TH", MONTH): reference.ProcessingTime(1, 3 * 86_400 * 10**6, 3)}
