"""Look up Vietnam's 2025 communes and translate pre-reform addresses through the official crosswalk.

The app layer reads ``chidao/apps/organisation/data/admin_units_2025.json`` and passes the parsed dict to
:meth:`AdminUnitsCatalogue.from_dict`; the functions here are pure. Because the crosswalk is a relation, a
lookup returns a :class:`Resolution`: one new commune when the answer is certain, otherwise the candidates
with the crosswalk's note and a Vietnamese message saying what is missing. A bare old name never resolves
on its own: names repeat (two "Phường Đống Đa" went into the new Gia Lai), so the old district or the old
code must confirm it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from chidao.core.admin_units_model import (
    AdminUnitsCatalogue,
    CatalogueMetadata,
    Commune,
    CommuneType,
    CrosswalkLink,
    DistrictType,
    MergeKind,
    OldCommune,
    OldCommuneType,
    OldDistrict,
    OldProvince,
    Province,
    ProvinceType,
    SourceFile,
)
from chidao.core.admin_units_names import exact_key, fold

__all__ = [
    "AdminUnitLookupError",
    "AdminUnitsCatalogue",
    "CatalogueMetadata",
    "Commune",
    "CommuneType",
    "CrosswalkEntry",
    "CrosswalkLink",
    "DistrictType",
    "MergeKind",
    "OldCommune",
    "OldCommuneType",
    "OldDistrict",
    "OldProvince",
    "Province",
    "ProvinceType",
    "Resolution",
    "ResolutionStatus",
    "SourceFile",
    "duplicate_old_names",
    "find_new_commune",
    "new_communes_for_old_district",
    "old_communes_of",
    "resolve_old_commune",
]


class ResolutionStatus(StrEnum):
    """Outcome of translating an old commune into the new ones."""

    RESOLVED = "resolved"
    SPLIT = "split"
    AMBIGUOUS = "ambiguous"
    NEEDS_DISTRICT = "needs_district"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class CrosswalkEntry:
    """One crosswalk link joined with its units: the new commune, the old commune (if coded), its district."""

    commune: Commune
    old_commune: OldCommune | None
    old_district: OldDistrict
    link: CrosswalkLink

    @property
    def note(self) -> str:
        """The crosswalk's note as published, e.g. "Nhập một phần diện tích"."""
        return self.link.note

    @property
    def kind(self) -> MergeKind:
        """Whole, partial, unchanged or renamed."""
        return self.link.kind


@dataclass(frozen=True)
class Resolution:
    """Answer to "which new commune is this old one?": ``commune`` only when certain, else candidates."""

    status: ResolutionStatus
    commune: Commune | None
    candidates: tuple[CrosswalkEntry, ...]
    message: str

    @property
    def is_resolved(self) -> bool:
        """Whether exactly one new commune was determined."""
        return self.commune is not None


