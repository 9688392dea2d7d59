"""The administrative-units data file as the app sees it, and crosswalk lookups that answer with Unit rows.

`chidao.core.admin_units` holds the pure catalogue and the crosswalk logic; this module reads the committed
data file once per process (cached) and joins the answers with the units in the database, so importers can
turn "Phường Đống Đa, thành phố Pleiku" or a commune's name or code into the Unit that receives the data.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.apps.organisation.models import Unit
from chidao.core.admin_units import (
    AdminUnitsCatalogue,
    Commune,
    CrosswalkEntry,
    ResolutionStatus,
    find_new_commune,
    new_communes_for_old_district,
    resolve_old_commune,
)
from chidao.core.admin_units_names import exact_key, has_diacritics
from chidao.core.text import fold_for_search

DATA_DIR = Path(__file__).resolve().parent / "data"
ADMIN_UNITS_FILE_STEM = "admin_units_2025.json"


def admin_units_path() -> Path:
    """The committed data file: the plain JSON if present, else its gzip-compressed copy."""
    plain = DATA_DIR / ADMIN_UNITS_FILE_STEM
    return plain if plain.exists() else DATA_DIR / f"{ADMIN_UNITS_FILE_STEM}.gz"


@functools.lru_cache(maxsize=1)
def admin_units_catalogue() -> AdminUnitsCatalogue:
    """The parsed catalogue of 2025 units and the crosswalk, read once per process."""
    path = admin_units_path()
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return AdminUnitsCatalogue.from_dict(data)


def installation_province_code() -> str:
    """The NSO code of the province this installation serves (52 = Gia Lai)."""
    return str(settings.CHIDAO_PROVINCE_CODE)


@dataclass(frozen=True)
class UnitCandidate:
    """A possible answer: a Unit row (None when its commune is not loaded), the 2025 commune it stands for
    (None for a department), and the crosswalk row that led to it (None for a direct match)."""

    unit: Unit | None
    commune: Commune | None = None
    entry: CrosswalkEntry | None = None

    @property
    def note(self) -> str:
        """The crosswalk's note ("Nhập toàn bộ", "Nhập một phần diện tích", ...) or "" for a direct match."""
        return self.entry.note if self.entry is not None else ""

    @property
    def old_name(self) -> str:
        """The old commune (with its district) this candidate comes from, or "" for a direct match."""
        if self.entry is None:
            return ""
        old = self.entry.old_commune.name if self.entry.old_commune else (self.entry.link.label or "")
        return f"{old}, {self.entry.old_district.name}".strip(", ")


@dataclass(frozen=True)
class UnitResolution:
    """Answer of a unit lookup: `unit` only when exactly one unit is certain, else candidates and why."""

    status: ResolutionStatus
    unit: Unit | None
    candidates: tuple[UnitCandidate, ...]
    message: str

    @property
    def is_resolved(self) -> bool:
        """Whether exactly one Unit row was determined."""
        return self.unit is not None


def _commune_units(codes: set[str]) -> dict[str, Unit]:
    """Commune-level Unit rows by the NSO code of their area."""
    units = Unit.objects.filter(area__code__in=codes).exclude(kind=Unit.Kind.PROVINCE).select_related("area")
    return {u.area.code: u for u in units if u.area is not None}


def resolve_unit_by_old_commune(
    *,
    name: str | None = None,
    old_district: str | None = None,
    old_code: str | None = None,
    old_province: str | None = None,
    within_province: bool = True,
) -> UnitResolution:
    """Translate a pre-2025 commune (name + old district, or old code) into the unit(s) it now belongs to.

    By default only old communes that went into this installation's province are considered, so "Phường
    Đống Đa" means the two of Pleiku and Quy Nhơn, not those elsewhere. A split or an ambiguous name gives
    candidates with the crosswalk's note; a resolved commune whose unit is not loaded gives no unit.
    """
    resolution = resolve_old_commune(
        admin_units_catalogue(),
        name=name,
        old_code=old_code,
        old_district=old_district,
        old_province=old_province,
        new_province=installation_province_code() if within_province else None,
    )
    units = _commune_units({e.commune.code for e in resolution.candidates})
    candidates = tuple(UnitCandidate(units.get(e.commune.code), e.commune, e) for e in resolution.candidates)
    unit = units.get(resolution.commune.code) if resolution.commune is not None else None
    message = resolution.message
    if resolution.commune is not None and unit is None:
        message = f"{message} " + _("Chưa có đơn vị “%(name)s” trong hệ thống.") % {
            "name": resolution.commune.name
        }
    return UnitResolution(resolution.status, unit, candidates, message)


