"""The numerator and denominator of one sub-indicator for one unit and period: what every value stores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Counts", "sum_counts"]


@dataclass(frozen=True)
class Counts:
    """``numerator`` of ``denominator`` items (dossiers, procedures or feedback) qualify."""

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if not 0 <= self.numerator <= self.denominator:
            raise ValueError(
                f"Tử số {self.numerator} và mẫu số {self.denominator} không hợp lệ (cần 0 ≤ tử số ≤ mẫu số)."
            )

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.numerator + other.numerator, self.denominator + other.denominator)

    @property
    def missing(self) -> int:
        """Items in the denominator that do not qualify: the ones that cost points."""
        return self.denominator - self.numerator


def sum_counts(parts: Iterable[Mapping[str, Counts]]) -> dict[str, Counts]:
    """Add counts indicator by indicator (an indicator absent from a part counts as 0 of 0 there).

    Only valid for per-dossier and per-feedback indicators: each dossier or feedback belongs to exactly
    one unit and month. Per-procedure indicators count distinct procedures and must be queried at the
    level wanted (``scoring.aggregate_counts`` refuses them).
    """
    total: dict[str, Counts] = {}
    for part in parts:
        for indicator_id, counts in part.items():
            total[indicator_id] = total.get(indicator_id, Counts(0, 0)) + counts
    return total
