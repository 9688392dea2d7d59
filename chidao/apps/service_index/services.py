"""Writes of the service index: store a computed run whole (``computing.index_compute`` computes it), record
official scores and the published rates of group 1, and import a big dossier file (``import_service_index``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.conf import data_root, dataset_encryption_key
from chidao.apps.service_index.importers import base as import_base
from chidao.apps.service_index.importers.bulk import ImportOutcome, import_export
from chidao.apps.service_index.importers.layouts import (
    DOSSIERS,
    DOSSIERS_WITH_APPLICANT,
    FEEDBACK,
    PROCEDURES,
    Layout,
)
from chidao.apps.service_index.models import IndexRun, IndexValue, PublishedRate, PublishedScore, UnitScore
from chidao.apps.service_index.periods import parse_period
from chidao.core.service_index.catalogue import GROUPS, INDICATORS, Basis, SourceKind
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.scoring import IndexResult, IndicatorResult, rate_of

# The sub-indicators "lấy từ số liệu công bố" (group 1): their rates are entered or imported, never computed.
PUBLISHED_RATE_INDICATORS: Final = tuple(
    item.id for item in INDICATORS.values() if item.scored and item.source_kind is SourceKind.PUBLISHED
)
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
    # Indicator id → the notice its published rate comes from (shown beside the value).
    published_sources: Mapping[str, str] = field(default_factory=dict)


def _note(value: IndicatorResult, sources: Mapping[str, str]) -> str:
    if value.indicator_id in sources and value.rate is not None:
        return f"Lấy từ số liệu công bố: {sources[value.indicator_id]}."
    return value.note


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
            note=_note(value, item.published_sources)[:300],
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
    if parse_period(month).kind != IndexRun.PeriodKind.MONTH:
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


@writes_audit("service_index.published_rate_save", label="Nhập tỷ lệ chỉ số thành phần công bố (nhóm 1)")
def published_rate_save(
    *,
    actor: Any,
    unit: Unit,
    month: str,
    indicator_id: str,
    rate: Decimal,
    source_document: str,
    origin: str = PublishedRate.Origin.ENTERED,
) -> PublishedRate:
    """Enter (or correct) one published rate of group 1 (1.1–1.4, in percent) of a unit and month."""
    if parse_period(month).kind != IndexRun.PeriodKind.MONTH:
        raise ValidationError({"month": "Tỷ lệ công bố được ghi theo tháng (dạng 2025-11)."})
    if indicator_id not in PUBLISHED_RATE_INDICATORS:
        raise ValidationError(
            {"indicator_id": f"Chỉ nhập tỷ lệ công bố cho các chỉ số {', '.join(PUBLISHED_RATE_INDICATORS)}."}
        )
    value = Decimal(str(rate)).quantize(Decimal("0.01"))
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError({"rate": "Tỷ lệ phải từ 0 đến 100 (%)."})
    if not source_document.strip():
        raise ValidationError({"source_document": "Cần ghi nguồn (thông báo, văn bản) của tỷ lệ công bố."})
    existing = PublishedRate.objects.filter(unit=unit, month=month, indicator_id=indicator_id).first()
    before = snapshot(existing)
    record = existing or PublishedRate(unit=unit, month=month, indicator_id=indicator_id)
    record.rate = value
    record.source_document = source_document.strip()[:300]
    record.origin = origin
    record.entered_by = actor if getattr(actor, "is_authenticated", False) else None
    record.save()
    audit_record(
        actor=actor,
        action="service_index.published_rate_save",
        obj=record,
        before=before,
        after=snapshot(record),
    )
    return record


# The kinds of file ``import_service_index`` takes, by the name given on the command line.
IMPORT_KINDS: Final = ("dossiers", "procedures", "feedback")


def _layout_of(kind: str) -> Layout:
    if kind == "dossiers":
        return DOSSIERS_WITH_APPLICANT if import_base.keep_applicant_data() else DOSSIERS
    if kind == "procedures":
        return PROCEDURES
    if kind == "feedback":
        return FEEDBACK
    raise ValidationError({"kind": f"Loại tệp phải là một trong: {', '.join(IMPORT_KINDS)}."})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@writes_audit("service_index.file_import", label="Nhập tệp lớn của chỉ số phục vụ (dòng lệnh)")
def dataset_file_import(
    *,
    actor: Any,
    kind: str,
    path: Path,
    source_system: str = "",
    dry_run: bool = False,
    now: dt.datetime | None = None,
) -> ImportOutcome:
    """Import a big CSV export of dossiers, the procedure catalogue or feedback through the bulk path.

    Keep good rows; every (source system, month) of the file's good rows is replaced (the catalogue: its
    snapshot month, default this month). ``dry_run`` reads and validates only: nothing is published and
    nothing audited. Raises ``bulk.ImportFileError`` for a file that cannot be read at all.
    """
    layout = _layout_of(kind)
    moment = now or timezone.now()
    system = source_system.strip() or import_base.default_source_system()
    keep_applicant = any(item.target == "applicant_name" for item in layout.fields)
    outcome = import_export(
        path,
        layout,
        data_root=Path(data_root()),
        units=import_base.unit_directory() if kind != "procedures" else None,
        source_system=system,
        now=moment,
        limits=import_base.import_limits(),
        default_month=timezone.localtime(moment).strftime("%Y-%m"),
        applicant_key=dataset_encryption_key() if keep_applicant else None,
        publish=not dry_run,
    )
    if dry_run:
        return outcome
    validated = outcome.validated
    audit_record(
        actor=actor,
        action="service_index.file_import",
        object_type="dataset",
        object_id=layout.schema.name,
        object_repr=f"{layout.schema.name}: {path.name}"[:300],
        after={
            "kind": kind,
            "file": str(path),
            "size": path.stat().st_size,
            "sha256": _sha256(path),
            "source_system": system,
            "rows": validated.rows,
            "kept": validated.good.num_rows,
            "rejected_rows": validated.rejected_rows,
            "months_replaced": list(outcome.months),
            "version": outcome.manifest.version if outcome.manifest is not None else None,
        },
    )
    return outcome
