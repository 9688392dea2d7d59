"""Marks every request's writes with the web or API channel, the client IP and a request id."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from chidao.apps.audit.context import audit_channel


def client_ip(request: HttpRequest) -> str | None:
    """The client address as seen by Django (the reverse proxy sets REMOTE_ADDR through its own config)."""
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Sets the audit channel for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with audit_channel(channel, ip_address=client_ip(request)):
            return self.get_response(request)
