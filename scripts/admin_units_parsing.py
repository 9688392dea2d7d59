"""Parsing helpers and fixed vocabularies of the NSO administrative-unit lists (used by build_admin_units.py)."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

NEW_COMMUNE_TYPES = ("xã", "phường", "đặc khu")
OLD_COMMUNE_TYPES = ("xã", "phường", "thị trấn")
DISTRICT_TYPES = ("quận", "huyện", "thị xã", "thành phố")
PROVINCE_TYPES_BY_PREFIX = {"tỉnh": "tỉnh", "thành phố": "thành phố trung ương"}
NEW_PROVINCE_TYPES = ("tỉnh", "thành phố trung ương")

CROSSWALK_HEADER = [
    "Tỉnh, thành phố",
    "Tên Xã mới",
    "Mã Xã mới",
    "Tên Xã cũ",
    "Mã Xã cũ",
    "Ghi chú",
    "Quận/huyện",
    "Tỉnh cũ",
    "",
]
OLD_COMMUNES_HEADER = [
    "Tỉnh Thành Phố",
    "Mã TP",
    "Quận Huyện",
    "Mã QH",
    "Phường Xã",
    "Mã PX",
    "Cấp",
    "Tên Tiếng Anh",
]
NAME_WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>\d+)\)$")


class BuildError(Exception):
    """Raised when the inputs do not look like the NSO lists this script was written for."""


def clean(text: str) -> str:
    """NFC, collapse every run of whitespace (the sources hold double spaces and newlines in cells)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, diacritic-free form used only to compare spellings while building."""
    decomposed = unicodedata.normalize("NFD", clean(text).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().replace("’", "'")


def canonical_prefix(name: str, types: Sequence[str]) -> tuple[str, str | None]:
    """Return the name with its type prefix spelled canonically ("Thị Xã" -> "Thị xã") and the type."""
    lowered = name.casefold()
    for kind in sorted(types, key=len, reverse=True):
        if lowered.startswith(kind + " "):
            return kind[0].upper() + kind[1:] + name[len(kind) :], kind
    folded = fold(name)
    for kind in sorted(types, key=len, reverse=True):
        if folded.startswith(fold(kind) + " "):
            return kind[0].upper() + kind[1:] + name[len(kind) :], kind
    return name, None


def split_name_code(cell: str, where: str) -> tuple[str, str]:
    """Split "Quận Ba Đình (001)" into ("Quận Ba Đình", "001")."""
    match = NAME_WITH_CODE.match(cell)
    if match is None:
        raise BuildError(f"{where}: expected 'Name (code)', got {cell!r}")
    return match["name"].strip(), match["code"]


def most_common(spellings: Iterable[str]) -> str:
    """Most frequent spelling; ties go to the first seen (inputs are read in file order)."""
    counts = Counter(spellings)
    best = max(counts.values())
    return next(s for s in counts if counts[s] == best)


def note_kind(note: str) -> str:
    """Classify a crosswalk note: whole / partial merge, unchanged, or renamed (incl. type change)."""
    folded = fold(note)
    if "mot phan" in folded or "phan con lai" in folded:
        return "partial"
    if folded.startswith("giu nguyen"):
        return "unchanged"
    if folded.startswith(("doi ten", "doi loai hinh")):
        return "renamed"
    if "toan bo" in folded:
        return "whole"
    raise BuildError(f"unknown crosswalk note {note!r}")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_csv(path: Path) -> list[list[str]]:
    """Rows of a UTF-8 CSV; refuses a BOM so a re-exported file is noticed."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("\ufeff"):
        raise BuildError(f"{path.name}: unexpected byte-order mark")
    return list(csv.reader(text.splitlines(keepends=True)))


def aliases_of(primary: str, spellings: Iterable[str]) -> list[str]:
    """Other spellings worth keeping for lookups: differing from the primary by more than letter case."""
    seen = {primary.casefold()}
    out = []
    for spelling in spellings:
        if spelling and spelling.casefold() not in seen:
            seen.add(spelling.casefold())
            out.append(spelling)
    return sorted(out)
