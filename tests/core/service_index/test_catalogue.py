"""The catalogue covers facts §1.3, keeps the Decision's groups, and declares rules where it recomputes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from chidao.core.service_index.catalogue import (
    GROUPS,
    INDICATORS,
    Basis,
    SourceKind,
    group,
    indicator,
    indicators_of,
)
from chidao.core.service_index.schema import HO_SO, PHAN_ANH, SCHEMAS, THU_TUC

FACTS_SUB_INDICATORS = {
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "2.1",
    "2.2",
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
}
PERSONAL_DATA = re.compile(
    r"(name|ten|ho_ten|cccd|cmnd|identity|id_number|birth|ngay_sinh|phone|address|email)"
)


def test_every_sub_indicator_of_the_facts_is_declared() -> None:
    assert set(INDICATORS) >= FACTS_SUB_INDICATORS
    assert set(INDICATORS) - FACTS_SUB_INDICATORS == {"4.5b", "TT"}


def test_groups_have_the_decisions_maxima_and_the_numbering_swap() -> None:
    # given the Decision's groups, then the maxima are 18/20/22/22/18 and sum to 100
    assert [item.max_points for item in GROUPS] == [Decimal(value) for value in (18, 20, 22, 22, 18)]
    assert sum(item.max_points for item in GROUPS) == 100
    # and the technical ids 3.x (online services) sit in Decision group 4, 4.x (digitisation) in group 3
    assert group(4).name == "Cung cấp dịch vụ trực tuyến"
    assert {item.group for item in INDICATORS.values() if item.id[0] == "3"} == {4}
    assert {item.group for item in INDICATORS.values() if item.id[0] == "4"} == {3}
    with pytest.raises(KeyError):
        group(6)


def test_group_one_is_taken_from_published_figures_and_never_computed() -> None:
    published = {item.id for item in INDICATORS.values() if item.source_kind is SourceKind.PUBLISHED}
    assert published == {"1.1", "1.2", "1.3", "1.4"}
    for indicator_id in published:
        item = INDICATORS[indicator_id]
        assert item.basis is Basis.PUBLISHED
        assert not item.counted
        assert item.source_kind.label == "lấy từ số liệu công bố"


def test_recomputed_indicators_declare_a_rule_and_sql() -> None:
    for item in INDICATORS.values():
        if item.source_kind is SourceKind.RECOMPUTED and item.id != "2.2":
            assert item.counted, item.id
            assert item.sql_denominator, item.id
            assert item.sql_numerator, item.id
            assert "?" not in item.sql_denominator + item.sql_numerator, item.id
            assert item.source_kind.label == "tính lại từ hồ sơ"


def test_thresholds_of_the_technical_description() -> None:
    thresholds = {item.id: item.threshold for item in INDICATORS.values() if item.threshold is not None}
    assert thresholds == {
        "3.1": Decimal(80),
        "3.3": Decimal(50),
        "3.5": Decimal(80),
        "4.2": Decimal(80),
        "4.3": Decimal(80),
        "5.4": Decimal(90),
    }


def test_display_only_indicators_are_not_scored() -> None:
    assert {item.id for item in INDICATORS.values() if not item.scored} == {"2.2", "4.5b", "TT"}
    assert [item.id for item in indicators_of(Basis.FEEDBACK)] == ["5.2", "5.3"]
    assert indicator("2.1").key == "2_1"
    with pytest.raises(KeyError, match="Không có chỉ số"):
        indicator("9.9")


def test_schemas_hold_no_personal_data_and_keep_month_last() -> None:
    for schema in SCHEMAS.values():
        assert schema.column_names[-1] == "month"
        for column in schema.columns:
            assert not PERSONAL_DATA.search(column.name) or (column.name == "name" and schema is THU_TUC), (
                column.name
            )
            assert column.meaning


def test_records_produce_rows_in_schema_order() -> None:
    from datetime import datetime

    from chidao.core.service_index.records import DossierRecord, FeedbackRecord, ProcedureRecord

    received = datetime(2026, 3, 2, 8)
    assert tuple(DossierRecord("HS", "TT", "XA1", received).to_row()) == HO_SO.column_names
    assert tuple(ProcedureRecord("TT").to_row()) == THU_TUC.column_names
    assert tuple(FeedbackRecord("PA", "XA1", received).to_row()) == PHAN_ANH.column_names
    assert DossierRecord("HS", "TT", "XA1", received).to_row()["month"] == "2026-03"
    assert HO_SO.column("appointment_at").source_field == "NgayHenTra"
    assert HO_SO.column("channel").source_field == "KenhThucHien"


def test_a_schema_refuses_duplicate_or_misplaced_columns() -> None:
    from chidao.core.service_index.schema import Column, DatasetSchema

    month = Column("month", "VARCHAR", "string", False, "Tháng", None)
    code = Column("code", "VARCHAR", "string", False, "Mã", None)
    with pytest.raises(ValueError, match="trùng"):
        DatasetSchema("x", "dòng", ("code",), (code, code, month))
    with pytest.raises(ValueError, match="cuối"):
        DatasetSchema("x", "dòng", ("code",), (month, code))
    with pytest.raises(ValueError, match="khoá"):
        DatasetSchema("x", "dòng", ("other",), (code, month))


def test_published_scores_have_two_decimals_within_their_maximum() -> None:
    from decimal import Decimal

    from chidao.core.service_index.records import PublishedScore

    # given the province's total of 30/11/2025 as published (facts §1.5)
    score = PublishedScore("52", "2025-11", 0, Decimal("91.06"), Decimal(100), "vietnam.vn, 30/11/2025")

    # then it is kept with two decimals; a score above its maximum or an unknown group is refused
    assert (score.score, score.max_points) == (Decimal("91.06"), Decimal("100.00"))
    with pytest.raises(ValueError, match="ngoài khoảng"):
        PublishedScore("52", "2025-11", 2, Decimal("20.5"), Decimal(20), "thông báo")
    with pytest.raises(ValueError, match="Nhóm chỉ số"):
        PublishedScore("52", "2025-11", 6, Decimal(1), Decimal(20), "thông báo")
