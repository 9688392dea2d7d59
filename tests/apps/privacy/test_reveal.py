"""The reveal flow on a record page: masked by default, full only for a data officer in scope who states a purpose.

The pages are the test-only ones of tests/apps/privacy/urls.py, built from the same pieces a register's
pages use (policy_for, reveal_step, the `personal` filter and privacy/_reveal.html).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.privacy.models import PersonalDataAccess
from tests.apps.privacy.urls import CITIZENS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("record_pages")]

OWN = CITIZENS[1]  # in the data officer's commune
OTHER = CITIZENS[3]  # in the other commune
MASKED = ("079******123", "091****678", "**/**/1985")
FULL = (OWN.personal_id, OWN.phone, "12/03/1985")
PURPOSE = {"purpose": "dossier", "purpose_note": "Hồ sơ 000.00.12.H21-260105-0001"}


def _page(citizen_id: int) -> str:
    return reverse("test-citizen-detail", args=[citizen_id])


def _assert_masked(html: str) -> None:
    for masked in MASKED:
        assert masked in html
    for full in FULL:
        assert full not in html


def test_a_data_officer_sees_masked_values_and_the_reveal_button_first(client, users_by_role, other_commune):
    # given a data officer of the citizen's commune
    client.force_login(users_by_role["data_officer"])

    # when the record is opened
    response = client.get(_page(OWN.id))

    # then every personal value is masked, the purpose form is offered and nothing is logged
    html = response.content.decode()
    assert response.status_code == 200
    _assert_masked(html)
    assert "Hiện đầy đủ" in html
    assert 'name="purpose_note"' in html
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize(
    ("_case", "form"),
    [
        ("no purpose chosen", {"purpose": "", "purpose_note": PURPOSE["purpose_note"]}),
        ("a purpose without saying which case", {"purpose": "dossier", "purpose_note": "  xem  "}),
        (
            "a purpose that is not in the list",
            {"purpose": "curiosity", "purpose_note": PURPOSE["purpose_note"]},
        ),
    ],
)
def test_without_a_stated_purpose_nothing_is_revealed_or_logged(
    client, users_by_role, other_commune, _case, form
):
    client.force_login(users_by_role["data_officer"])

    response = client.post(_page(OWN.id), form)

    html = response.content.decode()
    assert response.status_code == 200
    _assert_masked(html)
    assert "errorlist" in html
    assert not PersonalDataAccess.objects.exists()


def test_a_stated_purpose_reveals_the_record_once_and_logs_the_access(
    client, users_by_role, commune, other_commune
):
    # given a data officer of the citizen's commune
    officer = users_by_role["data_officer"]
    client.force_login(officer)

    # when the purpose form is sent
    response = client.post(_page(OWN.id), PURPOSE)

    # then the full values are in this response
    html = response.content.decode()
    assert response.status_code == 200
    for full in FULL:
        assert full in html
    assert "nhật ký truy cập" in html
    # but a raw value that did not go through the policy is still masked by the filter
    assert '<dd class="raw-phone">091****678</dd>' in html

    # and the access is logged: who, which record and fields, which unit, why, how, from where
    access = PersonalDataAccess.objects.get()
    assert (access.actor, access.actor_label, access.unit) == (officer, str(officer), commune)
    assert (access.object_type, access.object_id) == ("test.citizen", str(OWN.id))
    assert access.field_kinds == ["personal_id", "phone", "birth_date"]
    assert (access.purpose, access.purpose_note) == (PURPOSE["purpose"], PURPOSE["purpose_note"])
    assert (access.channel, access.record_count, access.ip_address) == ("web", 1, "127.0.0.1")

    # and the audit trail has the reveal, without any personal value in it
    event = AuditEvent.objects.get(action="personal_data.reveal")
    assert event.after["access_id"] == access.pk
    assert not any(value in str(event.after) for value in FULL)

    # when the page is opened again, then it is masked again (nothing is remembered between requests)
    _assert_masked(client.get(_page(OWN.id)).content.decode())


def test_a_data_officer_out_of_scope_gets_404_and_no_log(client, users_by_role, other_commune):
    # given a data officer of another commune than the citizen's
    client.force_login(users_by_role["data_officer"])

    # when the record is opened or revealed, then it does not exist for them
    assert client.get(_page(OTHER.id)).status_code == 404
    assert client.post(_page(OTHER.id), PURPOSE).status_code == 404
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize(
    "role", ["leader", "secretariat", "auditor", "administrator", "unit_head", "unit_officer"]
)
def test_no_other_role_ever_sees_unmasked_values(client, users_by_role, other_commune, role):
    # given a user who may open the record but is no data officer
    client.force_login(users_by_role[role])

    # when they open it, then it is masked and no reveal is offered
    response = client.get(_page(OWN.id))
    assert response.status_code == 200
    _assert_masked(response.content.decode())
    assert "Hiện đầy đủ" not in response.content.decode()

    # and when they post a purpose anyway, then it is refused and nothing is logged
    assert client.post(_page(OWN.id), PURPOSE).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, commune):
    response = client.get(_page(OWN.id))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
