"""What it takes to reach the next band: extra qualifying dossiers, per indicator and in the cheapest mix.

Only recomputed, scored **per-dossier** indicators are levers (2.1, 3.3, 3.6, 4.1, 4.2, 4.3, 4.4, 5.4):
"one more qualifying dossier" has a meaning there. An extra qualifying dossier is one of the dossiers
already in the denominator that qualifies instead of not (a late dossier that would have been on time, a
direct one submitted online…): the denominator stays, the numerator grows, so at most ``denominator −
numerator`` extra dossiers exist. Effects between indicators (a dossier on time also helps 5.4) are
ignored: each indicator moves alone, "holding the others fixed".

1. **Per indicator**: the least k with score(numerator + k) ≥ the next band's lower bound, found by
   bisection on the real scorer (points grow with k); none if even k = denominator − numerator is not
   enough ("không đủ").
2. **Cheapest mix**: greedy by dossiers per point. Below its threshold an indicator gains
   max / threshold × 100 / denominator points per dossier (× the sync rate 1.4 for 3.3), a constant,
   and nothing above it: each gain is
   linear then flat (concave), so taking the cheapest points first is optimal for the fractional problem
   (as in a fractional knapsack). Each indicator in turn is taken up to its full points or, for the last
   one, to the least k that reaches the target — always checked with the real scorer, so the 2-decimal
   rounding of rates and points can cost at most one dossier per indicator compared with the fractional
   optimum.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import Final

from chidao.core.service_index.catalogue import FORMULA_VERSION, INDICATORS, Basis
from chidao.core.service_index.config import HUNDRED, Band, IndexConfig
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.scoring import IndexResult, Status, score_index

__all__ = ["GapResult", "IndicatorGap", "MixStep", "gap_to_next_band"]

NOT_ENOUGH: Final = "không đủ"
_ZERO: Final = Decimal(0)
_CENT: Final = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorGap:
    """One indicator moved alone: extra dossiers needed (None = "không đủ") and its cost per point."""

    indicator_id: str
    name: str
    counts: Counts
    extra_dossiers: int | None
    dossiers_per_point: Decimal | None

    @property
    def extra_text(self) -> str:
        """The number, or "không đủ"."""
        return NOT_ENOUGH if self.extra_dossiers is None else str(self.extra_dossiers)


@dataclass(frozen=True)
class MixStep:
    """Part of the cheapest mix: this many extra qualifying dossiers on this indicator."""

    indicator_id: str
    extra_dossiers: int


@dataclass(frozen=True)
class GapResult:
    """The gap from the current total to the next band."""

    current: IndexResult
    next_band: Band | None
    points_needed: Decimal
    per_indicator: tuple[IndicatorGap, ...]
    cheapest_mix: tuple[MixStep, ...] | None
    mix_total_dossiers: int | None
    mix_total_score: Decimal | None
    config_version: str
    formula_version: str


def _levers(result: IndexResult) -> list[str]:
    return [
        item.indicator_id
        for item in result.indicators
        if INDICATORS[item.indicator_id].basis is Basis.DOSSIER
        and INDICATORS[item.indicator_id].recomputed
        and item.status is Status.OK
        and item.numerator is not None
        and item.denominator is not None
        and item.numerator < item.denominator
    ]


def _least(upper: int, reaches: Callable[[int], bool]) -> int | None:
    """The least k in [0, upper] with reaches(k), for a monotone predicate; None if reaches(upper) fails."""
    if not reaches(upper):
        return None
    low, high = 0, upper
    while low < high:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle + 1
    return low


@dataclass(frozen=True)
class _Unit:
    """The unit's counts and what the real scorer says about changes to them."""

    counts: Mapping[str, Counts]
    config: IndexConfig
    published: Mapping[str, Decimal]
    target: Decimal
    current: IndexResult

    def total(self, changed: Mapping[str, Counts]) -> Decimal:
        return score_index({**self.counts, **changed}, self.config, published_rates=self.published).total

    def raised(self, indicator_id: str, extra: int) -> Counts:
        base = self.counts[indicator_id]
        return Counts(base.numerator + extra, base.denominator)

    def least_extra(self, indicator_id: str, upper: int, fixed: Mapping[str, Counts]) -> int | None:
        """The least k ≤ upper extra dossiers on ``indicator_id`` reaching the target, others as in ``fixed``."""

        def reaches(extra: int) -> bool:
            return self.total({**fixed, indicator_id: self.raised(indicator_id, extra)}) >= self.target

        return _least(upper, reaches)

    def scale(self, indicator_id: str) -> Decimal:
        """The factor the rate is multiplied by, as a fraction (3.3 × the published sync rate 1.4, else 1)."""
        factor = self.current.indicator(indicator_id).factor
        return Decimal(1) if factor is None else factor / HUNDRED

    def to_full_points(self, indicator_id: str) -> int:
        """Extra dossiers until the exact (scaled) rate reaches the threshold, at most the dossiers missing."""
        base = self.counts[indicator_id]
        scale = self.scale(indicator_id)
        if not scale:
            return 0
        threshold = self.config.setting(indicator_id).threshold / scale
        needed = (threshold * base.denominator / HUNDRED - base.numerator).to_integral_value(
            rounding=ROUND_CEILING
        )
        return max(0, min(int(needed), base.missing))

    def dossiers_per_point(self, indicator_id: str) -> Decimal | None:
        """Dossiers per point below the threshold (max / threshold × 100 / denominator × scale points each).

        None when a dossier earns nothing: already at full points, or a zero factor.
        """
        setting = self.config.setting(indicator_id)
        if not setting.points or not self.to_full_points(indicator_id):
            return None
        denominator = self.counts[indicator_id].denominator
        per_point = setting.threshold * denominator / (HUNDRED * setting.points * self.scale(indicator_id))
        return per_point.quantize(_CENT)


