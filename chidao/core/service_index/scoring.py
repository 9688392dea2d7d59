"""From numerators and denominators to rates, points, group scores, the total and its band.

Arithmetic is decimal and reproducible by hand from what a page shows:

- rate = numerator / denominator × 100, rounded half-up to 2 decimals; a zero denominator gives **N/A**;
- points = min(rate, threshold) / threshold × max points, rounded half-up to 2 decimals (the threshold is
  100 where the technical description states none, i.e. points proportional to the rate);
- a group's score = the sum of its indicators' points, at most the group's maximum; N/A indicators earn
  nothing and, by default (``NotApplicable.ZERO_POINTS``), the group keeps its full maximum; with
  ``RESCALE_GROUP`` the sum is scaled to the maximum over the indicators that have data;
- total = the sum of the five group scores; band = the configured band holding it.

Indicators "lấy từ số liệu công bố" (group 1) take their rate from ``published_rates``; absent, they are
shown "chưa có số liệu công bố" and earn nothing, and the result is marked incomplete. 3.3 is multiplied by
the published sync rate 1.4 when it is given (technical description), otherwise noted.

Province figures: ``aggregate_counts`` adds per-dossier and per-feedback counts of the units; per-procedure
counts must come from a province-level query (distinct procedures).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final

from chidao.core.service_index.catalogue import FORMULA_VERSION, GROUPS, INDICATORS, Basis, Indicator
from chidao.core.service_index.config import HUNDRED, Band, IndexConfig, NotApplicable
from chidao.core.service_index.counts import Counts, sum_counts

__all__ = [
    "GroupResult",
    "IndexResult",
    "IndicatorResult",
    "Status",
    "aggregate_counts",
    "points_for",
    "rate_of",
    "score_index",
]

_CENT: Final = Decimal("0.01")
_ZERO: Final = Decimal(0)
SYNC_RATE_INDICATOR: Final = "1.4"
SYNC_ADJUSTED_INDICATOR: Final = "3.3"


class Status(StrEnum):
    """Whether an indicator has a value."""

    OK = "ok"
    NOT_APPLICABLE = "na"
    NOT_PUBLISHED = "not_published"

    @property
    def label(self) -> str:
        """How the value is shown when there is none."""
        return {Status.OK: "", Status.NOT_APPLICABLE: "N/A", Status.NOT_PUBLISHED: "chưa có số liệu công bố"}[
            self
        ]


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def rate_of(counts: Counts, factor: Decimal | None = None) -> Decimal | None:
    """numerator / denominator × 100 (× factor / 100 when a factor in percent is given), 2 decimals; None if 0/0."""
    if counts.denominator == 0:
        return None
    rate = Decimal(counts.numerator * 100) / Decimal(counts.denominator)
    if factor is not None:
        rate = rate * factor / HUNDRED
    return _round(rate)


def points_for(rate: Decimal, max_points: Decimal, threshold: Decimal) -> Decimal:
    """Full points at or above the threshold, otherwise rate × max / threshold (2 decimals)."""
    if rate >= threshold:
        return max_points
    return _round(max(rate, _ZERO) * max_points / threshold)


@dataclass(frozen=True)
class IndicatorResult:
    """One sub-indicator's value with everything needed to explain it."""

    indicator_id: str
    name: str
    group: int
    source_kind: str
    status: Status
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    points: Decimal
    max_points: Decimal
    threshold: Decimal
    points_confirmed: bool
    factor: Decimal | None
    note: str
    config_version: str
    formula_version: str

    @property
    def rate_text(self) -> str:
        """The rate for display ("N/A" without a value); pages format numbers the Vietnamese way."""
        return self.status.label if self.rate is None else str(self.rate)


@dataclass(frozen=True)
class GroupResult:
    """One group of the Decision: score ≤ maximum, and the maximum over indicators with data."""

    number: int
    name: str
    score: Decimal
    max_points: Decimal
    applicable_max: Decimal
    indicators: tuple[IndicatorResult, ...]
    config_version: str
    formula_version: str


@dataclass(frozen=True)
class IndexResult:
    """The index of one unit (or aggregate) and period."""

    unit_code: str
    period: str
    total: Decimal
    band: Band
    groups: tuple[GroupResult, ...]
    complete: bool
    config_version: str
    formula_version: str

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """Every scored indicator, group by group."""
        return tuple(item for group in self.groups for item in group.indicators)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        """The result of one indicator."""
        for item in self.indicators:
            if item.indicator_id == indicator_id:
                return item
        raise KeyError(indicator_id)


