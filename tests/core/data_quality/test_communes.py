"""The commune-code table from the project's 2025 crosswalk, and its per-code status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chidao.core.admin_units import AdminUnitsCatalogue
from chidao.core.data_quality.communes import commune_code_rows, commune_statuses

DATA_FILE = (
    Path(__file__).resolve().parents[3]
    / "chidao"
    / "apps"
    / "organisation"
    / "data"
    / "admin_units_2025.json"
)


@pytest.fixture(scope="module")
def gia_lai_rows() -> list[dict[str, object]]:
    catalogue = AdminUnitsCatalogue.from_dict(json.loads(DATA_FILE.read_text(encoding="utf-8")))
    return commune_code_rows(catalogue, ["52"], month="2026-02")


def test_gia_lai_has_135_current_communes_and_their_old_codes(gia_lai_rows) -> None:
    statuses = commune_statuses(gia_lai_rows)

    current = [code for code, status in statuses.items() if status.current]
    old = [status for status in statuses.values() if not status.current]
    assert len(current) == 135
    assert old
    assert all(status.successors for status in old)
    assert statuses["21583"].responsible == "21583"  # Phường Quy Nhơn


def test_an_old_code_resolves_to_its_successor_or_to_nobody_when_split(gia_lai_rows) -> None:
    statuses = commune_statuses(gia_lai_rows)

    whole = next(status for status in statuses.values() if not status.current and len(status.successors) == 1)
    split = [status for status in statuses.values() if not status.current and len(status.successors) > 1]

    assert whole.responsible == whole.successors[0]
    assert all(status.responsible is None for status in split)


def test_statuses_by_hand() -> None:
    rows = [
        {"code": "00001", "is_current": True, "successor_code": "00001"},
        {"code": "00002", "is_current": False, "successor_code": "00001"},
        {"code": "00003", "is_current": False, "successor_code": "00001"},
        {"code": "00003", "is_current": False, "successor_code": "00004"},
    ]

    statuses = commune_statuses(rows)

    assert statuses["00002"].responsible == "00001"
    assert statuses["00003"].successors == ("00001", "00004")
    assert statuses["00003"].responsible is None
    assert "00009" not in statuses
