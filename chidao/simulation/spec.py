"""What a simulation produces: the units, their quality, the volumes and the rates, all seeded.

A ``SimulationSpec`` fully determines the generated rows: the same spec (seed included) gives the same
Arrow batches byte for byte. Units come from the caller (the Django side passes the province's communes and
departments); ``spec_for_units`` turns (unit code, kind) pairs into a spec with sizes and quality profiles
drawn from the seed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

import numpy as np

__all__ = [
    "DEFAULT_PROFILES",
    "QualityProfile",
    "SimulatedUnit",
    "SimulationSpec",
    "UnitKind",
    "spec_for_units",
]


class UnitKind(StrEnum):
    """Where the unit sits: a provincial department (province-level procedures) or a commune."""

    DEPARTMENT = "department"
    COMMUNE = "commune"


@dataclass(frozen=True)
class QualityProfile:
    """How well a unit works; every rate is a probability in [0, 1] per dossier (or per feedback).

    ``late``: a dossier finishes after its appointment (besides the dossiers made late by a second
    supplement request or left unfinished). ``online_uptake``: a dossier of an online-capable procedure is
    submitted online (×``partial_online_factor`` for "một phần" procedures). The other rates are the
    digitisation and satisfaction flags the index counts.
    """

    name: str
    late: float
    online_uptake: float
    e_result: float
    digitised: float
    reused: float
    personal_store: float
    pushed_to_store: float
    vneid: float
    paid_online: float
    synced: float
    dislike: float
    complaint: float
    feedback_late: float

    def __post_init__(self) -> None:
        for name, value in self.rates().items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Hồ sơ chất lượng {self.name}: tỷ lệ {name} = {value} ngoài [0, 1].")

    def rates(self) -> dict[str, float]:
        """The rates by name."""
        return {name: value for name, value in vars(self).items() if isinstance(value, float)}


DEFAULT_PROFILES: Final[Mapping[str, QualityProfile]] = {
    profile.name: profile
    for profile in (
        QualityProfile(
            "excellent", 0.004, 0.85, 0.97, 0.95, 0.90, 0.55, 0.80, 0.85, 0.85, 0.995, 0.005, 0.001, 0.02
        ),
        QualityProfile(
            "good", 0.015, 0.65, 0.88, 0.85, 0.78, 0.40, 0.60, 0.70, 0.70, 0.98, 0.01, 0.002, 0.06
        ),
        QualityProfile(
            "average", 0.04, 0.45, 0.70, 0.70, 0.60, 0.25, 0.40, 0.50, 0.50, 0.95, 0.02, 0.004, 0.12
        ),
        QualityProfile("weak", 0.10, 0.25, 0.45, 0.50, 0.40, 0.10, 0.20, 0.30, 0.30, 0.90, 0.05, 0.010, 0.25),
    )
}
"""Four levels. Rates are illustrative (not measured): chosen so the province lands near the published
90-ish scores with weak units visibly below; see docs/domain/service-index/generator.md."""

_PROFILE_SHARES: Final = {"excellent": 0.25, "good": 0.45, "average": 0.22, "weak": 0.08}


@dataclass(frozen=True)
class SimulatedUnit:
    """One receiving unit: its organisation code, its kind, its relative size and its quality profile."""

    code: str
    kind: UnitKind
    weight: float
    profile: str

    def __post_init__(self) -> None:
        if not self.code:
            raise ValueError("Đơn vị mô phỏng cần mã.")
        if not self.weight > 0:
            raise ValueError(f"Đơn vị {self.code}: trọng số phải dương.")


@dataclass(frozen=True)
class SimulationSpec:
    """Everything the generators need. ``months`` are month numbers of ``year``.

    Rates: ``toan_trinh_share`` / ``mot_phan_share`` of procedures by online level; ``fee_share``,
    ``paper_result_share`` of procedures; per dossier ``supplement_rate`` (one request),
    ``second_supplement_rate`` (of those: a second request, late by rule 2.1), ``open_supplement_rate`` (of
    single requests: the citizen never came back), ``stop_rate`` / ``withdraw_rate``,
    ``no_appointment_rate`` (the export has no NgayHenTra: judged by the statutory limit),
    ``unfinished_rate`` (never finished: overdue at any later cutoff), ``rating_rate`` (rated at all),
    ``postal_share`` of offline dossiers, ``feedback_per_dossier``. ``as_of``: events at or after it are
    unknown (blank), as in an export taken at that moment; None keeps everything.
    """

    seed: int
    year: int
    units: tuple[SimulatedUnit, ...]
    dossiers: int
    months: tuple[int, ...] = tuple(range(1, 13))
    procedures: int = 1500
    source_system: str = "MOPHONG-MOTCUA"
    feedback_source_system: str = "MOPHONG-PAKN"
    profiles: Mapping[str, QualityProfile] = field(default_factory=lambda: dict(DEFAULT_PROFILES))
    toan_trinh_share: float = 0.45
    mot_phan_share: float = 0.35
    partial_online_factor: float = 0.6
    fee_share: float = 0.45
    paper_result_share: float = 0.7
    citizen_subject_share: float = 0.8
    supplement_rate: float = 0.06
    second_supplement_rate: float = 0.08
    open_supplement_rate: float = 0.05
    stop_rate: float = 0.01
    withdraw_rate: float = 0.005
    no_appointment_rate: float = 0.02
    unfinished_rate: float = 0.002
    rating_rate: float = 0.3
    postal_share: float = 0.03
    feedback_per_dossier: float = 0.002
    as_of: dt.datetime | None = None
    batch_rows: int = 1_000_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "units", tuple(self.units))
        object.__setattr__(self, "months", tuple(sorted(set(self.months))))
        if not self.units:
            raise ValueError("Cần ít nhất một đơn vị để mô phỏng.")
        codes = [unit.code for unit in self.units]
        if len(set(codes)) != len(codes):
            raise ValueError("Mã đơn vị mô phỏng bị trùng.")
        if not self.months or any(not 1 <= month <= 12 for month in self.months):
            raise ValueError("Tháng mô phỏng phải trong 1–12.")
        if self.dossiers < 0 or self.procedures < 10 or self.batch_rows < 1:
            raise ValueError("Số hồ sơ không âm, ít nhất 10 thủ tục, lô ít nhất 1 dòng.")
        missing = sorted({unit.profile for unit in self.units} - set(self.profiles))
        if missing:
            raise ValueError(f"Chưa khai báo hồ sơ chất lượng: {', '.join(missing)}.")
        if self.toan_trinh_share + self.mot_phan_share > 1:
            raise ValueError("Tỷ lệ thủ tục toàn trình + một phần vượt 100 %.")
        if self.as_of is not None and self.as_of.tzinfo is not None:
            raise ValueError("as_of là giờ địa phương không múi giờ (Asia/Ho_Chi_Minh), như dữ liệu xuất.")

    @property
    def month_keys(self) -> tuple[str, ...]:
        """The months as 'YYYY-MM'."""
        return tuple(f"{self.year:04d}-{month:02d}" for month in self.months)


def spec_for_units(
    units: Iterable[tuple[str, str]],
    *,
    seed: int,
    year: int,
    dossiers: int,
    profile_shares: Mapping[str, float] | None = None,
    **options: object,
) -> SimulationSpec:
    """A spec for (unit code, kind) pairs: sizes log-normal (departments ~3× a commune), profiles by share.

    The same seed and pairs give the same sizes and profiles; ``options`` go to ``SimulationSpec``.
    """
    pairs = [(code, UnitKind(kind)) for code, kind in units]
    rng = np.random.default_rng([seed, 7])
    shares = dict(profile_shares or _PROFILE_SHARES)
    names = sorted(shares)
    probabilities = np.array([shares[name] for name in names], dtype=float)
    probabilities /= probabilities.sum()
    drawn = rng.choice(len(names), size=len(pairs), p=probabilities)
    sizes = rng.lognormal(mean=0.0, sigma=0.5, size=len(pairs))
    simulated = tuple(
        SimulatedUnit(
            code,
            kind,
            float(round(size * (3.0 if kind is UnitKind.DEPARTMENT else 1.0), 6)),
            names[int(index)],
        )
        for (code, kind), size, index in zip(pairs, sizes, drawn, strict=True)
    )
    return SimulationSpec(seed=seed, year=year, units=simulated, dossiers=dossiers, **options)  # type: ignore[arg-type]
