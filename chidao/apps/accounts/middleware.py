"""Session policy: idle timeout per role, forced password change."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SessionPolicyMiddleware:
    """Placeholder replaced by the accounts security work (idle timeouts, forced password change, TOTP)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
