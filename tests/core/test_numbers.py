"""Vietnamese number, percentage and date formats."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from chidao.core.numbers import (
    NumberParseError,
    format_date,
    format_number,
    format_percent,
    parse_vietnamese_number,
)


@pytest.mark.parametrize(
    ("_case", "value", "decimals", "formatted"),
    [
        ("thousand", 1000, 0, "1.000"),
        ("millions", 1234567, 0, "1.234.567"),
        ("small", 999, 0, "999"),
        ("zero", 0, 0, "0"),
        ("negative", -1234567, 0, "-1.234.567"),
        ("decimals with comma", 1234.5, 2, "1.234,50"),
        ("half rounds up, not to even", 2.5, 0, "3"),
        ("float 0.125 to 2 places rounds up", 0.125, 2, "0,13"),
        ("decimal input", Decimal("1234567.891"), 1, "1.234.567,9"),
        ("negative rounding to zero has no sign", -0.4, 0, "0"),
        ("large budget in dong", 12_500_000_000, 0, "12.500.000.000"),
    ],
)
def test_format_number(_case: str, value: int | float | Decimal, decimals: int, formatted: str) -> None:
    # given a number, when formatted, then dots group thousands and a comma marks decimals
    assert format_number(value, decimals) == formatted


def test_format_number_refuses_what_is_not_a_number() -> None:
    # given NaN and a negative number of decimals, when formatted, then both are refused
    with pytest.raises(ValueError, match="Không định dạng được"):
        format_number(float("nan"))
    with pytest.raises(ValueError, match="decimals"):
        format_number(1, -1)


@pytest.mark.parametrize(
    ("_case", "ratio", "decimals", "formatted"),
    [
        ("one decimal", 0.885, 1, "88,5%"),
        ("whole", 1, 1, "100,0%"),
        ("no decimals", 0.5, 0, "50%"),
        ("over a hundred", Decimal("1.2345"), 1, "123,5%"),
        ("thousands grouped", 12.5, 0, "1.250%"),
    ],
)
def test_format_percent(_case: str, ratio: int | float | Decimal, decimals: int, formatted: str) -> None:
    # given a ratio, when formatted as a percentage, then it is in Vietnamese form
    assert format_percent(ratio, decimals) == formatted


@pytest.mark.parametrize(
    ("_case", "value", "formatted"),
    [
        ("padded", date(2026, 3, 5), "05/03/2026"),
        ("end of quarter", date(2026, 6, 30), "30/06/2026"),
        ("datetime", datetime(2026, 2, 14, 23, 59), "14/02/2026"),
    ],
)
def test_format_date(_case: str, value: date, formatted: str) -> None:
    # given a date, when formatted, then it is dd/mm/yyyy
    assert format_date(value) == formatted


@pytest.mark.parametrize(
    ("_case", "text", "number"),
    [
        ("decimal comma", "1.234,5", Decimal("1234.5")),
        ("thousands only", "1.234.567", Decimal("1234567")),
        ("plain digits", "1234", Decimal("1234")),
        ("fraction", "0,75", Decimal("0.75")),
        ("negative", "-12,5", Decimal("-12.5")),
        ("space grouping", "1 234 567", Decimal("1234567")),
        ("non-breaking space grouping", "1\u00a0234,5", Decimal("1234.5")),
        ("surrounding spaces", "  42 ", Decimal("42")),
        ("precision kept", "1.234,50", Decimal("1234.50")),
    ],
)
def test_parse_vietnamese_number(_case: str, text: str, number: Decimal) -> None:
    # given a number written the Vietnamese way, when parsed, then it is the exact decimal
    parsed = parse_vietnamese_number(text)

    assert parsed == number
    assert str(parsed) == str(number)


@pytest.mark.parametrize(
    ("_case", "text"),
    [
        ("ambiguous english decimal", "1.5"),
        ("english thousands", "1,234,567"),
        ("wrong group size", "1.23.456"),
        ("mixed grouping", "1.234 567"),
        ("two commas", "1,2,3"),
        ("letters", "abc"),
        ("empty", ""),
        ("percent sign", "88,5%"),
    ],
)
def test_parse_vietnamese_number_refuses_ambiguous_forms(_case: str, text: str) -> None:
    # given a number that cannot be read unambiguously, when parsed, then a Vietnamese error says why
    with pytest.raises(NumberParseError, match="dấu chấm phân cách hàng nghìn"):
        parse_vietnamese_number(text)


def test_format_and_parse_round_trip() -> None:
    # given a decimal, when formatted then parsed, then it comes back unchanged
    amount = Decimal("-9876543.21")

    assert parse_vietnamese_number(format_number(amount, 2)) == amount
