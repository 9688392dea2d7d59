"""The auditor searches the access log by person, unit, purpose and dates, on the page and through the API."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from chidao.apps.privacy.services import personal_data_access_record
from tests.factories.accounts import user_with_role

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE = reverse("privacy:access-log")
API = "/api/v1/privacy/access-log"
NOTE_WITH_AN_ID = "Đối chiếu CCCD 079085001123 theo đơn"


@pytest.fixture
def log(users_by_role, commune, other_commune):
    """Three accesses: two by the An Nhơn officer (05/01 and 20/01), one by the Quy Nhơn officer (20/01)."""
    an_nhon = users_by_role["data_officer"]
    quy_nhon = user_with_role("data_officer", other_commune, username="can_bo_quy_nhon")
    entries = [
        (an_nhon, commune, "dossier", "Hồ sơ 000.00.12.H21-260105-0001", dt.datetime(2026, 1, 5, 9, 0)),
        (an_nhon, commune, "verification", NOTE_WITH_AN_ID, dt.datetime(2026, 1, 20, 23, 30)),
        (
            quy_nhon,
            other_commune,
            "dossier",
            "Hồ sơ 000.00.12.H21-260120-0007",
            dt.datetime(2026, 1, 20, 8, 0),
        ),
    ]
    accesses = {}
    for number, (actor, unit, purpose, note, at) in enumerate(entries, start=1):
        with time_machine.travel(at.replace(tzinfo=HANOI), tick=False):
            accesses[number] = personal_data_access_record(
                actor=actor,
                object_type="test.citizen",
                object_id=str(number),
                field_kinds=["personal_id"],
                unit=unit,
                purpose=purpose,
                purpose_note=note,
            )
    return {"an_nhon": an_nhon, "quy_nhon": quy_nhon, **accesses}


def _object_ids(response) -> list[str]:
    html = response.content.decode()
    return [object_id for object_id in ("1", "2", "3") if f"#{object_id}</small>" in html]


@pytest.mark.parametrize(
    ("_case", "filters", "expected"),
    [
        ("everything, newest first", {}, ["2", "3", "1"]),
        ("one person", {"actor": "an_nhon"}, ["2", "1"]),
        ("one unit", {"unit": "other_commune"}, ["3"]),
        ("the province covers its communes", {"unit": "province"}, ["2", "3", "1"]),
        ("one purpose", {"purpose": "verification"}, ["2"]),
        ("from a date", {"date_from": "2026-01-20"}, ["2", "3"]),
        ("to a date, typed dd/mm/yyyy", {"date_to": "05/01/2026"}, ["1"]),
        (
            "a late evening counts on its local day",
            {"date_from": "2026-01-20", "date_to": "2026-01-20"},
            ["2", "3"],
        ),
        ("person and purpose", {"actor": "an_nhon", "purpose": "dossier"}, ["1"]),
    ],
)
def test_the_auditor_searches_the_log(client, users_by_role, log, request, _case, filters, expected):
    # given the auditor, when the log is searched
    client.force_login(users_by_role["auditor"])
    query = {key: value for key, value in filters.items() if key not in {"actor", "unit"}}
    if "actor" in filters:
        query["actor"] = log[filters["actor"]].pk
    if "unit" in filters:
        query["unit"] = request.getfixturevalue(filters["unit"]).pk
    response = client.get(PAGE, query)

    # then exactly the matching accesses are listed, newest first
    assert response.status_code == 200
    ids = _object_ids(response)
    html = response.content.decode()
    assert sorted(ids) == sorted(expected)
    assert sorted(ids, key=lambda i: html.index(f"#{i}</small>")) == expected


def test_the_log_page_names_who_why_and_masks_ids_typed_into_the_note(client, users_by_role, log):
    client.force_login(users_by_role["administrator"])

    html = client.get(PAGE).content.decode()

    assert str(log["an_nhon"]) in html
    assert "Xác minh, đối chiếu thông tin công dân" in html
    assert "Số định danh cá nhân" in html
    assert "079******123" in html
    assert "079085001123" not in html


def test_an_htmx_search_gets_only_the_rows(client, users_by_role, log):
    client.force_login(users_by_role["auditor"])

    response = client.get(PAGE, {"purpose": "dossier"}, HTTP_HX_REQUEST="true")

    assert "<form" not in response.content.decode()
    assert _object_ids(response) == ["1", "3"]


def test_an_inverted_date_range_is_reported_not_searched(client, users_by_role, log):
    client.force_login(users_by_role["auditor"])

    response = client.get(PAGE, {"date_from": "2026-01-20", "date_to": "2026-01-05"})

    assert "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()


@pytest.mark.parametrize("role", ["leader", "secretariat", "unit_head", "unit_officer", "data_officer"])
def test_the_log_does_not_exist_for_other_roles(client, users_by_role, log, role):
    client.force_login(users_by_role[role])

    assert client.get(PAGE).status_code == 404
    assert client.get(API).status_code == 404


def test_the_api_filters_the_log_and_masks_the_note(client, users_by_role, log, commune):
    # given the auditor, when the API is asked for one unit's verification accesses
    client.force_login(users_by_role["auditor"])
    response = client.get(API, {"unit_id": commune.pk, "purpose": "verification"})

    # then the one access comes back with its purpose named and the ID in its note masked
    body = response.json()
    assert response.status_code == 200
    assert [item["object_id"] for item in body] == ["2"]
    assert body[0]["purpose_label"] == "Xác minh, đối chiếu thông tin công dân"
    assert body[0]["purpose_note"] == "Đối chiếu CCCD 079******123 theo đơn"
    assert (body[0]["actor_id"], body[0]["unit_name"], body[0]["channel"]) == (
        log["an_nhon"].pk,
        commune.name,
        "system",
    )


def test_the_api_pages_with_limit_and_offset(client, users_by_role, log):
    client.force_login(users_by_role["auditor"])

    first = client.get(API, {"limit": 2}).json()
    rest = client.get(API, {"limit": 2, "offset": 2}).json()

    assert [item["object_id"] for item in first + rest] == ["2", "3", "1"]
