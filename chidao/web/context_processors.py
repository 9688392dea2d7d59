"""Values every page needs: the as-of date for the print header, the user's roles, session policy, version."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.selectors import session_idle_seconds_for
from chidao.web.navigation import navigation_for


@lru_cache(maxsize=1)
def app_version() -> str:
    """The installed package version shown in the footer (the source tree may run uninstalled in CI)."""
    try:
        return metadata.version("chidao")
    except metadata.PackageNotFoundError:
        return "dev"


def chidao(request: HttpRequest) -> dict[str, Any]:
    """Template context shared by all pages."""
    context: dict[str, Any] = {
        "as_of_date": timezone.localdate(),
        "user_scope": None,
        "province_name": settings.CHIDAO_PROVINCE_NAME,
        "session_idle_seconds": 0,
        "session_warning_seconds": settings.CHIDAO_SESSION_WARNING_SECONDS,
        "app_version": app_version(),
        "interface_languages": settings.LANGUAGES,
        # The bell is drawn by the notifications app's own tag, only where that app is installed.
        "notifications_enabled": apps.is_installed("chidao.apps.notifications"),
        "main_navigation": [],
    }
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated:
        context["user_scope"] = scope = user_scope(user)
        match = getattr(request, "resolver_match", None)
        context["main_navigation"] = navigation_for(scope, match.view_name if match else "")
        # The same number SessionPolicyMiddleware enforces, so the warning comes before the real expiry.
        context["session_idle_seconds"] = session_idle_seconds_for(user)
    return context
