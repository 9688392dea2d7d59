"""Masking of personal data for lists, exports and logs (Law 91/2025/QH15 on personal data protection).

The default is masked; only a role that needs the value, within its scope, sees it whole (decided by the
caller, which passes `reveal`). Rules and the reasons for them: docs/platform/personal-data.md.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

_DIGITS = re.compile(r"\D")
# 9-digit (old identity card) and 12-digit (citizen ID / personal ID number) sequences in free text.
_ID_IN_TEXT = re.compile(r"(?<!\d)(\d{12}|\d{9})(?!\d)")
# Vietnamese phone numbers in free text: 0, +84, 0084 or "(+84)" then 9 digits (mobile) or 10 (landline),
# each digit optionally preceded by one space, dot or hyphen ("0912 345 678", "+84 912.345.678").
_PHONE_IN_TEXT = re.compile(r"(?<![\d+])(?:\(\+84\)|\+84|0084|0)(?:[ .-]?\d){9,10}(?!\d)")
# A date is a birth date only when a label says so; log lines are full of other dates (deadlines, periods)
# that identify nobody, and masking them all would make the logs useless.
_BIRTH_LABEL = (
    r"(?:ngày\s+sinh|ngày_sinh|ngay[\s_]*sinh|sinh\s+ngày|sinh\s+ngay|ns"
    r"|date[\s_]*of[\s_]*birth|birth[\s_]*date|birthdate|birthday|dob)"
)
_BIRTH_DATE_IN_TEXT = re.compile(
    rf"(?P<label>\b{_BIRTH_LABEL}\b[\"']?\s*[:=]?\s*[\"']?\s*)"
    r"(?:(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})"
    r"|(?P<iso_year>\d{4})-(?P<iso_month>\d{2})-(?P<iso_day>\d{2}))(?!\d)",
    re.IGNORECASE,
)
_DMY = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s*")
_ISO = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})\s*")


class PersonalFieldKind(StrEnum):
    """The kinds of personal data the product masks (basic personal data under Decree 356/2025/NĐ-CP)."""

    PERSONAL_ID = "personal_id"
    PHONE = "phone"
    BIRTH_DATE = "birth_date"


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


def parse_birth_date(text: str) -> date | None:
    """A birth date written dd/mm/yyyy (also with "." or "-") or yyyy-mm-dd; None when it is not a real date."""
    dmy = _DMY.fullmatch(text)
    iso = _ISO.fullmatch(text)
    if dmy:
        day, month, year = int(dmy.group(1)), int(dmy.group(3)), int(dmy.group(4))
    elif iso:
        year, month, day = (int(part) for part in iso.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def mask_personal_value(value: object, kind: PersonalFieldKind | str, *, reveal: bool = False) -> str:
    """Mask (or, with `reveal`, show whole) one value of the given kind; the one entry point for displays.

    A birth date may be a `date` or text; text that is not a date is hidden entirely, since it cannot be
    shown partly without knowing which part is the year.
    """
    kind = PersonalFieldKind(kind)
    if value is None or value == "":
        return ""
    if kind is PersonalFieldKind.PERSONAL_ID:
        return mask_personal_id(str(value), reveal=reveal)
    if kind is PersonalFieldKind.PHONE:
        return mask_phone(str(value), reveal=reveal)
    if isinstance(value, date):
        return mask_birth_date(value, reveal=reveal)
    parsed = parse_birth_date(str(value))
    if parsed is not None:
        return mask_birth_date(parsed, reveal=reveal)
    text = str(value).strip()
    return text if reveal else "*" * len(text)


def _mask_labelled_birth_date(match: re.Match[str]) -> str:
    year = match.group("year") or match.group("iso_year")
    return f"{match.group('label')}**/**/{year}"


def mask_personal_data_in_text(text: str) -> str:
    """Mask every personal ID, phone number and labelled birth date found in free text (the logging filter).

    Birth dates go first so that their digits are not read as a phone number; phone numbers go before IDs
    so that a 12-digit ID is never cut by a phone match (the phone pattern refuses a following digit).
    """
    text = _BIRTH_DATE_IN_TEXT.sub(_mask_labelled_birth_date, text)
    text = _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
    return _ID_IN_TEXT.sub(lambda m: mask_personal_id(m.group(0)), text)
