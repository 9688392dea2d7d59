"""A chart drawn by the chart component under the real CSP, on a page served only inside the test."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import Client, RequestFactory

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Not a URL of the application: the browser's router answers it, so production has no test-only page.
CHART_PAGE_PATH = "/__chart-test__/"
CHART_PAGE = """{% extends "web/base.html" %}{% load charts %}
{% block scripts %}{% chart_scripts %}{% endblock %}
{% block content %}<h1>Biểu đồ</h1>{% chart spec "tasks" label="Nhiệm vụ theo tháng" size="small" %}{% endblock %}"""
SPEC = {
    "animation": False,
    "xAxis": {"type": "category", "data": ["T1", "T2", "T3"]},
    "yAxis": {"type": "value"},
    "series": [{"type": "bar", "data": [3, 5, 2]}],
}


def _chart_page_html() -> str:
    request = RequestFactory().get(CHART_PAGE_PATH)
    request.user = AnonymousUser()
    return engines["django"].from_string(CHART_PAGE).render({"spec": SPEC}, request)


def test_chart_component_draws_under_the_csp(phone, live_server, problems):
    # given a page using the chart component, served with the application's own CSP header
    csp = Client().get("/accounts/login/")["Content-Security-Policy"]
    body = _chart_page_html()
    phone.route(
        f"{live_server.url}{CHART_PAGE_PATH}",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": csp},
            body=body,
        ),
    )
    # when the browser opens it
    phone.goto(CHART_PAGE_PATH, wait_until="networkidle")
    # then ECharts drew the three bars as SVG inside the box, and the CSP blocked nothing
    chart = phone.locator("#tasks")
    expect(chart.locator("svg")).to_be_visible()
    assert chart.get_attribute("data-drawn") == "1"
    assert chart.locator("svg path").count() >= len(SPEC["series"][0]["data"])
    problems.assert_none()
