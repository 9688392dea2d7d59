"""Writes on accounts: creation, passwords, TOTP devices, disabling idle accounts and the sign-in events.

Every function here is a writing service: decorated with @writes_audit and writing its audit row(s) in the
same transaction. Sign-in events are recorded with obj=None and object_type "accounts.user" because the
username typed may match no account. Passwords never reach the trail or the logs.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from chidao.apps.accounts import totp
from chidao.apps.accounts.crypto import decrypt_text, encrypt_text
from chidao.apps.accounts.models import LoginThrottle, RoleAssignment, TOTPDevice, User
from chidao.apps.accounts.policy import (
    LOGIN_FAILURE_MEMORY,
    generate_temporary_password,
    throttle_delay_seconds,
)
from chidao.apps.accounts.roles import Role
from chidao.apps.accounts.selectors import idle_accounts, idle_boundary, normalise_username
from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit

security_log = logging.getLogger("chidao.security")

USER_OBJECT_TYPE = "accounts.user"
# The user fields copied into the trail (never the password hash).
USER_AUDIT_FIELDS = [
    "username",
    "full_name",
    "email",
    "unit",
    "phone",
    "is_active",
    "must_change_password",
    "disabled_reason",
    "is_demo",
]


class UserWithTemporaryPassword(NamedTuple):
    """A new or reset account and the one-time password to hand over (shown once, never stored in clear)."""

    user: User
    temporary_password: str


@dataclass(frozen=True)
class ThrottleState:
    """The (username, IP) pair after a failure: consecutive failures and the wait now imposed (0 = none)."""

    failures: int
    wait_seconds: int


@dataclass(frozen=True)
class IdleDisableResult:
    """Accounts found idle on `as_of` (last used on or before `last_use_on_or_before`), disabled unless a dry run."""

    as_of: dt.date
    last_use_on_or_before: dt.date
    users: tuple[User, ...]
    dry_run: bool


def security_event(event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """One structured line on the "chidao.security" logger: a JSON object whose "event" names what happened."""
    payload = {"event": event, "at": timezone.now().isoformat(), **fields}
    security_log.log(level, json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str))


def _user_audit(user: User) -> dict[str, Any] | None:
    return snapshot(user, fields=USER_AUDIT_FIELDS)


def _login_reference(username_key: str) -> dict[str, Any]:
    user_id = User.objects.filter(username__iexact=username_key).values_list("pk", flat=True).first()
    return {
        "object_type": USER_OBJECT_TYPE,
        "object_id": str(user_id) if user_id else "",
        "object_repr": username_key,
    }


# ---------------------------------------------------------------- accounts and passwords


@writes_audit("user.create")
def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    unit: Unit,
    role: str,
    phone: str = "",
    valid_from: dt.date | None = None,
    is_demo: bool = False,
) -> UserWithTemporaryPassword:
    """Create an account holding `role` over `unit`'s subtree, with a temporary password to change at first login.

    Raises ValidationError (messages in Vietnamese, keyed by field) for a taken username, a bad e-mail or role.
    """
    username = username.strip()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Tên đăng nhập không được để trống."
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = f"Tên đăng nhập “{username}” đã được sử dụng."
    if role not in Role.values:
        errors["role"] = f"Vai trò “{role}” không hợp lệ."
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = f"Địa chỉ thư điện tử “{email}” không hợp lệ."
    if errors:
        raise ValidationError(errors)
    temporary_password = generate_temporary_password()
    user = User(
        username=username,
        full_name=full_name.strip(),
        email=email.strip(),
        unit=unit,
        phone=phone.strip(),
        is_demo=is_demo,
        must_change_password=True,
    )
    user.set_password(temporary_password)
    user.full_clean(exclude=["password"])
    user.save()
    granted_by = actor if actor is not None and actor.pk else None
    RoleAssignment.objects.create(
        user=user, role=role, unit=unit, valid_from=valid_from or timezone.localdate(), granted_by=granted_by
    )
    audit_record(
        actor=actor, action="user.create", obj=user, after={**(_user_audit(user) or {}), "role": role}
    )
    return UserWithTemporaryPassword(user, temporary_password)


@writes_audit("user.password_change")
def user_password_change(*, actor: User, user: User, new_password: str, via: str = "form") -> User:
    """Set a password the user chose (change form or e-mailed link); clears the forced-change flag.

    `via` ("form" or "email_link") is recorded in the trail. Raises ValidationError when the password
    breaks the password rules (settings.AUTH_PASSWORD_VALIDATORS).
    """
    validate_password(new_password, user)
    before = _user_audit(user)
    user.set_password(new_password)
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit_record(
        actor=actor,
        action="user.password_change",
        obj=user,
        before=before,
        after={**(_user_audit(user) or {}), "via": via},
    )
    return user


@writes_audit("user.password_reset")
def user_password_reset_by_admin(*, actor: User, user: User) -> str:
    """Replace the password with a temporary one (returned, to be shown once) that must be changed at next login.

    The sign-in throttle of the account is cleared, and every open session of the user ends because the
    session hash depends on the password.
    """
    before = _user_audit(user)
    temporary_password = generate_temporary_password()
    user.set_password(temporary_password)
    user.must_change_password = True
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "must_change_password", "password_changed_at"])
    LoginThrottle.objects.filter(username=normalise_username(user.username)).delete()
    audit_record(
        actor=actor,
        action="user.password_reset",
        obj=user,
        before=before,
        after={**(_user_audit(user) or {}), "via": "administrator"},
    )
    security_event("user.password_reset", username=user.username, by=actor.username)
    return temporary_password


@writes_audit("user.enable")
def user_enable(*, actor: User, user: User) -> User:
    """Re-enable a disabled account; its idle clock restarts today so the nightly job does not disable it again."""
    before = _user_audit(user)
    user.is_active = True
    user.disabled_reason = ""
    user.last_activity_at = timezone.now()
    user.save(update_fields=["is_active", "disabled_reason", "last_activity_at"])
    audit_record(actor=actor, action="user.enable", obj=user, before=before, after=_user_audit(user))
    return user


@writes_audit("user.disable")
def users_disable_idle(
    *, as_of: dt.date, dry_run: bool = False, actor: User | None = None
) -> IdleDisableResult:
    """Disable every active account unused for settings.CHIDAO_ACCOUNT_IDLE_DAYS days as of `as_of`.

    "Used" is the latest of last sign-in, last recorded activity and creation. An account last used on
    01/03/2026 is disabled by the run of 15/04/2026 (45 days later). Demo accounts are left alone (production
    refuses to start with any). With `dry_run` nothing is written and the accounts are only listed.
    """
    idle_days = int(settings.CHIDAO_ACCOUNT_IDLE_DAYS)
    last_day = idle_boundary(as_of, idle_days)
    used_before = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min))
    users = tuple(idle_accounts(used_before=used_before))
    if not dry_run:
        reason = f"Không sử dụng từ {idle_days} ngày trở lên (xét ngày {as_of:%d/%m/%Y})"
        for user in users:
            before = _user_audit(user)
            user.is_active = False
            user.disabled_reason = reason
            user.save(update_fields=["is_active", "disabled_reason"])
            audit_record(actor=actor, action="user.disable", obj=user, before=before, after=_user_audit(user))
            security_event("user.disable", username=user.username, reason="idle", as_of=as_of.isoformat())
    return IdleDisableResult(as_of, last_day, users, dry_run)


# ---------------------------------------------------------------- second factor (TOTP)


@writes_audit("user.totp_enrol")
def totp_enrolment_begin(*, user: User) -> str:
    """The secret to show at enrolment: a new unconfirmed device, or the one already begun (same QR on reload).

    Raises ValueError when the user already has a confirmed device (an administrator must reset it first).
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        raise ValueError("Tài khoản đã có thiết bị xác thực.")
    if device is not None:
        return decrypt_text(device.encrypted_secret)
    secret = totp.new_secret()
    device = TOTPDevice.objects.create(user=user, encrypted_secret=encrypt_text(secret))
    audit_record(
        actor=user,
        action="user.totp_enrol",
        obj=None,
        object_type=USER_OBJECT_TYPE,
        object_id=str(user.pk),
        object_repr=str(user),
        after={"device": device.pk, "confirmed": False},
    )
    return secret


