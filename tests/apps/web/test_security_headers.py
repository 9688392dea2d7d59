"""Every page goes out with the security headers and contains nothing the CSP would block."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

LOGIN_URL = "/accounts/login/"
HOME_URL = "/"
EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# Markup the CSP (script-src 'self', style-src 'self') would block, or that would need 'unsafe-eval'.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER_ATTRIBUTE = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.IGNORECASE)


def _csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("signed_in", [False, True], ids=["login page", "home page"])
def test_pages_carry_the_security_headers(signed_in, client, users_by_role):
    # given an anonymous visitor or a signed-in leader
    if signed_in:
        client.force_login(users_by_role["leader"])
    # when they open their landing page
    response = client.get(HOME_URL if signed_in else LOGIN_URL)
    # then the response has the CSP and the other protective headers
    assert response.status_code == 200
    directives = _csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    for header, value in EXPECTED_HEADERS.items():
        assert response[header] == value, header


@pytest.mark.parametrize(
    "role", ["leader", "secretariat", "unit_officer", "data_officer", "auditor", "administrator"]
)
def test_home_pages_contain_no_markup_the_csp_blocks(role, client, users_by_role):
    # given a signed-in user of each role
    client.force_login(users_by_role[role])
    # when the home page is rendered
    html = client.get(HOME_URL).content.decode()
    # then it has no inline script, no inline style and no inline event handler
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert STYLE_ELEMENT.findall(html) == []
    assert EVENT_HANDLER_ATTRIBUTE.findall(html) == []


def test_login_page_contains_no_markup_the_csp_blocks(client, db):
    # given an anonymous visitor
    # when the login page is rendered
    html = client.get(reverse("accounts:login")).content.decode()
    # then it has no inline script, no inline style and no inline event handler
    assert INLINE_SCRIPT.findall(html) == []
    assert STYLE_ATTRIBUTE.findall(html) == []
    assert EVENT_HANDLER_ATTRIBUTE.findall(html) == []


def test_htmx_is_configured_for_the_csp(client, db):
    # given the base template
    # when any page is rendered
    html = client.get(LOGIN_URL).content.decode()
    # then htmx is told not to eval and not to inject its indicator <style>
    assert (
        '<meta name="htmx-config" content=\'{"allowEval":false,"includeIndicatorStyles":false,'
        '"allowScriptTags":false}\'>' in html
    )
