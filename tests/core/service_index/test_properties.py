"""Properties on random input: rates in [0, 100], scores within maxima, provinces add up, every dossier classified."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.calendar import default_calendar
from chidao.core.service_index import reference
from chidao.core.service_index.catalogue import INDICATORS, Basis, SourceKind
from chidao.core.service_index.config import default_config
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.gap import gap_to_next_band
from chidao.core.service_index.relations import Evaluation
from chidao.core.service_index.scoring import aggregate_counts, rate_of, score_index
from chidao.core.service_index.timeliness import TimelinessPolicy
from tests.core.service_index.generators import CATALOGUE_MONTH, MONTHS, catalogue, random_dossiers

CONFIG = default_config()
POLICY = TimelinessPolicy(default_calendar(), CONFIG.due_soon_working_days)
CATALOGUE = catalogue()
SCORED_RECOMPUTED = [item.id for item in INDICATORS.values() if item.scored and item.recomputed]
PUBLISHED = [item.id for item in INDICATORS.values() if item.source_kind is SourceKind.PUBLISHED]


@st.composite
def counts(draw, max_denominator: int = 500) -> Counts:
    denominator = draw(st.integers(0, max_denominator))
    return Counts(draw(st.integers(0, denominator)), denominator)


unit_counts = st.fixed_dictionaries({key: counts() for key in SCORED_RECOMPUTED})
published_rates = st.dictionaries(
    st.sampled_from(PUBLISHED), st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
)


@given(
    value=counts(), factor=st.none() | st.decimals(0, 100, places=2, allow_nan=False, allow_infinity=False)
)
def test_rates_are_between_0_and_100(value: Counts, factor: Decimal | None) -> None:
    rate = rate_of(value, factor)
    assert rate is None if value.denominator == 0 else Decimal(0) <= rate <= 100


@given(values=unit_counts, published=published_rates)
def test_scores_stay_within_their_maxima(values: dict, published: dict) -> None:
    result = score_index(values, CONFIG, published_rates=published)

    for group in result.groups:
        assert Decimal(0) <= group.score <= group.max_points
        for item in group.indicators:
            assert Decimal(0) <= item.points <= item.max_points
            assert item.rate is None or Decimal(0) <= item.rate <= 100
    assert result.total == sum(group.score for group in result.groups) <= 100
    assert result.band.contains(result.total)


@settings(max_examples=25, deadline=None)
@given(values=unit_counts, published=published_rates)
def test_gaps_are_minimal_and_mixes_reach_the_band(values: dict, published: dict) -> None:
    result = gap_to_next_band(values, CONFIG, published_rates=published)
    if result.next_band is None:
        return
    target = result.next_band.lower
    for gap in result.per_indicator:
        if gap.extra_dossiers is None:
            continue
        raised = Counts(gap.counts.numerator + gap.extra_dossiers, gap.counts.denominator)
        assert (
            score_index({**values, gap.indicator_id: raised}, CONFIG, published_rates=published).total
            >= target
        )
        if gap.extra_dossiers:
            fewer = Counts(raised.numerator - 1, raised.denominator)
            assert (
                score_index({**values, gap.indicator_id: fewer}, CONFIG, published_rates=published).total
                < target
            )
    if result.cheapest_mix is not None:
        assert result.mix_total_score >= target
        singles = [gap.extra_dossiers for gap in result.per_indicator if gap.extra_dossiers is not None]
        # the greedy mix may spend one dossier per indicator more than a single lever because of rounding
        assert not singles or result.mix_total_dossiers <= min(singles) + len(result.cheapest_mix)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), month_cutoffs=st.booleans())
def test_province_counts_are_the_sum_of_units_and_every_dossier_is_classified(
    seed: int, month_cutoffs: bool
) -> None:
    # given random dossiers of three units, judged per month or at one cutoff
    dossiers = random_dossiers(seed, 60)
    evaluation = Evaluation(
        MONTHS,
        POLICY,
        catalogue_month=CATALOGUE_MONTH,
        cutoff=None if month_cutoffs else datetime(2026, 4, 1),
    )
    facts = reference.dossier_facts(dossiers, CATALOGUE, evaluation)

    # when counted per unit, and again with every dossier moved to the province
    per_unit = reference.dossier_counts(facts)
    province_facts = reference.dossier_facts(
        [replace(dossier, unit_code="TINH") for dossier in dossiers], CATALOGUE, evaluation
    )
    province = reference.dossier_counts(province_facts)

    # then per month the province's counts are the sum of its units'
    for month in MONTHS:
        units = [value for (unit, unit_month), value in per_unit.items() if unit_month == month]
        assert province.get(("TINH", month), {}) == (aggregate_counts(units) if units else {})

    # and every dossier has exactly one category; 2.1 = on time, its complement = late + undetermined
    categories = reference.category_counts(facts)
    assert sum(sum(value.values()) for value in categories.values()) == len(dossiers) == len(facts)
    for key, value in categories.items():
        on_time = per_unit[key]["2.1"]
        late = sum(count for category, count in value.items() if category.late)
        undetermined = sum(count for category, count in value.items() if category.name == "UNDETERMINED")
        assert on_time.denominator == sum(value.values()) == on_time.numerator + late + undetermined

    # and per-procedure counts never exceed the distinct procedures of the unit
    for unit, value in reference.procedure_counts(facts).items():
        used = {fact.dossier.procedure_code for fact in facts if fact.dossier.unit_code == unit}
        for indicator_id, procedure_counts in value.items():
            assert INDICATORS[indicator_id].basis is Basis.PROCEDURE
            assert procedure_counts.denominator <= len(used)
