"""Crosswalk lookups answered with Unit rows: old communes, old districts, and current units by code or name."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from chidao.apps.organisation.catalogue import (
    admin_units_catalogue,
    find_unit,
    resolve_unit_by_old_commune,
    units_for_old_district,
)
from chidao.apps.organisation.models import Unit
from chidao.core.admin_units import AdminUnitLookupError, ResolutionStatus
from tests.factories.organisation import UnitFactory

DONG_DA = "Phường Đống Đa"
# Old Phường Đống Đa of Pleiku went whole into Phường Thống Nhất; that of Quy Nhơn into Phường Quy Nhơn.
THONG_NHAT = "Phường Thống Nhất"
QUY_NHON = "Phường Quy Nhơn"
QUY_NHON_CODE = "21583"


@pytest.fixture
def organisation(db):
    call_command("load_organisation", stdout=StringIO())


def test_the_catalogue_is_parsed_once_per_process():
    # when the catalogue is asked for twice, then it is the same object, with the full 2025 map
    first = admin_units_catalogue()
    assert admin_units_catalogue() is first
    assert (len(first.provinces), len(first.communes)) == (34, 3321)


def test_an_old_name_shared_by_two_wards_needs_its_district(organisation):
    # when the old ward is given by name only
    resolution = resolve_unit_by_old_commune(name=DONG_DA)

    # then both Gia Lai candidates are offered, each with its unit and the crosswalk note, and none is chosen
    assert resolution.status == ResolutionStatus.NEEDS_DISTRICT
    assert resolution.unit is None
    assert {c.unit.name for c in resolution.candidates} == {THONG_NHAT, QUY_NHON}
    assert {c.note for c in resolution.candidates} == {"Nhập toàn bộ"}
    assert "huyện cũ" in resolution.message


@pytest.mark.parametrize(
    ("_case", "old_district", "expected_unit"),
    [
        ("old city of Pleiku", "Thành phố Pleiku", THONG_NHAT),
        ("old city of Quy Nhơn", "Quy Nhơn", QUY_NHON),
    ],
)
def test_the_old_district_picks_the_right_ward(organisation, _case, old_district, expected_unit):
    # when the old ward is given with its old district
    resolution = resolve_unit_by_old_commune(name=DONG_DA, old_district=old_district)

    # then exactly one unit is determined
    assert resolution.status == ResolutionStatus.RESOLVED
    assert resolution.unit == Unit.objects.get(name=expected_unit)


def test_a_split_commune_gives_candidates_with_the_crosswalk_notes(organisation):
    # when the old Xã An Nghĩa (huyện An Lão), divided between two new communes, is looked up by its code
    resolution = resolve_unit_by_old_commune(old_code="21634")

    # then no unit is chosen and both new communes are candidates with how they received it
    assert resolution.status == ResolutionStatus.SPLIT
    assert not resolution.is_resolved
    assert {(c.unit.name, c.note) for c in resolution.candidates} == {
        ("Xã An Toàn", "Nhập một phần diện tích, toàn bộ dân số"),
        ("Xã An Hòa", "Nhập một phần diện tích"),
    }
    assert {c.old_name for c in resolution.candidates} == {"Xã An Nghĩa, Huyện An Lão"}


def test_an_old_commune_outside_the_province_is_not_found_by_default(organisation):
    # when an old ward of Hà Nội is looked up from Gia Lai
    resolution = resolve_unit_by_old_commune(name="Phường Hàng Bạc", old_district="Quận Hoàn Kiếm")

    # then it is not found here; across the country it resolves but has no unit in this installation
    assert resolution.status == ResolutionStatus.NOT_FOUND
    national = resolve_unit_by_old_commune(
        name="Phường Hàng Bạc", old_district="Quận Hoàn Kiếm", within_province=False
    )
    assert national.status == ResolutionStatus.RESOLVED
    assert national.unit is None
    assert "Chưa có đơn vị" in national.message


def test_an_old_district_spreads_over_many_units(organisation):
    # when the old city of Pleiku is translated
    candidates = units_for_old_district("Thành phố Pleiku")

    # then every new ward or commune that received part of it comes back with its unit
    assert {c.unit.name for c in candidates} == {
        "Phường Diên Hồng",
        "Phường Pleiku",
        THONG_NHAT,
        "Phường Hội Phú",
        "Xã Biển Hồ",
        "Phường An Phú",
        "Xã Gào",
    }


def test_an_unknown_old_district_is_reported():
    # when a district that never existed is asked for, then the error names it
    with pytest.raises(AdminUnitLookupError, match="Huyện Không Có"):
        units_for_old_district("Huyện Không Có")


@pytest.mark.parametrize(
    ("_case", "query", "expected_code"),
    [
        ("department code", "SKHCN", "SKHCN"),
        ("department code in lower case", "skhcn", "SKHCN"),
        ("NSO code of a ward", QUY_NHON_CODE, QUY_NHON_CODE),
        ("full name", "Sở Nội vụ", "SNV"),
        ("name without diacritics", "so noi vu", "SNV"),
        ("commune name without its type", "Quy Nhơn", QUY_NHON_CODE),
        ("commune name without type or diacritics", "quy nhon", QUY_NHON_CODE),
        ("short name", "PC06", "CAT.PC06"),
    ],
)
def test_find_unit_by_code_or_name(organisation, _case, query, expected_code):
    # when a unit is looked up, then exactly that unit is found
    result = find_unit(query)
    assert result.status == ResolutionStatus.RESOLVED
    assert result.unit is not None
    assert result.unit.code == expected_code


def test_find_unit_offers_candidates_when_a_name_is_shared(organisation):
    # given a second office with the same short name as the one in Sở KH&CN
    UnitFactory(
        parent=Unit.objects.get(code="SNV"),
        code="SNV.VP",
        kind=Unit.Kind.SUB_UNIT,
        name="Văn phòng Sở Nội vụ",
        short_name="Văn phòng Sở",
    )

    # when the shared short name is looked up
    result = find_unit("Văn phòng Sở")

    # then no unit is chosen and both are candidates
    assert result.status == ResolutionStatus.AMBIGUOUS
    assert result.unit is None
    assert {c.unit.code for c in result.candidates} == {"SKHCN.VP", "SNV.VP"}


def test_find_unit_reports_an_unknown_name(organisation):
    # when nothing matches, then the message quotes the query
    result = find_unit("Sở Không Tồn Tại")
    assert result.status == ResolutionStatus.NOT_FOUND
    assert "Sở Không Tồn Tại" in result.message
