"""Seeded random dossiers, procedures and feedback that hit the rules' edge cases often.

Shared by the pure property tests and the engine tests (which compare SQL with the pure rules).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord

MONTHS = ("2026-01", "2026-02", "2026-03")
UNITS = ("SYT", "XA1", "XA2")
CATALOGUE_MONTH = "2026-03"
FIRST_DAY = datetime(2025, 12, 20)
SPAN_DAYS = 120


def catalogue() -> dict[str, ProcedureRecord]:
    """Procedures covering every limit unit, online level, fee, paper result and subject."""
    specs = [
        ("P-WD3", 3, "working_days", "toan_trinh", True, True, True),
        ("P-WD10", 10, "working_days", "mot_phan", False, False, True),
        ("P-D5", 5, "days", "none", True, False, False),
        ("P-H4", 4, "hours", "toan_trinh", False, True, True),
        ("P-H05", 0.5, "hours", "none", False, False, False),
        ("P-M1", 1, "months", "mot_phan", True, True, False),
        ("P-NONE", None, None, "toan_trinh", True, False, True),
        ("P-BAD", 2, "tuan", "none", False, True, False),
    ]
    return {
        code: ProcedureRecord(
            code,
            name=f"Thủ tục {code}",
            snapshot_month=CATALOGUE_MONTH,
            online_level=level,
            fee_bearing=fee,
            paper_result=paper,
            statutory_limit_value=value,
            statutory_limit_unit=unit,
            citizen_subject=citizen,
        )
        for code, value, unit, level, fee, paper, citizen in specs
    }


PROCEDURE_CODES = (*catalogue(), "P-UNKNOWN")


def _moment(rng: random.Random) -> datetime:
    if rng.random() < 0.15:  # exactly midnight, often a month boundary
        day = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
        return day.replace(day=1) if rng.random() < 0.5 else day
    return FIRST_DAY + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))


def _maybe(rng: random.Random, probability: float, value):
    return value if rng.random() < probability else None


def random_dossier(rng: random.Random, number: int) -> DossierRecord:
    """One dossier received in MONTHS with random events around it."""
    month = rng.choice(MONTHS)
    year, month_number = (int(part) for part in month.split("-"))
    received = datetime(year, month_number, 1) + timedelta(minutes=rng.randrange(28 * 24 * 60))
    if rng.random() < 0.05:
        received = datetime(year, month_number, 1)

    def after(max_days: int) -> datetime:
        if rng.random() < 0.1:
            return (received + timedelta(days=rng.randrange(max_days))).replace(hour=0, minute=0)
        return received + timedelta(minutes=rng.randrange(max_days * 24 * 60))

    requests = rng.choices((0, 1, 2, 3), weights=(6, 4, 1, 1))[0]
    first_request = after(20) if requests else None
    wait = rng.choice((0, 3600, 86_400, 3 * 86_400, 9 * 86_400, 12345)) if requests else 0
    open_since = first_request if requests and rng.random() < 0.3 else None
    if rng.random() < 0.05 and requests:
        first_request = None  # count without a time: a data error the rules must survive
        open_since = None
    return DossierRecord(
        dossier_code=f"HS-{number:05d}",
        procedure_code=rng.choice(PROCEDURE_CODES),
        unit_code=rng.choice(UNITS),
        received_at=received,
        appointment_at=_maybe(rng, 0.7, after(25).replace(hour=rng.choice((0, 0, 17)), minute=0)),
        finished_at=_maybe(rng, 0.5, after(40)),
        returned_at=_maybe(rng, 0.4, after(40)),
        stopped_at=_maybe(rng, 0.1, after(40)),
        stop_kind=rng.choice((None, "rejected", "stopped", "withdrawn")),
        supplement_count=requests,
        first_supplement_requested_at=first_request,
        supplement_wait_seconds=wait,
        supplement_open_since=open_since,
        channel=rng.choice((None, 1, 2, 2, 3)),
        fee_amount=rng.choice((None, 0, 15_000, 200_000)),
        paid_online=rng.choice((0, 0, 1, 2)),
        result_code=rng.choice((None, "", "KQ-1")),
        result_file_link=rng.choice((None, "", "https://kq.example/1")),
        inputs_digitised=rng.random() < 0.6,
        reused_digitised=rng.random() < 0.4,
        from_personal_store=rng.random() < 0.2,
        pushed_to_personal_store=rng.random() < 0.2,
        vneid_authenticated=rng.random() < 0.3,
        synced_to_portal=rng.random() < 0.9,
        rating=rng.choice((None, None, "liked", "disliked")),
        complained=rng.random() < 0.1,
        source_system=rng.choice(("mot-cua", "mot-cua-cu")),
    )


def random_dossiers(seed: int, count: int) -> list[DossierRecord]:
    """``count`` dossiers from ``seed``."""
    rng = random.Random(seed)
    return [random_dossier(rng, number) for number in range(count)]


def random_feedback(seed: int, count: int) -> list[FeedbackRecord]:
    """``count`` feedback from ``seed``, with events before and after the cutoffs."""
    rng = random.Random(seed)
    records = []
    for number in range(count):
        month = rng.choice(MONTHS)
        year, month_number = (int(part) for part in month.split("-"))
        received = datetime(year, month_number, 1) + timedelta(minutes=rng.randrange(28 * 24 * 60))

        def after(max_days: int, start: datetime = received) -> datetime:
            return start + timedelta(minutes=rng.randrange(max_days * 24 * 60))

        handled = _maybe(rng, 0.6, after(30))
        records.append(
            FeedbackRecord(
                feedback_code=f"PA-{number:05d}",
                unit_code=rng.choice(UNITS),
                received_at=received,
                deadline_at=_maybe(rng, 0.4, after(25).replace(hour=0, minute=0)),
                handled_at=handled,
                rejected_at=_maybe(rng, 0.15, after(6)),
                supplement_requested_at=_maybe(rng, 0.2, after(10)),
                published_at=_maybe(rng, 0.6, after(6, handled)) if handled else None,
                likes=rng.randrange(4),
                dislikes=rng.randrange(4),
                re_complained=rng.random() < 0.1,
            )
        )
    return records
