"""Computing a period of the index: read through ONE engine session, score in memory, store through the
audited service.

The session (one snapshot of the datasets) gives the per-dossier counts of every unit and month in one scan
(summed over the period's months: each dossier belongs to one unit and month), the per-procedure counts per
unit and once for the whole province (distinct procedures never add up across units), and the feedback
counts. Every unit is scored in memory — group 1 from the unit's published rates of the month (``PublishedRate``,
never synthesised; 3.3 multiplied by the published 1.4 sync rate when there is one); ``services.index_results_store`` then writes the run in one
transaction and only then marks it current, so any failure leaves the previous current run in place.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.utils import timezone

from chidao.apps.organisation.models import Unit
from chidao.apps.service_index import analytics
from chidao.apps.service_index.models import IndexRun, PublishedRate
from chidao.apps.service_index.periods import Period, parse_period
from chidao.apps.service_index.services import ComputedUnit, index_results_store
from chidao.core.service_index.catalogue import FORMULA_VERSION, INDICATORS, Basis
from chidao.core.service_index.config import IndexConfig
from chidao.core.service_index.counts import Counts, sum_counts
from chidao.core.service_index.queries import (
    counts_from_row,
    dossier_counts_query,
    feedback_counts_query,
    procedure_counts_query,
)
from chidao.core.service_index.scoring import score_index

Progress = Callable[[float, str], None]
PROVINCE_KEY: Final = ""


class IndexDataMissing(ValueError):
    """The dossier dataset (or the province unit) is missing: nothing to compute from."""


def _no_progress(percent: float, message: str) -> None:
    """Nobody watches."""


def _province_unit() -> Unit:
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE, parent__isnull=True).order_by("pk").first()
    if province is None:
        raise IndexDataMissing("Chưa có đơn vị UBND tỉnh trong tổ chức: hãy nạp cơ cấu tổ chức trước.")
    return province


def _collect_counts(
    session: Any, evaluation: Any, *, with_province: bool
) -> tuple[dict[str, dict[str, Counts]], dict[str, int], dict[str, Counts]]:
    """Counts by unit code (per dossier and feedback summed over months, per procedure per unit), dossiers by
    unit code, and the province's distinct-procedure counts."""
    per_unit: dict[str, list[dict[str, Counts]]] = defaultdict(list)
    dossiers: dict[str, int] = defaultdict(int)
    for row in session.run(dossier_counts_query(analytics.SOURCES, evaluation, with_categories=False)).rows:
        code = str(row["unit_code"])
        per_unit[code].append(counts_from_row(row))
        dossiers[code] += int(row["dossiers"])
    if analytics.FEEDBACK in session.versions:
        for row in session.run(feedback_counts_query(analytics.SOURCES, evaluation)).rows:
            per_unit[str(row["unit_code"])].append(counts_from_row(row))
    summed = {code: sum_counts(parts) for code, parts in per_unit.items()}
    for row in session.run(procedure_counts_query(analytics.SOURCES, evaluation)).rows:
        summed.setdefault(str(row["unit_code"]), {}).update(counts_from_row(row))
    province_procedures: dict[str, Counts] = {}
    if with_province:
        rows = session.run(procedure_counts_query(analytics.SOURCES, evaluation, by_unit=False)).rows
        if rows:
            province_procedures = counts_from_row(rows[0])
    return summed, dict(dossiers), province_procedures


def _province_counts(
    unit_counts: Iterable[Mapping[str, Counts]], procedures: Mapping[str, Counts]
) -> dict[str, Counts]:
    """The province's counts: per-dossier and per-feedback counts summed over its units, per-procedure
    counts from the province-level query (distinct procedures)."""
    additive = [
        {key: value for key, value in counts.items() if INDICATORS[key].basis is not Basis.PROCEDURE}
        for counts in unit_counts
    ]
    return {**sum_counts(additive), **procedures}


@dataclass(frozen=True)
class PublishedRates:
    """A unit's published rates of group 1 for the period (percent by indicator id) and their notices."""

    rates: dict[str, Decimal]
    sources: dict[str, str]


