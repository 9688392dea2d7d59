"""Vietnam's administrative units after 1 July 2025 and the crosswalk from the pre-reform units.

The catalogue is built from the parsed project data file (``admin_units_2025.json``, format 1) that the app
layer reads and passes in; nothing here touches the file system. The crosswalk is a relation, not a
function: an old commune may be split among several new communes, and an old district spreads over many.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from chidao.core.admin_units_names import (
    COMMUNE_PREFIXES,
    DISTRICT_PREFIXES,
    PROVINCE_PREFIXES,
    NameIndex,
)

SUPPORTED_FORMAT = 1


class ProvinceType(StrEnum):
    """Kind of province-level unit."""

    TINH = "tỉnh"
    THANH_PHO_TRUNG_UONG = "thành phố trung ương"


class CommuneType(StrEnum):
    """Kind of commune-level unit since 1 July 2025."""

    XA = "xã"
    PHUONG = "phường"
    DAC_KHU = "đặc khu"


class OldCommuneType(StrEnum):
    """Kind of commune-level unit before 1 July 2025 (towns, thị trấn, were abolished)."""

    XA = "xã"
    PHUONG = "phường"
    THI_TRAN = "thị trấn"


class DistrictType(StrEnum):
    """Kind of district-level unit, a level abolished on 1 July 2025."""

    QUAN = "quận"
    HUYEN = "huyện"
    THI_XA = "thị xã"
    THANH_PHO = "thành phố"


class MergeKind(StrEnum):
    """How an old unit went into a new commune, classified from the crosswalk's note."""

    WHOLE = "whole"
    PARTIAL = "partial"
    UNCHANGED = "unchanged"
    RENAMED = "renamed"

    @property
    def label(self) -> str:
        """Short Vietnamese label for messages."""
        return _MERGE_LABELS[self]


_MERGE_LABELS = {
    MergeKind.WHOLE: "nhập toàn bộ",
    MergeKind.PARTIAL: "nhập một phần",
    MergeKind.UNCHANGED: "giữ nguyên",
    MergeKind.RENAMED: "đổi tên hoặc loại hình",
}


@dataclass(frozen=True)
class Province:
    """A province-level unit since 1 July 2025; ``seat_code`` is the commune hosting its agencies if known."""

    code: str
    name: str
    type: ProvinceType
    seat_code: str | None = None


@dataclass(frozen=True)
class Commune:
    """A commune-level unit (xã, phường, đặc khu) since 1 July 2025."""

    code: str
    name: str
    type: CommuneType
    province_code: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OldProvince:
    """One of the 63 provinces before 1 July 2025 (old codes: 52 was Bình Định, 64 Gia Lai)."""

    code: str
    name: str
    type: ProvinceType
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OldDistrict:
    """A district-level unit as it stood on 30 June 2025."""

    code: str
    name: str
    type: DistrictType
    province_code: str
    province_name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class OldCommune:
    """A commune-level unit as it stood on 30 June 2025, with its district and province."""

    code: str
    name: str
    type: OldCommuneType
    district_code: str
    district_name: str
    province_code: str
    province_name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrosswalkLink:
    """One row of the crosswalk: (part of) an old unit went into a new commune, as the note says.

    ``old_code`` is None for the few rows about a unit with no commune code: an island district that became
    a special zone (đặc khu) as a whole, or an unnumbered area, described by ``label``.
    """

    new_code: str
    old_code: str | None
    old_district_code: str
    note: str
    kind: MergeKind
    label: str | None = None


@dataclass(frozen=True)
class SourceFile:
    """An input file of the build, identified by its hash."""

    file: str
    sha256: str
    size: int


@dataclass(frozen=True)
class CatalogueMetadata:
    """Where the data came from and when it was built."""

    source: str
    effective_date: dt.date
    build_date: dt.date
    inputs: tuple[SourceFile, ...]
    corrections: tuple[str, ...]


def _group(items: Iterable[tuple[str, CrosswalkLink]]) -> dict[str, tuple[CrosswalkLink, ...]]:
    grouped: dict[str, list[CrosswalkLink]] = defaultdict(list)
    for key, item in items:
        grouped[key].append(item)
    return {key: tuple(value) for key, value in grouped.items()}


