"""Session policy, enforced on the server for every request of a signed-in user.

1. Inactivity timeout: 30 minutes for users, 15 for administrators (settings.CHIDAO_SESSION_IDLE_SECONDS),
   measured from the last-activity stamp in the session; an expired session is logged out.
2. Forced password change: while `must_change_password` is set, every page redirects to the change page
   and the API answers 403 with code "password_change_required".
3. `user.last_activity_at` is written at most once a minute (it feeds the 45-day idle-account rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.apps.accounts.models import User
from chidao.apps.accounts.policy import ACTIVITY_WRITE_INTERVAL_SECONDS, SESSION_STAMP_INTERVAL_SECONDS
from chidao.apps.accounts.selectors import session_idle_seconds_for
from chidao.apps.accounts.services import session_expired_record
from chidao.apps.accounts.sessions import last_activity, stamp_activity

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _api_error(message: str, code: str, status: int, extra: dict[str, str] | None = None) -> JsonResponse:
    # The API's error body (chidao/api/errors.py), built here because apps sit below the API layer.
    return JsonResponse({"message": message, "code": code, "extra": extra or {}}, status=status)


def _touch_user_activity(user: User, now: dt.datetime) -> None:
    """Bookkeeping like last_login (not an audited change): at most one UPDATE a minute per user."""
    previous = user.last_activity_at
    if previous is None or (now - previous).total_seconds() >= ACTIVITY_WRITE_INTERVAL_SECONDS:
        User.objects.filter(pk=user.pk).update(last_activity_at=now)
        user.last_activity_at = now


class SessionPolicyMiddleware:
    """Idle timeout per role, forced password change, activity bookkeeping (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_while_forced: frozenset[str] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, User)
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
        ):
            refused = self._enforce(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _enforce(self, request: HttpRequest, user: User) -> HttpResponse | None:
        now = timezone.now()
        idle_seconds = session_idle_seconds_for(user)
        last = last_activity(request)
        if last is not None and now.timestamp() - last > idle_seconds:
            session_expired_record(user=user, idle_seconds=idle_seconds)
            logout(request)
            return self._expired_response(request)
        is_keepalive = request.path == reverse("accounts:keepalive")
        if last is None or is_keepalive or now.timestamp() - last >= SESSION_STAMP_INTERVAL_SECONDS:
            stamp_activity(request, idle_seconds)
        _touch_user_activity(user, now)
        if user.must_change_password and request.path not in self._paths_open_while_forced():
            return self._password_change_response(request)
        return None

    def _paths_open_while_forced(self) -> frozenset[str]:
        if self._open_while_forced is None:
            paths = {
                reverse(name)
                for name in ("accounts:password-change", "accounts:logout", "accounts:keepalive")
            }
            with contextlib.suppress(NoReverseMatch):  # the language switcher is optional
                paths.add(reverse("set_language"))
            self._open_while_forced = frozenset(paths)
        return self._open_while_forced

    @staticmethod
    def _expired_response(request: HttpRequest) -> HttpResponse:
        message = _("Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại.")
        if _is_api(request):
            return _api_error(message, "session_expired", 401)
        login_path = reverse("accounts:login")
        params = {"expired": "1"}
        if request.path == login_path:
            # The warning dialog's own navigation to the login page: keep its destination, do not nest it.
            params["next"] = request.GET.get("next", "")
        elif request.method == "GET" and not getattr(request, "htmx", False):
            params["next"] = request.get_full_path()
        login_url = f"{login_path}?{urlencode({k: v for k, v in params.items() if v})}"
        if getattr(request, "htmx", False):
            # htmx would swap the login page into a fragment; ask it to navigate instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        return HttpResponseRedirect(login_url)

    @staticmethod
    def _password_change_response(request: HttpRequest) -> HttpResponse:
        change_url = reverse("accounts:password-change")
        if _is_api(request):
            return _api_error(
                _("Bạn phải đổi mật khẩu trước khi tiếp tục."),
                "password_change_required",
                403,
                {"password_change_url": change_url},
            )
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = change_url
            return response
        return HttpResponseRedirect(change_url)
