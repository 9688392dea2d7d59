"""Small helpers shared by the builders: quoting a figure (formatted the Vietnamese way and recorded under its
key, so the text and `Document.figures` cannot disagree) and a few phrases."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from chidao.core.numbers import format_date, format_number, format_percent

__all__ = ["Quotes", "lower_first", "upper_first"]


class Quotes:
    """The figures a document quotes, by stable key ("nq57.total" → "103").

    Every number written into the text goes through `number`, `percent` or `day`, which format it and keep it
    under its key; quoting the same key twice with two different values is a bug in the builder.
    """

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def _keep(self, key: str, text: str) -> str:
        known = self.values.get(key)
        if known is not None and known != text:
            raise ValueError(f"Số liệu {key!r} được trích hai giá trị khác nhau: {known!r} và {text!r}")
        self.values[key] = text
        return text

    def number(self, key: str, value: int | Decimal) -> str:
        """ "1.000" — grouped with dots."""
        return self._keep(key, format_number(value))

    def percent(self, key: str, ratio: Decimal) -> str:
        """ "88,5%" from the ratio 0.885."""
        return self._keep(key, format_percent(ratio))

    def day(self, key: str, value: date) -> str:
        """ "15/12/2025"."""
        return self._keep(key, format_date(value))

    def merge(self, prefix: str, figures: dict[str, str]) -> None:
        """Keep figures quoted by a section written elsewhere (e.g. the service index), under `prefix.`."""
        for key, text in figures.items():
            self._keep(f"{prefix}.{key}", text)


def lower_first(text: str) -> str:
    """ "Giai đoạn cấp bách" → "giai đoạn cấp bách" (for use inside a sentence)."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    """ "tỉnh đã …" → "Tỉnh đã …" (at the start of a sentence)."""
    return text[:1].upper() + text[1:]
