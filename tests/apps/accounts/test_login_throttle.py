"""Sign-in throttle per (username, IP): growing waits, other IPs unaffected, every wait logged, reset on success."""

from __future__ import annotations

import json
import re

import pytest

from chidao.apps.accounts.models import LoginThrottle
from chidao.apps.audit.models import AuditEvent
from tests.apps.accounts.conftest import OFFICE_IP, STRANGER_IP, is_signed_in, sign_in

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "sai-mat-khau-123"


def _fail(client, username: str, times: int, ip: str):
    response = None
    for _ in range(times):
        response = sign_in(client, username, WRONG_PASSWORD, ip)
    return response


def test_fifth_failure_makes_this_ip_wait_thirty_seconds_but_not_another_ip(client, users_by_role, clock):
    # given the chair's username attacked from a stranger's IP
    leader = users_by_role["leader"]
    # when the stranger fails five times
    fifth = _fail(client, leader.username, 5, STRANGER_IP)
    # then the stranger is told to wait 30 seconds, in Vietnamese
    assert fifth.status_code == 429
    assert "Vui lòng thử lại sau 30 giây" in fifth.content.decode()
    # and even the right password from the stranger's IP is refused while waiting
    clock.shift(10)
    refused = sign_in(client, leader.username, ip=STRANGER_IP)
    assert refused.status_code == 429
    assert "20 giây" in refused.content.decode()
    assert not is_signed_in(client)
    # and the chair at the office is not locked out
    accepted = sign_in(client, leader.username, ip=OFFICE_IP)
    assert accepted.status_code == 302
    assert is_signed_in(client)


def test_wait_doubles_with_each_further_failure_up_to_fifteen_minutes(client, users_by_role, clock):
    # given a pair already waiting after 5 failures
    username = users_by_role["unit_officer"].username
    _fail(client, username, 5, STRANGER_IP)
    expected_waits = ["1 phút", "2 phút", "4 phút", "8 phút", "15 phút", "15 phút"]
    seen = []
    for _ in expected_waits:
        # when the attacker waits out each delay and fails again
        clock.shift(16 * 60)
        response = sign_in(client, username, WRONG_PASSWORD, STRANGER_IP)
        match = re.search(r"thử lại sau ([^.<]+)\.", response.content.decode())
        seen.append(match.group(1) if match else None)
    # then each wait doubles, capped at 15 minutes
    assert seen == expected_waits
    row = LoginThrottle.objects.get(username=username, ip_address=STRANGER_IP)
    assert row.failures == 5 + len(expected_waits)


def test_every_throttle_is_an_audit_row_and_a_structured_security_line(
    client, users_by_role, clock, security_log
):
    # given
    username = users_by_role["leader"].username
    # when the fifth and (after the wait) sixth failures each impose a wait
    _fail(client, username, 5, STRANGER_IP)
    clock.shift(31)
    _fail(client, username, 1, STRANGER_IP)
    # then two login.throttled rows, six login.failed rows, none holding the password
    throttled = AuditEvent.objects.filter(action="login.throttled").order_by("at", "id")
    assert [row.after["wait_seconds"] for row in throttled] == [30, 60]
    assert {row.object_type for row in throttled} == {"accounts.user"}
    assert AuditEvent.objects.filter(action="login.failed").count() == 6
    assert all(WRONG_PASSWORD not in json.dumps(row.after) for row in AuditEvent.objects.all())
    # and the security log carries the same events as JSON lines with the IP
    logged = [e for e in security_log if e["event"] == "login.throttled"]
    assert [(e["ip"], e["username"], e["wait_seconds"]) for e in logged] == [
        (STRANGER_IP, username, 30),
        (STRANGER_IP, username, 60),
    ]
    assert all(WRONG_PASSWORD not in json.dumps(e) for e in security_log)


def test_successful_sign_in_resets_the_counter(client, users_by_role, clock):
    # given four failures from the office
    username = users_by_role["unit_officer"].username
    _fail(client, username, 4, OFFICE_IP)
    # when the officer then types the right password
    sign_in(client, username, ip=OFFICE_IP)
    client.logout()
    # then the counter is gone, and four new failures do not impose a wait
    assert not LoginThrottle.objects.filter(username=username).exists()
    fourth = _fail(client, username, 4, OFFICE_IP)
    assert fourth.status_code == 200
    assert "thử lại sau" not in fourth.content.decode()


def test_unknown_username_is_throttled_and_answered_like_a_wrong_password(client, db, clock):
    # given / when
    first = sign_in(client, "khong-ton-tai", WRONG_PASSWORD, STRANGER_IP)
    fifth = _fail(client, "khong-ton-tai", 4, STRANGER_IP)
    # then
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in first.content.decode()
    assert fifth.status_code == 429
    assert (
        AuditEvent.objects.filter(action="login.failed", object_repr="khong-ton-tai", object_id="").count()
        == 5
    )
