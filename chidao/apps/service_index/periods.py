"""Periods of the index as the pages, the API and the command line name them: "2026-02", "2026-Q1", "2026"."""

from __future__ import annotations

import calendar as gregorian
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from django.core.exceptions import ValidationError

from chidao.apps.service_index.models import IndexRun

_MONTH: Final = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER: Final = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR: Final = re.compile(r"^(\d{4})$")


@dataclass(frozen=True)
class Period:
    """A month, quarter or year: its code, its months ('YYYY-MM') and its last day."""

    kind: str
    code: str
    months: tuple[str, ...]

    @property
    def first_day(self) -> dt.date:
        """The first day of the period."""
        year, month = (int(part) for part in self.months[0].split("-"))
        return dt.date(year, month, 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period."""
        year, month = (int(part) for part in self.months[-1].split("-"))
        return dt.date(year, month, gregorian.monthrange(year, month)[1])

    @property
    def label(self) -> str:
        """How a page names it: "tháng 02/2026", "quý I/2026", "năm 2026"."""
        if self.kind == IndexRun.PeriodKind.MONTH:
            year, month = self.code.split("-")
            return f"tháng {month}/{year}"
        if self.kind == IndexRun.PeriodKind.QUARTER:
            year, quarter = self.code.split("-Q")
            return f"quý {('I', 'II', 'III', 'IV')[int(quarter) - 1]}/{year}"
        return f"năm {self.code}"


def _months(year: int, first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{year:04d}-{month:02d}" for month in range(first, last + 1))


def parse_period(text: str) -> Period:
    """The period named ``text``; ValidationError (Vietnamese) for anything else."""
    value = (text or "").strip().upper()
    if match := _MONTH.fullmatch(value):
        year, month = int(match[1]), int(match[2])
        return Period(IndexRun.PeriodKind.MONTH, value, _months(year, month, month))
    if match := _QUARTER.fullmatch(value):
        year, quarter = int(match[1]), int(match[2])
        return Period(IndexRun.PeriodKind.QUARTER, value, _months(year, 3 * quarter - 2, 3 * quarter))
    if match := _YEAR.fullmatch(value):
        year = int(match[1])
        return Period(IndexRun.PeriodKind.YEAR, value, _months(year, 1, 12))
    raise ValidationError(
        {"period": f"Kỳ không hợp lệ: {text!r}. Dùng tháng 2026-02, quý 2026-Q1 hoặc năm 2026."}
    )


def month_label(month: str) -> str:
    """'2026-02' as '02/2026'."""
    year, number = month.split("-")
    return f"{number}/{year}"
