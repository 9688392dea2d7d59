"""Time-based one-time passwords (RFC 6238) with pyotp, and the enrolment QR code drawn by segno.

The QR code is an inline SVG generated on the server: the secret never leaves for a chart or QR service,
and the page needs no script (CSP script-src 'self').
"""

from __future__ import annotations

import datetime as dt
import hmac

import pyotp
import segno

from chidao.apps.accounts.policy import TOTP_DIGITS, TOTP_ISSUER, TOTP_STEP_SECONDS, TOTP_VALID_WINDOW


def new_secret() -> str:
    """A fresh base32 secret (160 bits, as authenticator apps expect)."""
    return pyotp.random_base32(length=32)


def provisioning_uri(secret: str, account_name: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=account_name, issuer_name=TOTP_ISSUER)


def qr_svg(uri: str) -> str:
    """The QR code of `uri` as an inline <svg> element (attributes only, no style, so CSP allows it)."""
    return str(segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="Mã QR"))


def step_at(moment: dt.datetime) -> int:
    """The 30-second step number that contains `moment` (an aware datetime)."""
    return int(moment.timestamp()) // TOTP_STEP_SECONDS


def matching_step(secret: str, code: str, *, now: dt.datetime, after_step: int) -> int | None:
    """The step whose code equals `code` within ±TOTP_VALID_WINDOW steps of `now` and later than `after_step`.

    This is pyotp's `verify(code, valid_window=1)` that also says which step matched, so the caller can store
    it and refuse the same code a second time (replay).
    """
    cleaned = "".join(code.split())
    if len(cleaned) != TOTP_DIGITS or not cleaned.isdigit():
        return None
    totp = _totp(secret)
    current = step_at(now)
    for step in range(current - TOTP_VALID_WINDOW, current + TOTP_VALID_WINDOW + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), cleaned):
            return step
    return None


def code_at(secret: str, moment: dt.datetime) -> str:
    """The code an authenticator shows at `moment` (used by tests and by the demo loader)."""
    return _totp(secret).generate_otp(step_at(moment))


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS)
