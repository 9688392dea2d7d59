"""Masking of personal data for lists, exports and logs (Law 91/2025/QH15 on personal data protection).

The default is masked; only a role that needs the value, within its scope, sees it whole (decided by the
caller, which passes `reveal`).
"""

from __future__ import annotations

import re
from datetime import date

_DIGITS = re.compile(r"\D")
# 9- or 12-digit personal ID numbers and Vietnamese phone numbers (0 + 9 digits or +84 + 9 digits) in free text.
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(\+84|0)(\d{9})(?!\d)")


def mask_personal_id(value: str | None, *, reveal: bool = False) -> str:
    """Keep the first 3 and last 3 digits of a personal ID: "079******123"."""
    if not value:
        return ""
    text = str(value).strip()
    if reveal or len(text) <= 6:
        return text if reveal else "*" * len(text)
    return text[:3] + "*" * (len(text) - 6) + text[-3:]


def mask_phone(value: str | None, *, reveal: bool = False) -> str:
    """Keep the first 3 and last 3 digits of a phone number: "091****678"."""
    if not value:
        return ""
    text = str(value).strip()
    if reveal:
        return text
    digits = _DIGITS.sub("", text)
    if len(digits) <= 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]


def mask_birth_date(value: date | None, *, reveal: bool = False) -> str:
    """Show only the birth year: "**/**/1985"."""
    if value is None:
        return ""
    if reveal:
        return value.strftime("%d/%m/%Y")
    return f"**/**/{value.year}"


def mask_personal_data_in_text(text: str) -> str:
    """Mask every personal ID and phone number found in free text (used by the logging filter)."""
    text = _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
    return _ID_IN_TEXT.sub(lambda m: mask_personal_id(m.group(0)), text)
