"""What the sign-in flow keeps in the session: the pending pre-authentication and the last-activity stamp."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from chidao.apps.accounts.models import User
from chidao.apps.accounts.policy import PREAUTH_TTL_SECONDS, SESSION_EXPIRY_GRACE_SECONDS

# The password was right but the second factor is still due: not logged in yet.
PREAUTH_SESSION_KEY = "chidao_preauth"
# Unix time of the last request that counted as activity; the idle timeout is measured from it.
LAST_ACTIVITY_SESSION_KEY = "chidao_last_activity"


@dataclass(frozen=True)
class PreAuthentication:
    """A user who passed the password step, and where to go once the second factor passes."""

    user: User
    next_url: str


def preauth_begin(request: HttpRequest, user: User, next_url: str) -> None:
    """Remember that `user` passed the password step (a new session key, against session fixation)."""
    request.session.cycle_key()
    request.session[PREAUTH_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[0]),
        "next": next_url,
        "since": timezone.now().timestamp(),
    }


def preauth_get(request: HttpRequest) -> PreAuthentication | None:
    """The pending pre-authentication, or None when there is none, it is older than 5 minutes or the account left."""
    data = request.session.get(PREAUTH_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    if timezone.now().timestamp() - float(data.get("since", 0)) > PREAUTH_TTL_SECONDS:
        preauth_clear(request)
        return None
    user_id = data.get("user_id")
    if not isinstance(user_id, int):
        preauth_clear(request)
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        preauth_clear(request)
        return None
    user.backend = str(  # type: ignore[attr-defined]  # set by authenticate(); login() reads it
        data.get("backend") or settings.AUTHENTICATION_BACKENDS[0]
    )
    return PreAuthentication(user, str(data.get("next") or ""))


def preauth_clear(request: HttpRequest) -> None:
    """Forget the pending pre-authentication."""
    request.session.pop(PREAUTH_SESSION_KEY, None)


def stamp_activity(request: HttpRequest, idle_seconds: int) -> None:
    """Record "now" as the session's last activity, and keep the session record past the idle limit.

    The stored session outlives the idle limit by SESSION_EXPIRY_GRACE_SECONDS so that SessionPolicyMiddleware,
    not the session store, ends an idle session: the user then learns why (and the trail records it).
    """
    request.session[LAST_ACTIVITY_SESSION_KEY] = timezone.now().timestamp()
    request.session.set_expiry(idle_seconds + SESSION_EXPIRY_GRACE_SECONDS)


def last_activity(request: HttpRequest) -> float | None:
    """Unix time of the session's last activity, if recorded."""
    value = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    return float(value) if isinstance(value, int | float) else None


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it points to this site, else "" (no open redirect after sign-in)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""
