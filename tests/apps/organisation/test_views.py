"""Editing a unit through the web: the form, the save through the service, htmx, the link on the unit page.

Who may open the page at all (200/403/404 per role) is in docs/role-matrix/organisation.md and walked by
tests/apps/test_role_matrix.py; these tests cover what the page does.
"""

from __future__ import annotations

import unicodedata

import pytest
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.organisation.models import Unit

pytestmark = pytest.mark.django_db

NEW_NAME = "Xã An Nhơn Đông"
VALID_POST = {
    "name": NEW_NAME,
    "short_name": "AN Đông",
    "email": "annhondong@gialai.gov.vn",
    "phone": "0256 3835 123",
}
HTMX = {"HTTP_HX_REQUEST": "true"}


def edit_url(unit: Unit) -> str:
    return reverse("organisation:unit-edit", args=[unit.pk])


def detail_url(unit: Unit) -> str:
    return reverse("organisation:unit-detail", args=[unit.pk])


def test_the_form_shows_the_units_current_values(client, users_by_role, commune):
    # given a unit head of the commune
    commune.phone = "0256 3000 111"
    commune.save()
    client.force_login(users_by_role["unit_head"])
    # when
    response = client.get(edit_url(commune))
    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == commune.name
    assert form.initial["phone"] == "0256 3000 111"
    assert "<html" in response.content.decode()


def test_saving_changes_the_unit_redirects_to_its_page_and_writes_a_web_audit_row(
    client, users_by_role, commune
):
    # given
    old_name = commune.name
    client.force_login(users_by_role["secretariat"])
    # when
    response = client.post(edit_url(commune), VALID_POST)
    # then
    assert response.status_code == 302
    assert response["Location"] == detail_url(commune)
    commune.refresh_from_db()
    assert (commune.name, commune.phone) == (NEW_NAME, VALID_POST["phone"])
    event = AuditEvent.objects.get(action="unit.update", object_id=str(commune.pk))
    assert event.channel == AuditEvent.Channel.WEB
    assert event.actor == users_by_role["secretariat"]
    assert (event.before["name"], event.after["name"]) == (old_name, NEW_NAME)


def test_the_unit_page_confirms_the_save(client, users_by_role, commune):
    client.force_login(users_by_role["secretariat"])
    response = client.post(edit_url(commune), VALID_POST, follow=True)
    assert "Đã lưu thông tin đơn vị." in response.content.decode()


def test_an_unchanged_save_writes_no_audit_row(client, users_by_role, commune):
    # given the form posted back exactly as shown
    client.force_login(users_by_role["administrator"])
    unchanged = {"name": commune.name, "short_name": "", "email": "", "phone": ""}
    # when
    response = client.post(edit_url(commune), unchanged)
    # then
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="unit.update").exists()


@pytest.mark.parametrize(
    ("_case", "field", "value"),
    [
        ("empty name", "name", ""),
        ("bad e-mail", "email", "khong-phai-thu"),
        ("letters in phone", "phone", "gọi 0256"),
        ("name too long", "name", "x" * 256),
    ],
)
def test_invalid_input_shows_the_form_again_and_changes_nothing(
    client, users_by_role, commune, _case, field, value
):
    # given
    old_name = commune.name
    client.force_login(users_by_role["unit_head"])
    # when
    response = client.post(edit_url(commune), {**VALID_POST, field: value})
    # then
    assert response.status_code == 200
    assert field in response.context["form"].errors
    commune.refresh_from_db()
    assert commune.name == old_name
    assert not AuditEvent.objects.exists()


def test_a_decomposed_name_is_stored_in_nfc(client, users_by_role, commune):
    # given a keyboard that sends "ơ" as "o" + combining horn
    client.force_login(users_by_role["unit_head"])
    decomposed = unicodedata.normalize("NFD", NEW_NAME)
    # when
    client.post(edit_url(commune), {**VALID_POST, "name": f"  {decomposed} "})
    # then
    commune.refresh_from_db()
    assert commune.name == NEW_NAME


def test_an_htmx_request_gets_only_the_form(client, users_by_role, commune):
    client.force_login(users_by_role["unit_head"])
    response = client.get(edit_url(commune), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="unit-form"' in body
    assert "<html" not in body


def test_an_htmx_save_tells_htmx_to_go_to_the_unit_page(client, users_by_role, commune):
    client.force_login(users_by_role["unit_head"])
    response = client.post(edit_url(commune), VALID_POST, **HTMX)
    assert response["HX-Redirect"] == detail_url(commune)


def test_an_invalid_htmx_save_swaps_in_the_form_with_its_errors(client, users_by_role, commune):
    client.force_login(users_by_role["unit_head"])
    response = client.post(edit_url(commune), {**VALID_POST, "email": "sai"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="unit-form"' in body
    assert "errorlist" in body
    assert "<html" not in body


def test_a_unit_head_cannot_edit_a_unit_outside_their_subtree(client, users_by_role, other_commune):
    # given a unit head of another commune
    client.force_login(users_by_role["unit_head"])
    # when
    response = client.post(edit_url(other_commune), VALID_POST)
    # then the unit is not even revealed
    assert response.status_code == 404
    other_commune.refresh_from_db()
    assert other_commune.name != NEW_NAME


def test_a_leader_may_see_but_not_edit(client, users_by_role, commune):
    client.force_login(users_by_role["leader"])
    response = client.post(edit_url(commune), VALID_POST)
    assert response.status_code == 403
    commune.refresh_from_db()
    assert commune.name != NEW_NAME


@pytest.mark.parametrize(
    ("_case", "role", "sees_link"),
    [
        ("secretariat edits anywhere", "secretariat", True),
        ("administrator edits anywhere", "administrator", True),
        ("unit head edits own unit", "unit_head", True),
        ("leader reads only", "leader", False),
        ("auditor reads only", "auditor", False),
        ("unit officer reads only", "unit_officer", False),
        ("data officer reads only", "data_officer", False),
    ],
)
def test_the_unit_page_links_to_the_edit_form_for_editors_only(
    client, users_by_role, commune, _case, role, sees_link
):
    client.force_login(users_by_role[role])
    response = client.get(detail_url(commune))
    assert response.status_code == 200
    assert (edit_url(commune) in response.content.decode()) is sees_link


def test_the_unit_page_shows_the_contact_details(client, users_by_role, commune):
    commune.email = "annhon@gialai.gov.vn"
    commune.phone = "0256 3835 000"
    commune.save()
    client.force_login(users_by_role["unit_officer"])
    body = client.get(detail_url(commune)).content.decode()
    assert commune.email in body
    assert commune.phone in body
