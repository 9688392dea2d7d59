"""The number, symbol and place-date lines of an official document (Decree 30/2020, Phụ lục I, ô 3 and ô 4).

A document chidao generates is a draft: its number is left blank for the clerk (văn thư), who records the number
and date when the document is issued. Numbers run from 1 January to 31 December within one series.
"""

from __future__ import annotations

from datetime import date
from typing import Final

__all__ = ["BLANK_NUMBER", "document_symbol", "format_number_line", "format_place_date_line"]

# Room left on a draft for the handwritten or stamped number: "Số:      /BC-BCĐ".
BLANK_NUMBER: Final = "\u00a0" * 6


def document_symbol(type_abbreviation: str, issuer_abbreviation: str, drafting_unit: str = "") -> str:
    """ "BC-BCĐ" for a report of the committee; a công văn has no type part: "BCĐ-VP" (issuer-drafting unit).

    Groups are joined by "-" with no spaces (Phụ lục I, ô 3)."""
    parts = [part.strip() for part in (type_abbreviation, issuer_abbreviation, drafting_unit) if part.strip()]
    if not parts:
        raise ValueError("Ký hiệu văn bản không được để trống.")
    return "-".join(parts)


def format_number_line(number: int | None, symbol: str) -> str:
    """ "Số: 05/BC-BCĐ" (numbers under 10 zero-padded) or, for a draft, "Số:      /BC-BCĐ"."""
    if number is not None and number < 1:
        raise ValueError("Số văn bản phải từ 1 trở lên.")
    shown = BLANK_NUMBER if number is None else f"{number:02d}"
    return f"Số: {shown}/{symbol}"


def format_place_date_line(place: str, day: date | None) -> str:
    """ "Gia Lai, ngày 05 tháng 01 năm 2026": day and months 1–2 zero-padded (Phụ lục I, ô 4).

    A draft without a date leaves the day and month blank: "Gia Lai, ngày    tháng    năm 2026"."""
    if day is None:
        return f"{place}, ngày      tháng      năm      "
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
