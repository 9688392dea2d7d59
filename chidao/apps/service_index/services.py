"""Writes of the service index: compute a period (all units and the province) and record official scores.

``index_compute`` reads everything it needs through ONE engine session (one snapshot of the datasets): the
per-dossier counts of every unit and month in one scan (summed over the period's months: each dossier
belongs to one unit and month), the per-procedure counts per unit and once for the whole province (distinct
procedures never add up across units), and the feedback counts. It scores every unit in memory, then stores
the run in one transaction and only then marks it current; any failure before that leaves the previous
current run in place and records the failed run with its message.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.service_index import analytics
from chidao.apps.service_index.models import IndexRun, IndexValue, PublishedScore, UnitScore
from chidao.apps.service_index.periods import Period, parse_period
from chidao.core.service_index.catalogue import FORMULA_VERSION, GROUPS, INDICATORS, Basis
from chidao.core.service_index.config import IndexConfig
from chidao.core.service_index.counts import Counts, sum_counts
from chidao.core.service_index.queries import (
    counts_from_row,
    dossier_counts_query,
    feedback_counts_query,
    procedure_counts_query,
)
from chidao.core.service_index.scoring import IndexResult, rate_of, score_index

Progress = Callable[[float, str], None]
PROVINCE_KEY: Final = ""
UNSCORED_SHOWN: Final = tuple(
    item for item in INDICATORS.values() if not item.scored and item.counted and item.basis is Basis.DOSSIER
)


class IndexDataMissing(ValueError):
    """The dossier dataset is not published (nothing to compute from)."""


def _no_progress(percent: float, message: str) -> None:
    """Nobody watches."""


@dataclass(frozen=True)
class ComputedUnit:
    """One unit's (or the province's) counts, dossier count and scores, before they are stored."""

    unit: Unit
    counts: Mapping[str, Counts]
    dossiers: int
    result: IndexResult


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


def province_counts(
    unit_counts: Iterable[Mapping[str, Counts]], procedures: Mapping[str, Counts]
) -> dict[str, Counts]:
    """The province's counts: per-dossier and per-feedback counts summed over its units, per-procedure
    counts from the province-level query (distinct procedures)."""
    additive = [
        {key: value for key, value in counts.items() if INDICATORS[key].basis is not Basis.PROCEDURE}
        for counts in unit_counts
    ]
    return {**sum_counts(additive), **procedures}


def _compute(
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
    computed = [
        ComputedUnit(
            units[code],
            unit_counts,
            dossiers.get(code, 0),
            score_index(unit_counts, config, unit_code=code, period=period.code),
        )
        for code, unit_counts in sorted(counts.items())
        if code in units
    ]
    if unit_codes is None:
        total = province_counts(counts.values(), procedures)
        computed.append(
            ComputedUnit(
                _province_unit(),
                total,
                sum(dossiers.values()),
                score_index(total, config, unit_code=PROVINCE_KEY, period=period.code),
            )
        )
    cutoff = evaluation.cutoff_for(period.months[0])
    return computed, versions, simulated, timezone.make_aware(cutoff, timezone.get_default_timezone())


def _value_rows(run: IndexRun, item: ComputedUnit) -> list[IndexValue]:
    rows = [
        IndexValue(
            run=run,
            unit=item.unit,
            indicator_id=value.indicator_id,
            group_number=value.group,
            numerator=value.numerator,
            denominator=value.denominator,
            rate=value.rate,
            points=value.points,
            max_points=value.max_points,
            threshold=value.threshold,
            source_kind=(
                IndexValue.SourceKind.RECOMPUTED
                if INDICATORS[value.indicator_id].recomputed
                else IndexValue.SourceKind.PUBLISHED
            ),
            status=value.status.value,
            confirmed=value.points_confirmed,
            note=value.note[:300],
        )
        for value in item.result.indicators
    ]
    for extra in UNSCORED_SHOWN:
        counts = item.counts.get(extra.id, Counts(0, 0))
        rate = rate_of(counts)
        rows.append(
            IndexValue(
                run=run,
                unit=item.unit,
                indicator_id=extra.id,
                group_number=0,
                numerator=counts.numerator,
                denominator=counts.denominator,
                rate=rate,
                points=Decimal(0),
                max_points=Decimal(0),
                threshold=Decimal(100),
                source_kind=IndexValue.SourceKind.RECOMPUTED,
                status="ok" if rate is not None else "na",
                confirmed=False,
                note="Chỉ hiển thị, không tính điểm.",
            )
        )
    return rows


def _score_rows(run: IndexRun, item: ComputedUnit) -> list[UnitScore]:
    result = item.result
    rows = [
        UnitScore(
            run=run,
            unit=item.unit,
            group_number=0,
            score=result.total,
            max_points=sum((group.max_points for group in GROUPS), Decimal(0)),
            band_code=result.band.code,
            band_name=result.band.name,
            band_confirmed=result.band.confirmed,
            complete=result.complete,
            dossiers=item.dossiers,
        )
    ]
    rows += [
        UnitScore(
            run=run,
            unit=item.unit,
            group_number=group.number,
            score=group.score,
            max_points=group.max_points,
            complete=all(value.status.value == "ok" for value in group.indicators),
            dossiers=item.dossiers,
        )
        for group in result.groups
    ]
    return rows


@writes_audit("service_index.compute", label="Tính chỉ số phục vụ người dân, doanh nghiệp")
def index_results_store(
    *, actor: Any, run: IndexRun, computed: Sequence[ComputedUnit], replace_current: bool
) -> IndexRun:
    """Store a computed run whole, then (for a run over every unit) make it the period's current run."""
    values: list[IndexValue] = []
    scores: list[UnitScore] = []
    for item in computed:
        values += _value_rows(run, item)
        scores += _score_rows(run, item)
    IndexValue.objects.bulk_create(values, batch_size=2000)
    UnitScore.objects.bulk_create(scores, batch_size=2000)
    if replace_current:
        IndexRun.objects.filter(
            period_kind=run.period_kind, period_code=run.period_code, is_current=True
        ).exclude(pk=run.pk).update(is_current=False)
    run.state = IndexRun.State.SUCCEEDED
    run.is_current = replace_current
    run.finished_at = timezone.now()
    run.message = (
        f"{len(computed)} đơn vị, {sum(item.dossiers for item in computed if item.unit.parent_id)} hồ sơ"
    )
    run.save()
    audit_record(
        actor=actor,
        action="service_index.compute",
        obj=run,
        after=snapshot(
            run, ["period_kind", "period_code", "config_version", "dataset_versions", "simulated"]
        ),
    )
    return run


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

    A failure marks the run failed (with its message) and re-raises; the previous current run stays.
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
        computed, versions, simulated, cutoff = _compute(parsed, unit_codes, moment, config, progress)
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


