"""Each check on a tiny passing and a tiny failing table, through the DuckDB engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from chidao.core.data_quality import queries
from chidao.core.data_quality.catalogue import CHECKS, CheckKind
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.relations import RunContext, Sources
from tests.engines.data_quality.check_tables import AS_OF, FAILING, PASSING, insured, person
from tests.engines.data_quality.datasets import publish

CONTEXT = RunContext(AS_OF, default_config())
SOURCES = Sources()


def _triples(rows) -> list[tuple[str, str, str]]:
    return sorted((row["record_key"], row["field"], row["detail"]) for row in rows)


@pytest.mark.parametrize(("_case", "code", "register", "population", "insurance", "expected"), FAILING)
def test_failing_table(
    tmp_path: Path, _case: str, code: str, register: str, population, insurance, expected
) -> None:
    # given a tiny register with one fault
    engine = publish(tmp_path, population, insurance)

    # when the check's own query runs
    rows = engine.run(queries.check_query(code, register, SOURCES, CONTEXT)).rows

    # then exactly the expected findings, keyed by record, with the check's criterion and severity
    assert _triples(rows) == sorted(expected)
    assert {(row["check_code"], row["criterion"], row["severity"]) for row in rows} == {
        (code, CHECKS[code].criterion.value, CHECKS[code].severity.value)
    }


@pytest.mark.parametrize(("_case", "code", "register", "population", "insurance"), PASSING)
def test_passing_edge_table(
    tmp_path: Path, _case: str, code: str, register: str, population, insurance
) -> None:
    engine = publish(tmp_path, population, insurance)

    assert engine.run(queries.check_query(code, register, SOURCES, CONTEXT)).rows == ()


@pytest.fixture(scope="module")
def clean_engine(tmp_path_factory: pytest.TempPathFactory):
    return publish(tmp_path_factory.mktemp("sach"), [person()], [insured()])


@pytest.mark.parametrize(
    ("code", "register"),
    [
        (item.code, name)
        for item in CHECKS.values()
        if item.kind is CheckKind.FINDINGS
        for name in item.registers
    ],
)
def test_clean_table_passes_every_check(clean_engine, code: str, register: str) -> None:
    assert clean_engine.run(queries.check_query(code, register, SOURCES, CONTEXT)).rows == ()


def test_every_findings_check_has_a_failing_table_per_register() -> None:
    covered = {(code, register) for _, code, register, *_ in FAILING}
    declared = {
        (item.code, name)
        for item in CHECKS.values()
        if item.kind is CheckKind.FINDINGS
        for name in item.registers
    }
    # DUNG-001 is tested on both; the others at least on one register they apply to
    assert {code for code, _ in declared} <= {code for code, _ in covered}


def test_population_freshness_when_configured(tmp_path: Path) -> None:
    # given a configuration turning the population window on (30 days)
    config = replace(default_config(), freshness_days={"dan_cu": {"last_updated": 30}, "bhxh": {}})
    engine = publish(
        tmp_path,
        [
            person(last_updated=datetime(2026, 1, 15)),
            person(row_key="p2", personal_id="064185000124", sex="female", last_updated=datetime(2026, 2, 1)),
        ],
    )

    # when DQ-SONG-003 runs on the population register
    rows = engine.run(queries.check_query("DQ-SONG-003", "dan_cu", SOURCES, RunContext(AS_OF, config))).rows

    # then only the record older than 30 days is found
    assert _triples(rows) == [("p1", "last_updated", "older_than:30")]


def test_severity_override_and_disabled_check(tmp_path: Path) -> None:
    config = replace(
        default_config(),
        severity_overrides={"DQ-DUNG-003": default_config().severity("DQ-DU-001")},
        disabled_checks=frozenset({"DQ-SACH-002"}),
    )
    engine = publish(tmp_path, [person(birth_registration_place_code="003", full_name="Nguyễn  Văn Hưng")])

    rows = engine.run(queries.findings_query("dan_cu", SOURCES, RunContext(AS_OF, config))).rows

    assert [(row["check_code"], row["severity"]) for row in rows] == [("DQ-DUNG-003", "critical")]


def test_extract_month_filter(tmp_path: Path) -> None:
    engine = publish(tmp_path, [person(personal_id="06408500012")])

    other_month = Sources(population_month="2026-01")

    assert engine.run(queries.findings_query("dan_cu", other_month, CONTEXT)).rows == ()
    assert (
        len(engine.run(queries.findings_query("dan_cu", Sources(population_month="2026-02"), CONTEXT)).rows)
        == 1
    )


def test_findings_name_no_personal_data(tmp_path: Path) -> None:
    # given records with faults everywhere
    engine = publish(
        tmp_path,
        [person(sex="nam", residence_commune_code="21556", full_name=" Nguyễn Văn Hưng")],
        [insured(full_name="Nguyễn Văn Hùng", birth_date=date(1985, 1, 1))],
    )

    rows = [
        *engine.run(queries.findings_query("dan_cu", SOURCES, CONTEXT)).rows,
        *engine.run(queries.findings_query("bhxh", SOURCES, CONTEXT)).rows,
    ]

    # then no value of a record appears in a finding, only keys, codes and the commune
    personal = {
        "064085000123",
        "5201234567",
        "Nguyễn Văn Hưng",
        "Nguyễn Văn Hùng",
        "1985-03-01",
        "1985-01-01",
    }
    assert rows
    for row in rows:
        assert not any(value in str(cell) for cell in row.values() for value in personal)


def test_a_check_outside_its_registers_is_refused() -> None:
    with pytest.raises(ValueError, match="DQ-DUNG-004"):
        queries.check_query("DQ-DUNG-004", "dan_cu", SOURCES, CONTEXT)
    with pytest.raises(ValueError, match="DQ-DU-003"):
        queries.check_query("DQ-DU-003", "bhxh", SOURCES, CONTEXT)


def test_every_check_disabled_gives_an_empty_result(tmp_path: Path) -> None:
    config = replace(default_config(), disabled_checks=frozenset(CHECKS))
    engine = publish(tmp_path, [person(personal_id=None)])

    context = RunContext(AS_OF, config)

    assert engine.run(queries.findings_query("dan_cu", SOURCES, context)).rows == ()
    assert engine.run(queries.check_counts_query("dan_cu", SOURCES, context)).rows == ()
    assert engine.run(queries.scorecard_query("dan_cu", SOURCES, context)).rows[0]["group_1"] == 1
