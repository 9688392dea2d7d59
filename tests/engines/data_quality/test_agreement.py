"""The SQL of every check agrees with the pure reference on hundreds of random rows; scorecards and counts too."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from chidao.core.data_quality import queries
from chidao.core.data_quality.catalogue import Criterion
from chidao.core.data_quality.communes import commune_statuses
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.reference import reference_findings, responsible_commune
from chidao.core.data_quality.relations import Parameters, RunContext, Sources
from chidao.core.data_quality.rules import rules_for
from chidao.core.data_quality.schema import BHXH, DAN_CU
from chidao.core.data_quality.scoring import Finding, RecordGroup, score_records, scorecards_from_rows
from tests.core.data_quality.generators import random_insurance, random_population
from tests.engines.data_quality.datasets import commune_rows, publish

CONTEXT = RunContext(date(2026, 3, 1), default_config())
SOURCES = Sources()


@pytest.fixture(scope="module")
def registers(tmp_path_factory: pytest.TempPathFactory):
    population = random_population(seed=7, count=400)
    insurance = random_insurance(seed=11, count=300, population=population)
    engine = publish(tmp_path_factory.mktemp("ngau_nhien"), population, insurance)
    return engine, {"dan_cu": population, "bhxh": insurance}


def expected_findings(rows_by_register, register: str) -> list[Finding]:
    return reference_findings(
        register, rows_by_register[register], CONTEXT, commune_rows(), population=rows_by_register["dan_cu"]
    )


@pytest.mark.parametrize("register", ["dan_cu", "bhxh"])
def test_findings_sql_agrees_with_the_reference(registers, register: str) -> None:
    # given 400 random people and 300 insured with every kind of fault
    engine, rows = registers

    # when the one-scan findings query runs (ordered, and in DuckDB's own order)
    ordered = engine.run(queries.findings_query(register, SOURCES, CONTEXT)).rows
    unordered = engine.run(queries.findings_query(register, SOURCES, CONTEXT, ordered=False)).rows

    # then it lists exactly the reference's findings, and the random data exercised every active check
    expected = expected_findings(rows, register)
    assert [Finding.from_row(row) for row in ordered] == expected
    assert sorted(Finding.from_row(row) for row in unordered) == sorted(expected)
    assert {item.check_code for item in expected} == {
        rule.check_code for rule in rules_for(register, CONTEXT, Parameters())
    }


@pytest.mark.parametrize("register", ["dan_cu", "bhxh"])
def test_check_counts_add_up_the_findings(registers, register: str) -> None:
    engine, rows = registers
    expected = expected_findings(rows, register)

    counts = engine.run(queries.check_counts_query(register, SOURCES, CONTEXT)).rows

    assert {row["check_code"]: row["findings"] for row in counts} == Counter(
        item.check_code for item in expected
    )
    records = {
        code: len({item.record_key for item in expected if item.check_code == code})
        for code in Counter(i.check_code for i in expected)
    }
    assert {row["check_code"]: row["records"] for row in counts} == records


@pytest.mark.parametrize("register", ["dan_cu", "bhxh"])
def test_scorecard_sql_agrees_with_scoring_the_reference(registers, register: str) -> None:
    engine, rows = registers
    schema = DAN_CU if register == "dan_cu" else BHXH
    statuses = commune_statuses(commune_rows())
    keys = [
        (row["row_key"], responsible_commune(row[schema.commune_column], statuses)) for row in rows[register]
    ]
    expected = score_records(keys, expected_findings(rows, register), CONTEXT.config)

    cards = scorecards_from_rows(
        register, engine.run(queries.scorecard_query(register, SOURCES, CONTEXT)).rows
    )

    assert {card.commune_code: card.counts for card in cards} == expected
    total = sum(card.counts.records for card in cards)
    assert total == len(rows[register])
    assert all(card.counts.groups[RecordGroup.TO_REBUILD] > 0 for card in cards if card.counts.records > 20)
    assert all(card.counts.percent(Criterion.DUNG) is not None for card in cards)


@pytest.mark.parametrize("register", ["dan_cu", "bhxh"])
def test_completeness_counts(registers, register: str) -> None:
    engine, rows = registers
    schema = DAN_CU if register == "dan_cu" else BHXH

    result = engine.run(queries.completeness_query(register, SOURCES)).rows

    def filled(value) -> bool:
        return value is not None and (not isinstance(value, str) or value.strip(" ") != "")

    assert sum(row["records"] for row in result) == len(rows[register])
    for column in schema.data_columns:
        assert sum(row[f"filled_{column.name}"] for row in result) == sum(
            filled(r[column.name]) for r in rows[register]
        )
    complete = sum(
        all(filled(r[c.name]) for c in schema.mandatory_columns)
        and not (r.get("life_status") == "deceased" and "death_date" in r and not filled(r["death_date"]))
        for r in rows[register]
    )
    assert sum(row["complete_records"] for row in result) == complete
