"""`manage.py load_organisation`: the 2025 map, Gia Lai's unit tree and the committee, loaded idempotently."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from chidao.apps.audit.models import AuditEvent
from chidao.apps.organisation.defaults import (
    DEFAULTS_PATH,
    PLACEHOLDER_PERSON_NAME,
    DefaultsError,
    defaults_from_dict,
)
from chidao.apps.organisation.loading import organisation_load
from chidao.apps.organisation.models import (
    AdministrativeArea,
    Committee,
    CommitteeMembership,
    HeadAssignment,
    Person,
    Unit,
)

PROVINCE_CODE = "52"
NEW_PROVINCE_DATE = dt.date(2025, 7, 1)
DEPARTMENT_CODES = {
    "VPUBND",
    "SKHCN",
    "CAT",
    "SNV",
    "STC",
    "STP",
    "SYT",
    "SGDDT",
    "SNNMT",
    "SXD",
    "SCT",
    "SVHTTDL",
    "TTT",
    "TTPVHCC",
    "BHXH",
    "THUE",
}
COMMITTEE_CODE = "BCD-KHCN-CDS-DA06"
CHAIR = "Phạm Anh Tuấn"
STANDING_DEPUTY = "Lâm Hải Giang"


def load() -> str:
    out = StringIO()
    call_command("load_organisation", stdout=out)
    return out.getvalue()


def raw_defaults() -> dict:
    return json.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_second_run_changes_nothing():
    # given the organisation loaded once
    first = load()
    rows_before = (Unit.objects.count(), AdministrativeArea.objects.count(), Person.objects.count())
    audit_before = AuditEvent.objects.count()

    # when it is loaded again
    second = load()

    # then nothing was created or changed, not even an audit row
    assert first.strip().splitlines()[-1].startswith("3555 mới / 0 thay đổi")
    assert second.strip().splitlines()[-1] == "0 mới / 0 thay đổi / 3555 không đổi"
    assert (Unit.objects.count(), AdministrativeArea.objects.count(), Person.objects.count()) == rows_before
    assert AuditEvent.objects.count() == audit_before


@pytest.mark.django_db
def test_output_names_the_source_and_dates_of_the_data_file():
    # when the organisation is loaded
    output = load()

    # then the NSO source, the effective date and the file are printed
    assert "danhmuchanhchinh.nso.gov.vn" in output
    assert "hiệu lực từ 01/07/2025" in output
    assert "admin_units_2025.json" in output


@pytest.mark.django_db
def test_all_provinces_and_communes_of_the_2025_map_are_loaded():
    # when the organisation is loaded
    load()

    # then the 34 provinces and 3,321 communes exist, Gia Lai's 135 under province 52
    provinces = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.PROVINCE)
    communes = AdministrativeArea.objects.filter(level=AdministrativeArea.Level.COMMUNE)
    assert provinces.count() == 34
    assert communes.count() == 3321
    assert communes.filter(province__code=PROVINCE_CODE).count() == 135
    quy_nhon = AdministrativeArea.objects.get(code="21583")
    assert (quy_nhon.name, quy_nhon.division_type, quy_nhon.name_search) == (
        "Phường Quy Nhơn",
        "phường",
        "phuong quy nhon",
    )


@pytest.mark.django_db
def test_gia_lai_has_135_commune_units_and_16_departments_under_the_province_unit():
    # when the organisation is loaded
    load()

    # then UBND tỉnh is the root, dated from the new province, with its communes and departments as children
    province = Unit.objects.get(code=PROVINCE_CODE)
    assert (province.kind, province.name, province.area.code, province.valid_from, province.path) == (
        Unit.Kind.PROVINCE,
        "UBND tỉnh Gia Lai",
        PROVINCE_CODE,
        NEW_PROVINCE_DATE,
        "/",
    )
    children = Unit.objects.filter(parent=province)
    kinds = {kind: children.filter(kind=kind).count() for kind in Unit.Kind.values}
    assert kinds[Unit.Kind.COMMUNE] == 110
    assert kinds[Unit.Kind.WARD] == 25
    assert kinds[Unit.Kind.SPECIAL_ZONE] == 0
    assert set(children.filter(area__isnull=True).values_list("code", flat=True)) == DEPARTMENT_CODES
    assert set(children.values_list("path", flat=True)) == {f"/{province.pk}/"}
    ward = Unit.objects.get(code="21583")
    assert (ward.kind, ward.name, ward.area.code) == (Unit.Kind.WARD, "Phường Quy Nhơn", "21583")


@pytest.mark.django_db
def test_sub_units_sit_under_their_department_with_the_full_path():
    # when the organisation is loaded
    load()

    # then PC06 hangs under Công an tỉnh, itself under UBND tỉnh
    province = Unit.objects.get(code=PROVINCE_CODE)
    police = Unit.objects.get(code="CAT")
    pc06 = Unit.objects.get(code="CAT.PC06")
    assert (pc06.kind, pc06.parent, pc06.short_name) == (Unit.Kind.SUB_UNIT, police, "PC06")
    assert pc06.path == f"/{province.pk}/{police.pk}/"
    assert set(Unit.objects.filter(parent__code="SKHCN").values_list("code", flat=True)) == {
        "SKHCN.VP",
        "SKHCN.QLKH",
        "SKHCN.CDS",
    }


@pytest.mark.django_db
def test_committee_has_its_chair_standing_deputy_members_and_four_standing_agencies():
    # when the organisation is loaded
    load()

    # then the committee is a state body under UBND tỉnh, led by the people named in the press report
    committee = Committee.objects.get(code=COMMITTEE_CODE)
    assert (committee.short_name, committee.nature, committee.parent_unit.code) == (
        "BCĐ KHCN, ĐMST, CCHC, CĐS và ĐA06",
        Committee.Nature.STATE,
        PROVINCE_CODE,
    )
    seats = committee.memberships.select_related("person")
    assert [m.person.name for m in seats.filter(role=CommitteeMembership.Role.CHAIR)] == [CHAIR]
    assert [m.person.name for m in seats.filter(role=CommitteeMembership.Role.STANDING_DEPUTY)] == [
        STANDING_DEPUTY
    ]
    # and each department head holds a member seat under a placeholder name, never an invented one
    members = seats.filter(role=CommitteeMembership.Role.MEMBER)
    assert members.count() == len(DEPARTMENT_CODES)
    assert {m.person.name for m in members} == {PLACEHOLDER_PERSON_NAME}
    assert {m.person.unit.code for m in members} == DEPARTMENT_CODES
    assert members.filter(position_text="Giám đốc Sở Khoa học và Công nghệ").exists()
    agencies = dict(committee.standing_agencies.values_list("area_code", "unit__code"))
    assert agencies == {"nq57": "SKHCN", "da06": "CAT", "cchc": "SNV", "service_index": "VPUBND"}


@pytest.mark.django_db
def test_province_heads_are_dated_from_the_new_province():
    # when the organisation is loaded
    load()

    # then UBND tỉnh has its chairman as head and the standing vice-chairman as deputy from 01/07/2025
    heads = HeadAssignment.objects.filter(unit__code=PROVINCE_CODE).select_related("person")
    assert {(h.role, h.person.name, h.title, h.valid_from) for h in heads} == {
        (HeadAssignment.Role.HEAD, CHAIR, "Chủ tịch UBND tỉnh", NEW_PROVINCE_DATE),
        (HeadAssignment.Role.DEPUTY, STANDING_DEPUTY, "Phó Chủ tịch UBND tỉnh", NEW_PROVINCE_DATE),
    }
    chair_seat = CommitteeMembership.objects.get(role=CommitteeMembership.Role.CHAIR)
    assert chair_seat.person == heads.get(role=HeadAssignment.Role.HEAD).person


@pytest.mark.django_db
def test_a_name_recorded_by_users_survives_a_reload():
    # given a placeholder member whose real name was recorded afterwards
    load()
    real_name = "Nguyễn Văn Thử"
    seat = CommitteeMembership.objects.get(position_text="Giám đốc Sở Nội vụ")
    Person.objects.filter(pk=seat.person_id).update(name=real_name)

    # when the organisation is loaded again
    output = load()

    # then the seat keeps the recorded person and no new placeholder appears
    seat.refresh_from_db()
    assert seat.person.name == real_name
    assert CommitteeMembership.objects.filter(position_text="Giám đốc Sở Nội vụ").count() == 1
    assert output.strip().splitlines()[-1].startswith("0 mới / 0 thay đổi")


@pytest.mark.django_db
def test_a_renamed_department_in_the_defaults_is_updated_in_place():
    # given the organisation loaded, then the defaults renaming a department
    load()
    data = raw_defaults()
    new_name = "Sở Khoa học, Công nghệ và Đổi mới sáng tạo"
    next(d for d in data["departments"] if d["code"] == "SKHCN")["name"] = new_name
    before = Unit.objects.get(code="SKHCN")

    # when loaded with the changed defaults
    report = organisation_load(actor="test", defaults=defaults_from_dict(data))

    # then the same unit (same id, same subtree) carries the new name, and exactly one unit changed
    after = Unit.objects.get(code="SKHCN")
    assert (after.pk, after.name, after.path) == (before.pk, new_name, before.path)
    assert after.name_search == "so khoa hoc, cong nghe va doi moi sang tao"
    assert report.tallies["Đơn vị"].changed == 1


@pytest.mark.parametrize(
    ("_case", "change", "message_part"),
    [
        ("duplicate code", lambda d: d["departments"].append(dict(d["departments"][0])), "bị trùng"),
        (
            "unknown standing agency",
            lambda d: d["committees"][0]["standing_agencies"][0].update(unit="SXX"),
            "SXX",
        ),
        ("numeric code", lambda d: d["departments"][0].update(code="21583"), "toàn chữ số"),
        ("bad kind", lambda d: d["departments"][0].update(kind="ministry"), "ministry"),
    ],
)
def test_malformed_defaults_are_refused_before_anything_is_written(_case, change, message_part):
    # given the committed defaults with one mistake
    data = raw_defaults()
    change(data)

    # when they are checked, then the mistake is named
    with pytest.raises(DefaultsError, match=message_part):
        defaults_from_dict(data)