@writes_audit("user.totp_confirm")
def totp_enrolment_confirm(*, user: User, code: str) -> bool:
    """Confirm the device being enrolled with its first code; False when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    if device is None:
        return False
    now = timezone.now()
    step = totp.matching_step(
        decrypt_text(device.encrypted_secret), code, now=now, after_step=device.last_used_step
    )
    if step is None:
        return False
    device.confirmed_at = now
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step", "updated_at"])
    audit_record(
        actor=user,
        action="user.totp_confirm",
        obj=None,
        object_type=USER_OBJECT_TYPE,
        object_id=str(user.pk),
        object_repr=str(user),
        after={"device": device.pk, "confirmed": True},
    )
    return True


@writes_audit("login.mfa_passed")
def totp_login_verify(*, user: User, code: str) -> bool:
    """Check a sign-in code against the confirmed device; a code (step) already used is refused (replay)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is None:
        return False
    step = totp.matching_step(
        decrypt_text(device.encrypted_secret), code, now=timezone.now(), after_step=device.last_used_step
    )
    if step is None:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step", "updated_at"])
    audit_record(
        actor=user,
        action="login.mfa_passed",
        obj=None,
        object_type=USER_OBJECT_TYPE,
        object_id=str(user.pk),
        object_repr=str(user),
    )
    return True


