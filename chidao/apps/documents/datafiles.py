"""The app's data files: the default issuer profiles (`data/document_profiles.json`) and the words the briefing
uses for each area of work (`data/briefing_wording.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
PROFILES_PATH = DATA_DIR / "document_profiles.json"
WORDING_PATH = DATA_DIR / "briefing_wording.json"


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != 1:
        raise ValueError(f"Tệp {path.name}: định dạng {data.get('format')!r} không đọc được (cần 1).")
    return data


def default_profiles(path: Path | None = None) -> list[dict[str, Any]]:
    """The profiles of the data file, as written there."""
    profiles: list[dict[str, Any]] = _read(path or PROFILES_PATH)["profiles"]
    return profiles


@dataclass(frozen=True)
class AreaWording:
    """How the briefing names an area: after "Đối với …", after "Trong triển khai …", after "tổng số nhiệm vụ …"."""

    label: str
    short_label: str
    assigned_by: str = ""


@cache
def _area_wordings() -> dict[str, AreaWording]:
    areas = _read(WORDING_PATH)["areas"]
    return {code: AreaWording(**words) for code, words in areas.items()}


def area_wording(code: str, name: str) -> AreaWording:
    """The words for the area `code`; an area the file does not know is called by its name ("lĩnh vực …")."""
    known = _area_wordings().get(code)
    if known is not None:
        return known
    return AreaWording(label=f"lĩnh vực {name}", short_label=f"lĩnh vực {name}")
