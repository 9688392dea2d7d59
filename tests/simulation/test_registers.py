"""The register generator: deterministic, the declared schemas, the documented fault mix, found by the checks."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from chidao.core.data_quality import queries
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.names import NameMatch, compare_names
from chidao.core.data_quality.relations import RunContext, Sources
from chidao.core.data_quality.schema import BHXH, DAN_CU, MA_XA
from chidao.core.sql import Query
from chidao.engines.duckdb import Engine, EngineConfig, publish_dataset
from chidao.simulation import vietnamese_names
from chidao.simulation.registers import (
    GROUND_TRUTH,
    INSURANCE_FAULTS,
    POPULATION_FAULTS,
    Registers,
    RegisterSpec,
    generate_registers,
    publish_registers,
    register_schema,
)

ROOT = Path(__file__).resolve().parents[2]
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
AS_OF = dt.date(2026, 3, 1)
COMMUNES = tuple(f"2{number:04d}" for number in range(12))
OLD_COMMUNES = ("19001", "19002", "19003")
# Higher rates than the defaults, so a tiny register holds every fault kind several times.
HIGH_POPULATION = {name: rate * 5 for name, rate in POPULATION_FAULTS.items()}
HIGH_INSURANCE = {name: rate * 3 for name, rate in INSURANCE_FAULTS.items()}


def tiny_spec(**options: object) -> RegisterSpec:
    values: dict[str, object] = {
        "communes": COMMUNES,
        "old_communes": OLD_COMMUNES,
        "people": 12_000,
        "insured": 4_000,
        "seed": 5,
        "as_of": AS_OF,
        "population_faults": HIGH_POPULATION,
        "insurance_faults": HIGH_INSURANCE,
    }
    values.update(options)
    return RegisterSpec(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def registers() -> Registers:
    return generate_registers(tiny_spec())


def truth_of(registers: Registers, fault: str, register: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = registers.ground_truth.to_pylist()
    return [row for row in rows if row["fault"] == fault and row["register"] == register]


def test_the_same_seed_gives_the_same_tables_and_another_seed_others(registers: Registers) -> None:
    # Given the module's tables and the same spec drawn again, and one with another seed
    again = generate_registers(tiny_spec())
    other = generate_registers(tiny_spec(seed=6))
    # Then the same seed reproduces every table, and another seed does not
    assert registers.population.equals(again.population)
    assert registers.insurance.equals(again.insurance)
    assert registers.ground_truth.equals(again.ground_truth)
    assert not registers.population.equals(other.population)


def test_the_tables_have_exactly_the_declared_columns_and_types(registers: Registers) -> None:
    # Then each register has the schema's columns, in order, with the declared Arrow types
    for table, schema in ((registers.population, DAN_CU), (registers.insurance, BHXH)):
        assert table.schema == register_schema(schema)
        assert table.column_names == list(schema.column_names)
        for column in schema.columns:
            assert table.schema.field(column.name).type == pa.type_for_alias(column.arrow_type)
        # row keys and the extract month are always filled; row keys are unique
        assert table["row_key"].null_count == 0
        assert table["month"].null_count == 0
        assert pc.count_distinct(table["row_key"]).as_py() == table.num_rows
        assert set(table["month"].to_pylist()) == {"2026-02"}


def test_missing_mandatory_values_are_exactly_the_missing_field_faults(registers: Registers) -> None:
    # Given the rows recorded as missing a field
    for table, schema in ((registers.population, DAN_CU), (registers.insurance, BHXH)):
        recorded = {
            (row["row_key"], row["field"]) for row in truth_of(registers, "missing_field", schema.name)
        }
        # Then every mandatory column is empty (NULL or '') exactly on those rows
        found = set()
        for column in schema.mandatory_columns:
            values = table[column.name]
            empty = pc.is_null(values)
            if column.is_text:
                empty = pc.or_(empty, pc.fill_null(pc.equal(values, ""), False))
            keys = table["row_key"].filter(empty).to_pylist()
            found |= {(key, column.name) for key in keys}
        deceased = table.filter(pc.equal(table["life_status"], "deceased")) if schema is DAN_CU else None
        if deceased is not None:
            no_date = deceased.filter(pc.is_null(deceased["death_date"]))["row_key"].to_pylist()
            found |= {(key, "death_date") for key in no_date}
        assert found == recorded


def test_names_are_nfc_with_diacritics_and_ids_follow_the_layout(registers: Registers) -> None:
    population = registers.population.filter(pc.invert(pc.is_null(registers.population["full_name"])))
    names = [name for name in population["full_name"].to_pylist() if name]
    # Then names are NFC, and most carry Vietnamese diacritics; Nguyễn is the commonest surname
    assert all(unicodedata.normalize("NFC", name) == name for name in names)
    assert sum(not name.isascii() for name in names) > 0.8 * len(names)
    surnames = [name.split(" ")[0] for name in names]
    assert max(set(surnames), key=surnames.count) == "Nguyễn"
    assert any(name.startswith(("Ksor ", "Rơ Mah ", "Siu ")) for name in names)
    # And a clean ID is PPP G YY RRRRRR of the place code, century/sex and birth year
    clean = {row["row_key"] for row in registers.ground_truth.to_pylist() if row["register"] == "dan_cu"}
    for row in population.slice(0, 2000).to_pylist():
        if row["row_key"] in clean:
            continue
        born, personal_id = row["birth_date"], row["personal_id"]
        assert personal_id[:3] == row["birth_registration_place_code"]
        female = row["sex"] == "female"
        assert int(personal_id[3]) == (born.year // 100 - 19) * 2 + female
        assert personal_id[4:6] == f"{born.year % 100:02d}"


def test_every_vocabulary_string_is_nfc_and_every_slip_differs_only_in_diacritics() -> None:
    lists = [
        value for name, value in vars(vietnamese_names).items() if name.isupper() and name != "GIVEN_SLIPS"
    ]
    for items in lists:
        assert all(unicodedata.normalize("NFC", text) == text for text, _ in items)
    for name, slip in vietnamese_names.GIVEN_SLIPS.items():
        assert compare_names(f"Nguyễn Văn {name}", f"Nguyễn Văn {slip}") is NameMatch.DIACRITICS_ONLY, name


@pytest.mark.parametrize(
    ("register", "rates", "rows"),
    [("dan_cu", POPULATION_FAULTS, 200_000), ("bhxh", INSURANCE_FAULTS, 60_000)],
)
def test_fault_rates_are_roughly_as_configured(register: str, rates: dict[str, float], rows: int) -> None:
    # Given registers drawn with the default rates
    generated = generate_registers(
        tiny_spec(
            people=200_000,
            insured=60_000,
            population_faults=POPULATION_FAULTS,
            insurance_faults=INSURANCE_FAULTS,
        )
    )
    truth = [row for row in generated.ground_truth.to_pylist() if row["register"] == register]
    # Then each fault's share of records (distinct original rows) is within 25 % of its rate
    for fault, rate in rates.items():
        keys = {row["row_key"] for row in truth if row["fault"] == fault}
        if fault == "duplicate_key":
            share = len(keys) / 2 / rows
        else:
            share = len(keys) / rows
        assert rate * 0.75 <= share <= rate * 1.25, (fault, share, rate)


def test_wrong_diacritics_rows_equal_the_population_name_only_after_folding(registers: Registers) -> None:
    people = {row["personal_id"]: row["full_name"] for row in registers.population.to_pylist()}
    insured = {row["row_key"]: row for row in registers.insurance.to_pylist()}
    truth = truth_of(registers, "wrong_diacritics", "bhxh")
    assert len(truth) > 20
    for row in truth:
        record = insured[row["row_key"]]
        assert compare_names(record["full_name"], people[record["personal_id"]]) is NameMatch.DIACRITICS_ONLY


def test_deceased_and_absent_faults_are_true_in_the_tables(registers: Registers) -> None:
    people = {row["personal_id"]: row for row in registers.population.to_pylist()}
    insured = {row["row_key"]: row for row in registers.insurance.to_pylist()}
    for row in truth_of(registers, "deceased_participating", "bhxh"):
        record = insured[row["row_key"]]
        assert record["status"] == "participating"
        assert people[record["personal_id"]]["life_status"] == "deceased"
    for row in truth_of(registers, "absent_from_population", "bhxh"):
        assert insured[row["row_key"]]["personal_id"] not in people


def test_the_checks_never_read_the_ground_truth() -> None:
    # Given every source file of the checks
    sources = sorted((ROOT / "chidao" / "core" / "data_quality").rglob("*"))
    # Then none names the ground-truth dataset
    offenders = [
        path for path in sources if path.is_file() and GROUND_TRUTH in path.read_text(errors="ignore")
    ]
    assert sources
    assert not offenders


def test_the_checks_find_every_injected_fault(tmp_path: Path) -> None:
    # Given the tiny registers and a commune table of their codes, published through the engine
    manifests = publish_registers(tmp_path, tiny_spec(), now=NOW)
    assert set(manifests) == {"dan_cu", "bhxh", GROUND_TRUTH}
    communes = [
        {"code": code, "is_current": True, "successor_code": code, "month": "2026-02"} for code in COMMUNES
    ]
    communes += [
        {"code": code, "is_current": False, "successor_code": COMMUNES[0], "month": "2026-02"}
        for code in OLD_COMMUNES
    ]
    schema = pa.schema([pa.field(column.name, pa.type_for_alias(column.arrow_type)) for column in MA_XA])
    publish_dataset(tmp_path, "ma_xa", pa.Table.from_pylist(communes, schema=schema), now=NOW)
    engine = Engine(EngineConfig(tmp_path, memory_limit="1GiB", threads=2, max_rows=1_000_000))
    context = RunContext(AS_OF, default_config())
    # When every check runs on both registers
    found = set()
    for register in ("dan_cu", "bhxh"):
        result = engine.run(queries.findings_query(register, Sources(), context))
        found |= {
            (row["register"], row["record_key"], row["check_code"], row["field"]) for row in result.rows
        }
    truth = engine.run(
        Query(f"SELECT register, row_key, check_code, field, fault FROM {GROUND_TRUTH}", {})  # noqa: S608
    ).rows
    # Then every injected fault is found by its check on its field (recall 1.0 per fault type)
    missed = [
        row
        for row in truth
        if (row["register"], row["row_key"], row["check_code"], row["field"]) not in found
    ]
    assert len(truth) > 500
    assert missed == []