def gap_to_next_band(
    counts: Mapping[str, Counts],
    config: IndexConfig,
    *,
    published_rates: Mapping[str, Decimal] | None = None,
) -> GapResult:
    """The gap of a unit (counts by indicator id) to the band above its current one."""
    published = dict(published_rates or {})
    current = score_index(counts, config, published_rates=published)
    target_band = config.next_band(current.band)
    if target_band is None:
        return GapResult(current, None, _ZERO, (), (), 0, current.total, config.version, FORMULA_VERSION)
    unit = _Unit(counts, config, published, target_band.lower, current)
    per_indicator = tuple(
        IndicatorGap(
            key,
            INDICATORS[key].name,
            counts[key],
            unit.least_extra(key, counts[key].missing, {}),
            unit.dossiers_per_point(key),
        )
        for key in _levers(current)
    )
    mix, chosen = _cheapest_mix(unit, per_indicator)
    return GapResult(
        current,
        target_band,
        max(target_band.lower - current.total, _ZERO),
        tuple(per_indicator),
        mix,
        sum(step.extra_dossiers for step in mix) if mix is not None else None,
        unit.total(chosen) if mix is not None else None,
        config.version,
        FORMULA_VERSION,
    )


def _cheapest_mix(
    unit: _Unit, per_indicator: tuple[IndicatorGap, ...]
) -> tuple[tuple[MixStep, ...] | None, dict[str, Counts]]:
    steps: list[MixStep] = []
    chosen: dict[str, Counts] = {}
    ranked = sorted(
        (gap for gap in per_indicator if gap.dossiers_per_point is not None),
        key=lambda gap: (gap.dossiers_per_point or _ZERO, gap.indicator_id),
    )
    for gap in ranked:
        key = gap.indicator_id
        upper = unit.to_full_points(key)
        extra = unit.least_extra(key, upper, chosen)
        if extra is not None:
            if extra:
                steps.append(MixStep(key, extra))
            chosen[key] = unit.raised(key, extra)
            return tuple(steps), chosen
        steps.append(MixStep(key, upper))
        chosen[key] = unit.raised(key, upper)
    return None, chosen
