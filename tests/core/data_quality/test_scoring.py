"""Record groups, percentages, roll-ups and run summaries; property tests on random findings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.data_quality.catalogue import CHECKS, CheckKind, Criterion, Severity
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.schema import Owner
from chidao.core.data_quality.scoring import (
    Finding,
    RecordGroup,
    RunSummary,
    Scorecard,
    ScoreCounts,
    record_group,
    roll_up,
    score_records,
)

CONFIG = default_config()
FINDINGS_CHECKS = [code for code, item in CHECKS.items() if item.kind is CheckKind.FINDINGS]


@pytest.mark.parametrize(
    ("_case", "severities", "group"),
    [
        ("no finding", [], RecordGroup.USABLE),
        ("a warning", [Severity.WARNING], RecordGroup.TO_CORRECT),
        ("minor and major", [Severity.MINOR, Severity.MAJOR], RecordGroup.TO_CORRECT),
        ("any critical", [Severity.WARNING, Severity.CRITICAL], RecordGroup.TO_REBUILD),
    ],
)
def test_record_group(_case: str, severities: list[Severity], group: RecordGroup) -> None:
    assert record_group(severities) is group


def test_group_labels() -> None:
    assert RecordGroup.TO_REBUILD.label == "Phải xây dựng lại"
    assert RecordGroup.TO_CORRECT.label == "Cần bổ sung, chỉnh sửa"
    assert RecordGroup.USABLE.label == "Dùng được ngay"


def test_score_records_by_hand() -> None:
    # given three records of one commune: clean, a sai dấu (minor, sạch), an absent person (critical, đúng)
    records = [("b1", "21583"), ("b2", "21583"), ("b3", "21583")]
    findings = [
        Finding("bhxh", "b2", "21583", "DQ-SACH-003", "full_name", "diacritics_only"),
        Finding("bhxh", "b3", "21583", "DQ-DUNG-006", "personal_id", "absent"),
        Finding("bhxh", "b3", "21583", "DQ-DUNG-007", "birth_date", "differs"),
    ]

    counts = score_records(records, findings, CONFIG)["21583"]

    assert counts.records == 3
    assert dict(counts.groups) == {
        RecordGroup.USABLE: 1,
        RecordGroup.TO_CORRECT: 1,
        RecordGroup.TO_REBUILD: 1,
    }
    assert counts.percent(Criterion.DUNG) == Decimal("66.7")
    assert counts.percent(Criterion.SACH) == Decimal("66.7")
    assert counts.percent(Criterion.DU) == Decimal("100.0")


def test_no_records_no_percentage() -> None:
    assert ScoreCounts().percent(Criterion.SONG) is None
    assert ScoreCounts().group_percent(RecordGroup.USABLE) is None


def test_counts_must_be_consistent() -> None:
    with pytest.raises(ValueError, match="ba nhóm"):
        ScoreCounts(2, {RecordGroup.USABLE: 1})
    with pytest.raises(ValueError, match="vượt"):
        ScoreCounts(1, {RecordGroup.USABLE: 1}, {Criterion.DU: 2})


def test_roll_up_per_owner_and_register() -> None:
    one = ScoreCounts(2, {RecordGroup.USABLE: 2}, dict.fromkeys(Criterion, 2))
    other = ScoreCounts(1, {RecordGroup.TO_REBUILD: 1}, {})
    cards = [
        Scorecard("dan_cu", Owner.CONG_AN, "21583", one),
        Scorecard("dan_cu", Owner.CONG_AN, "21553", other),
        Scorecard("bhxh", Owner.BHXH, "21583", other),
    ]

    by_owner = roll_up(cards, by="owner")
    by_register_commune = roll_up(cards, by="register_commune")

    assert by_owner[("cong_an", None)].records == 3
    assert by_owner[("cong_an", None)].percent(Criterion.DU) == Decimal("66.7")
    assert by_owner[("bhxh", None)].groups[RecordGroup.TO_REBUILD] == 1
    assert by_register_commune[("dan_cu", "21553")] == other


def test_run_summary_carries_versions() -> None:
    summary = RunSummary.create(["bhxh"], date(2026, 3, 1), CONFIG, {"DQ-SACH-003": 8})

    assert summary.config_version == "dq-2026-v1"
    assert summary.catalogue_version == "dq-catalogue-1"
    assert summary.check_versions["DQ-SACH-003"] == 1
    assert "DQ-DUNG-002" not in summary.check_versions  # population only


finding_sets = st.lists(
    st.tuples(
        st.integers(0, 30), st.sampled_from(FINDINGS_CHECKS), st.sampled_from(["21583", "21553", None])
    ),
    max_size=80,
)


@given(records=st.integers(0, 31), findings=finding_sets)
def test_groups_sum_to_records_and_percentages_stay_in_range(records: int, findings) -> None:
    keys = [(f"r{number}", "21583" if number % 2 else "21553") for number in range(records)]
    found = [
        Finding("bhxh", f"r{number}", commune, code, "field", "detail")
        for number, code, commune in findings
        if number < records
    ]

    totals = score_records(keys, found, CONFIG)

    assert sum(counts.records for counts in totals.values()) == records
    for counts in totals.values():
        assert sum(counts.groups.values()) == counts.records
        for criterion in Criterion:
            percent = counts.percent(criterion)
            assert percent is not None
            assert Decimal(0) <= percent <= Decimal(100)
        # a record failing no criterion is exactly a group-1 record
        assert counts.groups[RecordGroup.USABLE] <= min(counts.passing.values())
