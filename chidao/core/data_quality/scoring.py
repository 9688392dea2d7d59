"""Record groups, the four percentages and scorecards per register, owner and commune; a run's summary.

- Record group (as in the 2025 land campaign): **3 "phải xây dựng lại"** if the record has any critical
  finding, **2 "cần bổ sung, chỉnh sửa"** if it has any other finding (warnings included), else
  **1 "dùng được ngay"**.
- % đúng = records passing every đúng check / all records × 100 (likewise đủ, sạch, sống). Measures
  (completeness) do not enter. No records: no percentage (None), never 0 or 100.
- Scorecards: per register and responsible commune (the SQL ``scorecard_query`` rows, or
  ``score_records`` from findings — the pure twin), added up per register and per owner. Counts add up;
  percentages are recomputed from the sums, never averaged.
- A run's results carry the configuration version, the catalogue version and each check's version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import IntEnum
from types import MappingProxyType
from typing import Any, Final

from chidao.core.data_quality.catalogue import CATALOGUE_VERSION, CHECKS, Criterion, Severity
from chidao.core.data_quality.config import QualityConfig
from chidao.core.data_quality.schema import Owner, register

__all__ = [
    "Finding",
    "RecordGroup",
    "RunSummary",
    "ScoreCounts",
    "Scorecard",
    "record_group",
    "roll_up",
    "score_records",
    "scorecards_from_rows",
]

_HUNDRED: Final = Decimal(100)
_ONE_DECIMAL: Final = Decimal("0.1")


class RecordGroup(IntEnum):
    """The three groups a record falls in."""

    USABLE = 1
    TO_CORRECT = 2
    TO_REBUILD = 3

    @property
    def label(self) -> str:
        """The Vietnamese name of the group."""
        return _GROUP_LABELS[self]


_GROUP_LABELS: Final = {
    RecordGroup.USABLE: "Dùng được ngay",
    RecordGroup.TO_CORRECT: "Cần bổ sung, chỉnh sửa",
    RecordGroup.TO_REBUILD: "Phải xây dựng lại",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One finding: which record (by key only), which check, which field, and a short detail code."""

    register: str
    record_key: str
    commune_code: str | None
    check_code: str
    field: str
    detail: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Finding:
        """A finding from a row of ``findings_query``."""
        return cls(
            row["register"],
            row["record_key"],
            row["commune_code"],
            row["check_code"],
            row["field"],
            row["detail"],
        )


def record_group(severities: Iterable[Severity]) -> RecordGroup:
    """The group of a record with findings of these severities."""
    seen = set(severities)
    if Severity.CRITICAL in seen:
        return RecordGroup.TO_REBUILD
    return RecordGroup.TO_CORRECT if seen else RecordGroup.USABLE


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreCounts:
    """Counts of one scope: records, records per group, records passing each criterion."""

    records: int = 0
    groups: Mapping[RecordGroup, int] = field(default_factory=lambda: MappingProxyType({}))
    passing: Mapping[Criterion, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        groups = {group: int(self.groups.get(group, 0)) for group in RecordGroup}
        passing = {criterion: int(self.passing.get(criterion, 0)) for criterion in Criterion}
        if any(value < 0 for value in (self.records, *groups.values(), *passing.values())):
            raise ValueError("Số đếm không được âm.")
        if sum(groups.values()) != self.records:
            raise ValueError("Tổng số bản ghi của ba nhóm phải bằng số bản ghi.")
        if any(value > self.records for value in passing.values()):
            raise ValueError("Số bản ghi đạt một tiêu chí không vượt quá số bản ghi.")
        object.__setattr__(self, "groups", MappingProxyType(groups))
        object.__setattr__(self, "passing", MappingProxyType(passing))

    def percent(self, criterion: Criterion) -> Decimal | None:
        """% of records passing every check of the criterion (one decimal), None without records."""
        return _percent(self.passing[criterion], self.records)

    def group_percent(self, group: RecordGroup) -> Decimal | None:
        """% of records in the group (one decimal), None without records."""
        return _percent(self.groups[group], self.records)

    def __add__(self, other: ScoreCounts) -> ScoreCounts:
        return ScoreCounts(
            self.records + other.records,
            {group: self.groups[group] + other.groups[group] for group in RecordGroup},
            {criterion: self.passing[criterion] + other.passing[criterion] for criterion in Criterion},
        )


@dataclass(frozen=True)
class Scorecard:
    """The counts of a register (or an owner) in a commune (None: records without a responsible commune)."""

    register: str | None
    owner: Owner
    commune_code: str | None
    counts: ScoreCounts


def scorecards_from_rows(register_name: str, rows: Iterable[Mapping[str, Any]]) -> list[Scorecard]:
    """Scorecards from the rows of ``scorecard_query`` (one per responsible commune)."""
    owner = register(register_name).owner
    cards = []
    for row in rows:
        counts = ScoreCounts(
            int(row["records"]),
            {group: int(row[f"group_{group.value}"]) for group in RecordGroup},
            {criterion: int(row[f"passing_{criterion.value}"]) for criterion in Criterion},
        )
        cards.append(Scorecard(register_name, owner, row["commune_code"], counts))
    return cards


def roll_up(cards: Iterable[Scorecard], *, by: str) -> dict[tuple[str | None, str | None], ScoreCounts]:
    """Sum scorecards ``by`` "register", "owner", "register_commune" or "owner_commune".

    Keys are (register or owner value, commune code or None for the whole scope).
    """
    if by not in {"register", "owner", "register_commune", "owner_commune"}:
        raise ValueError(f"Không tổng hợp được theo «{by}».")
    totals: dict[tuple[str | None, str | None], ScoreCounts] = {}
    for card in cards:
        scope = card.owner.value if by.startswith("owner") else card.register
        commune = card.commune_code if by.endswith("commune") else None
        key = (scope, commune)
        totals[key] = totals.get(key, ScoreCounts()) + card.counts
    return totals


def score_records(
    records: Iterable[tuple[str, str | None]], findings: Iterable[Finding], config: QualityConfig
) -> dict[str | None, ScoreCounts]:
    """The pure twin of ``scorecard_query``: counts per commune from (record key, commune) and findings."""
    by_record: dict[str, list[Finding]] = {}
    for finding in findings:
        by_record.setdefault(finding.record_key, []).append(finding)
    totals: dict[str | None, ScoreCounts] = {}
    for key, commune in records:
        found = by_record.get(key, [])
        group = record_group(config.severity(item.check_code) for item in found)
        failed = {CHECKS[item.check_code].criterion for item in found}
        counts = ScoreCounts(
            1, {group: 1}, {criterion: int(criterion not in failed) for criterion in Criterion}
        )
        totals[commune] = totals.get(commune, ScoreCounts()) + counts
    return totals


@dataclass(frozen=True)
class RunSummary:
    """What a run records beside its counts: registers, as-of date and the versions used."""

    registers: tuple[str, ...]
    as_of: date
    config_version: str
    catalogue_version: str
    check_versions: Mapping[str, int]
    check_counts: Mapping[str, int]

    @classmethod
    def create(
        cls, registers: Iterable[str], as_of: date, config: QualityConfig, check_counts: Mapping[str, int]
    ) -> RunSummary:
        """The summary of a run over ``registers`` with the enabled checks' versions."""
        chosen = tuple(registers)
        versions = {
            code: item.version
            for code, item in CHECKS.items()
            if config.enabled(code) and any(name in item.registers for name in chosen)
        }
        return cls(
            chosen,
            as_of,
            config.version,
            CATALOGUE_VERSION,
            MappingProxyType(versions),
            MappingProxyType(dict(check_counts)),
        )
