"""Each check on a tiny passing and a tiny failing table, through the DuckDB engine."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from chidao.core.data_quality import queries
from chidao.core.data_quality.catalogue import CHECKS, CheckKind
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.relations import RunContext, Sources
from tests.engines.data_quality.datasets import publish

AS_OF = date(2026, 3, 1)
CONTEXT = RunContext(AS_OF, default_config())
SOURCES = Sources()

PERSON: dict[str, Any] = {
    "row_key": "p1",
    "personal_id": "064085000123",
    "full_name": "Nguyễn Văn Hưng",
    "birth_date": date(1985, 3, 1),
    "sex": "male",
    "birth_registration_place_code": "064",
    "residence_commune_code": "21583",
    "life_status": "alive",
    "death_date": None,
    "last_updated": datetime(2026, 1, 15, 9, 30),
}
INSURED: dict[str, Any] = {
    "row_key": "b1",
    "insurance_code": "5201234567",
    "personal_id": "064085000123",
    "full_name": "NGUYỄN VĂN HƯNG",
    "birth_date": date(1985, 3, 1),
    "commune_code": "21583",
    "status": "participating",
    "last_updated": datetime(2026, 1, 15),
}


def person(**changes: Any) -> dict[str, Any]:
    return {**PERSON, **changes}


def insured(**changes: Any) -> dict[str, Any]:
    return {**INSURED, **changes}


DECEASED = {"life_status": "deceased", "death_date": date(2025, 12, 1)}

# (case, check, register, population rows, insurance rows, expected (record, field, detail) findings)
FAILING = [
    (
        "ID of 11 digits",
        "DQ-DUNG-001",
        "dan_cu",
        [person(personal_id="06408500012")],
        [],
        [("p1", "personal_id", "not_12_digits")],
    ),
    (
        "ID with a letter",
        "DQ-DUNG-001",
        "bhxh",
        [person()],
        [insured(personal_id="06408500012x")],
        [("b1", "personal_id", "not_12_digits")],
    ),
    (
        "ID says female",
        "DQ-DUNG-002",
        "dan_cu",
        [person(personal_id="064185000123")],
        [],
        [("p1", "personal_id", "sex")],
    ),
    (
        "ID says born 1986",
        "DQ-DUNG-002",
        "dan_cu",
        [person(personal_id="064086000123")],
        [],
        [("p1", "personal_id", "birth_year")],
    ),
    (
        "ID says 2085, female",
        "DQ-DUNG-002",
        "dan_cu",
        [person(personal_id="064385000123")],
        [],
        [("p1", "personal_id", "birth_year"), ("p1", "personal_id", "sex")],
    ),
    (
        "unknown birth place code",
        "DQ-DUNG-003",
        "dan_cu",
        [person(birth_registration_place_code="003")],
        [],
        [("p1", "birth_registration_place_code", "unknown_place_code")],
    ),
    (
        "unknown ID prefix",
        "DQ-DUNG-003",
        "dan_cu",
        [person(personal_id="099085000123")],
        [],
        [("p1", "personal_id", "unknown_place_prefix")],
    ),
    (
        "unknown residence commune",
        "DQ-DUNG-003",
        "dan_cu",
        [person(residence_commune_code="99999")],
        [],
        [("p1", "residence_commune_code", "unknown_commune_code")],
    ),
    (
        "unknown insurance commune",
        "DQ-DUNG-003",
        "bhxh",
        [person()],
        [insured(commune_code="99999")],
        [("b1", "commune_code", "unknown_commune_code")],
    ),
    (
        "insurance code of 9 digits",
        "DQ-DUNG-004",
        "bhxh",
        [person()],
        [insured(insurance_code="520123456")],
        [("b1", "insurance_code", "not_10_digits")],
    ),
    (
        "born after the as-of date",
        "DQ-DUNG-005",
        "dan_cu",
        [person(birth_date=date(2026, 3, 2))],
        [],
        [("p1", "birth_date", "after_as_of")],
    ),
    (
        "born before 1900",
        "DQ-DUNG-005",
        "bhxh",
        [person()],
        [insured(birth_date=date(1899, 12, 31))],
        [("b1", "birth_date", "before_earliest")],
    ),
    (
        "died before birth",
        "DQ-DUNG-005",
        "dan_cu",
        [person(life_status="deceased", death_date=date(1980, 1, 1))],
        [],
        [("p1", "death_date", "before_birth")],
    ),
    (
        "died after the as-of date",
        "DQ-DUNG-005",
        "dan_cu",
        [person(life_status="deceased", death_date=date(2026, 4, 1))],
        [],
        [("p1", "death_date", "after_as_of")],
    ),
    (
        "alive with a death date",
        "DQ-DUNG-005",
        "dan_cu",
        [person(death_date=date(2020, 1, 1))],
        [],
        [("p1", "death_date", "alive_with_death_date")],
    ),
    (
        "updated in the future",
        "DQ-DUNG-005",
        "dan_cu",
        [person(last_updated=datetime(2026, 3, 2))],
        [],
        [("p1", "last_updated", "after_as_of")],
    ),
    (
        "absent from the population",
        "DQ-DUNG-006",
        "bhxh",
        [person()],
        [insured(personal_id="064085000999")],
        [("b1", "personal_id", "absent")],
    ),
    (
        "another birth date",
        "DQ-DUNG-007",
        "bhxh",
        [person()],
        [insured(birth_date=date(1985, 3, 2))],
        [("b1", "birth_date", "differs")],
    ),
    (
        "another name",
        "DQ-DUNG-007",
        "bhxh",
        [person()],
        [insured(full_name="Trần Văn Hưng")],
        [("b1", "full_name", "differs")],
    ),
    (
        "no personal ID",
        "DQ-DU-001",
        "dan_cu",
        [person(personal_id=None)],
        [],
        [("p1", "personal_id", "missing")],
    ),
    (
        "blank insurance code",
        "DQ-DU-001",
        "bhxh",
        [person()],
        [insured(insurance_code="  ")],
        [("b1", "insurance_code", "missing")],
    ),
    ("blank name", "DQ-DU-002", "dan_cu", [person(full_name=" ")], [], [("p1", "full_name", "missing")]),
    (
        "deceased without a death date",
        "DQ-DU-002",
        "dan_cu",
        [person(life_status="deceased")],
        [],
        [("p1", "death_date", "missing")],
    ),
    ("no status", "DQ-DU-002", "bhxh", [person()], [insured(status=None)], [("b1", "status", "missing")]),
    (
        "two people, one ID",
        "DQ-SACH-001",
        "dan_cu",
        [person(), person(row_key="p2")],
        [],
        [("p1", "personal_id", "records:2"), ("p2", "personal_id", "records:2")],
    ),
    (
        "one insurance code twice",
        "DQ-SACH-001",
        "bhxh",
        [person()],
        [insured(), insured(row_key="b2", personal_id="064185000124")],
        [("b1", "insurance_code", "records:2"), ("b2", "insurance_code", "records:2")],
    ),
    (
        "one person, two insurance codes",
        "DQ-SACH-001",
        "bhxh",
        [person()],
        [insured(), insured(row_key="b2", insurance_code="5201234568")],
        [("b1", "personal_id", "records:2"), ("b2", "personal_id", "records:2")],
    ),
    (
        "double space in the name",
        "DQ-SACH-002",
        "dan_cu",
        [person(full_name="Nguyễn  Văn Hưng")],
        [],
        [("p1", "full_name", "not_standard_name")],
    ),
    (
        "sex written in Vietnamese",
        "DQ-SACH-002",
        "dan_cu",
        [person(sex="nam")],
        [],
        [("p1", "sex", "not_in_vocabulary")],
    ),
    (
        "commune code of 4 digits",
        "DQ-SACH-002",
        "bhxh",
        [person()],
        [insured(commune_code="2158")],
        [("b1", "commune_code", "not_5_digits")],
    ),
    (
        "place code of 2 digits",
        "DQ-SACH-002",
        "dan_cu",
        [person(birth_registration_place_code="64")],
        [],
        [("p1", "birth_registration_place_code", "not_3_digits")],
    ),
    (
        "Hùng for Hưng",
        "DQ-SACH-003",
        "bhxh",
        [person()],
        [insured(full_name="Nguyễn Văn Hùng")],
        [("b1", "full_name", "diacritics_only")],
    ),
    (
        "deceased, still participating",
        "DQ-SONG-001",
        "bhxh",
        [person(**DECEASED)],
        [insured()],
        [("b1", "status", "deceased_in_population")],
    ),
    (
        "old commune code",
        "DQ-SONG-002",
        "dan_cu",
        [person(residence_commune_code="21556")],
        [],
        [("p1", "residence_commune_code", "successor:21583")],
    ),
    (
        "old code of a split commune",
        "DQ-SONG-002",
        "bhxh",
        [person()],
        [insured(commune_code="21559")],
        [("b1", "commune_code", "split:2")],
    ),
    (
        "insurance not updated for 400 days",
        "DQ-SONG-003",
        "bhxh",
        [person()],
        [insured(last_updated=datetime(2025, 1, 25))],
        [("b1", "last_updated", "older_than:365")],
    ),
]

PASSING = [
    (
        "blank IDs are missing, not duplicates",
        "DQ-SACH-001",
        "dan_cu",
        [person(personal_id=""), person(row_key="p2", personal_id=" ")],
        [],
    ),
    (
        "ID of a woman born 2003",
        "DQ-DUNG-002",
        "dan_cu",
        [person(personal_id="052303000001", sex="female", birth_date=date(2003, 5, 1))],
        [],
    ),
    (
        "new-province code is only unknown, not malformed",
        "DQ-DUNG-001",
        "dan_cu",
        [person(personal_id="099085000123")],
        [],
    ),
    (
        "died on the as-of date",
        "DQ-DUNG-005",
        "dan_cu",
        [person(life_status="deceased", death_date=AS_OF)],
        [],
    ),
    (
        "tone placement Hòa = Hoà",
        "DQ-SACH-003",
        "bhxh",
        [person(full_name="Lê Thị Hòa")],
        [insured(full_name="LÊ THỊ HOÀ")],
    ),
    (
        "tone placement Hòa = Hoà",
        "DQ-DUNG-007",
        "bhxh",
        [person(full_name="Lê Thị Hòa")],
        [insured(full_name="LÊ THỊ HOÀ")],
    ),
    ("deceased and stopped", "DQ-SONG-001", "bhxh", [person(**DECEASED)], [insured(status="stopped")]),
    (
        "population freshness is off by default",
        "DQ-SONG-003",
        "dan_cu",
        [person(last_updated=datetime(2015, 1, 1))],
        [],
    ),
    (
        "insurance updated 365 days ago",
        "DQ-SONG-003",
        "bhxh",
        [person()],
        [insured(last_updated=datetime(2025, 3, 1, 23, 0))],
    ),
    ("missing ID is not also malformed", "DQ-DUNG-001", "dan_cu", [person(personal_id="")], []),
    (
        "absent person has no name or birth disagreement",
        "DQ-DUNG-007",
        "bhxh",
        [person()],
        [insured(personal_id="064085000999", full_name="X")],
    ),
]


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
