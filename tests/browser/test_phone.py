"""On a 360 × 740 phone: no sideways scrolling, 44 px touch targets, light first loads, usable on a slow line."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from tests.browser.checks import TransferMeter, horizontal_overflow_px, small_touch_targets
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_URL = "/accounts/login/"
HOME_URL = "/"
# Pages without charts must stay light on 3G lines in communes (requirement: ≤ 250 KB on first load).
MAX_FIRST_LOAD_BYTES = 250 * 1024
# 400 kbit/s each way and 400 ms round trips: a poor mobile connection in the highlands.
SLOW_LINE = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}
SLOW_LINE_BUDGET_SECONDS = 15


def _phone_checks(page) -> tuple[int, list[str]]:
    return horizontal_overflow_px(page), small_touch_targets(page)


def test_login_page_fits_a_phone_and_is_light(phone, problems, db):
    # given a phone with an empty cache
    meter = TransferMeter(phone)
    # when the login page loads
    phone.goto(LOGIN_URL, wait_until="networkidle")
    # then it does not scroll sideways, every target is tappable, and it weighs little
    overflow, small = _phone_checks(phone)
    assert overflow <= 0
    assert small == []
    assert meter.total_bytes() <= MAX_FIRST_LOAD_BYTES, meter.urls()
    assert "echarts" not in " ".join(meter.urls())
    problems.assert_none()


@pytest.mark.parametrize("role", ["leader", "unit_officer", "data_officer"])
def test_home_page_fits_a_phone_and_is_light(role, phone, sign_in, users_by_role, problems):
    # given a signed-in user on a phone with an empty cache
    sign_in(users_by_role[role])
    meter = TransferMeter(phone)
    # when their home page loads
    phone.goto(HOME_URL, wait_until="networkidle")
    # then it does not scroll sideways, every target is tappable, and it weighs little
    overflow, small = _phone_checks(phone)
    assert overflow <= 0
    assert small == []
    assert meter.total_bytes() <= MAX_FIRST_LOAD_BYTES, meter.urls()
    problems.assert_none()


def test_unit_page_fits_a_phone_and_is_light(phone, sign_in, users_by_role, province, department, problems):
    # given a leader on a phone with an empty cache, and a province with sub-units
    sign_in(users_by_role["leader"])
    meter = TransferMeter(phone)
    # when the province's unit page loads
    phone.goto(reverse("organisation:unit-detail", args=[province.pk]), wait_until="networkidle")
    # then it does not scroll sideways, every target is tappable, and it weighs little
    overflow, small = _phone_checks(phone)
    assert phone.locator("h1").inner_text() == province.name
    assert overflow <= 0
    assert small == []
    assert meter.total_bytes() <= MAX_FIRST_LOAD_BYTES, meter.urls()
    problems.assert_none()


def test_login_works_on_a_slow_mobile_line(phone, users_by_role, problems):
    # given a phone on a 400 kbit/s line with 400 ms latency
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINE)
    started = time.monotonic()
    # when the user opens the login page and signs in with the real form
    phone.goto(LOGIN_URL, timeout=SLOW_LINE_BUDGET_SECONDS * 1000)
    phone.fill("input[name=username]", users_by_role["leader"].username)
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    with phone.expect_navigation(url=f"**{HOME_URL}", timeout=SLOW_LINE_BUDGET_SECONDS * 1000):
        phone.click("main button[type=submit]")
    elapsed = time.monotonic() - started
    # then the home page is reached within the budget
    assert phone.locator("h1").inner_text() == "Bảng điều hành của lãnh đạo"
    assert elapsed < SLOW_LINE_BUDGET_SECONDS
    problems.assert_none()


# Pages of the other apps reachable from the shell. /api/docs is left out: Swagger UI is a developers' tool
# with its own layout (its CSP behaviour is checked in test_csp.py).
SHELL_PAGES = {
    "administrator": ["accounts:user-list", "audit:event-list", "jobs:job-list", "accounts:password-change"],
    "leader": ["organisation:unit-tree", "organisation:unit-list", "jobs:job-list"],
}


@pytest.mark.parametrize("role", sorted(SHELL_PAGES))
def test_every_shell_page_fits_a_phone(role, phone, sign_in, users_by_role, department, problems):
    # given a signed-in user of the role
    sign_in(users_by_role[role])
    failures = {}
    # when each page reachable from their navigation is opened on a phone
    for name in SHELL_PAGES[role]:
        response = phone.goto(reverse(name), wait_until="networkidle")
        overflow, small = _phone_checks(phone)
        if response.status != 200 or overflow > 0 or small:
            failures[name] = {"status": response.status, "overflow_px": overflow, "small_targets": small}
    # then none scrolls sideways or has a target under 44 px, and the CSP blocked nothing
    assert failures == {}
    problems.assert_none()
