"""Reporting periods and deadline texts as Vietnamese agencies write them in annexes and forms.

``parse_deadline_text`` reads the "Thời hạn" cell of a task list ("30/6/2026", "Quý II/2026",
"6 tháng đầu năm 2026", "Thường xuyên", an Excel date serial…) into a ``ParsedDeadline``;
``Period`` is a month, quarter, half-year, first nine months or year with its Vietnamese label.
"""

from __future__ import annotations

import calendar as gregorian
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Final

from chidao.core.text import fold_for_search

__all__ = [
    "Cadence",
    "DeadlineKind",
    "DeadlineQualifier",
    "ParsedDeadline",
    "Period",
    "PeriodKind",
    "PeriodParseError",
    "excel_serial_to_date",
    "parse_deadline_text",
]

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2100
_ROMAN: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_ROMAN_LABEL: Final = {1: "I", 2: "II", 3: "III", 4: "IV"}
_EXPECTED_FORMS: Final = (
    'cần dạng dd/mm/yyyy, "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026" hoặc "Thường xuyên"'
)


class PeriodParseError(ValueError):
    """A date, period or deadline text that cannot be read; the message is for the user."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        self.message = message


class PeriodKind(StrEnum):
    """The kinds of reporting period used in plans and reports."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: first and last day (both inclusive) and its kind."""

    start: date
    end: date
    kind: PeriodKind

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"Kỳ không hợp lệ: ngày bắt đầu {self.start} sau ngày kết thúc {self.end}")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` (1–12) of ``year``."""
        _check_year(year, str(year))
        if not 1 <= month <= 12:
            raise PeriodParseError(f"{month}/{year}", f"Tháng không hợp lệ: {month} (tháng phải từ 1 đến 12)")
        last_day = gregorian.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last_day), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1–4) of ``year``."""
        _check_year(year, str(year))
        if not 1 <= quarter <= 4:
            raise PeriodParseError(f"{quarter}/{year}", f"Quý không hợp lệ: {quarter} (quý phải từ I đến IV)")
        first_month = 3 * quarter - 2
        last_month = first_month + 2
        last_day = gregorian.monthrange(year, last_month)[1]
        return cls(date(year, first_month, 1), date(year, last_month, last_day), PeriodKind.QUARTER)

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        """First (1: "6 tháng đầu năm") or second (2: "6 tháng cuối năm") half of ``year``."""
        _check_year(year, str(year))
        if half == 1:
            return cls(date(year, 1, 1), date(year, 6, 30), PeriodKind.HALF_YEAR)
        if half == 2:
            return cls(date(year, 7, 1), date(year, 12, 31), PeriodKind.HALF_YEAR)
        raise PeriodParseError(f"{half}/{year}", f"Nửa năm không hợp lệ: {half} (chỉ có 1 hoặc 2)")

    @classmethod
    def nine_months(cls, year: int) -> Period:
        """The first nine months of ``year`` ("9 tháng đầu năm"), 01/01–30/09."""
        _check_year(year, str(year))
        return cls(date(year, 1, 1), date(year, 9, 30), PeriodKind.NINE_MONTHS)

    @classmethod
    def year(cls, year: int) -> Period:
        """The whole calendar year."""
        _check_year(year, str(year))
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def parse(cls, code: str) -> Period:
        """Read the machine form used by CLIs and URLs: "2026-02", "2026-Q1", "2026-H1", "2026-9M", "2026"."""
        match = _MACHINE_FORM.fullmatch(code.strip().upper())
        if match is None:
            raise PeriodParseError(
                code,
                f'Không hiểu kỳ "{code}": cần dạng 2026 (năm), 2026-02 (tháng), 2026-Q1 (quý), '
                "2026-H1 (6 tháng) hoặc 2026-9M (9 tháng)",
            )
        year = int(match["year"])
        if match["month"]:
            return cls.month(year, int(match["month"]))
        if match["quarter"]:
            return cls.quarter(year, int(match["quarter"]))
        if match["half"]:
            return cls.half(year, int(match["half"]))
        if match["nine"]:
            return cls.nine_months(year)
        return cls.year(year)

    @property
    def code(self) -> str:
        """The machine form that ``Period.parse`` reads back."""
        year = self.start.year
        if self.kind is PeriodKind.MONTH:
            return f"{year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{year}-Q{(self.start.month + 2) // 3}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{year}-H{1 if self.start.month == 1 else 2}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"{year}-9M"
        return str(year)

    @property
    def label_vi(self) -> str:
        """The label used in Vietnamese documents, e.g. "Quý II/2026", "6 tháng đầu năm 2026"."""
        year = self.start.year
        if self.kind is PeriodKind.MONTH:
            return f"Tháng {self.start.month}/{year}"
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {_ROMAN_LABEL[(self.start.month + 2) // 3]}/{year}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"6 tháng {'đầu' if self.start.month == 1 else 'cuối'} năm {year}"
        if self.kind is PeriodKind.NINE_MONTHS:
            return f"9 tháng đầu năm {year}"
        return f"Năm {year}"

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the period (both ends included)."""
        return self.start <= day <= self.end


_MACHINE_FORM: Final = re.compile(
    r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>\d)|H(?P<half>\d)|(?P<nine>9M)))?"
)


class DeadlineKind(StrEnum):
    """What a deadline text turned out to be."""

    DATE = "date"
    PERIOD = "period"
    RECURRING = "recurring"
    NONE = "none"


class Cadence(StrEnum):
    """How often a recurring task is due."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    YEARLY = "yearly"


class DeadlineQualifier(StrEnum):
    """A word in front of the date or period: "Trước"/"Chậm nhất" (by) or "Trong" (within)."""

    BEFORE = "before"
    WITHIN = "within"


@dataclass(frozen=True)
class ParsedDeadline:
    """A deadline cell as read: the original text and what it means.

    ``due_date`` is the date itself for a date, and the period's last day for a period; it is
    None for recurring tasks and empty cells.
    """

    original: str
    kind: DeadlineKind
    due_date: date | None = None
    period: Period | None = None
    cadence: Cadence | None = None
    qualifier: DeadlineQualifier | None = None

    @property
    def period_start(self) -> date | None:
        """First day of the period, for period deadlines."""
        return self.period.start if self.period else None

    @property
    def period_end(self) -> date | None:
        """Last day of the period, for period deadlines."""
        return self.period.end if self.period else None


def _check_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodParseError(text, f'Năm {year} trong "{text}" nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}')


def _make_date(year: int, month: int, day: int, text: str) -> date:
    _check_year(year, text)
    if not 1 <= month <= 12:
        raise PeriodParseError(text, f'Tháng không hợp lệ trong "{text}": tháng phải từ 1 đến 12')
    days_in_month = gregorian.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        raise PeriodParseError(
            text, f'Ngày không tồn tại: "{text}" (tháng {month}/{year} chỉ có {days_in_month} ngày)'
        )
    return date(year, month, day)


# Serial 60 is 29/02/1900, a day that never existed: Lotus 1-2-3 treated 1900 as a leap year
# and Excel kept the bug for compatibility, so serials from 61 on are one day "ahead".
_EXCEL_1900_EPOCH: Final = date(1899, 12, 31)
_EXCEL_1900_EPOCH_AFTER_BUG: Final = date(1899, 12, 30)
_EXCEL_1904_EPOCH: Final = date(1904, 1, 1)
_EXCEL_MAX_SERIAL: Final = 2_958_465  # 31/12/9999


def excel_serial_to_date(serial: float, *, excel_1904: bool = False) -> date:
    """Convert an Excel date serial to a date; a fractional part (time of day) is dropped.

    The 1900 date system (Excel's default) counts 1 = 01/01/1900 and contains the fictitious
    29/02/1900 (serial 60), which is rejected; ``excel_1904`` selects the old Mac system (0 = 01/01/1904).
    """
    text = f"{serial:g}"
    if math.isnan(serial) or math.isinf(serial):
        raise PeriodParseError(text, f'Số ngày Excel không hợp lệ: "{text}"')
    whole = math.floor(serial)
    lowest = 0 if excel_1904 else 1
    if not lowest <= whole <= _EXCEL_MAX_SERIAL:
        raise PeriodParseError(
            text, f'Số ngày Excel không hợp lệ: "{text}" (phải từ {lowest} đến {_EXCEL_MAX_SERIAL})'
        )
    if excel_1904:
        return _EXCEL_1904_EPOCH + timedelta(days=whole)
    if whole == 60:
        raise PeriodParseError(
            text, "Số ngày Excel 60 là ngày 29/02/1900 không có thật (lỗi năm nhuận 1900 của Excel)"
        )
    if whole < 60:
        return _EXCEL_1900_EPOCH + timedelta(days=whole)
    return _EXCEL_1900_EPOCH_AFTER_BUG + timedelta(days=whole)


_SEP: Final = r"\s*[/.\-]\s*"
_DATE_PATTERNS: Final = (
    re.compile(r"(?:ngay )?(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"),
    re.compile(r"(?:ngay )?(?P<d>\d{1,2}) thang (?P<m>\d{1,2}) nam (?P<y>\d{4})"),
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"),
)
_MONTH_TEXT: Final = re.compile(
    rf"(?:thang (?P<m>\d{{1,2}})(?:{_SEP}| nam )|(?P<bare_m>\d{{1,2}}){_SEP})(?P<y>\d{{4}})"
)
_QUARTER_TEXT: Final = re.compile(rf"quy (?P<q>[ivx]+|\d+)(?:{_SEP}| nam | )(?P<y>\d{{4}})")
_HALF_TEXT: Final = re.compile(r"6 thang (?P<which>dau|cuoi)(?: nam)?[ /](?P<y>\d{4})")
_NINE_MONTHS_TEXT: Final = re.compile(r"9 thang dau(?: nam)?[ /](?P<y>\d{4})")
_YEAR_TEXT: Final = re.compile(r"(?:nam )?(?P<y>\d{4})")
_RECURRING_PATTERNS: Final[tuple[tuple[re.Pattern[str], Cadence | None], ...]] = (
    (re.compile(r"thuong xuyen(?:,? lien tuc)?"), None),
    (re.compile(r"(?:dinh ky )?(?:hang|moi) thang(?: mot lan| 1 lan)?"), Cadence.MONTHLY),
    (re.compile(r"(?:dinh ky )?(?:hang|moi) quy(?: mot lan| 1 lan)?"), Cadence.QUARTERLY),
    (
        re.compile(
            r"(?:dinh ky |hang |moi )+(?:6 thang|nua nam)(?: mot lan| 1 lan)?"
            r"|(?:6 thang|nua nam)(?: mot lan| 1 lan| ?/ ?lan)"
        ),
        Cadence.HALF_YEARLY,
    ),
    (re.compile(r"(?:dinh ky )?(?:hang|moi) nam(?: mot lan| 1 lan)?"), Cadence.YEARLY),
)
_QUALIFIER: Final = re.compile(
    r"(?:hoan thanh )?(?P<word>truoc|cham nhat|han chot|trong)(?: ngay)?:? (?P<rest>.+)"
)
_EMPTY_MARKERS: Final = frozenset({"", "-", "–", "—"})


def _year(match: re.Match[str], text: str) -> int:
    year = int(match["y"])
    _check_year(year, text)
    return year


def _month(match: re.Match[str], text: str) -> Period:
    month = int(match["m"] or match["bare_m"])
    if not 1 <= month <= 12:
        raise PeriodParseError(text, f'Tháng không hợp lệ trong "{text}": tháng phải từ 1 đến 12')
    return Period.month(_year(match, text), month)


def _quarter(match: re.Match[str], text: str) -> Period:
    raw = match["q"]
    quarter = _ROMAN.get(raw) if not raw.isdigit() else int(raw)
    if quarter is None or not 1 <= quarter <= 4:
        raise PeriodParseError(text, f'Quý không hợp lệ trong "{text}": quý phải từ I đến IV (hoặc 1 đến 4)')
    return Period.quarter(_year(match, text), quarter)


def _parse_date_text(folded: str, text: str) -> date | None:
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(folded)
        if match:
            return _make_date(int(match["y"]), int(match["m"]), int(match["d"]), text)
    return None


def _parse_period_text(folded: str, text: str) -> Period | None:
    if match := _MONTH_TEXT.fullmatch(folded):
        return _month(match, text)
    if match := _QUARTER_TEXT.fullmatch(folded):
        return _quarter(match, text)
    if match := _HALF_TEXT.fullmatch(folded):
        return Period.half(_year(match, text), 1 if match["which"] == "dau" else 2)
    if match := _NINE_MONTHS_TEXT.fullmatch(folded):
        return Period.nine_months(_year(match, text))
    if match := _YEAR_TEXT.fullmatch(folded):
        return Period.year(_year(match, text))
    return None


def _parse_text(text: str) -> ParsedDeadline:
    folded = fold_for_search(text).rstrip(".;, ")
    if folded in _EMPTY_MARKERS:
        return ParsedDeadline(original=text, kind=DeadlineKind.NONE)
    for pattern, cadence in _RECURRING_PATTERNS:
        if pattern.fullmatch(folded):
            return ParsedDeadline(original=text, kind=DeadlineKind.RECURRING, cadence=cadence)
    qualifier = None
    qualified = _QUALIFIER.fullmatch(folded)
    if qualified:
        folded = qualified["rest"]
        qualifier = DeadlineQualifier.WITHIN if qualified["word"] == "trong" else DeadlineQualifier.BEFORE
    due = _parse_date_text(folded, text)
    if due is not None:
        return ParsedDeadline(original=text, kind=DeadlineKind.DATE, due_date=due, qualifier=qualifier)
    period = _parse_period_text(folded, text)
    if period is not None and qualifier is DeadlineQualifier.BEFORE:
        raise PeriodParseError(
            text,
            f'Thời hạn "{text}" chưa rõ ngày: "trước" một kỳ có thể hiểu là trước ngày đầu hoặc ngày cuối kỳ; '
            'hãy ghi ngày cụ thể, ví dụ "Trước 30/6/2026", hoặc ghi kỳ, ví dụ "Quý II/2026"',
        )
    if period is not None:
        return ParsedDeadline(
            original=text, kind=DeadlineKind.PERIOD, due_date=period.end, period=period, qualifier=qualifier
        )
    raise PeriodParseError(text, f'Không hiểu thời hạn "{text}": {_EXPECTED_FORMS}')


def parse_deadline_text(
    value: str | int | float | date | datetime | None, *, excel_1904: bool = False
) -> ParsedDeadline:
    """Read a deadline as users write it; raise PeriodParseError (Vietnamese message) if unreadable.

    Numbers are Excel date serials (``excel_1904`` for the old Mac date system), except whole
    numbers from 1900 to 2100, which are years typed into a cell ("2026" means Năm 2026).
    NaN and None (empty cells) give kind NONE. Texts are read case- and diacritics-insensitively;
    the accepted forms are listed in docs/domain/calendar.md.
    """
    if value is None:
        return ParsedDeadline(original="", kind=DeadlineKind.NONE)
    if isinstance(value, datetime):
        return ParsedDeadline(
            original=value.isoformat(sep=" "), kind=DeadlineKind.DATE, due_date=value.date()
        )
    if isinstance(value, date):
        return ParsedDeadline(original=value.isoformat(), kind=DeadlineKind.DATE, due_date=value)
    if isinstance(value, bool):
        raise PeriodParseError(str(value), f'Không hiểu thời hạn "{value}": {_EXPECTED_FORMS}')
    if isinstance(value, int | float):
        original = str(value)
        if math.isnan(value):
            # An empty cell read through pandas arrives as NaN.
            return ParsedDeadline(original="", kind=DeadlineKind.NONE)
        if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
            period = Period.year(int(value))
            return ParsedDeadline(
                original=original, kind=DeadlineKind.PERIOD, due_date=period.end, period=period
            )
        due = excel_serial_to_date(float(value), excel_1904=excel_1904)
        return ParsedDeadline(original=original, kind=DeadlineKind.DATE, due_date=due)
    return _parse_text(value)