@dataclass(frozen=True, eq=False)
class AdminUnitsCatalogue:
    """All units and crosswalk links, with lookup indexes; build it with :meth:`from_dict`."""

    metadata: CatalogueMetadata
    provinces: Mapping[str, Province]
    communes: Mapping[str, Commune]
    old_provinces: Mapping[str, OldProvince]
    old_districts: Mapping[str, OldDistrict]
    old_communes: Mapping[str, OldCommune]
    links: tuple[CrosswalkLink, ...]
    links_by_new_code: Mapping[str, tuple[CrosswalkLink, ...]] = field(repr=False)
    links_by_old_code: Mapping[str, tuple[CrosswalkLink, ...]] = field(repr=False)
    links_by_old_district: Mapping[str, tuple[CrosswalkLink, ...]] = field(repr=False)
    commune_names: NameIndex[Commune] = field(repr=False)
    old_commune_names: NameIndex[OldCommune] = field(repr=False)
    old_district_names: NameIndex[OldDistrict] = field(repr=False)
    old_province_names: NameIndex[OldProvince] = field(repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdminUnitsCatalogue:
        """Build the catalogue from the parsed data file; raise ValueError if its format is not supported."""
        if data.get("format") != SUPPORTED_FORMAT:
            raise ValueError(f"admin-units data format {data.get('format')!r}, expected {SUPPORTED_FORMAT}")
        meta = data["meta"]
        metadata = CatalogueMetadata(
            source=meta["source"],
            effective_date=dt.date.fromisoformat(meta["effective_date"]),
            build_date=dt.date.fromisoformat(meta["build_date"]),
            inputs=tuple(SourceFile(i["file"], i["sha256"], int(i["bytes"])) for i in meta["inputs"]),
            corrections=tuple(meta["corrections"]),
        )
        provinces = {
            p["c"]: Province(p["c"], p["n"], ProvinceType(p["t"]), p.get("s")) for p in data["provinces"]
        }
        communes = {
            c["c"]: Commune(c["c"], c["n"], CommuneType(c["t"]), c["p"], tuple(c.get("a", ())))
            for c in data["communes"]
        }
        old_provinces = {
            p["c"]: OldProvince(p["c"], p["n"], ProvinceType(p["t"]), tuple(p.get("a", ())))
            for p in data["old_provinces"]
        }
        old_districts = {
            d["c"]: OldDistrict(
                d["c"],
                d["n"],
                DistrictType(d["t"]),
                d["p"],
                old_provinces[d["p"]].name,
                tuple(d.get("a", ())),
            )
            for d in data["old_districts"]
        }
        old_communes = {}
        for c in data["old_communes"]:
            district = old_districts[c["d"]]
            old_communes[c["c"]] = OldCommune(
                code=c["c"],
                name=c["n"],
                type=OldCommuneType(c["t"]),
                district_code=district.code,
                district_name=district.name,
                province_code=district.province_code,
                province_name=district.province_name,
                aliases=tuple(c.get("a", ())),
            )
        notes = [(str(text), MergeKind(kind)) for text, kind in data["notes"]]
        links = tuple(
            CrosswalkLink(
                new_code=link["c"],
                old_code=link.get("o"),
                old_district_code=old_communes[link["o"]].district_code if "o" in link else link["d"],
                note=notes[link["k"]][0],
                kind=notes[link["k"]][1],
                label=link.get("l"),
            )
            for link in data["links"]
        )
        return cls(
            metadata=metadata,
            provinces=provinces,
            communes=communes,
            old_provinces=old_provinces,
            old_districts=old_districts,
            old_communes=old_communes,
            links=links,
            links_by_new_code=_group((link.new_code, link) for link in links),
            links_by_old_code=_group((link.old_code, link) for link in links if link.old_code is not None),
            links_by_old_district=_group((link.old_district_code, link) for link in links),
            commune_names=NameIndex(
                ((name, c) for c in communes.values() for name in (c.name, *c.aliases)), COMMUNE_PREFIXES
            ),
            old_commune_names=NameIndex(
                ((name, c) for c in old_communes.values() for name in (c.name, *c.aliases)), COMMUNE_PREFIXES
            ),
            old_district_names=NameIndex(
                ((name, d) for d in old_districts.values() for name in (d.name, *d.aliases)),
                DISTRICT_PREFIXES,
            ),
            old_province_names=NameIndex(
                ((name, p) for p in old_provinces.values() for name in (p.name, *p.aliases)),
                PROVINCE_PREFIXES,
            ),
        )