@writes_audit("service_index.published_score_save", label="Nhập điểm chỉ số chính thức")
def published_score_save(
    *,
    actor: Any,
    unit: Unit,
    month: str,
    group_number: int,
    score: Decimal,
    source_document: str,
    rank: int | None = None,
    rank_of: int | None = None,
    origin: str = PublishedScore.Origin.ENTERED,
) -> PublishedScore:
    """Enter (or correct) one official score of the monthly notice: unit, month, group (0 = total)."""
    parse_period(month)
    if len(month) != 7:
        raise ValidationError({"month": "Điểm chính thức được công bố theo tháng (dạng 2025-11)."})
    if not 0 <= group_number <= 5:
        raise ValidationError({"group_number": "Nhóm phải từ 0 (tổng) đến 5."})
    max_points = (
        sum((group.max_points for group in GROUPS), Decimal(0))
        if group_number == 0
        else next(group.max_points for group in GROUPS if group.number == group_number)
    )
    value = Decimal(str(score)).quantize(Decimal("0.01"))
    if not Decimal(0) <= value <= max_points:
        raise ValidationError({"score": f"Điểm phải từ 0 đến {max_points}."})
    if not source_document.strip():
        raise ValidationError({"source_document": "Cần ghi nguồn (thông báo, văn bản) của điểm chính thức."})
    existing = PublishedScore.objects.filter(unit=unit, month=month, group_number=group_number).first()
    before = snapshot(existing)
    record = existing or PublishedScore(unit=unit, month=month, group_number=group_number)
    record.score = value
    record.max_points = max_points
    record.rank = rank
    record.rank_of = rank_of
    record.source_document = source_document.strip()[:300]
    record.origin = origin
    record.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    audit_record(
        actor=actor,
        action="service_index.published_score_save",
        obj=record,
        before=before,
        after=snapshot(record),
    )
    return record
