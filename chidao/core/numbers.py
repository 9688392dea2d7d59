"""Numbers, percentages and dates written the Vietnamese way: 1.234.567,5 — 88,5% — 30/06/2026.

Vietnamese uses "." to group thousands and "," for decimals (TCVN and every administrative
document). Rounding is half-up, as people round by hand, not Python's half-to-even.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, TypeAlias

__all__ = [
    "NumberParseError",
    "format_date",
    "format_number",
    "format_percent",
    "parse_vietnamese_number",
]

Number: TypeAlias = int | float | Decimal

_VIETNAMESE_NUMBER: Final = re.compile(
    r"(?P<sign>[+-]?)(?P<integer>\d{1,3}(?:(?P<group>[. \u00a0\u202f])\d{3}(?:(?P=group)\d{3})*)?|\d+)"
    r"(?:,(?P<fraction>\d+))?"
)


class NumberParseError(ValueError):
    """A number written in a form we cannot read unambiguously; the message is for the user."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text


def _to_decimal(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        # str() gives the shortest decimal that round-trips, so 0.885 stays 0.885, not 0.88499…
        return Decimal(str(value))
    return Decimal(value)


def format_number(value: Number, decimals: int = 0) -> str:
    """Format with "." between thousands and "," before decimals: 1234567 → "1.234.567".

    Rounds half up to ``decimals`` places and keeps trailing zeros (1234.5, 2 → "1.234,50").
    """
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    amount = _to_decimal(value)
    if not amount.is_finite():
        raise ValueError(f"Không định dạng được số {value!r}")
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    digits = f"{abs(rounded):.{decimals}f}"
    integer, _, fraction = digits.partition(".")
    grouped = f"{int(integer):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_percent(ratio: Number, decimals: int = 1) -> str:
    """Format a ratio as a Vietnamese percentage: 0.885 → "88,5%" (the argument is a ratio, 1 = 100%)."""
    return format_number(_to_decimal(ratio) * 100, decimals) + "%"


def format_date(day: date) -> str:
    """Format a date as dd/mm/yyyy, the only date form used in Vietnamese documents."""
    if isinstance(day, datetime):
        day = day.date()
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def parse_vietnamese_number(text: str) -> Decimal:
    """Read "1.234,5", "1 234,5", "-12", "0,75" as a Decimal; raise NumberParseError otherwise.

    Dots (or spaces) must separate groups of exactly three digits, so "1.5" is refused rather
    than guessed: it could be an English decimal or a typo.
    """
    cleaned = text.strip()
    match = _VIETNAMESE_NUMBER.fullmatch(cleaned)
    if match is None:
        raise NumberParseError(
            text,
            f'Số không hợp lệ "{text}": dùng dấu chấm phân cách hàng nghìn và dấu phẩy cho phần thập phân, '
            "ví dụ 1.234.567 hoặc 1.234,5",
        )
    integer = re.sub(r"\D", "", match["integer"])
    fraction = f".{match['fraction']}" if match["fraction"] else ""
    return Decimal(f"{match['sign']}{integer}{fraction}")