def units_for_old_district(district: str, *, old_province: str | None = None) -> tuple[UnitCandidate, ...]:
    """The units that received all or part of a pre-2025 district (by old code or name), by commune code.

    Raises AdminUnitLookupError (with the competing districts) when the name matches none or several districts;
    `old_province` (pre-2025 code or name) tells apart districts of the same name.
    """
    communes = new_communes_for_old_district(admin_units_catalogue(), district, province=old_province)
    units = _commune_units({c.code for c in communes})
    return tuple(UnitCandidate(units.get(c.code), c) for c in communes)


def find_unit(text: str, *, as_of: dt.date | None = None) -> UnitResolution:
    """A current unit by its code (department code or NSO code) or by name, tolerant of case and diacritics.

    A name typed with diacritics is matched with them first ("Ân Nghĩa" is not "An Nghĩa"); commune names may
    omit or abbreviate their type ("Quy Nhơn", "P. Quy Nhơn"). Only units valid on `as_of` (today by
    default) are considered. Several matches give candidates.
    """
    query = text.strip()
    current = _valid_units(as_of or timezone.localdate())
    if not query:
        return UnitResolution(ResolutionStatus.NOT_FOUND, None, (), _("Chưa nhập tên hoặc mã đơn vị."))
    by_code = _units_by_code(current, query)
    if by_code:
        return _answer(query, by_code)
    by_name = _units_by_name(current, query)
    if by_name:
        return _answer(query, by_name)
    communes = find_new_commune(admin_units_catalogue(), query, province_code=installation_province_code())
    by_commune = current.filter(area__code__in=[c.code for c in communes]).exclude(kind=Unit.Kind.PROVINCE)
    return _answer(query, list(by_commune))


def _valid_units(day: dt.date) -> QuerySet[Unit]:
    valid = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    return Unit.objects.filter(valid).select_related("area")


def _units_by_code(units: QuerySet[Unit], query: str) -> list[Unit]:
    condition = Q(code__iexact=query)
    if query.isdigit():
        condition |= Q(code=query.zfill(5))
    return list(units.filter(condition))


def _units_by_name(units: QuerySet[Unit], query: str) -> list[Unit]:
    rows = list(units.filter(Q(name_search=fold_for_search(query)) | Q(short_name__iexact=query)))
    if has_diacritics(query):
        wanted = exact_key(query)
        exact = [u for u in rows if wanted in (exact_key(u.name), exact_key(u.short_name))]
        if exact:
            return exact
    return rows


def _answer(query: str, units: list[Unit]) -> UnitResolution:
    catalogue = admin_units_catalogue()
    unique = sorted({u.pk: u for u in units}.values(), key=lambda u: u.name_sort)
    candidates = tuple(
        UnitCandidate(u, catalogue.communes.get(u.area.code) if u.area is not None else None) for u in unique
    )
    if len(unique) == 1:
        return UnitResolution(ResolutionStatus.RESOLVED, unique[0], candidates, unique[0].name)
    if not unique:
        return UnitResolution(
            ResolutionStatus.NOT_FOUND, None, (), _("Không tìm thấy đơn vị “%(query)s”.") % {"query": query}
        )
    listing = "; ".join(f"{u.name} ({u.code})" for u in unique)
    return UnitResolution(
        ResolutionStatus.AMBIGUOUS,
        None,
        candidates,
        _("“%(query)s” khớp %(count)d đơn vị: %(listing)s.")
        % {"query": query, "count": len(unique), "listing": listing},
    )
