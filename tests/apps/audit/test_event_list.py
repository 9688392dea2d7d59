"""The audit trail end to end: a change through the web form and one through the API, then the auditor's page.

The auditor sees both rows with their channel and the changed fields (before → after), finds them by object
without typing diacritics, by action and by date range, and finds no way to edit anything from the page.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from chidao.apps.audit.models import AuditEvent
from chidao.apps.organisation.models import Unit

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
WEB_DAY = dt.datetime(2026, 3, 10, 9, 30, tzinfo=HANOI)
API_DAY = dt.datetime(2026, 3, 20, 14, 0, tzinfo=HANOI)
NEW_NAME = "Phường Quy Nhơn Bắc"
NEW_PHONE = "0256 3822 111"
EVENT_LIST = reverse("audit:event-list")


def change_name_on_the_web(client, editor, unit: Unit) -> None:
    client.force_login(editor)
    with time_machine.travel(WEB_DAY, tick=False):
        response = client.post(
            reverse("organisation:unit-edit", args=[unit.pk]),
            {"name": NEW_NAME, "short_name": "", "email": "", "phone": ""},
        )
    assert response.status_code == 302


def change_phone_through_the_api(client, editor, unit: Unit) -> None:
    client.force_login(editor)
    with time_machine.travel(API_DAY, tick=False):
        response = client.patch(
            f"/api/v1/organisation/units/{unit.pk}",
            data=json.dumps({"phone": NEW_PHONE}),
            content_type="application/json",
        )
    assert response.status_code == 200


@pytest.fixture
def two_changes(client, users_by_role, other_commune):
    """Phường Quy Nhơn renamed on the web (10/03/2026), then its phone set through the API (20/03/2026)."""
    change_name_on_the_web(client, users_by_role["secretariat"], other_commune)
    change_phone_through_the_api(client, users_by_role["administrator"], other_commune)
    client.logout()
    return other_commune


def rows_of(response) -> list:
    return response.context["rows"]


def test_the_auditor_sees_both_changes_with_channel_and_before_after(client, users_by_role, two_changes):
    # given
    old_name = "Phường Quy Nhơn"
    client.force_login(users_by_role["auditor"])
    # when
    response = client.get(EVENT_LIST)
    # then the newest first: the API phone change, then the web rename
    assert response.status_code == 200
    api_row, web_row = rows_of(response)
    assert api_row.event.get_channel_display() == "API"
    assert web_row.event.get_channel_display() == "Giao diện web"
    assert [(c.label, c.before, c.after) for c in api_row.changes] == [("Điện thoại", "(trống)", NEW_PHONE)]
    assert [(c.label, c.before, c.after) for c in web_row.changes] == [("Tên", old_name, NEW_NAME)]
    body = response.content.decode()
    assert "Giao diện web" in body
    assert f"<del>{old_name}</del> → <ins>{NEW_NAME}</ins>" in body
    assert f"<del>(trống)</del> → <ins>{NEW_PHONE}</ins>" in body
    assert "10/03/2026 09:30" in body


@pytest.mark.parametrize(
    ("_case", "query", "expected_channels"),
    [
        ("object name without diacritics", {"q": "quy nhon"}, ["api", "web"]),
        ("object name with diacritics", {"q": "Quy Nhơn Bắc"}, ["api", "web"]),
        ("another object", {"q": "an nhon"}, []),
        ("actor", {"q": "tran thi"}, ["api", "web"]),
        ("action", {"action": "unit.update"}, ["api", "web"]),
        ("channel", {"channel": "api"}, ["api"]),
        ("from a date, dd/mm/yyyy", {"date_from": "15/03/2026"}, ["api"]),
        ("up to a date, yyyy-mm-dd from the date picker", {"date_to": "2026-03-10"}, ["web"]),
        ("a range containing both", {"date_from": "10/03/2026", "date_to": "20/03/2026"}, ["api", "web"]),
        ("a range containing neither", {"date_from": "11/03/2026", "date_to": "19/03/2026"}, []),
    ],
)
def test_the_auditor_searches_by_object_action_channel_and_dates(
    client, users_by_role, two_changes, _case, query, expected_channels
):
    client.force_login(users_by_role["auditor"])
    response = client.get(EVENT_LIST, query)
    assert [row.event.channel for row in rows_of(response)] == expected_channels


def test_the_action_filter_offers_every_declared_and_every_recorded_action(client, users_by_role):
    # given an action written inside a service under a second code, so not declared itself
    AuditEvent.objects.create(at=timezone.now(), channel="system", action="login.throttled")
    client.force_login(users_by_role["auditor"])
    # when
    response = client.get(EVENT_LIST)
    # then: declared ones are there even when no view imported their module (the app autodiscovers them)
    offered = {code for code, _label in response.context["form"].fields["action"].choices}
    assert {"unit.update", "organisation.load", "demo.seed", "login.throttled"} <= offered


def test_an_inverted_date_range_is_reported_not_silently_empty(client, users_by_role, two_changes):
    client.force_login(users_by_role["auditor"])
    response = client.get(EVENT_LIST, {"date_from": "20/03/2026", "date_to": "10/03/2026"})
    assert "date_to" in response.context["form"].errors
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


def test_the_auditor_page_is_read_only(client, users_by_role, two_changes):
    # given
    client.force_login(users_by_role["auditor"])
    # when
    body = client.get(EVENT_LIST).content.decode()
    # then no link to an edit page and no form that writes (the search form is GET; the shell's logout and
    # language forms are outside <main>)
    assert reverse("organisation:unit-edit", args=[two_changes.pk]) not in body
    assert "/edit/" not in body
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert 'method="post"' not in main.lower()


def test_an_htmx_search_gets_only_the_rows(client, users_by_role, two_changes):
    client.force_login(users_by_role["auditor"])
    response = client.get(EVENT_LIST, {"q": "quy nhon"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "audit-events" in body


@pytest.mark.parametrize("role", ["leader", "secretariat", "unit_head", "unit_officer", "data_officer"])
def test_everyone_but_auditors_and_administrators_gets_404(client, users_by_role, role):
    client.force_login(users_by_role[role])
    assert client.get(EVENT_LIST).status_code == 404


def test_pages_keep_the_filters(client, users_by_role, commune):
    # given 51 changes of one unit, one more than a page
    from chidao.apps.organisation import services

    for number in range(51):
        services.unit_update(
            actor=users_by_role["administrator"], unit=commune, data={"phone": f"0256 {number}"}
        )
    client.force_login(users_by_role["auditor"])
    # when
    response = client.get(EVENT_LIST, {"q": "an nhon"})
    # then
    assert len(rows_of(response)) == 50
    assert "?q=an+nhon&amp;page=2" in response.content.decode()
