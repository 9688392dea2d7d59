"""Inactivity timeout enforced on the server: 30 minutes for users, 15 for administrators; keep-alive extends it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chidao.apps.accounts.models import User
from chidao.apps.audit.models import AuditEvent
from tests.apps.accounts.conftest import is_signed_in

pytestmark = pytest.mark.django_db

MINUTE = 60


@pytest.mark.parametrize(
    ("_case", "role", "idle_minutes", "expired"),
    [
        ("officer idle 29 min stays", "unit_officer", 29, False),
        ("officer idle 31 min expires", "unit_officer", 31, True),
        ("leader idle 29 min stays", "leader", 29, False),
        ("administrator idle 14 min stays", "administrator", 14, False),
        ("administrator idle 16 min expires", "administrator", 16, True),
    ],
)
def test_idle_session_expires_after_the_role_limit(
    client, users_by_role, clock, _case, role, idle_minutes, expired
):
    # given a user who opened a page at T0
    user = users_by_role[role]
    client.force_login(user)
    assert client.get(reverse("web:home")).status_code == 200
    # when they come back after `idle_minutes` without any request
    clock.shift(idle_minutes * MINUTE)
    response = client.get(reverse("web:home"))
    # then
    if expired:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?expired=1")
        assert not is_signed_in(client)
        assert AuditEvent.objects.filter(action="login.session_expired", object_id=str(user.pk)).exists()
    else:
        assert response.status_code == 200
        assert is_signed_in(client)


def test_login_page_after_expiry_says_so_in_vietnamese(client, users_by_role, clock):
    # given
    client.force_login(users_by_role["unit_officer"])
    client.get(reverse("web:home"))
    clock.shift(31 * MINUTE)
    # when
    page = client.get(reverse("web:home"), follow=True)
    # then
    assert "Phiên làm việc đã hết hạn" in page.content.decode()


def test_keepalive_restarts_the_idle_clock(client, users_by_role, clock):
    # given an officer reading a long page
    client.force_login(users_by_role["unit_officer"])
    client.get(reverse("web:home"))
    clock.shift(28 * MINUTE)
    # when the warning dialog's "continue" posts the keep-alive
    keepalive = client.post(reverse("accounts:keepalive"))
    clock.shift(28 * MINUTE)
    # then 56 minutes after the page, 28 after the keep-alive, the session is alive
    assert keepalive.json() == {"ok": True, "idle_seconds": 30 * MINUTE}
    assert client.get(reverse("web:home")).status_code == 200


def test_expired_api_call_answers_401_session_expired(client, users_by_role, commune, clock):
    # given
    client.force_login(users_by_role["unit_officer"])
    client.get(reverse("web:home"))
    clock.shift(31 * MINUTE)
    # when
    response = client.get(f"/api/v1/organisation/units/{commune.pk}")
    # then
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_pages_carry_the_idle_limit_for_the_warning_dialog(client, users_by_role, clock):
    # given
    client.force_login(users_by_role["administrator"])
    # when
    html = client.get(reverse("web:home")).content.decode()
    # then
    assert 'data-session-idle="900"' in html
    assert f'data-keepalive-url="{reverse("accounts:keepalive")}"' in html


def test_last_activity_is_written_at_most_once_a_minute(client, users_by_role, clock):
    # given
    officer = users_by_role["unit_officer"]
    client.force_login(officer)
    client.get(reverse("web:home"))
    first = User.objects.get(pk=officer.pk).last_activity_at
    # when requests follow 30 s and then 61 s later
    clock.shift(30)
    client.get(reverse("web:home"))
    after_30_seconds = User.objects.get(pk=officer.pk).last_activity_at
    clock.shift(31)
    client.get(reverse("web:home"))
    after_61_seconds = User.objects.get(pk=officer.pk).last_activity_at
    # then
    assert first is not None
    assert after_30_seconds == first
    assert (after_61_seconds - first).total_seconds() == 61


def test_warning_dialog_navigation_to_the_login_page_keeps_its_destination(client, users_by_role, clock):
    # given an officer whose tab reached the deadline and navigates to the login page with ?next=
    client.force_login(users_by_role["unit_officer"])
    client.get(reverse("web:home"))
    clock.shift(31 * MINUTE)
    # when
    response = client.get(reverse("accounts:login"), {"next": "/organisation/"})
    # then the session is ended and the destination is kept, not nested
    assert response["Location"] == reverse("accounts:login") + "?expired=1&next=%2Forganisation%2F"
    assert not is_signed_in(client)
