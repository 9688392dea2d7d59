"""The simulated procedure catalogue (thu_tuc): codes, online level, fees, paper result, time limits."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pyarrow as pa

from chidao.core.service_index.schema import THU_TUC, LimitUnit, OnlineLevel, ProcedureLevel
from chidao.simulation.arrow import arrow_schema, strings_from_codes
from chidao.simulation.spec import SimulationSpec

__all__ = ["ONLINE_CODES", "Procedures", "procedure_batches"]

ONLINE_CODES: Final = (OnlineLevel.FULL.value, OnlineLevel.PARTIAL.value, OnlineLevel.NONE.value)
LIMIT_UNITS: Final = (
    LimitUnit.WORKING_DAYS.value,
    LimitUnit.DAYS.value,
    LimitUnit.HOURS.value,
    LimitUnit.MONTHS.value,
)
_LIMIT_UNIT_SHARES: Final = (0.85, 0.07, 0.05, 0.03)
_LIMIT_CHOICES: Final = (
    ((1, 2, 3, 5, 7, 10, 12, 15, 20, 30), (0.08, 0.08, 0.16, 0.2, 0.12, 0.14, 0.05, 0.1, 0.04, 0.03)),
    ((5, 7, 10, 15, 30), (0.2, 0.2, 0.3, 0.2, 0.1)),
    ((4.0, 8.0, 24.0), (0.4, 0.4, 0.2)),
    ((1, 2, 3), (0.6, 0.3, 0.1)),
)
_FEES: Final = np.array([10_000, 15_000, 20_000, 30_000, 50_000, 100_000, 200_000, 500_000], dtype=np.int64)
COMMUNE_PROCEDURE_SHARE: Final = 0.35


@dataclass(frozen=True)
class Procedures:
    """The catalogue as arrays indexed by procedure number (0 … count − 1).

    Communes use procedures [0, commune_count); departments share the rest in contiguous blocks.
    ``limit_working_days`` is the limit converted to working days (hours: same day or the next, months: 21
    per month) to time the simulated processing.
    """

    codes: tuple[str, ...]
    commune_count: int
    online_level: np.ndarray  # index into ONLINE_CODES
    fee_bearing: np.ndarray
    fee_amount: np.ndarray
    paper_result: np.ndarray
    citizen_subject: np.ndarray
    limit_unit: np.ndarray  # index into LIMIT_UNITS
    limit_value: np.ndarray
    limit_working_days: np.ndarray

    @classmethod
    def for_spec(cls, spec: SimulationSpec) -> Procedures:
        """The catalogue of ``spec`` (deterministic for its seed)."""
        rng = np.random.default_rng([spec.seed, 1])
        count = spec.procedures
        commune_count = max(1, round(count * COMMUNE_PROCEDURE_SHARE))
        draw = rng.random(count)
        online = np.where(
            draw < spec.toan_trinh_share,
            0,
            np.where(draw < spec.toan_trinh_share + spec.mot_phan_share, 1, 2),
        )
        fee_bearing = rng.random(count) < spec.fee_share
        fee_amount = np.where(fee_bearing, _FEES[rng.integers(0, len(_FEES), count)], 0)
        unit = rng.choice(len(LIMIT_UNITS), size=count, p=_LIMIT_UNIT_SHARES)
        value = np.zeros(count, dtype=np.float64)
        for index, (choices, shares) in enumerate(_LIMIT_CHOICES):
            chosen = unit == index
            value[chosen] = rng.choice(np.array(choices, dtype=np.float64), size=int(chosen.sum()), p=shares)
        working = np.select(
            [unit == 0, unit == 1, unit == 2, unit == 3],
            [value, np.ceil(value * 5 / 7), np.where(value <= 8, 0, np.ceil(value / 8)), value * 21],
        ).astype(np.int64)
        digits = np.where(np.arange(count) < commune_count, 2, 1)
        codes = tuple(f"{digit}.9{number:05d}" for digit, number in zip(digits, range(count), strict=True))
        return cls(
            codes=codes,
            commune_count=commune_count,
            online_level=online.astype(np.int8),
            fee_bearing=fee_bearing,
            fee_amount=fee_amount.astype(np.int64),
            paper_result=rng.random(count) < spec.paper_result_share,
            citizen_subject=rng.random(count) < spec.citizen_subject_share,
            limit_unit=unit.astype(np.int8),
            limit_value=value,
            limit_working_days=working,
        )

    @property
    def count(self) -> int:
        """How many procedures."""
        return len(self.codes)

    def table(self, month: str) -> pa.Table:
        """The catalogue snapshot of ``month`` as a ``thu_tuc`` table."""
        count = self.count
        rng = np.random.default_rng([int(month.replace("-", "")), count])
        number = np.arange(count)
        level = np.where(number < self.commune_count, 1, 0)
        decision_day = np.datetime64("2025-07-01") + rng.integers(0, 120, count).astype("timedelta64[D]")
        effective_day = decision_day + rng.integers(5, 40, count).astype("timedelta64[D]")
        publicised = (decision_day + rng.integers(0, 8, count).astype("timedelta64[D]")).astype(
            "datetime64[us]"
        )
        columns: dict[str, Any] = {
            "code": pa.array(self.codes, pa.string()),
            "name": pa.array([f"Thủ tục mô phỏng số {n + 1:04d}" for n in range(count)], pa.string()),
            "level": strings_from_codes(level, (ProcedureLevel.PROVINCE.value, ProcedureLevel.COMMUNE.value)),
            "online_level": strings_from_codes(self.online_level, ONLINE_CODES),
            "fee_bearing": pa.array(self.fee_bearing),
            "paper_result": pa.array(self.paper_result),
            "statutory_limit_value": pa.array(self.limit_value),
            "statutory_limit_unit": strings_from_codes(self.limit_unit, LIMIT_UNITS),
            "citizen_subject": pa.array(self.citizen_subject),
            "publication_decision_code": pa.array(
                [f"{100 + n % 900}/QĐ-UBND" for n in range(count)], pa.string()
            ),
            "publication_decision_date": pa.array(decision_day, pa.date32()),
            "legal_basis_effective_date": pa.array(effective_day, pa.date32()),
            "publicised_at": pa.array(publicised, pa.timestamp("us")),
            "components_complete": pa.array(rng.random(count) < 0.97),
            "month": pa.repeat(month, count),
        }
        return pa.Table.from_batches(
            [pa.RecordBatch.from_arrays(list(columns.values()), schema=arrow_schema(THU_TUC))]
        )


def procedure_batches(spec: SimulationSpec) -> Iterator[pa.RecordBatch]:
    """One ``thu_tuc`` snapshot per simulated month (the same catalogue each month)."""
    procedures = Procedures.for_spec(spec)
    for month in spec.month_keys:
        yield from procedures.table(month).to_batches()
