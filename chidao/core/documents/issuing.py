"""Stamping the clerk's number and date on a generated draft, without touching its text or figures.

An issued document says exactly what its draft said (the figures as of the draft's date), with "Số: 05/BC-BCĐ" and
"Gia Lai, ngày 27 tháng 02 năm 2026" in the header and the annexes' "(Kèm theo … số 05/BC-BCĐ ngày 27/02/2026 …)".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from chidao.core.documents.model import Document
from chidao.core.documents.numbering import format_number_line, format_place_date_line
from chidao.core.numbers import format_date

__all__ = ["stamp_issue"]


def stamp_issue(document: Document, *, symbol: str, number: int, issued_on: date, place: str) -> Document:
    """The document with its issued number and date in the header and in the annexes' "Kèm theo" lines.

    Works on a draft or on a document issued before (a corrected number replaces the earlier one)."""
    number_text = f"{number:02d}/{symbol} ngày {format_date(issued_on)}"
    header = replace(
        document.header,
        number_line=format_number_line(number, symbol),
        place_date_line=format_place_date_line(place, issued_on),
    )
    annexes = tuple(
        replace(annex, subtitle=_stamp_subtitle(annex.subtitle, symbol, number_text))
        for annex in document.annexes
    )
    return replace(document, header=header, annexes=annexes)


def _stamp_subtitle(subtitle: str, symbol: str, number_text: str) -> str:
    """Replace the number part after "số " (blank on a draft, "05/BC-BCĐ ngày dd/mm/yyyy" once issued)."""
    marker = "số "
    start = subtitle.find(marker)
    end = subtitle.find(f"/{symbol}", start)
    if start < 0 or end < 0:
        return subtitle
    tail = subtitle[end + len(symbol) + 1 :]
    if tail.startswith(" ngày "):
        # An earlier issue's " ngày dd/mm/yyyy" goes with the old number.
        tail = tail[len(" ngày ") + len("dd/mm/yyyy") :]
    return f"{subtitle[: start + len(marker)]}{number_text}{tail}"
