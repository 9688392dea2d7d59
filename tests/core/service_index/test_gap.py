"""Gap to the next band, hand-computed: per indicator alone, "không đủ", and the cheapest mix."""

from __future__ import annotations

from decimal import Decimal

from chidao.core.service_index.config import default_config
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.gap import MixStep, gap_to_next_band

CONFIG = default_config()
PUBLISHED = {key: Decimal(100) for key in ("1.1", "1.2", "1.3", "1.4")}
ALL_RECOMPUTED = (
    "2.1",
    "3.1",
    "3.2",
    "3.3",
    "3.5",
    "3.6",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "4.5",
    "5.2",
    "5.3",
    "5.4",
)


def perfect(**changes: Counts) -> dict[str, Counts]:
    counts = {key: Counts(100, 100) for key in ALL_RECOMPUTED}
    counts.update({key.replace("_", "."): value for key, value in changes.items()})
    return counts


def by_indicator(result) -> dict[str, tuple[str, Decimal | None]]:
    return {gap.indicator_id: (gap.extra_text, gap.dossiers_per_point) for gap in result.per_indicator}


def test_each_indicator_alone_and_the_cheapest_single_lever() -> None:
    # given 100 − 4 (2.1 at 80 %) − 1.2 (5.4 at 72 % of 90) − 2 (4.4 at 50 %) − 4 (3.6 at 0 of 10) = 88.80, "Tốt"
    counts = perfect(
        **{"2_1": Counts(80, 100), "5_4": Counts(72, 100), "4_4": Counts(50, 100), "3_6": Counts(0, 10)}
    )

    # when the gap to "Xuất sắc" (90) is computed
    result = gap_to_next_band(counts, CONFIG, published_rates=PUBLISHED)

    # then 1.20 points are needed; 2.1 needs 6 dossiers (0.2 each), 5.4 18 (to its 90 % threshold),
    # 4.4 30 (0.04 each), 3.6 3 (0.4 each) — and 3.6 is the cheapest
    assert (result.current.total, result.current.band.name) == (Decimal("88.80"), "Tốt")
    assert (result.next_band.name, result.points_needed) == ("Xuất sắc", Decimal("1.20"))
    assert by_indicator(result) == {
        "2.1": ("6", Decimal("5.00")),
        "4.4": ("30", Decimal("25.00")),
        "3.6": ("3", Decimal("2.50")),
        "5.4": ("18", Decimal("15.00")),
    }
    assert result.cheapest_mix == (MixStep("3.6", 3),)
    assert (result.mix_total_dossiers, result.mix_total_score) == (3, Decimal("90.00"))
    assert result.config_version == "766-2022-v1"


def test_the_cheapest_mix_combines_indicators_when_none_suffices_cheaply() -> None:
    # given 100 − 1 (3.6 at 3 of 4) − 8 (2.1 at 60 %) − 1.2 (5.4 at 72 %) − 4 (4.4 at 0 %) = 85.80: 4.20 needed
    counts = perfect(
        **{"3_6": Counts(3, 4), "2_1": Counts(60, 100), "5_4": Counts(72, 100), "4_4": Counts(0, 100)}
    )

    result = gap_to_next_band(counts, CONFIG, published_rates=PUBLISHED)

    # then alone only 2.1 can do it (21 dossiers); 3.6 (+1), 5.4 (+1.2) and 4.4 (+4) are "không đủ"
    assert result.points_needed == Decimal("4.20")
    assert by_indicator(result) == {
        "2.1": ("21", Decimal("5.00")),
        "4.4": ("không đủ", Decimal("25.00")),
        "3.6": ("không đủ", Decimal("1.00")),
        "5.4": ("không đủ", Decimal("15.00")),
    }
    # and the cheapest mix takes 3.6's last dossier (1 point) then 16 on 2.1 (3.2 points): 17 < 21
    assert result.cheapest_mix == (MixStep("3.6", 1), MixStep("2.1", 16))
    assert (result.mix_total_dossiers, result.mix_total_score) == (17, Decimal("90.00"))


def test_the_top_band_has_no_next_band() -> None:
    result = gap_to_next_band(perfect(), CONFIG, published_rates=PUBLISHED)

    assert result.next_band is None
    assert (result.points_needed, result.per_indicator, result.cheapest_mix) == (0, (), ())


def test_an_unreachable_band_says_so() -> None:
    # given only 2.1 at 0 of 10 and nothing else: total 0, next band 50 points away, 2.1 gives at most 20
    result = gap_to_next_band({"2.1": Counts(0, 10)}, CONFIG)

    assert (result.next_band.name, result.points_needed) == ("Trung bình", Decimal(50))
    assert by_indicator(result) == {"2.1": ("không đủ", Decimal("0.50"))}
    assert (result.cheapest_mix, result.mix_total_dossiers, result.mix_total_score) == (None, None, None)


def test_indicators_at_full_points_or_without_data_are_no_lever() -> None:
    # given 3.3 above its 50 % threshold but below 100 %, and 3.6 without dossiers
    counts = perfect(**{"3_3": Counts(60, 100), "3_6": Counts(0, 0), "2_1": Counts(60, 100)})

    # when the gap from 100 − 8 (2.1) − 4 (3.6 N/A earns nothing) = 88 is computed
    result = gap_to_next_band(counts, CONFIG, published_rates=PUBLISHED)

    # then 3.3 gains nothing per dossier and 3.6 is N/A: only 2.1 is a lever, 10 dossiers
    assert by_indicator(result) == {"2.1": ("10", Decimal("5.00")), "3.3": ("không đủ", None)}
    assert result.cheapest_mix == (MixStep("2.1", 10),)


def test_the_sync_rate_makes_33_dossiers_worth_less() -> None:
    # given 3.3 at 0 % with a published sync rate of 50 % (1.4 earns 2.5 of 5) and 2.1 at 80 %: 87.50 points
    counts = perfect(**{"3_3": Counts(0, 100), "2_1": Counts(80, 100)})
    published = {**PUBLISHED, "1.4": Decimal(50)}

    result = gap_to_next_band(counts, CONFIG, published_rates=published)

    # then a 3.3 dossier adds 1 % × 50 % of the rate: 0.06 points, 16.67 dossiers per point, 42 for 2.5 points;
    # 2.1 needs 13 (0.2 each) and is the cheaper lever
    assert (result.current.total, result.points_needed) == (Decimal("87.50"), Decimal("2.50"))
    assert by_indicator(result) == {"2.1": ("13", Decimal("5.00")), "3.3": ("42", Decimal("16.67"))}
    assert result.cheapest_mix == (MixStep("2.1", 13),)
