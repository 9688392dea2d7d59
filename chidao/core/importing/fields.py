"""Field types: how one cell becomes a value, or a Vietnamese message saying why it cannot.

A field's ``parse`` is called only for non-empty cells (emptiness is the column's business) and raises
``CellError`` with a message that does not repeat the row and column: the caller adds them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final, Protocol

from chidao.core.importing.issues import CellValue, cell_text
from chidao.core.importing.keys import fold_label
from chidao.core.periods import (
    DeadlineKind,
    ParsedDeadline,
    PeriodParseError,
    excel_serial_to_date,
    parse_deadline_text,
)

__all__ = [
    "BooleanField",
    "CellError",
    "Choice",
    "ChoiceField",
    "DateField",
    "DeadlineField",
    "DecimalField",
    "EmailField",
    "FieldType",
    "IntegerField",
    "ParseContext",
    "PhoneField",
    "TextField",
    "parse_vietnamese_number",
]


class CellError(ValueError):
    """A cell that cannot be read; ``message`` is for the user (Vietnamese, without row and column)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ParseContext:
    """Facts about the file that change how cells read: the workbook's date system."""

    excel_1904: bool = False


class FieldType(Protocol):
    """Turns a non-empty cell into a value or raises CellError."""

    def parse(self, value: CellValue, context: ParseContext) -> object:
        """The value of a non-empty cell."""
        ...


def _text(value: CellValue) -> str:
    return unicodedata.normalize("NFC", cell_text(value))


@dataclass(frozen=True)
class TextField:
    """Text, NFC-normalised, trimmed, inner whitespace collapsed; numbers typed in Excel become their digits."""

    max_length: int = 255
    pattern: str = ""
    pattern_hint: str = ""

    def parse(self, value: CellValue, context: ParseContext) -> str:
        """The cleaned text; CellError when too long or not matching ``pattern``."""
        text = " ".join(_text(value).split())
        if len(text) > self.max_length:
            raise CellError(f"Dài {len(text)} ký tự, vượt quá {self.max_length} ký tự cho phép.")
        if self.pattern and re.fullmatch(self.pattern, text) is None:
            raise CellError(f"“{text}” không đúng dạng: {self.pattern_hint or self.pattern}.")
        return text


_GROUPING_SPACES: Final = re.compile(r"[\s\u00a0\u202f']")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?\d+(?:\.\d+)?")