def _indicator_result(
    item: Indicator,
    counts: Mapping[str, Counts],
    published_rates: Mapping[str, Decimal],
    config: IndexConfig,
) -> IndicatorResult:
    setting = config.setting(item.id)
    numerator = denominator = None
    factor: Decimal | None = None
    note = ""
    if item.recomputed:
        value = counts.get(item.id, Counts(0, 0))
        numerator, denominator = value.numerator, value.denominator
        if item.id == SYNC_ADJUSTED_INDICATOR:
            factor = published_rates.get(SYNC_RATE_INDICATOR)
            note = (
                f"Đã nhân tỷ lệ đồng bộ 1.4 = {factor}%."
                if factor is not None
                else "Chưa nhân tỷ lệ đồng bộ 1.4 (chưa có số liệu công bố)."
            )
        rate = rate_of(value, factor)
        status = Status.OK if rate is not None else Status.NOT_APPLICABLE
    else:
        published = published_rates.get(item.id)
        rate = _round(Decimal(published)) if published is not None else None
        status = Status.OK if rate is not None else Status.NOT_PUBLISHED
    points = points_for(rate, setting.points, setting.threshold) if rate is not None else _ZERO
    assert item.group is not None  # scored indicators always belong to a group
    return IndicatorResult(
        item.id,
        item.name,
        item.group,
        item.source_kind.label,
        status,
        numerator,
        denominator,
        rate,
        points,
        setting.points,
        setting.threshold,
        setting.points_confirmed,
        factor,
        note,
        config.version,
        FORMULA_VERSION,
    )


def _group_score(
    results: Iterable[IndicatorResult], max_points: Decimal, policy: NotApplicable
) -> tuple[Decimal, Decimal]:
    results = tuple(results)
    earned = sum((result.points for result in results), _ZERO)
    applicable = sum((result.max_points for result in results if result.status is Status.OK), _ZERO)
    if policy is NotApplicable.RESCALE_GROUP:
        earned = _round(earned * max_points / applicable) if applicable else _ZERO
    return min(earned, max_points), applicable


def score_index(
    counts: Mapping[str, Counts],
    config: IndexConfig,
    *,
    published_rates: Mapping[str, Decimal] | None = None,
    unit_code: str = "",
    period: str = "",
) -> IndexResult:
    """Score one unit (or aggregate) from its counts by indicator id and the published rates of group 1.

    Missing counts of a recomputed indicator mean 0 of 0 (N/A).
    """
    published = dict(published_rates or {})
    groups = []
    complete = True
    for item_group in GROUPS:
        members = [item for item in INDICATORS.values() if item.scored and item.group == item_group.number]
        results = tuple(_indicator_result(item, counts, published, config) for item in members)
        complete = complete and all(result.status is Status.OK for result in results)
        score, applicable = _group_score(results, item_group.max_points, config.not_applicable)
        groups.append(
            GroupResult(
                item_group.number,
                item_group.name,
                score,
                item_group.max_points,
                applicable,
                results,
                config.version,
                FORMULA_VERSION,
            )
        )
    total = min(sum((group.score for group in groups), _ZERO), HUNDRED)
    return IndexResult(
        unit_code,
        period,
        total,
        config.band_for(total),
        tuple(groups),
        complete,
        config.version,
        FORMULA_VERSION,
    )


def aggregate_counts(parts: Iterable[Mapping[str, Counts]]) -> dict[str, Counts]:
    """A parent's counts from its units' counts: per-dossier and per-feedback indicators only.

    Raises ValueError for a per-procedure indicator: distinct procedures do not add up across units.
    """
    parts = tuple(parts)
    additive = (Basis.DOSSIER, Basis.FEEDBACK)
    refused = sorted({key for part in parts for key in part if INDICATORS[key].basis not in additive})
    if refused:
        raise ValueError(
            f"Không cộng được chỉ số tính theo TTHC ({', '.join(refused)}) giữa các đơn vị: "
            "hãy truy vấn ở cấp tổng hợp (đếm TTHC không trùng)."
        )
    return sum_counts(parts)
