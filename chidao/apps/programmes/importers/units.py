"""Turning the unit cells of an annex into Unit rows: current code or name, or an old commune with its district.

Current units are looked up in one in-memory index (no query per row); an old commune is written with its old
district in parentheses, "Xã Ia Kha (huyện Ia Grai cũ)", and goes through the 2025 crosswalk. Every failure is
a CellError whose message lists the candidates, so the user can write the code instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from chidao.apps.organisation.catalogue import resolve_unit_by_old_commune
from chidao.apps.organisation.models import Unit
from chidao.core.importing import CellError, Reference, ReferenceIndex

# "Xã Ia Kha (huyện Ia Grai cũ)", "Phường Đống Đa (thành phố Pleiku cũ)": the old district, then "cũ".
OLD_COMMUNE: Final = re.compile(r"^(?P<name>[^()]+?)\s*\(\s*(?P<district>[^()]+?)\s+cũ\s*\)$", re.IGNORECASE)
_MAX_LISTED: Final = 5


def split_unit_list(text: str) -> list[str]:
    """The unit names of a list cell: separated by ";" (or by "," when no ";"), commas inside (…) kept."""
    separator = ";" if ";" in text else ","
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]


class UnitResolver:
    """Resolves the unit texts of a file against the units valid today (built once per import)."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self._units = {unit.pk: unit for unit in units}
        self._index = ReferenceIndex(
            Reference(unit.pk, unit.code, unit.name) for unit in self._units.values()
        )

    def resolve(self, text: str) -> Unit:
        """The one unit ``text`` names; CellError listing the candidates when none or several match."""
        wanted = " ".join(text.split())
        old = OLD_COMMUNE.match(wanted)
        if old is not None:
            return self._old_commune(old.group("name"), old.group("district"))
        try:
            return self._units[int(str(self._index.resolve(wanted).id))]
        except CellError as current_error:
            # Not a current name: perhaps a pre-2025 commune written without its district.
            resolution = resolve_unit_by_old_commune(name=wanted)
            if resolution.candidates:
                raise CellError(
                    f"“{wanted}” không phải tên đơn vị hiện hành; là tên xã, phường cũ, nay thuộc: "
                    f"{self._listing(resolution.candidates)}. Hãy ghi tên, mã hiện hành hoặc kèm huyện cũ, "
                    f"ví dụ “{wanted} (huyện … cũ)”."
                ) from None
            raise current_error from None

    def _old_commune(self, name: str, district: str) -> Unit:
        resolution = resolve_unit_by_old_commune(name=name, old_district=district)
        if resolution.unit is not None and resolution.unit.pk in self._units:
            return resolution.unit
        if len(resolution.candidates) > 1:
            raise CellError(
                f"Xã, phường cũ “{name}” ({district}) nay thuộc nhiều đơn vị: "
                f"{self._listing(resolution.candidates)}. Hãy ghi tên hoặc mã đơn vị hiện hành."
            )
        raise CellError(
            f"Không xác định được đơn vị của xã, phường cũ “{name}” ({district}): {resolution.message}"
        )

    @staticmethod
    def _listing(candidates: Iterable[object]) -> str:
        labels = []
        for candidate in candidates:
            unit = getattr(candidate, "unit", None)
            note = getattr(candidate, "note", "")
            old_name = getattr(candidate, "old_name", "")
            label = f"“{unit.name}” (mã {unit.code})" if unit is not None else "đơn vị chưa có trong hệ thống"
            details = ", ".join(part for part in (old_name, note) if part)
            labels.append(f"{label} [{details}]" if details else label)
        shown = labels[:_MAX_LISTED]
        more = f" và {len(labels) - _MAX_LISTED} đơn vị khác" if len(labels) > _MAX_LISTED else ""
        return "; ".join(shown) + more
