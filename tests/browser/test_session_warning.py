"""The idle-session warning: shown 2 minutes before the timeout; "Tiếp tục làm việc" keeps the session."""

from __future__ import annotations

import re
import time

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOME_URL = "/"
LOGIN_PATH = "/accounts/login/"
KEEPALIVE_PATH = "/accounts/session/keepalive/"
CONTINUE = "Tiếp tục làm việc"
WARNING_SECONDS = 120


def _idle_policy(settings, idle_seconds: int, warning_seconds: int) -> None:
    settings.CHIDAO_SESSION_IDLE_SECONDS = {"default": idle_seconds, "administrator": idle_seconds}
    settings.CHIDAO_SESSION_WARNING_SECONDS = warning_seconds


def test_warning_appears_two_minutes_before_the_idle_timeout(
    phone, sign_in, users_by_role, settings, problems
):
    # given an idle timeout of 2 minutes and 2 seconds, with the real 2-minute warning
    _idle_policy(settings, WARNING_SECONDS + 2, WARNING_SECONDS)
    sign_in(users_by_role["leader"])
    phone.goto(HOME_URL)
    dialog = phone.locator("#session-warning")
    expect(dialog).to_be_hidden()
    # when the user stays idle for 2 seconds
    # then the modal warning appears, counting down from 2 minutes
    expect(dialog).to_be_visible(timeout=5_000)
    expect(dialog.locator(".countdown")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    expect(phone.get_by_role("button", name=CONTINUE)).to_be_visible()
    problems.assert_none()


def test_continue_keeps_the_session_past_the_idle_timeout(phone, sign_in, users_by_role, settings, problems):
    # given an idle timeout of 6 s with the warning after 1 s
    idle_seconds = 6
    _idle_policy(settings, idle_seconds, idle_seconds - 1)
    sign_in(users_by_role["leader"])
    loaded_at = time.monotonic()
    phone.goto(HOME_URL)
    expect(phone.locator("#session-warning")).to_be_visible(timeout=5_000)
    phone.wait_for_timeout(2_500)
    # when the user presses "Tiếp tục làm việc" and then comes back after the original timeout has passed
    with phone.expect_response(f"**{KEEPALIVE_PATH}") as keepalive:
        phone.get_by_role("button", name=CONTINUE).click()
    kept_alive_at = time.monotonic()
    expect(phone.locator("#session-warning")).to_be_hidden()
    phone.wait_for_timeout(max(0, (loaded_at + idle_seconds + 1 - time.monotonic()) * 1000))
    assert time.monotonic() - kept_alive_at < idle_seconds, "the machine was too slow for this timing"
    phone.goto(HOME_URL)
    # then the keep-alive was accepted and the user is still signed in
    assert keepalive.value.status == 200
    assert keepalive.value.request.method == "POST"
    assert phone.url.endswith(HOME_URL)
    assert phone.locator("h1").inner_text() == "Bảng điều hành của lãnh đạo"
    problems.assert_none()


def test_an_ignored_warning_ends_on_the_login_page(phone, sign_in, users_by_role, settings, problems):
    # given an idle timeout of 3 s with the warning after 1 s
    _idle_policy(settings, 3, 2)
    sign_in(users_by_role["leader"])
    phone.goto(HOME_URL)
    # when the user ignores the warning
    expect(phone.locator("#session-warning")).to_be_visible(timeout=5_000)
    # then the browser lands on the login page, because the server has ended the session too
    phone.wait_for_url(f"**{LOGIN_PATH}**", timeout=8_000)
    expect(phone.locator("input[name=password]")).to_be_visible()
    problems.assert_none()