def published_rates_of(period: Period) -> dict[int, PublishedRates]:
    """The published rates of group 1 by unit id: a month's as entered or imported; none for a quarter or
    a year (the notice publishes months, and averaging them would synthesise a figure never published)."""
    if period.kind != IndexRun.PeriodKind.MONTH:
        return {}
    found: dict[int, PublishedRates] = {}
    for record in PublishedRate.objects.filter(month=period.code):
        entry = found.setdefault(record.unit_id, PublishedRates({}, {}))
        entry.rates[record.indicator_id] = record.rate
        entry.sources[record.indicator_id] = record.source_document
    return found


def _computed(
    unit: Unit,
    counts: Mapping[str, Counts],
    dossiers: int,
    published: PublishedRates | None,
    config: IndexConfig,
    unit_code: str,
    period: Period,
) -> ComputedUnit:
    rates = published.rates if published else {}
    result = score_index(counts, config, published_rates=rates, unit_code=unit_code, period=period.code)
    return ComputedUnit(unit, counts, dossiers, result, published.sources if published else {})


def index_results_compute(
    period: Period,
    unit_codes: tuple[str, ...] | None,
    now: dt.datetime,
    config: IndexConfig,
    progress: Progress,
) -> tuple[list[ComputedUnit], dict[str, str], bool, dt.datetime]:
    engine = analytics.index_engine()
    with engine.session() as session:
        if analytics.DOSSIERS not in session.versions:
            raise IndexDataMissing("Chưa có dữ liệu hồ sơ (ho_so): hãy nhập hồ sơ trước khi tính chỉ số.")
        evaluation = analytics.evaluation_for(session, period, now=now, unit_codes=unit_codes, config=config)
        progress(10, "Đang đếm hồ sơ, thủ tục và phản ánh")
        counts, dossiers, procedures = _collect_counts(session, evaluation, with_province=unit_codes is None)
        simulated = analytics.is_simulated(session, period)
        versions = dict(session.versions)
    progress(60, "Đang tính điểm")
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=list(counts))}
    published = published_rates_of(period)
    computed = [
        _computed(
            units[code],
            unit_counts,
            dossiers.get(code, 0),
            published.get(units[code].pk),
            config,
            code,
            period,
        )
        for code, unit_counts in sorted(counts.items())
        if code in units
    ]
    if unit_codes is None:
        total = _province_counts(counts.values(), procedures)
        province = _province_unit()
        computed.append(
            _computed(
                province,
                total,
                sum(dossiers.values()),
                published.get(province.pk),
                config,
                PROVINCE_KEY,
                period,
            )
        )
    cutoff = evaluation.cutoff_for(period.months[0])
    return computed, versions, simulated, timezone.make_aware(cutoff, timezone.get_default_timezone())


def index_compute(
    *,
    actor: Any,
    period: str,
    units: Sequence[str] | None = None,
    now: dt.datetime | None = None,
    job_id: int | None = None,
    progress: Progress = _no_progress,
) -> IndexRun:
    """Compute the index of ``period`` ("2026-02", "2026-Q1", "2026") for every unit in the data and the
    province (or only the unit codes given: stored, but not made the period's current run).

    The run's own row is bookkeeping, like a job's state: created before the computation and marked failed
    (with its message) if anything goes wrong, so the attempt stays visible; the results themselves are
    written by the audited ``services.index_results_store`` in one transaction. A failure re-raises and the
    previous current run stays.
    """
    parsed = parse_period(period)
    moment = now or timezone.now()
    config = analytics.index_config()
    unit_codes = tuple(sorted({code.strip() for code in units if code.strip()})) if units else None
    run = IndexRun.objects.create(
        period_kind=parsed.kind,
        period_code=parsed.code,
        unit_scope=",".join(unit_codes or ()),
        config_version=config.version,
        formula_version=FORMULA_VERSION,
        started_at=moment,
        job_id=job_id,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        computed, versions, simulated, cutoff = index_results_compute(
            parsed, unit_codes, moment, config, progress
        )
        run.dataset_versions = versions
        run.simulated = simulated
        run.cutoff = cutoff
        progress(85, "Đang lưu kết quả")
        return index_results_store(
            actor=actor, run=run, computed=computed, replace_current=unit_codes is None
        )
    except Exception as exc:
        IndexRun.objects.filter(pk=run.pk).update(
            state=IndexRun.State.FAILED, finished_at=timezone.now(), message=str(exc)[:500], is_current=False
        )
        raise
