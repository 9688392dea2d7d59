"""The index SQL on the DuckDB engine agrees with the pure rules: hand cases, then hundreds of random dossiers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pytest

from chidao.core.calendar import default_calendar
from chidao.core.service_index import queries, reference
from chidao.core.service_index.catalogue import Basis, indicator, indicators_of
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.relations import Evaluation, Sources, ordinal
from chidao.core.service_index.timeliness import Category, TimelinessPolicy
from chidao.core.service_index.workday_index import WorkingDayIndex
from chidao.core.sql import Query
from chidao.engines.duckdb import publish_dataset
from tests.core.service_index import test_rules
from tests.core.service_index.generators import (
    CATALOGUE_MONTH,
    MONTHS,
    catalogue,
    random_dossiers,
    random_feedback,
)
from tests.engines.service_index.datasets import NOW, publish

POLICY = TimelinessPolicy(default_calendar(), due_soon_working_days=2)
SOURCES = Sources()
CATALOGUE = catalogue()
EVALUATIONS = {
    "each month at its end": Evaluation(MONTHS, POLICY, catalogue_month=CATALOGUE_MONTH),
    "one cutoff for the quarter": Evaluation(
        MONTHS, POLICY, catalogue_month=CATALOGUE_MONTH, cutoff=datetime(2026, 4, 1)
    ),
    "a quarter still running": Evaluation(
        MONTHS, POLICY, catalogue_month=CATALOGUE_MONTH, now=datetime(2026, 3, 12, 14, 30)
    ),
    "two units, no catalogue": Evaluation(MONTHS, POLICY, unit_codes=("XA1", "SYT")),
}


def by_unit_month(rows) -> dict:
    return {(row["unit_code"], row["month"]): row for row in rows}


def test_working_day_ordinals_in_sql_match_the_calendar(tmp_path: Path) -> None:
    # given every day from 2024-12-20 to 2028-01-10 as a dataset
    days = [date(2024, 12, 20) + timedelta(days=offset) for offset in range(1117)]
    table = pa.table({"day": days, "month": [f"{day:%Y-%m}" for day in days]})
    publish_dataset(tmp_path, "ngay", table, now=NOW)
    index = WorkingDayIndex.from_calendar(default_calendar())
    query = Query(
        "WITH params AS (SELECT CAST(string_split(?, ',') AS INTEGER[]) AS corrections, "  # noqa: S608 - constant
        f"CAST(? AS DATE) AS corrections_start) SELECT day, {ordinal('day')} AS ordinal "
        "FROM ngay CROSS JOIN params ORDER BY day",
        (index.corrections_text(), index.start),
    )

    # when the SQL ordinals are read back
    rows = publish(tmp_path).run(query).rows

    # then consecutive differences are the calendar's working days, and each equals the pure mirror
    assert [row["ordinal"] for row in rows] == [index.ordinal(day) for day in days]
    calendar = default_calendar()
    for before, after in pairwise(rows):
        assert after["ordinal"] - before["ordinal"] == calendar.is_working_day(after["day"])


@pytest.mark.parametrize(("_case", "indicator_id", "dossiers", "expected"), test_rules.PER_DOSSIER_CASES)
def test_each_per_dossier_builder_on_the_hand_cases(
    tmp_path: Path, _case: str, indicator_id: str, dossiers: list, expected: Counts
) -> None:
    # given the hand-computed dossiers published as a dataset with the catalogue
    engine = publish(tmp_path, dossiers, test_rules.CATALOGUE.values())
    evaluation = test_rules.EVALUATION

    # when the indicator's own query runs
    rows = engine.run(indicator(indicator_id).query(SOURCES, evaluation)).rows

    # then one row, with the hand-computed numerator and denominator
    assert len(rows) == 1
    assert queries.counts_from_row(rows[0], [indicator(indicator_id)]) == {indicator_id: expected}


@pytest.mark.parametrize(("_case", "indicator_id", "dossiers", "expected"), test_rules.PER_PROCEDURE_CASES)
def test_each_per_procedure_builder_on_the_hand_cases(
    tmp_path: Path, _case: str, indicator_id: str, dossiers: list, expected: Counts
) -> None:
    engine = publish(tmp_path, dossiers, test_rules.CATALOGUE.values())

    rows = engine.run(indicator(indicator_id).query(SOURCES, test_rules.EVALUATION)).rows

    assert [(row["unit_code"], queries.counts_from_row(row)[indicator_id]) for row in rows] == [
        ("XA1", expected)
    ]


@pytest.fixture(scope="module")
def random_engine(tmp_path_factory: pytest.TempPathFactory):
    dossiers = random_dossiers(seed=766, count=600)
    feedback = random_feedback(seed=57, count=300)
    engine = publish(tmp_path_factory.mktemp("chi_so"), dossiers, CATALOGUE.values(), feedback)
    return engine, dossiers, feedback


@pytest.mark.parametrize("case", EVALUATIONS)
def test_one_scan_agrees_with_the_pure_rules_on_random_dossiers(random_engine, case: str) -> None:
    # given 600 random dossiers (supplements open, completed after the cutoff, several requests, no appointment…)
    engine, dossiers, _ = random_engine
    evaluation = EVALUATIONS[case]

    # when every per-dossier indicator comes out of the combined query
    rows = by_unit_month(engine.run(queries.dossier_counts_query(SOURCES, evaluation)).rows)

    # then each unit and month has the counts and the categories of the pure rules
    facts = reference.dossier_facts(dossiers, CATALOGUE, evaluation)
    expected = reference.dossier_counts(facts)
    categories = reference.category_counts(facts)
    assert set(rows) == set(expected)
    for key, row in rows.items():
        assert queries.counts_from_row(row, indicators_of(Basis.DOSSIER)) == expected[key], key
        assert {category: row[column] for category, column in queries.CATEGORY_COLUMNS.items()} == categories[
            key
        ]
        assert row["dossiers"] == sum(categories[key].values())


def test_the_random_set_exercises_every_category_and_supplement_rule(random_engine) -> None:
    # given the random set judged as of each month's end
    _, dossiers, _ = random_engine
    facts = reference.dossier_facts(dossiers, CATALOGUE, EVALUATIONS["each month at its end"])

    # then every category and every way of ending processing occurs, so the agreement above means something
    assert {fact.timeliness.category for fact in facts} == set(Category)
    assert {fact.timeliness.end_basis.value for fact in facts} == {
        "finished",
        "returned",
        "stopped",
        "supplement_request",
        "cutoff",
    }
    assert {min(fact.timeliness.supplement_requests, 2) for fact in facts} == {0, 1, 2}
    assert any(fact.timeliness.excluded_wait_seconds for fact in facts)


@pytest.mark.parametrize("case", EVALUATIONS)
def test_per_procedure_counts_agree_per_unit_and_together(random_engine, case: str) -> None:
    engine, dossiers, _ = random_engine
    evaluation = EVALUATIONS[case]
    facts = reference.dossier_facts(dossiers, CATALOGUE, evaluation)

    for by_unit in (True, False):
        rows = engine.run(queries.procedure_counts_query(SOURCES, evaluation, by_unit=by_unit)).rows
        found = {
            row["unit_code"]: queries.counts_from_row(row, indicators_of(Basis.PROCEDURE)) for row in rows
        }
        assert found == reference.procedure_counts(facts, by_unit=by_unit)


@pytest.mark.parametrize("case", EVALUATIONS)
def test_feedback_counts_agree(random_engine, case: str) -> None:
    engine, _, feedback = random_engine
    evaluation = EVALUATIONS[case]

    rows = by_unit_month(engine.run(queries.feedback_counts_query(SOURCES, evaluation)).rows)

    expected = reference.feedback_counts(reference.feedback_facts(feedback, evaluation))
    assert {
        key: queries.counts_from_row(row, indicators_of(Basis.FEEDBACK)) for key, row in rows.items()
    } == expected


def test_processing_time_agrees(random_engine) -> None:
    engine, dossiers, _ = random_engine
    evaluation = EVALUATIONS["one cutoff for the quarter"]

    rows = engine.run(queries.processing_time_query(SOURCES, evaluation)).rows

    found = {
        (row["unit_code"], row["procedure_code"], row["month"]): reference.ProcessingTime(
            row["completed"], row["processing_microseconds"], row["processing_working_days"]
        )
        for row in rows
    }
    assert found == reference.processing_times(dossiers, evaluation)


@pytest.mark.parametrize("indicator_id", ["2.1", "3.3", "3.6", "4.2", "5.4", "5.2", "5.3", "3.2"])
def test_costing_rows_are_those_the_pure_rules_reject(random_engine, indicator_id: str) -> None:
    # given the random set, restricted to one unit
    engine, dossiers, feedback = random_engine
    base = EVALUATIONS["each month at its end"]
    evaluation = Evaluation(base.months, POLICY, catalogue_month=CATALOGUE_MONTH, unit_codes=("XA1",))
    item = indicator(indicator_id)

    # when the drill-down lists the rows that cost points
    rows = engine.run(queries.costing_dossiers_query(item, SOURCES, evaluation, limit=10_000)).rows

    # then they are the rows in the denominator but not the numerator of the pure rule
    if item.basis is Basis.DOSSIER:
        expected = sorted(
            (fact.dossier.source_system, fact.dossier.dossier_code)
            for fact in reference.dossier_facts(dossiers, CATALOGUE, evaluation)
            if item.dossier_rule(fact) == (True, False)
        )
        assert sorted((row["source_system"], row["dossier_code"]) for row in rows) == expected
        assert {row["category"] for row in rows} <= {category.value for category in Category}
    elif item.basis is Basis.FEEDBACK:
        expected = sorted(
            fact.feedback.feedback_code
            for fact in reference.feedback_facts(feedback, evaluation)
            if item.feedback_rule(fact) == (True, False)
        )
        assert sorted(row["feedback_code"] for row in rows) == expected
    else:
        scope, qualified = defaultdict(bool), defaultdict(bool)
        for fact in reference.dossier_facts(dossiers, CATALOGUE, evaluation):
            in_scope, qualifies = item.dossier_rule(fact)
            scope[fact.dossier.procedure_code] |= in_scope
            qualified[fact.dossier.procedure_code] |= qualifies
        expected = sorted(code for code, value in scope.items() if value and not qualified[code])
        assert [row["procedure_code"] for row in rows] == expected


def test_the_combined_query_reads_the_dossiers_once(random_engine) -> None:
    # given the query of every per-dossier indicator for a quarter
    engine, _, _ = random_engine
    plan = engine.explain(queries.dossier_counts_query(SOURCES, EVALUATIONS["one cutoff for the quarter"]))

    # then the plan scans the dossier files once (the catalogue once more, for the join)
    assert plan.upper().count("READ_PARQUET") + plan.upper().count("PARQUET_SCAN") == 2


def test_builders_refuse_what_they_cannot_compute() -> None:
    evaluation = EVALUATIONS["one cutoff for the quarter"]
    with pytest.raises(ValueError, match="số liệu công bố"):
        queries.indicator_query("1.2", SOURCES, evaluation)
    with pytest.raises(ValueError, match=r"3\.1"):
        queries.dossier_counts_query(SOURCES, evaluation, [indicator("3.1")])
    with pytest.raises(ValueError, match="LIMIT"):
        queries.costing_dossiers_query("2.1", SOURCES, evaluation, limit=-1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        Evaluation(("2026-13",), POLICY)
    with pytest.raises(ValueError, match="ít nhất một tháng"):
        Evaluation((), POLICY)
