"""Reads of accounts and of the login-security state; objects outside the reader's scope are 404."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.models import LoginThrottle, RoleAssignment, TOTPDevice, User
from chidao.apps.accounts.roles import Role
from chidao.core.text import fold_for_search


def normalise_username(username: str) -> str:
    """The throttle key for a typed username: trimmed and lower-cased, so "Admin " and "admin" count together."""
    return username.strip().lower()[:150]


def user_is_administrator(user: User, as_of: dt.date | None = None) -> bool:
    """True for holders of the administrator role on `as_of` (today by default), and for Django superusers.

    Read straight from the assignments (not through access.user_scope, which sits beside this module), and
    remembered on the user object for the rest of the request.
    """
    if user.is_superuser:
        return True
    day = as_of or timezone.localdate()
    cache_key = f"_chidao_is_administrator_{day.isoformat()}"
    cached = getattr(user, cache_key, None)
    if cached is None:
        cached = RoleAssignment.objects.valid_on(day).filter(user=user, role=Role.ADMINISTRATOR).exists()
        setattr(user, cache_key, cached)
    return bool(cached)


def user_requires_totp(user: User) -> bool:
    """Administrators must pass a second factor (level-3 practice: MFA for privileged accounts)."""
    return user_is_administrator(user)


def session_idle_seconds_for(user: User) -> int:
    """The inactivity timeout of the user's session: shorter for administrators."""
    idle: dict[str, int] = settings.CHIDAO_SESSION_IDLE_SECONDS
    return idle["administrator"] if user_is_administrator(user) else idle["default"]


def login_throttle_remaining(*, username: str, ip_address: str, now: dt.datetime) -> int:
    """Seconds the (username, IP) pair must still wait before a new attempt is examined (0 = may try)."""
    row = (
        LoginThrottle.objects.filter(username=normalise_username(username), ip_address=ip_address)
        .only("blocked_until")
        .first()
    )
    if row is None or row.blocked_until is None or row.blocked_until <= now:
        return 0
    # Round up: "wait 1 second" is better than "wait 0 seconds" when 0.4 s are left.
    return int((row.blocked_until - now).total_seconds() + 0.999)


def totp_device_of(user: User) -> TOTPDevice | None:
    """The user's authenticator (confirmed or still being enrolled), if any."""
    return TOTPDevice.objects.filter(user=user).first()


def user_has_confirmed_totp(user: User) -> bool:
    """True once the user has proved their authenticator with a first code."""
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def users_for_administrator(actor: User, *, query: str = "") -> QuerySet[User]:
    """Accounts an administrator may manage, filtered by a diacritics-insensitive name; 404 for anyone else.

    Administrators hold a province-wide scope (roles.PROVINCE_WIDE_ROLES), so every account is inside it.
    """
    if not user_is_administrator(actor):
        raise Http404("Không tìm thấy trang")
    users = User.objects.select_related("unit")
    if query:
        folded = fold_for_search(query)
        matching = [
            pk
            for pk, name, username in users.values_list("pk", "full_name", "username")
            if folded in fold_for_search(f"{name} {username}")
        ]
        users = users.filter(pk__in=matching)
    return users.order_by("username")


def user_get_for_administrator(actor: User, user_id: int) -> User:
    """One account the administrator may manage; 404 outside the administrator's scope."""
    try:
        return users_for_administrator(actor).get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tài khoản") from None


def idle_boundary(as_of: dt.date, idle_days: int) -> dt.date:
    """The last day of use that makes an account idle on `as_of`: used on or before it → disabled."""
    return as_of - dt.timedelta(days=idle_days)


def idle_accounts(*, used_before: dt.datetime) -> QuerySet[User]:
    """Active non-demo accounts with no creation, sign-in or recorded activity at or after `used_before`."""
    return (
        User.objects.filter(is_active=True, is_demo=False, date_joined__lt=used_before)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=used_before))
        .filter(Q(last_activity_at__isnull=True) | Q(last_activity_at__lt=used_before))
        .order_by("username")
    )


def demo_accounts_exist() -> bool:
    """True when any account is flagged as a demo account."""
    return User.objects.filter(is_demo=True).exists()
