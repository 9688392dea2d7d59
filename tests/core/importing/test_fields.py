"""Field types read cells the way Vietnamese users fill them, and explain refusals in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chidao.core.importing import (
    CellError,
    Choice,
    ChoiceField,
    DateField,
    DeadlineField,
    DecimalField,
    EmailField,
    IntegerField,
    ParseContext,
    PhoneField,
    TextField,
    parse_vietnamese_number,
)
from chidao.core.periods import DeadlineKind, PeriodKind

CONTEXT = ParseContext()


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("thousands with dots", "1.234.567", Decimal("1234567")),
        ("vietnamese decimal comma", "12,5", Decimal("12.5")),
        ("both marks, vietnamese", "1.234,5", Decimal("1234.5")),
        ("both marks, english", "1,234.5", Decimal("1234.5")),
        ("one dot not a group of three", "1.5", Decimal("1.5")),
        ("one dot and a group of three", "1.500", Decimal("1500")),
        ("several commas group", "1,234,567", Decimal("1234567")),
        ("spaces group", "1 234 567", Decimal("1234567")),
        ("negative", "-5", Decimal("-5")),
    ],
)
def test_vietnamese_numbers(_case, text, expected):
    # Given a number typed as text / When it is read / Then "." groups and "," is the decimal mark
    assert parse_vietnamese_number(text) == expected


@pytest.mark.parametrize(("_case", "text"), [("letters", "mười"), ("bad grouping", "1.23.4")])
def test_not_a_number(_case, text):
    # Given text that is not a number / When it is read / Then the message says so
    with pytest.raises(CellError) as error:
        parse_vietnamese_number(text)
    assert "không phải là số" in error.value.message


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [("excel number", 42.0, 42), ("text with grouping", "1.200", 1200), ("int", 7, 7)],
)
def test_integer_field(_case, value, expected):
    assert IntegerField().parse(value, CONTEXT) == expected


def test_integer_field_refuses_fractions_and_out_of_bounds():
    # Given an integer field from 0 to 100
    field = IntegerField(minimum=0, maximum=100)
    # When a fraction or a too big number is read / Then each is refused with its reason
    with pytest.raises(CellError, match="không phải là số nguyên"):
        field.parse("2,5", CONTEXT)
    with pytest.raises(CellError, match="lớn hơn giá trị lớn nhất"):
        field.parse(101, CONTEXT)


def test_decimal_field_limits_places():
    field = DecimalField(places=2)
    assert field.parse("3,14", CONTEXT) == Decimal("3.14")
    with pytest.raises(CellError, match="quá 2 chữ số"):
        field.parse("3,141", CONTEXT)


@pytest.mark.parametrize(
    ("_case", "value", "context", "expected"),
    [
        ("dd/mm/yyyy", "30/06/2026", CONTEXT, dt.date(2026, 6, 30)),
        ("d/m/yyyy", "1/7/2025", CONTEXT, dt.date(2025, 7, 1)),
        ("excel date cell", dt.datetime(2026, 6, 30), CONTEXT, dt.date(2026, 6, 30)),
        ("excel serial 1900 system", 46203, CONTEXT, dt.date(2026, 6, 30)),
        ("excel serial 1904 system", 44741, ParseContext(excel_1904=True), dt.date(2026, 6, 30)),
    ],
)
def test_date_field(_case, value, context, expected):
    # Given a date as Excel or a user gives it / When it is read / Then it is that calendar date
    assert DateField().parse(value, context) == expected


def test_date_field_refuses_a_period():
    # Given a period where a date is expected / When it is read / Then the user is asked for dd/mm/yyyy
    with pytest.raises(CellError, match="dd/mm/yyyy"):
        DateField().parse("Quý II/2026", CONTEXT)


@pytest.mark.parametrize(
    ("_case", "value", "kind", "due", "period_kind"),
    [
        ("quarter", "Quý II/2026", DeadlineKind.PERIOD, dt.date(2026, 6, 30), PeriodKind.QUARTER),
        (
            "first half",
            "6 tháng đầu năm 2026",
            DeadlineKind.PERIOD,
            dt.date(2026, 6, 30),
            PeriodKind.HALF_YEAR,
        ),
        ("year", "Năm 2026", DeadlineKind.PERIOD, dt.date(2026, 12, 31), PeriodKind.YEAR),
        ("date text", "15/09/2026", DeadlineKind.DATE, dt.date(2026, 9, 15), None),
        ("excel serial", 46203, DeadlineKind.DATE, dt.date(2026, 6, 30), None),
    ],
)
def test_deadline_field_reads_periods_and_keeps_the_original_text(_case, value, kind, due, period_kind):
    # Given a deadline cell as agencies write it
    # When it is read
    parsed = DeadlineField().parse(value, CONTEXT)
    # Then its meaning is known and the cell's own text is kept
    assert parsed.kind is kind
    assert parsed.due_date == due
    assert (parsed.period.kind if parsed.period else None) is period_kind
    assert parsed.original == str(value)


def test_deadline_field_reads_recurring_tasks():
    parsed = DeadlineField().parse("Thường xuyên", CONTEXT)
    assert parsed.kind is DeadlineKind.RECURRING
    assert parsed.original == "Thường xuyên"


def test_deadline_field_explains_unreadable_text():
    with pytest.raises(CellError) as error:
        DeadlineField().parse("sớm nhất có thể", CONTEXT)
    assert "Thường xuyên" in error.value.message


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("spaced mobile", "0912 345 678", "0912345678"),
        ("dotted mobile", "0912.345.678", "0912345678"),
        ("international", "+84 912 345 678", "0912345678"),
        ("excel dropped the zero", 912345678, "0912345678"),
        ("landline", "0269 3822 222", "02693822222"),
    ],
)
def test_phone_field(_case, value, expected):
    assert PhoneField().parse(value, CONTEXT) == expected


def test_phone_field_refuses_short_numbers():
    with pytest.raises(CellError, match="Số điện thoại “12345” không hợp lệ"):
        PhoneField().parse("12345", CONTEXT)


def test_email_field():
    assert EmailField().parse("An.Nguyen@GiaLai.gov.vn", CONTEXT) == "An.Nguyen@gialai.gov.vn"
    with pytest.raises(CellError, match="Địa chỉ thư điện tử “an@” không hợp lệ"):
        EmailField().parse("an@", CONTEXT)


ROLES = ChoiceField(
    (
        Choice("unit_officer", "Cán bộ đơn vị", ("Cán bộ",)),
        Choice("unit_head", "Lãnh đạo đơn vị"),
    )
)


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("label", "Cán bộ đơn vị", "unit_officer"),
        ("no diacritics, other case", "LANH DAO DON VI", "unit_head"),
        ("alias", "cán bộ", "unit_officer"),
        ("stored value", "unit_head", "unit_head"),
    ],
)
def test_choice_field(_case, text, expected):
    assert ROLES.parse(text, CONTEXT) == expected


def test_choice_field_lists_allowed_labels():
    with pytest.raises(CellError) as error:
        ROLES.parse("Giám đốc", CONTEXT)
    assert error.value.message == (
        "“Giám đốc” không có trong danh sách: chọn một trong “Cán bộ đơn vị”, “Lãnh đạo đơn vị”."
    )


def test_text_field_normalises_and_limits():
    # Given decomposed (NFD) text with extra spaces and an Excel number
    field = TextField(max_length=10)
    # When they are read / Then text is NFC with single spaces, numbers are their digits
    assert field.parse("  Ho\u0300a   Bi\u0300nh ", CONTEXT) == "Hòa Bình"
    assert field.parse(12345.0, CONTEXT) == "12345"
    with pytest.raises(CellError, match="vượt quá 10 ký tự"):
        field.parse("Nguyễn Văn An", CONTEXT)
