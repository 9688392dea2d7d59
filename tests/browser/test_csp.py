"""Under the real CSP (script-src 'self', style-src 'self') nothing is blocked, nothing breaks and nothing
leaves 127.0.0.1 — on every page of the shell, including htmx interactions and the API documentation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import DEFAULT_PASSWORD

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOGIN_URL = "/accounts/login/"
HOME_URL = "/"
API_DOCS_URL = "/api/docs"


def test_login_and_home_under_the_csp(phone, users_by_role, problems):
    # given the login page
    phone.goto(LOGIN_URL)
    # when a leader signs in with the form
    phone.fill("input[name=username]", users_by_role["leader"].username)
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    with phone.expect_navigation(url=f"**{HOME_URL}"):
        phone.click("main button[type=submit]")
    phone.wait_for_load_state("networkidle")
    # then the home page works with htmx configured for the CSP, and nothing was blocked or sent away
    assert phone.locator("h1").inner_text() == "Bảng điều hành của lãnh đạo"
    assert phone.evaluate("[htmx.config.allowEval, htmx.config.includeIndicatorStyles]") == [False, False]
    assert phone.evaluate("document.querySelectorAll('style').length") == 0
    problems.assert_none()


def test_unit_tree_loads_children_through_htmx(phone, sign_in, users_by_role, province, commune, problems):
    # given a leader on the organisation tree
    sign_in(users_by_role["leader"])
    phone.goto(reverse("organisation:unit-tree"), wait_until="networkidle")
    phone.evaluate("window.__sameDocument = true")
    # when they open the province's sub-units
    with phone.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        phone.locator("summary").first.click()
    # then the communes appear in place, without a page load, and nothing was blocked
    assert phone.locator(".subtree").get_by_text(commune.name).is_visible()
    assert phone.evaluate("window.__sameDocument") is True
    problems.assert_none()


def test_unit_list_search_updates_results_without_reloading(
    phone, sign_in, users_by_role, commune, other_commune, problems
):
    # given a leader on the unit list showing every unit
    sign_in(users_by_role["leader"])
    phone.goto(reverse("organisation:unit-list"), wait_until="networkidle")
    assert phone.locator("#unit-rows").get_by_text(other_commune.name).is_visible()
    phone.evaluate("window.__sameDocument = true")
    searches = []
    phone.on("request", lambda request: searches.append(request) if "q=" in request.url else None)
    # when they type a name without diacritics into the search box
    phone.locator("input[name=q]").press_sequentially("an nhon", delay=20)
    # then only the matching unit is listed, the page was not reloaded, and the URL records the search
    rows = phone.locator("#unit-rows tbody")
    expect(rows.get_by_text(other_commune.name)).to_have_count(0)
    expect(rows.get_by_text(commune.name)).to_be_visible()
    assert phone.evaluate("window.__sameDocument") is True
    assert "q=an" in phone.url
    assert all(r.headers.get("hx-request") == "true" for r in searches)
    problems.assert_none()


def test_unit_page_under_the_csp(phone, sign_in, users_by_role, province, department, problems):
    # given a leader
    sign_in(users_by_role["leader"])
    # when they open the province's page
    phone.goto(reverse("organisation:unit-detail", args=[province.pk]), wait_until="networkidle")
    # then its sub-units are listed and nothing was blocked
    assert phone.get_by_role("link", name=department.name).is_visible()
    problems.assert_none()


def test_api_docs_work_under_the_csp_from_local_files(phone, sign_in, users_by_role, problems):
    # given a signed-in leader
    sign_in(users_by_role["leader"])
    # when they open the API documentation
    phone.goto(API_DOCS_URL, wait_until="networkidle")
    # then Swagger UI draws the operations from our own static files, with nothing blocked
    phone.locator(".opblock").first.wait_for()
    assert phone.locator(".opblock").count() > 0
    problems.assert_none()
