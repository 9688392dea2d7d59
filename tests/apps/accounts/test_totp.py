"""Administrators: TOTP enrolment then a code at every sign-in; replay refused; other roles are not asked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.apps.accounts import totp
from chidao.apps.accounts.crypto import decrypt_text
from chidao.apps.accounts.models import RoleAssignment, TOTPDevice
from chidao.apps.audit.models import AuditEvent
from tests.apps.accounts.conftest import is_signed_in, sign_in

pytestmark = pytest.mark.django_db


def _begin_enrolment(client, admin) -> str:
    """Password step and enrolment page; returns the secret the page showed."""
    sign_in(client, admin.username)
    client.get(reverse("accounts:totp-enrol"))
    return decrypt_text(TOTPDevice.objects.get(user=admin).encrypted_secret)


def _enrolled_and_signed_out(client, admin) -> tuple[str, str]:
    """An administrator who enrolled (with the code returned) and signed out; returns (secret, code used)."""
    secret = _begin_enrolment(client, admin)
    used_code = totp.code_at(secret, timezone.now())
    client.post(reverse("accounts:totp-enrol"), {"code": used_code})
    client.post(reverse("accounts:logout"))
    return secret, used_code


def test_administrator_without_device_must_enrol_before_being_signed_in(client, users_by_role, clock):
    # given an administrator with no authenticator
    admin = users_by_role["administrator"]
    # when the password is right
    after_password = sign_in(client, admin.username)
    # then the next step is enrolment and the session is not logged in yet
    assert after_password.status_code == 302
    assert after_password["Location"] == reverse("accounts:totp-enrol")
    assert not is_signed_in(client)
    home = client.get(reverse("web:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:login"))


def test_enrolment_page_shows_a_server_drawn_qr_and_the_key_and_the_secret_is_encrypted(
    client, users_by_role, clock
):
    # given
    admin = users_by_role["administrator"]
    sign_in(client, admin.username)
    # when
    page = client.get(reverse("accounts:totp-enrol"))
    # then the QR code is inline SVG (no script, no style attribute, no external service)
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=admin)
    secret = decrypt_text(device.encrypted_secret)
    assert page.status_code == 200
    assert '<svg width="' in html
    assert "<script>" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "chart.googleapis" not in html
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    # and the key is stored encrypted, the same key shown again on reload
    assert secret not in device.encrypted_secret
    client.get(reverse("accounts:totp-enrol"))
    assert decrypt_text(TOTPDevice.objects.get(user=admin).encrypted_secret) == secret


def test_first_code_confirms_the_device_and_completes_the_sign_in(client, users_by_role, clock):
    # given
    admin = users_by_role["administrator"]
    secret = _begin_enrolment(client, admin)
    # when
    response = client.post(reverse("accounts:totp-enrol"), {"code": totp.code_at(secret, timezone.now())})
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert is_signed_in(client)
    assert TOTPDevice.objects.get(user=admin).confirmed_at is not None
    succeeded = AuditEvent.objects.get(action="login.succeeded")
    assert succeeded.after == {"second_factor": "totp"}
    assert AuditEvent.objects.filter(action="user.totp_confirm", object_id=str(admin.pk)).exists()


def test_every_later_sign_in_asks_for_a_code_and_refuses_a_replayed_one(client, users_by_role, clock):
    # given an enrolled administrator who signed out
    admin = users_by_role["administrator"]
    secret, used_code = _enrolled_and_signed_out(client, admin)
    # when the administrator signs in again within the same 30 seconds and re-uses the code
    after_password = sign_in(client, admin.username)
    replay = client.post(reverse("accounts:totp-verify"), {"code": used_code})
    # then the code is asked for, and the replay is refused
    assert after_password["Location"] == reverse("accounts:totp-verify")
    assert replay.status_code == 200
    assert "đã được dùng" in replay.content.decode()
    assert not is_signed_in(client)
    # and the next step's code (the authenticator a moment later) is accepted
    clock.shift(30)
    fresh = client.post(reverse("accounts:totp-verify"), {"code": totp.code_at(secret, timezone.now())})
    assert fresh.status_code == 302
    assert is_signed_in(client)


def test_code_of_the_previous_step_is_accepted_but_not_two_steps_old(client, users_by_role, clock):
    # given an enrolled administrator at the verify step
    admin = users_by_role["administrator"]
    secret, _ = _enrolled_and_signed_out(client, admin)
    clock.shift(120)
    sign_in(client, admin.username)
    # when a code from two steps ago, then one from the previous step, is typed
    two_steps_old = totp.code_at(secret, timezone.now() - dt.timedelta(seconds=60))
    refused = client.post(reverse("accounts:totp-verify"), {"code": two_steps_old})
    one_step_old = totp.code_at(secret, timezone.now() - dt.timedelta(seconds=30))
    accepted = client.post(reverse("accounts:totp-verify"), {"code": one_step_old})
    # then (valid_window=1)
    assert refused.status_code == 200
    assert accepted.status_code == 302


def test_wrong_codes_count_towards_the_sign_in_throttle(client, users_by_role, clock):
    # given an administrator past the password step
    admin = users_by_role["administrator"]
    secret = _begin_enrolment(client, admin)
    valid = {totp.code_at(secret, timezone.now() + dt.timedelta(seconds=s)) for s in (-30, 0, 30)}
    wrong = next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)
    # when five wrong codes are typed
    responses = [client.post(reverse("accounts:totp-enrol"), {"code": wrong}) for _ in range(5)]
    # then the fifth imposes a wait like wrong passwords do
    assert responses[-1].status_code == 429
    assert "thử lại sau 30 giây" in responses[-1].content.decode()
    assert AuditEvent.objects.filter(action="login.failed", after__stage="totp_enrol").count() == 5


def test_non_administrator_is_not_asked_for_a_code(client, users_by_role, clock):
    # given
    leader = users_by_role["leader"]
    # when
    response = sign_in(client, leader.username)
    # then
    assert response["Location"] == reverse("web:home")
    assert is_signed_in(client)
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert AuditEvent.objects.get(action="login.succeeded").after == {"second_factor": "none"}


def test_pre_authentication_expires_after_five_minutes(client, users_by_role, clock):
    # given an administrator who typed the password and walked away
    admin = users_by_role["administrator"]
    sign_in(client, admin.username)
    # when they come back six minutes later
    clock.shift(6 * 60)
    response = client.get(reverse("accounts:totp-enrol"))
    # then they start again from the password
    assert response["Location"] == reverse("accounts:login")


def test_an_administrator_role_that_ended_no_longer_asks_for_a_code(client, users_by_role, clock):
    # given an administrator whose assignment ended yesterday
    former = users_by_role["administrator"]
    RoleAssignment.objects.filter(user=former).update(valid_to=timezone.localdate())
    # when
    response = sign_in(client, former.username)
    # then
    assert response["Location"] == reverse("web:home")
    assert is_signed_in(client)
