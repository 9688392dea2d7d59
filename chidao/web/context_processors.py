"""Values every page needs: the as-of date for the print header, the user's roles, session policy, version."""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role


@lru_cache(maxsize=1)
def app_version() -> str:
    """The installed package version shown in the footer (the source tree may run uninstalled in CI)."""
    try:
        return metadata.version("chidao")
    except metadata.PackageNotFoundError:
        return "dev"


def chidao(request: HttpRequest) -> dict[str, Any]:
    """Template context shared by all pages."""
    user = getattr(request, "user", None)
    scope = user_scope(user) if user is not None and user.is_authenticated else None
    idle = settings.CHIDAO_SESSION_IDLE_SECONDS
    is_admin = bool(scope and Role.ADMINISTRATOR in scope.roles)
    return {
        "as_of_date": timezone.localdate(),
        "user_scope": scope,
        "province_name": settings.CHIDAO_PROVINCE_NAME,
        "session_idle_seconds": idle["administrator"] if is_admin else idle["default"],
        "session_warning_seconds": settings.CHIDAO_SESSION_WARNING_SECONDS,
        "app_version": app_version(),
    }
