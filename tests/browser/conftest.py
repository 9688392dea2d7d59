"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

One browser per test session; each test gets a fresh context (empty cache, no cookies) with a phone-sized
viewport. Tests that are not about signing in get the session cookie forced (`sign_in`) to stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 360, "height": 740}
LOCAL_HOST = "127.0.0.1"
DEFAULT_TIMEOUT_MS = 10_000
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"

# Reports every CSP violation to Python; init scripts and bindings run outside the page's CSP.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@dataclass
class PageProblems:
    """What went wrong in a browser context: CSP violations, console errors, page errors, foreign hosts."""

    csp_violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        """Fail with every problem listed."""
        assert self.csp_violations == [], "CSP violations"
        assert self.console_errors == [], "console errors"
        assert self.page_errors == [], "uncaught page errors"
        assert self.foreign_requests == [], f"requests to hosts other than {LOCAL_HOST}"


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once for the browser tests (Playwright's own browser download is not used).

    Package scope, not session: Playwright's sync API keeps an asyncio loop on the main thread, which makes
    Django refuse ORM calls from the test itself; DJANGO_ALLOW_ASYNC_UNSAFE lifts that only while the
    browser tests run, and tests collected after this package see neither the loop nor the variable.
    """
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="package")
def live_server() -> Iterator[Any]:
    """pytest-django's live server, bound to 127.0.0.1 (its default "localhost" would count as a foreign host)."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(LOCAL_HOST)
    yield server
    server.stop()


@pytest.fixture(scope="package")
def compiled_translations() -> None:
    """The .mo files, as `make` compiles them at install (they are never committed)."""
    call_command("compile_translations", verbosity=0)


@pytest.fixture
def problems() -> PageProblems:
    """The problems seen by `phone`'s context during the test."""
    return PageProblems()


@pytest.fixture
def phone(browser, live_server, problems, compiled_translations) -> Iterator[Any]:
    """A page in a fresh 360×740 context on the live server, recording CSP violations and foreign requests."""
    context = browser.new_context(
        viewport=PHONE_VIEWPORT,
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.expose_function("__reportCspViolation", lambda text: problems.csp_violations.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    page = context.new_page()
    page.on("console", lambda message: _record_console_error(message, problems))
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("request", lambda request: _record_foreign_request(request.url, problems))
    yield page
    context.close()


def _record_console_error(message: Any, problems: PageProblems) -> None:
    if message.type == "error":
        problems.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


def _record_foreign_request(url: str, problems: PageProblems) -> None:
    parsed = urlparse(url)
    if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname != LOCAL_HOST:
        problems.foreign_requests.append(url)


@pytest.fixture
def sign_in(phone, live_server) -> Callable[[Any], None]:
    """Give `phone`'s context a signed-in session for a user without going through the login form."""

    def force_session(user: Any) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        phone.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return force_session