@writes_audit("user.totp_reset")
def user_totp_reset(*, actor: User, user: User) -> None:
    """Remove the user's authenticator (lost phone): the next sign-in enrols a new one."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="user.totp_reset", obj=user, after={"devices_removed": deleted})
    security_event("user.totp_reset", username=user.username, by=actor.username)


# ---------------------------------------------------------------- sign-in events


@writes_audit("login.failed")
def login_failure_record(*, username: str, ip_address: str, stage: str = "password") -> ThrottleState:
    """Count a failed sign-in (wrong password, or wrong code at `stage` "totp") for the (username, IP) pair.

    From the 5th consecutive failure the pair must wait 30 s, doubling to at most 15 min; only this pair
    waits, so a stranger elsewhere cannot lock the account out. Each wait imposed is a "login.throttled"
    row and a warning on the security log.
    """
    now = timezone.now()
    key = normalise_username(username)
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=key, ip_address=ip_address)
    if row.last_failure_at is not None and now - row.last_failure_at > LOGIN_FAILURE_MEMORY:
        row.failures = 0
    row.failures += 1
    row.last_failure_at = now
    wait = throttle_delay_seconds(row.failures)
    row.blocked_until = now + dt.timedelta(seconds=wait) if wait else None
    row.save()
    reference = _login_reference(key)
    details: dict[str, Any] = {"username": key, "stage": stage, "failures": row.failures}
    audit_record(actor=None, action="login.failed", obj=None, **reference, after=details)
    security_event("login.failed", ip=ip_address, **details)
    if wait:
        assert row.blocked_until is not None
        throttled: dict[str, Any] = {
            **details,
            "wait_seconds": wait,
            "blocked_until": row.blocked_until.isoformat(),
        }
        audit_record(actor=None, action="login.throttled", obj=None, **reference, after=throttled)
        security_event("login.throttled", level=logging.WARNING, ip=ip_address, **throttled)
    return ThrottleState(row.failures, wait)


@writes_audit("login.succeeded")
def login_success_record(*, user: User, ip_address: str, second_factor: bool) -> None:
    """Record a completed sign-in and forget the failures of this (username, IP) pair."""
    LoginThrottle.objects.filter(username=normalise_username(user.username), ip_address=ip_address).delete()
    audit_record(
        actor=user,
        action="login.succeeded",
        obj=None,
        object_type=USER_OBJECT_TYPE,
        object_id=str(user.pk),
        object_repr=str(user),
        after={"second_factor": "totp" if second_factor else "none"},
    )
    security_event("login.succeeded", username=user.username, ip=ip_address, second_factor=second_factor)


@writes_audit("login.session_expired")
def session_expired_record(*, user: User, idle_seconds: int) -> None:
    """Record that a session ended because it was idle longer than `idle_seconds`."""
    audit_record(
        actor=user,
        action="login.session_expired",
        obj=None,
        object_type=USER_OBJECT_TYPE,
        object_id=str(user.pk),
        object_repr=str(user),
        after={"idle_seconds": idle_seconds},
    )
    security_event("login.session_expired", username=user.username, idle_seconds=idle_seconds)
