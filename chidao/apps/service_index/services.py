"""Writes of the service index: store a computed run whole (``computing.index_compute`` computes it) and
record official scores."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.service_index.models import IndexRun, IndexValue, PublishedScore, UnitScore
from chidao.apps.service_index.periods import parse_period
from chidao.core.service_index.catalogue import GROUPS, INDICATORS, Basis
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.scoring import IndexResult, rate_of

UNSCORED_SHOWN: Final = tuple(
    item for item in INDICATORS.values() if not item.scored and item.counted and item.basis is Basis.DOSSIER
)


@dataclass(frozen=True)
class ComputedUnit:
    """One unit's (or the province's) counts, dossier count and scores, before they are stored."""

    unit: Unit
    counts: Mapping[str, Counts]
    dossiers: int
    result: IndexResult


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
