"""The commune-code table the checks join: which codes are current, and where an old code went (2025 crosswalk).

``commune_code_rows`` turns the admin-units catalogue (read and passed in by the app layer) into rows of the
``ma_xa`` dataset (columns in ``schema.MA_XA``): every current commune once (``is_current``, its own code as
successor), every pre-2025 commune whose code is no longer current once per new commune that received
(part of) it. A code that is both old and current (a merged commune kept one of the old codes) is current.
``commune_statuses`` is the pure twin of the SQL ``commune_status`` CTE.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from chidao.core.admin_units_model import AdminUnitsCatalogue

__all__ = ["CommuneStatus", "commune_code_rows", "commune_statuses"]


def commune_code_rows(
    catalogue: AdminUnitsCatalogue, province_codes: Iterable[str] | None = None, *, month: str
) -> list[dict[str, object]]:
    """Rows of the commune-code table (restricted to new communes of ``province_codes`` when given)."""
    provinces = None if province_codes is None else set(province_codes)
    current = {
        code
        for code, commune in catalogue.communes.items()
        if provinces is None or commune.province_code in provinces
    }
    every_current = set(catalogue.communes)
    rows: list[dict[str, object]] = [
        {"code": code, "is_current": True, "successor_code": code, "month": month} for code in sorted(current)
    ]
    seen: set[tuple[str, str]] = set()
    for link in catalogue.links:
        if link.old_code is None or link.old_code in every_current or link.new_code not in current:
            continue
        if (link.old_code, link.new_code) in seen:
            continue
        seen.add((link.old_code, link.new_code))
        rows.append(
            {"code": link.old_code, "is_current": False, "successor_code": link.new_code, "month": month}
        )
    return rows


@dataclass(frozen=True)
class CommuneStatus:
    """What a commune code is: current, old with its successors, or (absent from the table) unknown."""

    code: str
    current: bool
    successors: tuple[str, ...]

    @property
    def responsible(self) -> str | None:
        """The commune answering for a record with this code: itself, the one successor, else None (split)."""
        if self.current:
            return self.code
        return self.successors[0] if len(self.successors) == 1 else None


def commune_statuses(rows: Iterable[Mapping[str, object]]) -> dict[str, CommuneStatus]:
    """Aggregate commune-code rows per code (the twin of the SQL ``commune_status``)."""
    current: dict[str, bool] = {}
    successors: dict[str, set[str]] = {}
    for row in rows:
        code = str(row["code"])
        current[code] = current.get(code, False) or bool(row["is_current"])
        if not row["is_current"]:
            successors.setdefault(code, set()).add(str(row["successor_code"]))
    return {
        code: CommuneStatus(code, is_current, tuple(sorted(successors.get(code, ()))))
        for code, is_current in current.items()
    }
