"""Which unit a code in a file means: a current organisation unit, or a pre-2025 commune via the crosswalk.

``UnitDirectory`` is pure data (two small Arrow tables for the SQL join): the current unit codes, and for
every old commune code that went into the province the one new commune it became — or, for a commune
split between several new ones, no unit and the message saying so (such rows are rejected: one dossier
cannot be given to one new commune on a guess). A code that is both a current unit and an old commune is
read as the current unit (new communes carry the code of one of their old communes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from chidao.core.admin_units import AdminUnitsCatalogue, ResolutionStatus, resolve_old_commune

__all__ = ["UnitDirectory"]


@dataclass(frozen=True)
class UnitDirectory:
    """Current unit codes and the old-commune translations (new code, or None with the reason)."""

    current: frozenset[str]
    old: Mapping[str, tuple[str | None, str]]

    @classmethod
    def build(
        cls, current_codes: Iterable[str], catalogue: AdminUnitsCatalogue, *, province_code: str
    ) -> UnitDirectory:
        """Translate every old commune that went into ``province_code`` (whole or in part)."""
        current = frozenset(current_codes)
        old: dict[str, tuple[str | None, str]] = {}
        for old_code, links in catalogue.links_by_old_code.items():
            if not any(catalogue.communes[link.new_code].province_code == province_code for link in links):
                continue
            resolution = resolve_old_commune(catalogue, old_code=old_code, new_province=province_code)
            if resolution.status is ResolutionStatus.RESOLVED and resolution.commune is not None:
                code = resolution.commune.code
                if code in current:
                    old[old_code] = (code, "")
                else:
                    old[old_code] = (None, f"{resolution.message} Chưa có đơn vị mã {code} trong hệ thống.")
            else:
                old[old_code] = (
                    None,
                    f"{resolution.message} Không gán được hồ sơ cho một xã mới: hãy ghi mã xã mới.",
                )
        return cls(current, old)

    def current_table(self) -> Any:
        """The current codes as an Arrow table (column ``code``)."""
        return pa.table({"code": pa.array(sorted(self.current), pa.string())})

    def old_table(self) -> Any:
        """The old codes as an Arrow table (``old_code``, ``new_code``, ``message``)."""
        codes = sorted(self.old)
        return pa.table(
            {
                "old_code": pa.array(codes, pa.string()),
                "new_code": pa.array([self.old[c][0] for c in codes], pa.string()),
                "message": pa.array([self.old[c][1] or None for c in codes], pa.string()),
            }
        )
