"""Scoring, hand-computed: rates (half-up, N/A), points under thresholds, group caps, totals and bands."""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources

import pytest

from chidao.core.service_index.catalogue import FORMULA_VERSION
from chidao.core.service_index.config import default_config, load_config
from chidao.core.service_index.counts import Counts, sum_counts
from chidao.core.service_index.scoring import Status, aggregate_counts, points_for, rate_of, score_index

CONFIG = default_config()
PUBLISHED = {"1.1": Decimal(100), "1.2": Decimal("95.5"), "1.3": Decimal(100), "1.4": Decimal(90)}
COUNTS = {
    "2.1": Counts(97, 100),
    "4.1": Counts(2, 3),
    "4.2": Counts(70, 100),
    "4.3": Counts(85, 100),
    "4.4": Counts(0, 50),
    "4.5": Counts(3, 4),
    "3.1": Counts(9, 10),
    "3.2": Counts(1, 3),
    "3.3": Counts(40, 100),
    "3.5": Counts(0, 0),
    "3.6": Counts(1, 8),
    "5.2": Counts(9, 10),
    "5.3": Counts(7, 10),
    "5.4": Counts(85, 100),
}


@pytest.mark.parametrize(
    ("counts", "rate"),
    [
        (Counts(2, 3), Decimal("66.67")),
        (Counts(1, 3), Decimal("33.33")),
        (Counts(2469, 20000), Decimal("12.35")),  # 12.345 rounds half up, not to even
        (Counts(0, 7), Decimal("0.00")),
        (Counts(7, 7), Decimal("100.00")),
        (Counts(0, 0), None),
    ],
)
def test_rates_have_two_decimals_and_zero_denominators_are_na(counts: Counts, rate: Decimal | None) -> None:
    assert rate_of(counts) == rate


def test_points_are_full_at_the_threshold_and_proportional_below() -> None:
    assert points_for(Decimal(80), Decimal(5), Decimal(80)) == 5
    assert points_for(Decimal(70), Decimal(5), Decimal(80)) == Decimal("4.38")  # 4.375 half up
    assert points_for(Decimal("97.00"), Decimal(20), Decimal(100)) == Decimal("19.40")
    assert points_for(Decimal(0), Decimal(6), Decimal(90)) == 0


def test_a_whole_index_by_hand() -> None:
    # when a unit is scored with the published group-1 rates
    result = score_index(COUNTS, CONFIG, published_rates=PUBLISHED, unit_code="XA1", period="2026-03")

    # then group 1: 5 + 3.82 + 4 + 4.50; group 2: 19.40;
    # group 3 (4.x): 2.67 + 4.38 + 5 + 0 + 3; group 4 (3.x): 4 + 1.33 + 4.32 (36 % after × 90 % sync) + N/A + 0.50;
    # group 5: 5.40 + 4.20 + 5.67
    assert [group.score for group in result.groups] == [
        Decimal("17.32"),
        Decimal("19.40"),
        Decimal("15.05"),
        Decimal("10.15"),
        Decimal("15.27"),
    ]
    assert result.total == Decimal("77.19")
    assert result.band.name == "Khá"
    assert result.complete is False  # 3.5 has no dossiers
    assert (result.config_version, result.formula_version) == ("766-2022-v1", FORMULA_VERSION)

    online = result.indicator("3.3")
    assert (online.numerator, online.denominator, online.rate, online.points) == (
        40,
        100,
        Decimal("36.00"),
        Decimal("4.32"),
    )
    assert online.factor == 90
    assert online.note == "Đã nhân tỷ lệ đồng bộ 1.4 = 90%."
    fee = result.indicator("3.5")
    assert (fee.status, fee.rate, fee.points, fee.rate_text) == (Status.NOT_APPLICABLE, None, 0, "N/A")
    assert result.groups[3].applicable_max == 18
    assert result.groups[3].max_points == 22
    assert result.indicator("1.2").source_kind == "lấy từ số liệu công bố"
    assert result.indicator("2.1").source_kind == "tính lại từ hồ sơ"
    assert all(item.config_version == "766-2022-v1" for item in result.indicators)


def test_without_published_figures_group_one_earns_nothing_and_33_is_not_adjusted() -> None:
    result = score_index(COUNTS, CONFIG)

    assert result.groups[0].score == 0
    assert {item.status for item in result.groups[0].indicators} == {Status.NOT_PUBLISHED}
    assert result.indicator("1.1").rate_text == "chưa có số liệu công bố"
    online = result.indicator("3.3")
    assert (online.rate, online.points) == (Decimal("40.00"), Decimal("4.80"))
    assert online.note == "Chưa nhân tỷ lệ đồng bộ 1.4 (chưa có số liệu công bố)."


def test_rescaling_groups_over_indicators_with_data() -> None:
    # given the rescale policy, then group 4's 10.15 points over 18 applicable become 10.15 × 22 / 18
    data = json.loads(
        resources.files("chidao.core.service_index").joinpath("config_2022_766_v1.json").read_text("utf-8")
    )
    data.update(version="v-rescale", not_applicable="rescale_group")
    result = score_index(COUNTS, load_config(data), published_rates=PUBLISHED)

    assert result.groups[3].score == Decimal("12.41")
    assert result.config_version == "v-rescale"


def test_no_counts_at_all_scores_zero_in_the_weak_band() -> None:
    result = score_index({}, CONFIG)

    assert result.total == 0
    assert result.band.name == "Yếu"
    assert all(item.status is not Status.OK for item in result.indicators)


def test_perfect_counts_reach_a_hundred() -> None:
    perfect = {key: Counts(10, 10) for key in COUNTS}
    result = score_index(perfect, CONFIG, published_rates={key: Decimal(100) for key in PUBLISHED})

    assert result.total == 100
    assert [group.score for group in result.groups] == [group.max_points for group in result.groups]
    assert result.band.name == "Xuất sắc"
    assert result.complete


def test_province_counts_are_the_sum_of_units_for_additive_indicators() -> None:
    units = [{"2.1": Counts(9, 10), "5.2": Counts(1, 2)}, {"2.1": Counts(1, 5), "5.4": Counts(3, 3)}]

    assert aggregate_counts(units) == {"2.1": Counts(10, 15), "5.2": Counts(1, 2), "5.4": Counts(3, 3)}
    assert sum_counts([]) == {}
    with pytest.raises(ValueError, match=r"3\.1"):
        aggregate_counts([{"3.1": Counts(1, 1)}, {"3.1": Counts(1, 1)}])


def test_counts_are_consistent() -> None:
    with pytest.raises(ValueError, match="tử số"):
        Counts(3, 2)
    with pytest.raises(ValueError, match="tử số"):
        Counts(-1, 2)
    assert Counts(3, 5).missing == 2
