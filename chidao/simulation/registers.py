"""Synthetic population (dan_cu) and social-insurance (bhxh) registers with a documented fault mix.

Everything is drawn with numpy over whole registers (no Python loop per row) from generators seeded by
``RegisterSpec.seed``, so one spec always gives the same tables. Columns and Arrow types are exactly those of
``chidao.core.data_quality.schema``. Each injected fault is recorded in a separate ground-truth table
(``dq_ground_truth``: register, row_key, fault, expected check, field) that the checks never read. Rates,
what each fault does and which check should find it: docs/domain/data-quality/generator.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chidao.core.data_quality.identifiers import BIRTH_PLACE_CODES
from chidao.core.data_quality.schema import BHXH, DAN_CU, RegisterSchema
from chidao.engines.duckdb import Manifest, ResourceLimits, publish_dataset
from chidao.simulation.arrow import strings_from_codes
from chidao.simulation.vietnamese_names import NameVocabulary

__all__ = [
    "GROUND_TRUTH",
    "INSURANCE_FAULTS",
    "POPULATION_FAULTS",
    "RegisterSpec",
    "Registers",
    "generate_registers",
    "ground_truth_schema",
    "publish_registers",
    "register_schema",
]

GROUND_TRUTH: Final = "dq_ground_truth"
"""Dataset name of the injected faults; read by tests and benchmarks only, never by a check."""

POPULATION_FAULTS: Final = MappingProxyType(
    {
        "id_birth_year": 0.005,
        "id_sex": 0.003,
        "unknown_place_code": 0.004,
        "missing_field": 0.01,
        "old_commune_code": 0.02,
        "duplicate_key": 0.002,
    }
)
INSURANCE_FAULTS: Final = MappingProxyType(
    {
        "absent_from_population": 0.005,
        "other_birth_date": 0.008,
        "wrong_diacritics": 0.01,
        "deceased_participating": 0.003,
        "old_commune_code": 0.02,
        "missing_field": 0.01,
        "duplicate_key": 0.002,
        "stale_record": 0.005,
    }
)

_DAY_US: Final = 86_400_000_000
_EPOCH: Final = dt.date(1970, 1, 1)
_UNKNOWN_PLACE_CODES: Final = (3, 5, 99, 100, 101, 300)
_KNOWN_PLACES: Final = tuple(sorted(int(code) for code in BIRTH_PLACE_CODES))
_POPULATION_MISSING: Final = (
    "personal_id",
    "full_name",
    "birth_date",
    "sex",
    "birth_registration_place_code",
    "residence_commune_code",
    "life_status",
    "last_updated",
    "death_date",
)
_LINK_SAFE_MISSING: Final = (
    3,
    4,
    5,
    7,
)  # sex, place code, residence, last_updated: never break the bhxh link
_INSURANCE_MISSING: Final = (
    "insurance_code",
    "personal_id",
    "full_name",
    "birth_date",
    "commune_code",
    "status",
    "last_updated",
)


@dataclass(frozen=True)
class RegisterSpec:
    """What to generate: communes (from the caller), sizes, seed, as-of date and the fault rates."""

    communes: Sequence[str]
    old_communes: Sequence[str]
    people: int = 3_200_000
    insured: int = 1_000_000
    seed: int = 7
    as_of: dt.date = dt.date(2026, 3, 1)
    minority_share: float = 0.22
    deceased_share: float = 0.015
    population_faults: Mapping[str, float] = field(default_factory=lambda: dict(POPULATION_FAULTS))
    insurance_faults: Mapping[str, float] = field(default_factory=lambda: dict(INSURANCE_FAULTS))

    def __post_init__(self) -> None:
        if not self.communes or not self.old_communes:
            raise ValueError("Cần danh sách mã xã hiện hành và mã xã cũ.")
        if self.insured > self.people or self.people < 1:
            raise ValueError("Số người tham gia BHXH phải từ 0 đến số dân.")
        for rates, known in (
            (self.population_faults, POPULATION_FAULTS),
            (self.insurance_faults, INSURANCE_FAULTS),
        ):
            unknown = set(rates) - set(known)
            if unknown or sum(rates.values()) > 1 or min(rates.values(), default=0) < 0:
                raise ValueError(f"Tỷ lệ lỗi không hợp lệ: {dict(rates)}.")

    @property
    def month(self) -> str:
        """The extract month: the month of the day before ``as_of``."""
        return f"{self.as_of - dt.timedelta(days=1):%Y-%m}"


@dataclass(frozen=True)
class Registers:
    """The generated tables."""

    population: pa.Table
    insurance: pa.Table
    ground_truth: pa.Table


def register_schema(schema: RegisterSchema) -> pa.Schema:
    """The Arrow schema of a register as declared (every column nullable: missing values are faults)."""
    return pa.schema(
        [pa.field(column.name, pa.type_for_alias(column.arrow_type)) for column in schema.columns]
    )


def ground_truth_schema() -> pa.Schema:
    """The Arrow schema of ``dq_ground_truth``."""
    names = ("register", "row_key", "fault", "check_code", "field", "month")
    return pa.schema([pa.field(name, pa.string(), nullable=False) for name in names])


def _categories(rng: np.random.Generator, rates: np.ndarray) -> np.ndarray:
    """Per row (rates: rows × kinds) the fault drawn: 0 none, k + 1 the k-th kind; at most one per row."""
    cumulative = np.cumsum(rates, axis=1)
    draw = rng.random(len(rates))[:, None]
    chosen = (draw >= cumulative).sum(axis=1)
    kinds: np.ndarray = np.where(chosen < rates.shape[1], chosen + 1, 0)
    return kinds


def _rate_matrix(rates: Mapping[str, float], names: Sequence[str], n: int) -> np.ndarray:
    return np.tile(np.array([rates.get(name, 0.0) for name in names]), (n, 1))


def _unique_ids(
    rng: np.random.Generator, base: np.ndarray, span: int, taken: np.ndarray | None = None
) -> Any:
    """``base`` plus a random number below ``span``, redrawn until unique (and not in ``taken``)."""
    values = base + rng.integers(0, span, len(base))
    # A sorted copy and a binary search: numpy's isin would hash the whole population on every round.
    held = np.sort(taken) if taken is not None and len(taken) else None
    while True:
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        clash = np.zeros(len(values), dtype=bool)
        clash[order[1:][ordered[1:] == ordered[:-1]]] = True
        if held is not None:
            clash |= held[np.minimum(np.searchsorted(held, values), len(held) - 1)] == values
        if not clash.any():
            return values
        values[clash] = base[clash] + rng.integers(0, span, int(clash.sum()))


def _digits(values: np.ndarray, width: int) -> Any:
    return pc.utf8_lpad(pa.array(values, pa.int64()).cast(pa.string()), width=width, padding="0")


def _row_keys(prefix: str, numbers: np.ndarray) -> Any:
    return pc.binary_join_element_wise(prefix, _digits(numbers, 8), "")


def _text(values: Any, missing: np.ndarray, empty: np.ndarray) -> Any:
    values = pc.if_else(pa.array(missing & empty), "", values)
    return pc.if_else(pa.array(missing & ~empty), pa.scalar(None, pa.string()), values)


def _dates(days: np.ndarray, missing: np.ndarray) -> Any:
    return pa.array(days.astype("datetime64[D]"), pa.date32(), mask=missing)


def _stamps(microseconds: np.ndarray, missing: np.ndarray) -> Any:
    return pa.array(microseconds.astype("datetime64[us]"), pa.timestamp("us"), mask=missing)


class _Truth:
    """Collects ground-truth rows (register, row number, fault, check, field) as arrays."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, np.ndarray, str, Any, Any]] = []

    def add(self, register: str, rows: np.ndarray, fault: str, check: Any, column: Any) -> None:
        if len(rows):
            self.parts.append((register, rows, fault, check, column))

    def table(self, month: str) -> pa.Table:
        batches = []
        for register, rows, fault, check, column in self.parts:
            prefix = "DC-" if register == DAN_CU.name else "BH-"
            n = len(rows)
            checks = check if isinstance(check, np.ndarray) else np.full(n, check)
            columns = column if isinstance(column, np.ndarray) else np.full(n, column)
            arrays = [
                pa.repeat(register, n),
                _row_keys(prefix, rows + 1),
                pa.repeat(fault, n),
                pa.array(checks.astype(str), pa.string()),
                pa.array(columns.astype(str), pa.string()),
                pa.repeat(month, n),
            ]
            batches.append(pa.RecordBatch.from_arrays(arrays, schema=ground_truth_schema()))
        return pa.Table.from_batches(batches, schema=ground_truth_schema())


