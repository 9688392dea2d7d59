"""The account-security policy in numbers, and the small pure rules built on them.

Each value is the one quoted in docs/security/accounts.md; changing it here changes the behaviour and must
change the table there.
"""

from __future__ import annotations

import datetime as dt
import secrets
import string

# Failed sign-ins per (username, IP) allowed before the first delay.
LOGIN_FREE_FAILURES = 5
# The first delay; each further failure doubles it, up to the cap.
LOGIN_FIRST_DELAY_SECONDS = 30
LOGIN_MAX_DELAY_SECONDS = 15 * 60
# A (username, IP) pair that has been quiet this long starts again from zero failures.
LOGIN_FAILURE_MEMORY = dt.timedelta(hours=24)
# Between the password step and the TOTP step: the pre-authentication lasts this long.
PREAUTH_TTL_SECONDS = 5 * 60
# TOTP (RFC 6238): 30-second steps, 6 digits, one step of clock drift either way.
TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
TOTP_VALID_WINDOW = 1
TOTP_ISSUER = "chidao Gia Lai"
# user.last_activity_at is written at most once per this many seconds (no write per request).
ACTIVITY_WRITE_INTERVAL_SECONDS = 60
# The session's own activity stamp is refreshed at most this often (keep-alive always refreshes it).
SESSION_STAMP_INTERVAL_SECONDS = 10
# The stored session outlives the idle limit by a working day, so a returning user is told it expired.
SESSION_EXPIRY_GRACE_SECONDS = 8 * 60 * 60
TEMPORARY_PASSWORD_GROUPS = 3
TEMPORARY_PASSWORD_GROUP_LENGTH = 4

# Letters and digits that cannot be confused when read aloud or copied from paper (no 0/O, 1/l/I).
_UNAMBIGUOUS_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UNAMBIGUOUS_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_UNAMBIGUOUS_DIGITS = "23456789"


def throttle_delay_seconds(failures: int) -> int:
    """Seconds a (username, IP) pair must wait after its `failures`-th consecutive failure (0 = no wait)."""
    if failures < LOGIN_FREE_FAILURES:
        return 0
    doublings = failures - LOGIN_FREE_FAILURES
    # Past the cap the exponent no longer matters; bounding it keeps the integer small.
    delay: int = LOGIN_FIRST_DELAY_SECONDS * 2 ** min(doublings, 16)
    return min(delay, LOGIN_MAX_DELAY_SECONDS)


def wait_text(seconds: int) -> str:
    """A Vietnamese duration for the "try again in …" message: "45 giây", "2 phút", "2 phút 30 giây"."""
    seconds = max(int(seconds), 1)
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} giây"
    if not rest:
        return f"{minutes} phút"
    return f"{minutes} phút {rest} giây"


def generate_temporary_password() -> str:
    """A random one-time password like "Kx7m-Pq4r-Tz9w": 14 characters, upper, lower, digit and a symbol."""
    alphabet = _UNAMBIGUOUS_LOWER + _UNAMBIGUOUS_UPPER + _UNAMBIGUOUS_DIGITS
    while True:
        groups = [
            "".join(secrets.choice(alphabet) for _ in range(TEMPORARY_PASSWORD_GROUP_LENGTH))
            for _ in range(TEMPORARY_PASSWORD_GROUPS)
        ]
        candidate = "-".join(groups)
        if (
            any(c in string.ascii_lowercase for c in candidate)
            and any(c in string.ascii_uppercase for c in candidate)
            and any(c in string.digits for c in candidate)
        ):
            return candidate