def parse_vietnamese_number(text: str) -> Decimal:
    """Read a number as Vietnamese users type it: "." groups thousands, "," marks decimals.

    "1.234.567" = 1234567, "1.234,5" = 1234.5, "12,5" = 12.5; "1.5" (not a group of three digits) = 1.5;
    "1,234,567" (several commas) and "1,234.5" (comma before point) read the English way. Spaces group.
    """
    compact = _GROUPING_SPACES.sub("", text.strip())
    dots, commas = compact.count("."), compact.count(",")
    if dots and commas:
        decimal_mark = "," if compact.rfind(",") > compact.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        compact = compact.replace(grouping, "").replace(decimal_mark, ".")
    elif commas == 1:
        compact = compact.replace(",", ".")
    elif commas > 1:
        compact = _ungroup(compact, ",")
    elif dots > 1 or (dots == 1 and re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", compact)):
        compact = _ungroup(compact, ".")
    if _PLAIN_NUMBER.fullmatch(compact) is None:
        raise CellError(f"“{text}” không phải là số.")
    try:
        return Decimal(compact)
    except InvalidOperation:
        raise CellError(f"“{text}” không phải là số.") from None


def _ungroup(compact: str, separator: str) -> str:
    if re.fullmatch(rf"[+-]?\d{{1,3}}(?:{re.escape(separator)}\d{{3}})+", compact) is None:
        raise CellError(f"“{compact}” không phải là số: dấu phân cách hàng nghìn đặt sai chỗ.")
    return compact.replace(separator, "")


def _decimal_of(value: CellValue) -> Decimal:
    if isinstance(value, bool | dt.date | dt.time):
        raise CellError(f"“{cell_text(value)}” không phải là số.")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CellError(f"“{value}” không phải là số.")
        return Decimal(repr(value))
    return parse_vietnamese_number(str(value))


@dataclass(frozen=True)
class IntegerField:
    """A whole number (Excel number or Vietnamese-formatted text), optionally bounded."""

    minimum: int | None = None
    maximum: int | None = None

    def parse(self, value: CellValue, context: ParseContext) -> int:
        """The integer; CellError when not whole or out of bounds."""
        number = _decimal_of(value)
        if number != number.to_integral_value():
            raise CellError(f"“{cell_text(value)}” không phải là số nguyên.")
        result = int(number)
        _check_bounds(result, self.minimum, self.maximum)
        return result


@dataclass(frozen=True)
class DecimalField:
    """A decimal number, optionally bounded and with at most ``places`` digits after the decimal mark."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    places: int | None = None

    def parse(self, value: CellValue, context: ParseContext) -> Decimal:
        """The Decimal; CellError when not a number, out of bounds or too precise."""
        number = _decimal_of(value)
        if self.places is not None:
            exponent = number.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > self.places:
                raise CellError(f"“{cell_text(value)}” có quá {self.places} chữ số sau dấu phẩy.")
        _check_bounds(number, self.minimum, self.maximum)
        return number


def _check_bounds(
    number: int | Decimal, minimum: int | Decimal | None, maximum: int | Decimal | None
) -> None:
    if minimum is not None and number < minimum:
        raise CellError(f"{number} nhỏ hơn giá trị nhỏ nhất cho phép ({minimum}).")
    if maximum is not None and number > maximum:
        raise CellError(f"{number} lớn hơn giá trị lớn nhất cho phép ({maximum}).")


@dataclass(frozen=True)
class DateField:
    """A calendar date: an Excel date cell, an Excel serial number or text dd/mm/yyyy."""

    def parse(self, value: CellValue, context: ParseContext) -> dt.date:
        """The date; CellError for periods, times and unreadable text."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                return excel_serial_to_date(float(value), excel_1904=context.excel_1904)
            parsed = parse_deadline_text(_text(value))
        except PeriodParseError as error:
            raise CellError(error.message) from None
        if parsed.kind is not DeadlineKind.DATE or parsed.due_date is None:
            raise CellError(f"“{_text(value)}” không phải là một ngày: cần dạng dd/mm/yyyy.")
        return parsed.due_date


@dataclass(frozen=True)
class DeadlineField:
    """A deadline as agencies write it: a date, "Quý II/2026", "6 tháng đầu năm 2026", "Năm 2026",
    "Thường xuyên"; the result keeps the text of the cell in ``original``."""

    def parse(self, value: CellValue, context: ParseContext) -> ParsedDeadline:
        """The parsed deadline (chidao.core.periods); CellError with the periods module's message."""
        source: str | int | float | dt.date | dt.datetime
        if isinstance(value, str):
            source = _text(value)
        elif isinstance(value, Decimal):
            source = float(value)
        elif isinstance(value, bool | dt.time) or value is None:
            raise CellError(f"“{cell_text(value)}” không phải là thời hạn.")
        else:
            source = value
        try:
            parsed = parse_deadline_text(source, excel_1904=context.excel_1904)
        except PeriodParseError as error:
            raise CellError(error.message) from None
        return dataclasses.replace(parsed, original=_text(value))


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice column: stored ``value``, shown ``label`` and other accepted spellings."""

    value: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChoiceField:
    """One of a closed list, matched without case, diacritics or punctuation ("can bo don vi" = "Cán bộ đơn vị")."""

    choices: tuple[Choice, ...]

    def parse(self, value: CellValue, context: ParseContext) -> str:
        """The choice's stored value; CellError listing the labels allowed."""
        folded = fold_label(_text(value))
        for choice in self.choices:
            spellings = (choice.value, choice.label, *choice.aliases)
            if folded in {fold_label(spelling) for spelling in spellings}:
                return choice.value
        allowed = ", ".join(f"“{choice.label}”" for choice in self.choices)
        raise CellError(f"“{_text(value)}” không có trong danh sách: chọn một trong {allowed}.")


_EMAIL: Final = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)*\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class EmailField:
    """An e-mail address (domain lower-cased)."""

    max_length: int = 254

    def parse(self, value: CellValue, context: ParseContext) -> str:
        """The address; CellError when it is not one."""
        text = _text(value).replace(" ", "")
        if len(text) > self.max_length or _EMAIL.fullmatch(text) is None:
            raise CellError(f"Địa chỉ thư điện tử “{_text(value)}” không hợp lệ.")
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"


_PHONE_SEPARATORS: Final = re.compile(r"[\s.\-()\u00a0]")


@dataclass(frozen=True)
class PhoneField:
    """A Vietnamese phone number stored as digits starting with 0: mobile (10 digits) or landline (11).

    "+84 912 345 678", "0912.345.678" and an Excel number 912345678 (Excel drops the leading 0) all give
    "0912345678".
    """

    def parse(self, value: CellValue, context: ParseContext) -> str:
        """The normalised number; CellError when it cannot be one."""
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            digits = cell_text(value)
            if digits.isdigit() and len(digits) in (9, 10):
                digits = "0" + digits
        else:
            digits = _PHONE_SEPARATORS.sub("", _text(value))
            if digits.startswith("+84"):
                digits = "0" + digits[3:]
            elif digits.startswith("84") and len(digits) in (11, 12):
                digits = "0" + digits[2:]
        if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
            raise CellError(
                f"Số điện thoại “{_text(value)}” không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số "
                "(cố định), bắt đầu bằng 0 hoặc +84."
            )
        return digits


_TRUE_WORDS: Final = frozenset({"co", "x", "1", "dung", "yes", "true", "v"})
_FALSE_WORDS: Final = frozenset({"khong", "0", "sai", "no", "false"})


@dataclass(frozen=True)
class BooleanField:
    """Yes or no: "Có"/"x"/1 or "Không"/0."""

    def parse(self, value: CellValue, context: ParseContext) -> bool:
        """The boolean; CellError for anything else."""
        if isinstance(value, bool):
            return value
        folded = fold_label(_text(value))
        if folded in _TRUE_WORDS:
            return True
        if folded in _FALSE_WORDS:
            return False
        raise CellError(f"“{_text(value)}” không hiểu được: ghi “Có” hoặc “Không”.")
