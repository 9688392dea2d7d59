"""One error format for the whole API: {"message", "code", "extra"}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def install_error_handlers(api: NinjaAPI) -> None:
    """Translate domain and framework errors into the API's error body."""

    def body(message: str, code: str, extra: Any = None) -> dict[str, Any]:
        return {"message": message, "code": code, "extra": extra or {}}

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, body("Không tìm thấy.", "not_found"), status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or "Bạn không có quyền thực hiện thao tác này."
        return api.create_response(request, body(message, "forbidden"), status=403)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        extra = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return api.create_response(request, body("Dữ liệu không hợp lệ.", "invalid", extra), status=400)

    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(
            request, body("Dữ liệu không hợp lệ.", "invalid", {"errors": exc.errors}), status=422
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(request, body("Chưa đăng nhập.", "unauthenticated"), status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, body(str(exc), "error"), status=exc.status_code)
