"""The footer's language switch turns the interface to English and back, without any script."""

from __future__ import annotations

import pytest

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_URL = "/accounts/login/"


def test_footer_switch_changes_the_language_and_stays_on_the_page(phone, problems, db):
    # given the login page in Vietnamese
    phone.goto(LOGIN_URL)
    expect(phone.locator("h1")).to_have_text("Đăng nhập")
    # when English is chosen in the footer, and then Vietnamese again
    phone.locator("footer").get_by_role("button", name="English").click()
    phone.wait_for_url(f"**{LOGIN_URL}")
    english_heading = phone.locator("h1").inner_text()
    english_lang = phone.locator("html").get_attribute("lang")
    phone.locator("footer").get_by_role("button", name="Tiếng Việt").click()
    phone.wait_for_url(f"**{LOGIN_URL}")
    # then the page was in English, and is back in Vietnamese
    assert (english_lang, english_heading) == ("en", "Sign in")
    expect(phone.locator("html")).to_have_attribute("lang", "vi")
    expect(phone.locator("h1")).to_have_text("Đăng nhập")
    problems.assert_none()