def _rows_of(kinds: np.ndarray, names: Sequence[str], fault: str) -> np.ndarray:
    rows: np.ndarray = np.flatnonzero(kinds == list(names).index(fault) + 1)
    return rows


def _missing_masks(
    names: Sequence[str], chosen: np.ndarray, rows: np.ndarray, n: int, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per column the rows missing it, and the rows whose text is an empty string rather than NULL."""
    masks = {name: np.zeros(n, dtype=bool) for name in names}
    for index, name in enumerate(names):
        masks[name][rows[chosen == index]] = True
    empty = rng.random(n) < 0.2
    return masks, empty


def generate_registers(spec: RegisterSpec) -> Registers:
    """Draw both registers, inject the fault mix, record the ground truth."""
    words = NameVocabulary.build()
    truth = _Truth()
    as_of_day = (spec.as_of - _EPOCH).days
    n, m = spec.people, spec.insured

    # The clean population.
    rng = np.random.default_rng([spec.seed, 1])
    commune_weights = rng.lognormal(0.0, 0.6, len(spec.communes))
    commune = rng.choice(len(spec.communes), n, p=commune_weights / commune_weights.sum())
    female = rng.random(n) < 0.5
    ages = np.arange(100)
    age_weights = np.where(ages < 55, 1.0, np.exp(-(ages - 55) / 12))
    age = rng.choice(100, n, p=age_weights / age_weights.sum())
    birth = as_of_day - 1 - np.floor(age * 365.2425).astype(np.int64) - rng.integers(0, 365, n)
    year = birth.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    minority = rng.random(n) < spec.minority_share
    surname, middle, given = words.draw(rng, female, minority)
    other_places = [code for code in _KNOWN_PLACES if code not in {64, 52}]
    place_draw = rng.random(n)
    place = np.where(
        place_draw < 0.62,
        64,
        np.where(place_draw < 0.88, 52, np.array(other_places)[rng.integers(0, len(other_places), n)]),
    )
    century_sex = (year // 100 - 19) * 2 + female
    personal_id = _unique_ids(rng, place * 10**9 + century_sex * 10**8 + (year % 100) * 10**6, 10**6)
    deceased = rng.random(n) < spec.deceased_share
    latest = as_of_day - 1
    earliest_death = np.minimum(np.maximum(birth + 1, as_of_day - 3650), latest)
    death = earliest_death + (rng.random(n) * (latest - earliest_death + 1)).astype(np.int64)
    start_us = (dt.date(2021, 7, 1) - _EPOCH).days * _DAY_US
    updated = start_us + (rng.random(n) * (as_of_day * _DAY_US - start_us)).astype(np.int64)
    residence = commune.copy()  # index into communes + old_communes

    # Who is insured: living people of working age (all living people if too few).
    rng = np.random.default_rng([spec.seed, 2])
    eligible = np.flatnonzero(~deceased & (age >= 15) & (age <= 80))
    if len(eligible) < m:
        eligible = np.flatnonzero(~deceased)
    if len(eligible) < m:
        eligible = np.arange(n)
    person = rng.choice(eligible, m, replace=False)
    insured = np.zeros(n, dtype=bool)
    insured[person] = True

    # Population faults (at most one per record).
    rng = np.random.default_rng([spec.seed, 3])
    names = tuple(POPULATION_FAULTS)
    kinds = _categories(rng, _rate_matrix(spec.population_faults, names, n))

    rows = _rows_of(kinds, names, "id_birth_year")
    shift = rng.integers(1, 10, len(rows))
    personal_id[rows] += (((year[rows] % 100) + shift) % 100 - year[rows] % 100) * 10**6
    truth.add(DAN_CU.name, rows, "id_birth_year", "DQ-DUNG-002", "personal_id")
    rows = _rows_of(kinds, names, "id_sex")
    personal_id[rows] += np.where(century_sex[rows] % 2 == 1, -1, 1) * 10**8
    truth.add(DAN_CU.name, rows, "id_sex", "DQ-DUNG-002", "personal_id")
    rows = _rows_of(kinds, names, "unknown_place_code")
    unknown = np.array(_UNKNOWN_PLACE_CODES)[rng.integers(0, len(_UNKNOWN_PLACE_CODES), len(rows))]
    place_field = place.copy()
    place_field[rows] = unknown
    truth.add(DAN_CU.name, rows, "unknown_place_code", "DQ-DUNG-003", "birth_registration_place_code")
    prefixed = rows[(rng.random(len(rows)) < 0.5) & ~insured[rows]]  # an insured ID stays as bhxh knows it
    personal_id[prefixed] = personal_id[prefixed] % 10**9 + place_field[prefixed] * 10**9
    truth.add(DAN_CU.name, prefixed, "unknown_place_code", "DQ-DUNG-003", "personal_id")
    # A changed ID keeps its wrong prefix but redraws its random digits if it now equals another person's ID
    # (else the fault would also make an unrecorded duplicate).
    changed = np.zeros(n, dtype=bool)
    changed[kinds == names.index("id_birth_year") + 1] = True
    changed[kinds == names.index("id_sex") + 1] = True
    changed[prefixed] = True
    personal_id[changed] = _unique_ids(
        rng, personal_id[changed] // 10**6 * 10**6, 10**6, taken=personal_id[~changed]
    )
    rows = _rows_of(kinds, names, "old_commune_code")
    residence[rows] = len(spec.communes) + rng.integers(0, len(spec.old_communes), len(rows))
    truth.add(DAN_CU.name, rows, "old_commune_code", "DQ-SONG-002", "residence_commune_code")
    rows = _rows_of(kinds, names, "missing_field")
    chosen = rng.integers(0, 8, len(rows))
    chosen = np.where(deceased[rows] & (rng.random(len(rows)) < 0.3), 8, chosen)
    safe = np.array(_LINK_SAFE_MISSING)[rng.integers(0, len(_LINK_SAFE_MISSING), len(rows))]
    chosen = np.where(insured[rows], safe, chosen)
    missing, empty = _missing_masks(_POPULATION_MISSING, chosen, rows, n, rng)
    fields = np.array(_POPULATION_MISSING)[chosen]
    truth.add(DAN_CU.name, rows, "missing_field", np.where(chosen == 0, "DQ-DU-001", "DQ-DU-002"), fields)
    duplicated = _rows_of(kinds, names, "duplicate_key")

    # The insurance register, from the (faulted) population IDs and the clean names, dates and communes.
    rng = np.random.default_rng([spec.seed, 4])
    insurance_code = _unique_ids(rng, np.full(m, 64 * 10**8), 10**8)
    insured_id = personal_id[person].copy()
    insured_given = given[person].copy()
    insured_birth = birth[person].copy()
    insured_commune = commune[person].copy()
    upper = rng.random(m) < 0.31
    participating = rng.random(m) < 0.85
    insured_updated = as_of_day * _DAY_US - rng.integers(_DAY_US, 364 * _DAY_US, m)
    names = tuple(INSURANCE_FAULTS)  # from here on, kinds and names are the insurance register's
    rates = _rate_matrix(spec.insurance_faults, names, m)
    slippable = words.slips[insured_given] >= 0
    diacritics = names.index("wrong_diacritics")
    rates[:, diacritics] = np.where(slippable, rates[:, diacritics] / max(slippable.mean(), 1e-9), 0.0)
    rates[:, diacritics] = np.minimum(rates[:, diacritics], 1.0 - rates.sum(axis=1) + rates[:, diacritics])
    kinds = _categories(rng, rates)

    rows = _rows_of(kinds, names, "absent_from_population")
    insured_id[rows] = _unique_ids(rng, insured_id[rows] // 10**6 * 10**6, 10**6, taken=personal_id)
    truth.add(BHXH.name, rows, "absent_from_population", "DQ-DUNG-006", "personal_id")
    rows = _rows_of(kinds, names, "other_birth_date")
    shift = rng.integers(1, 401, len(rows))
    insured_birth[rows] = np.where(
        insured_birth[rows] + shift < as_of_day, insured_birth[rows] + shift, insured_birth[rows] - shift
    )
    truth.add(BHXH.name, rows, "other_birth_date", "DQ-DUNG-007", "birth_date")
    rows = _rows_of(kinds, names, "wrong_diacritics")
    insured_given[rows] = words.slips[insured_given[rows]]
    truth.add(BHXH.name, rows, "wrong_diacritics", "DQ-SACH-003", "full_name")
    rows = _rows_of(kinds, names, "deceased_participating")
    participating[rows] = True
    dead = person[rows]
    deceased[dead] = True
    death[dead] = np.maximum(as_of_day - rng.integers(1, 1096, len(rows)), birth[dead])
    truth.add(BHXH.name, rows, "deceased_participating", "DQ-SONG-001", "status")
    rows = _rows_of(kinds, names, "old_commune_code")
    insured_commune[rows] = len(spec.communes) + rng.integers(0, len(spec.old_communes), len(rows))
    truth.add(BHXH.name, rows, "old_commune_code", "DQ-SONG-002", "commune_code")
    rows = _rows_of(kinds, names, "stale_record")
    insured_updated[rows] = as_of_day * _DAY_US - rng.integers(400, 1501, len(rows)) * _DAY_US
    truth.add(BHXH.name, rows, "stale_record", "DQ-SONG-003", "last_updated")
    rows = _rows_of(kinds, names, "missing_field")
    chosen = rng.integers(0, len(_INSURANCE_MISSING), len(rows))
    insured_missing, insured_empty = _missing_masks(_INSURANCE_MISSING, chosen, rows, m, rng)
    truth.add(
        BHXH.name,
        rows,
        "missing_field",
        np.where(chosen == 0, "DQ-DU-001", "DQ-DU-002"),
        np.array(_INSURANCE_MISSING)[chosen],
    )
    insured_duplicated = _rows_of(kinds, names, "duplicate_key")

    # Duplicates: the whole record again, appended with the next row keys; both rows are ground truth.
    month = spec.month
    order = np.concatenate([np.arange(n), duplicated])
    truth.add(DAN_CU.name, duplicated, "duplicate_key", "DQ-SACH-001", "personal_id")
    truth.add(DAN_CU.name, np.arange(n, len(order)), "duplicate_key", "DQ-SACH-001", "personal_id")
    communes = tuple(spec.communes) + tuple(spec.old_communes)
    text_missing = {name: missing[name][order] for name in missing}
    empty_o = empty[order]
    population = pa.Table.from_arrays(
        [
            _row_keys("DC-", np.arange(1, len(order) + 1)),
            _text(_digits(personal_id[order], 12), text_missing["personal_id"], empty_o),
            _text(
                words.full_names(surname[order], middle[order], given[order]),
                text_missing["full_name"],
                empty_o,
            ),
            _dates(birth[order], text_missing["birth_date"]),
            _text(
                strings_from_codes(female[order].astype(np.int8), ("male", "female")),
                text_missing["sex"],
                empty_o,
            ),
            _text(_digits(place_field[order], 3), text_missing["birth_registration_place_code"], empty_o),
            _text(
                strings_from_codes(residence[order], communes),
                text_missing["residence_commune_code"],
                empty_o,
            ),
            _text(
                strings_from_codes(deceased[order].astype(np.int8), ("alive", "deceased")),
                text_missing["life_status"],
                empty_o,
            ),
            _dates(death[order], ~deceased[order] | text_missing["death_date"]),
            _stamps(updated[order], text_missing["last_updated"]),
            pa.repeat(month, len(order)),
        ],
        schema=register_schema(DAN_CU),
    )

    order = np.concatenate([np.arange(m), insured_duplicated])
    truth.add(BHXH.name, insured_duplicated, "duplicate_key", "DQ-SACH-001", "insurance_code")
    truth.add(BHXH.name, insured_duplicated, "duplicate_key", "DQ-SACH-001", "personal_id")
    copies = np.arange(m, len(order))
    truth.add(BHXH.name, copies, "duplicate_key", "DQ-SACH-001", "insurance_code")
    truth.add(BHXH.name, copies, "duplicate_key", "DQ-SACH-001", "personal_id")
    got = {name: insured_missing[name][order] for name in insured_missing}
    empty_o = insured_empty[order]
    who = person[order]
    full_name = words.full_names(surname[who], middle[who], insured_given[order])
    full_name = pc.if_else(pa.array(upper[order]), pc.utf8_upper(full_name), full_name)
    insurance = pa.Table.from_arrays(
        [
            _row_keys("BH-", np.arange(1, len(order) + 1)),
            _text(_digits(insurance_code[order], 10), got["insurance_code"], empty_o),
            _text(_digits(insured_id[order], 12), got["personal_id"], empty_o),
            _text(full_name, got["full_name"], empty_o),
            _dates(insured_birth[order], got["birth_date"]),
            _text(strings_from_codes(insured_commune[order], communes), got["commune_code"], empty_o),
            _text(
                strings_from_codes((~participating[order]).astype(np.int8), ("participating", "stopped")),
                got["status"],
                empty_o,
            ),
            _stamps(insured_updated[order], got["last_updated"]),
            pa.repeat(month, len(order)),
        ],
        schema=register_schema(BHXH),
    )
    return Registers(population, insurance, truth.table(month))


def publish_registers(
    data_root: Path, spec: RegisterSpec, *, now: dt.datetime, limits: ResourceLimits | None = None
) -> dict[str, Manifest]:
    """Publish dan_cu, bhxh and the ground truth (``dq_ground_truth``) under ``data_root``; manifests by name."""
    registers = generate_registers(spec)
    return {
        name: publish_dataset(data_root, name, table, now=now, limits=limits)
        for name, table in (
            (DAN_CU.name, registers.population),
            (BHXH.name, registers.insurance),
            (GROUND_TRUTH, registers.ground_truth),
        )
    }