class AdminUnitLookupError(ValueError):
    """A unit name or code that matches nothing, or several units where one is required."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        """Keep the Vietnamese message and the names of the competing units, if any."""
        super().__init__(message)
        self.message = message
        self.candidates = candidates


def _in_sentence(name: str) -> str:
    """Unit names are capitalised on their own but not mid-sentence: "thuộc huyện An Lão"."""
    return name[:1].lower() + name[1:]


def _where(old: OldCommune) -> str:
    return f"{old.name} ({_in_sentence(old.district_name)}, {_in_sentence(old.province_name)})"


def _entry(catalogue: AdminUnitsCatalogue, link: CrosswalkLink) -> CrosswalkEntry:
    return CrosswalkEntry(
        commune=catalogue.communes[link.new_code],
        old_commune=catalogue.old_communes[link.old_code] if link.old_code is not None else None,
        old_district=catalogue.old_districts[link.old_district_code],
        link=link,
    )


def _entries(catalogue: AdminUnitsCatalogue, olds: tuple[OldCommune, ...]) -> tuple[CrosswalkEntry, ...]:
    entries = [
        _entry(catalogue, link) for old in olds for link in catalogue.links_by_old_code.get(old.code, ())
    ]
    return tuple(sorted(entries, key=lambda e: (e.old_commune.code if e.old_commune else "", e.commune.code)))


def _not_found(message: str) -> Resolution:
    return Resolution(ResolutionStatus.NOT_FOUND, None, (), message)


def _is_code(text: str) -> bool:
    return text.strip().isdigit()


def _old_provinces_matching(catalogue: AdminUnitsCatalogue, province: str) -> set[str]:
    if _is_code(province):
        return {province.strip().zfill(2)} & set(catalogue.old_provinces)
    return {p.code for p in catalogue.old_province_names.lookup(province)}


def _old_districts_matching(
    catalogue: AdminUnitsCatalogue, district: str, provinces: set[str] | None
) -> set[str]:
    if _is_code(district):
        found = {district.strip().zfill(3)} & set(catalogue.old_districts)
    else:
        found = {d.code for d in catalogue.old_district_names.lookup(district)}
    if provinces is not None:
        found = {code for code in found if catalogue.old_districts[code].province_code in provinces}
    return found


def resolve_old_commune(
    catalogue: AdminUnitsCatalogue,
    *,
    name: str | None = None,
    old_code: str | None = None,
    old_district: str | None = None,
    old_province: str | None = None,
    new_province: str | None = None,
) -> Resolution:
    """Translate a pre-2025 commune into the new commune(s) it went into.

    ``old_code`` identifies the old commune on its own; a ``name`` needs ``old_district`` (name or code) to
    resolve, and without it returns its candidates. ``old_province`` (pre-2025 code or name) and
    ``new_province`` (2025 code: only old communes that went into it) narrow the search.
    """
    provinces = _old_provinces_matching(catalogue, old_province) if old_province else None
    if provinces is not None and not provinces:
        return _not_found(f"Không tìm thấy tỉnh cũ “{old_province}”.")
    districts = _old_districts_matching(catalogue, old_district, provinces) if old_district else None
    if districts is not None and not districts:
        return _not_found(f"Không tìm thấy huyện cũ “{old_district}”.")

    def in_scope(old: OldCommune) -> bool:
        if provinces is not None and old.province_code not in provinces:
            return False
        if districts is not None and old.district_code not in districts:
            return False
        links = catalogue.links_by_old_code.get(old.code, ())
        return new_province is None or any(
            catalogue.communes[x.new_code].province_code == new_province for x in links
        )

    if old_code is not None and old_code.strip():
        old = catalogue.old_communes.get(old_code.strip().zfill(5))
        if old is None:
            return _not_found(f"Không có xã cũ mang mã {old_code.strip()} trong bảng chuyển đổi 2025.")
        if name and old not in catalogue.old_commune_names.lookup(name):
            return _not_found(f"Mã {old.code} là của {_where(old)}, không khớp tên “{name}”.")
        if not in_scope(old):
            return _not_found(f"Mã {old.code} là của {_where(old)}, không thuộc phạm vi đã chọn.")
        return _resolve_one(catalogue, old)
    if not name or not name.strip():
        return _not_found("Chưa nhập tên hoặc mã xã cũ.")

    matches = tuple(old for old in catalogue.old_commune_names.lookup(name) if in_scope(old))
    if not matches:
        where = f" thuộc “{old_district}”" if old_district else ""
        return _not_found(f"Không tìm thấy xã cũ “{name}”{where}.")
    if districts is None:
        listing = "; ".join(_where(old) for old in matches)
        return Resolution(
            ResolutionStatus.NEEDS_DISTRICT,
            None,
            _entries(catalogue, matches),
            f"Tên “{name}” khớp {len(matches)} xã cũ: {listing}. "
            "Cần ghi rõ huyện cũ hoặc mã xã cũ để xác định xã mới.",
        )
    if len(matches) > 1:
        listing = "; ".join(_where(old) for old in matches)
        return Resolution(
            ResolutionStatus.AMBIGUOUS,
            None,
            _entries(catalogue, matches),
            f"Có {len(matches)} xã cũ cùng tên “{name}”: {listing}. Cần ghi đúng dấu hoặc dùng mã xã cũ.",
        )
    return _resolve_one(catalogue, matches[0])


def _resolve_one(catalogue: AdminUnitsCatalogue, old: OldCommune) -> Resolution:
    entries = _entries(catalogue, (old,))
    targets = {e.commune.code for e in entries}
    if len(targets) == 1:
        entry = entries[0]
        return Resolution(
            ResolutionStatus.RESOLVED,
            entry.commune,
            entries,
            f"{_where(old)} nay thuộc {entry.commune.name} "
            f"({_in_sentence(catalogue.provinces[entry.commune.province_code].name)}); "
            f"ghi chú: {_in_sentence(entry.note)}.",
        )
    parts = "; ".join(f"{e.commune.name} ({_in_sentence(e.note)})" for e in entries)
    return Resolution(
        ResolutionStatus.SPLIT,
        None,
        entries,
        f"{_where(old)} được chia cho {len(targets)} xã mới: {parts}. "
        "Cần chọn xã mới theo địa chỉ cụ thể (thôn, tổ dân phố).",
    )


def new_communes_for_old_district(
    catalogue: AdminUnitsCatalogue, district: str, *, province: str | None = None
) -> tuple[Commune, ...]:
    """The new communes that received all or part of an old district, by code.

    ``district`` is an old district code or name; ``province`` (old code or name) disambiguates names used
    in several provinces. Raises AdminUnitLookupError when nothing or more than one district matches.
    """
    provinces = _old_provinces_matching(catalogue, province) if province else None
    codes = sorted(_old_districts_matching(catalogue, district, provinces))
    if not codes:
        raise AdminUnitLookupError(f"Không tìm thấy huyện cũ “{district}”.")
    if len(codes) > 1:
        found = tuple(
            f"{catalogue.old_districts[c].name} ({_in_sentence(catalogue.old_districts[c].province_name)})"
            for c in codes
        )
        raise AdminUnitLookupError(
            f"Có {len(codes)} huyện cũ tên “{district}”: {'; '.join(found)}. Cần ghi rõ tỉnh cũ.", found
        )
    new_codes = sorted({link.new_code for link in catalogue.links_by_old_district.get(codes[0], ())})
    return tuple(catalogue.communes[code] for code in new_codes)


def find_new_commune(
    catalogue: AdminUnitsCatalogue, name_or_code: str, *, province_code: str | None = None
) -> tuple[Commune, ...]:
    """New communes matching a 2025 code or name (tolerant of case, diacritics and prefix), by code."""
    if _is_code(name_or_code):
        found = catalogue.communes.get(name_or_code.strip().zfill(5))
        hits: tuple[Commune, ...] = (found,) if found is not None else ()
    else:
        hits = catalogue.commune_names.lookup(name_or_code)
    if province_code is not None:
        hits = tuple(c for c in hits if c.province_code == province_code)
    return tuple(sorted(hits, key=lambda c: c.code))


def old_communes_of(catalogue: AdminUnitsCatalogue, new_code: str) -> tuple[CrosswalkEntry, ...]:
    """What a new commune was made of: one entry per crosswalk row, with the note, by old code."""
    links = catalogue.links_by_new_code.get(new_code.strip().zfill(5), ())
    entries = (_entry(catalogue, link) for link in links)
    return tuple(
        sorted(entries, key=lambda e: (e.old_commune.code if e.old_commune else "", e.old_district.code))
    )


def _bare_name(old: OldCommune) -> str:
    """The name without its type word: "Phường An Phú" -> "An Phú"."""
    prefix = old.type.value + " "
    return old.name[len(prefix) :] if old.name.casefold().startswith(prefix) else old.name


def duplicate_old_names(
    catalogue: AdminUnitsCatalogue,
    *,
    new_province: str,
    ignore_diacritics: bool = False,
    ignore_type: bool = False,
) -> tuple[tuple[OldCommune, ...], ...]:
    """Groups of old communes that went into a new province under the same name, each sorted by code.

    Exact duplicates ("Phường Đống Đa" twice) are why a bare name cannot be resolved. ``ignore_diacritics``
    adds names that collide when typed without diacritics ("An Nghĩa" / "Ân Nghĩa"); ``ignore_type`` adds
    names that collide when typed without their type ("Phường An Phú" / "Xã An Phú").
    """
    to_key = fold if ignore_diacritics else exact_key
    groups: dict[str, set[OldCommune]] = defaultdict(set)
    for link in catalogue.links:
        if link.old_code is not None and catalogue.communes[link.new_code].province_code == new_province:
            old = catalogue.old_communes[link.old_code]
            groups[to_key(_bare_name(old) if ignore_type else old.name)].add(old)
    duplicates = (tuple(sorted(g, key=lambda o: o.code)) for g in groups.values() if len(g) > 1)
    return tuple(sorted(duplicates, key=lambda g: (fold(_bare_name(g[0])), g[0].code)))
