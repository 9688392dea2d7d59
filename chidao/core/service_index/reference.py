"""The index counts computed in Python from records: the reference the SQL builders are tested against.

Slow (one dossier at a time) but obviously right; usable for small sets (a drill-down, a demo, a test).
Each function mirrors one builder of ``queries.py`` and returns the same keys.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from chidao.core.service_index.catalogue import Basis, Indicator, indicators_of
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.feedback import classify_feedback
from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord
from chidao.core.service_index.relations import Evaluation
from chidao.core.service_index.rules import DossierFacts, FeedbackFacts
from chidao.core.service_index.timeliness import Category, classify_dossier

__all__ = [
    "ProcessingTime",
    "category_counts",
    "dossier_counts",
    "dossier_facts",
    "feedback_counts",
    "feedback_facts",
    "procedure_counts",
    "processing_times",
]

UnitMonth = tuple[str, str]
_MICROSECOND = timedelta(microseconds=1)


def _in_scope(unit_code: str, month: str, evaluation: Evaluation) -> bool:
    units = evaluation.unit_codes
    return month in evaluation.months and (units is None or unit_code in units)


def dossier_facts(
    dossiers: Iterable[DossierRecord], catalogue: Mapping[str, ProcedureRecord], evaluation: Evaluation
) -> list[DossierFacts]:
    """Every dossier in scope with its procedure (None if not in the catalogue) and timeliness."""
    facts = []
    for dossier in dossiers:
        if not _in_scope(dossier.unit_code, dossier.month, evaluation):
            continue
        procedure = catalogue.get(dossier.procedure_code) if evaluation.catalogue_month is not None else None
        timeliness = classify_dossier(
            dossier, procedure, cutoff=evaluation.cutoff_for(dossier.month), policy=evaluation.policy
        )
        facts.append(DossierFacts(dossier, procedure, timeliness))
    return facts


def _counted(basis: Basis, indicators: Sequence[Indicator] | None) -> tuple[Indicator, ...]:
    chosen = indicators_of(basis) if indicators is None else tuple(indicators)
    return tuple(item for item in chosen if item.counted)


def dossier_counts(
    facts: Iterable[DossierFacts], indicators: Sequence[Indicator] | None = None
) -> dict[UnitMonth, dict[str, Counts]]:
    """Per-dossier indicators per (unit_code, month)."""
    chosen = _counted(Basis.DOSSIER, indicators)
    tallies: dict[UnitMonth, dict[str, list[int]]] = defaultdict(lambda: {item.id: [0, 0] for item in chosen})
    for fact in facts:
        tally = tallies[(fact.dossier.unit_code, fact.dossier.month)]
        for item in chosen:
            assert item.dossier_rule is not None
            in_denominator, in_numerator = item.dossier_rule(fact)
            tally[item.id][0] += in_numerator
            tally[item.id][1] += in_denominator
    return {key: {key2: Counts(*value) for key2, value in tally.items()} for key, tally in tallies.items()}


def category_counts(facts: Iterable[DossierFacts]) -> dict[UnitMonth, dict[Category, int]]:
    """Dossiers per timeliness category per (unit_code, month)."""
    tallies: dict[UnitMonth, dict[Category, int]] = defaultdict(lambda: dict.fromkeys(Category, 0))
    for fact in facts:
        tallies[(fact.dossier.unit_code, fact.dossier.month)][fact.timeliness.category] += 1
    return dict(tallies)


def procedure_counts(
    facts: Iterable[DossierFacts], indicators: Sequence[Indicator] | None = None, *, by_unit: bool = True
) -> dict[str | None, dict[str, Counts]]:
    """Per-procedure indicators over the period: distinct procedure codes per unit (or None: all together)."""
    chosen = _counted(Basis.PROCEDURE, indicators)
    in_scope: dict[str | None, dict[str, set[str]]] = defaultdict(lambda: {item.id: set() for item in chosen})
    qualified: dict[str | None, dict[str, set[str]]] = defaultdict(
        lambda: {item.id: set() for item in chosen}
    )
    for fact in facts:
        key = fact.dossier.unit_code if by_unit else None
        in_scope[key]  # every unit with dossiers has a row, 0 of 0 when no procedure is in scope
        for item in chosen:
            assert item.dossier_rule is not None
            scope, qualifies = item.dossier_rule(fact)
            if scope:
                in_scope[key][item.id].add(fact.dossier.procedure_code)
            if qualifies:
                qualified[key][item.id].add(fact.dossier.procedure_code)
    return {
        key: {item.id: Counts(len(qualified[key][item.id]), len(sets[item.id])) for item in chosen}
        for key, sets in in_scope.items()
    }


def feedback_facts(feedback: Iterable[FeedbackRecord], evaluation: Evaluation) -> list[FeedbackFacts]:
    """Every feedback in scope with its timeliness."""
    return [
        FeedbackFacts(
            record,
            classify_feedback(
                record, cutoff=evaluation.cutoff_for(record.month), calendar=evaluation.policy.calendar
            ),
        )
        for record in feedback
        if _in_scope(record.unit_code, record.month, evaluation)
    ]


def feedback_counts(
    facts: Iterable[FeedbackFacts], indicators: Sequence[Indicator] | None = None
) -> dict[UnitMonth, dict[str, Counts]]:
    """Per-feedback indicators per (unit_code, month)."""
    chosen = _counted(Basis.FEEDBACK, indicators)
    tallies: dict[UnitMonth, dict[str, list[int]]] = defaultdict(lambda: {item.id: [0, 0] for item in chosen})
    for fact in facts:
        tally = tallies[(fact.feedback.unit_code, fact.feedback.month)]
        for item in chosen:
            assert item.feedback_rule is not None
            in_denominator, in_numerator = item.feedback_rule(fact)
            tally[item.id][0] += in_numerator
            tally[item.id][1] += in_denominator
    return {key: {key2: Counts(*value) for key2, value in tally.items()} for key, tally in tallies.items()}


class ProcessingTime(NamedTuple):
    """2.2 for one unit, procedure and month: completed dossiers and their summed net processing time."""

    completed: int
    processing_microseconds: int
    processing_working_days: int


def processing_times(
    dossiers: Iterable[DossierRecord], evaluation: Evaluation
) -> dict[tuple[str, str, str], ProcessingTime]:
    """2.2 per (unit_code, procedure_code, month), as ``queries.processing_time_query``."""
    tallies: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    index = evaluation.index
    for dossier in dossiers:
        if not _in_scope(dossier.unit_code, dossier.month, evaluation):
            continue
        cutoff = evaluation.cutoff_for(dossier.month)
        result_at = _result_at(dossier, cutoff)
        if result_at is None:
            continue
        net_end = result_at - timedelta(seconds=dossier.supplement_wait_seconds)
        tally = tallies[(dossier.unit_code, dossier.procedure_code, dossier.month)]
        tally[0] += 1
        tally[1] += (net_end - dossier.received_at) // _MICROSECOND
        tally[2] += index.working_days_between(dossier.received_at.date(), net_end.date())
    return {key: ProcessingTime(*value) for key, value in tallies.items()}


def _result_at(dossier: DossierRecord, cutoff: datetime) -> datetime | None:
    for moment in (dossier.finished_at, dossier.returned_at):
        if moment is not None and moment < cutoff:
            return moment
    return None
