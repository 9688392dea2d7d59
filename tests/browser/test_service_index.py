"""The service index in a real browser: the chair opens the province index (charts drawn under the CSP), goes to
a commune from the rank table, opens the dossiers that cost it points on 2.1 and pages through them."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.apps.service_index.conftest import CATALOGUE, DOSSIERS, MONTH
from tests.engines.service_index.datasets import publish

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def computed_index(tmp_path, settings, province, commune, other_commune):
    from chidao.apps.service_index.computing import index_compute
    from tests.factories.organisation import UnitFactory

    settings.CHIDAO_DATA_ROOT = tmp_path
    UnitFactory(parent=province, name="Sở Khoa học và Công nghệ", code="SKHCN")
    publish(tmp_path, DOSSIERS, CATALOGUE)
    return index_compute(actor=None, period=MONTH, now=dt.datetime(2026, 4, 20, 1, 0, tzinfo=dt.UTC))


def test_the_chair_drills_down_from_the_province_index_to_a_communes_late_dossiers(
    phone, sign_in, users_by_role, computed_index, commune, problems
):
    # given the index of March 2026 computed; when the chair opens the province index
    sign_in(users_by_role["leader"])
    phone.goto("/service-index/", wait_until="networkidle")
    # then both charts are drawn
    expect(phone.locator("#groups-chart svg")).to_be_visible()
    expect(phone.locator("#trend-chart svg")).to_be_visible()
    # when he opens the commune from the rank table, then 2.1's list of costing dossiers
    phone.locator("#commune-ranks").get_by_role("link", name=commune.name).click()
    phone.wait_for_url(f"**/service-index/units/{commune.pk}/?period={MONTH}")
    phone.locator('.indicator-row[data-indicator="2.1"] .drill-link').click()
    phone.wait_for_url(f"**/service-index/units/{commune.pk}/indicators/2.1/?period={MONTH}")
    # then the two late dossiers are listed, and nothing was blocked or failed
    rows = phone.locator("#drill-table .drill-row")
    expect(rows).to_have_count(2)
    assert "HS-2" in rows.nth(0).inner_text()
    assert "HS-4" in rows.nth(1).inner_text()
    assert phone.locator("#export-link").get_attribute("href").endswith(f"/export/?period={MONTH}")
    problems.assert_none()
