"""Masking personal IDs, phone numbers and birth dates in lists, exports and log lines."""

from datetime import date

import pytest

from chidao.core.masking import (
    PersonalFieldKind,
    mask_birth_date,
    mask_personal_data_in_text,
    mask_personal_id,
    mask_personal_value,
    mask_phone,
    parse_birth_date,
)

PERSONAL_ID = "079085001123"
PHONE = "0912345678"
BIRTH = date(1985, 3, 12)


@pytest.mark.parametrize(
    ("_case", "value", "reveal", "shown"),
    [
        ("12-digit citizen ID", PERSONAL_ID, False, "079******123"),
        ("9-digit old identity card", "123456789", False, "123***789"),
        ("surrounding spaces are dropped", f"  {PERSONAL_ID} ", False, "079******123"),
        ("too short to keep any digit", "12345", False, "*****"),
        ("nothing", None, False, ""),
        ("empty", "", False, ""),
        ("revealed", PERSONAL_ID, True, PERSONAL_ID),
    ],
)
def test_mask_personal_id(_case: str, value: str | None, reveal: bool, shown: str) -> None:
    # given an ID, when masked, then only the first and last three characters stay
    assert mask_personal_id(value, reveal=reveal) == shown


@pytest.mark.parametrize(
    ("_case", "value", "reveal", "shown"),
    [
        ("mobile", PHONE, False, "091****678"),
        ("mobile written with spaces", "0912 345 678", False, "091****678"),
        ("mobile written with dots", "0912.345.678", False, "091****678"),
        ("international form keeps digits only", "+84912345678", False, "849*****678"),
        ("landline", "02563835000", False, "025*****000"),
        ("too short", "113", False, "***"),
        ("nothing", None, False, ""),
        ("revealed keeps the writing", "0912 345 678", True, "0912 345 678"),
    ],
)
def test_mask_phone(_case: str, value: str | None, reveal: bool, shown: str) -> None:
    # given a phone number, when masked, then the first and last three digits stay
    assert mask_phone(value, reveal=reveal) == shown


@pytest.mark.parametrize(
    ("_case", "value", "reveal", "shown"),
    [
        ("masked keeps the year", BIRTH, False, "**/**/1985"),
        ("revealed as dd/mm/yyyy", BIRTH, True, "12/03/1985"),
        ("nothing", None, False, ""),
    ],
)
def test_mask_birth_date(_case: str, value: date | None, reveal: bool, shown: str) -> None:
    assert mask_birth_date(value, reveal=reveal) == shown


@pytest.mark.parametrize(
    ("_case", "text", "parsed"),
    [
        ("dd/mm/yyyy", "12/03/1985", BIRTH),
        ("d/m/yyyy", "2/3/1985", date(1985, 3, 2)),
        ("dots", "12.03.1985", BIRTH),
        ("ISO", "1985-03-12", BIRTH),
        ("not a real day", "31/02/1985", None),
        ("year only", "1985", None),
        ("mixed separators", "12/03-1985", None),
    ],
)
def test_parse_birth_date(_case: str, text: str, parsed: date | None) -> None:
    assert parse_birth_date(text) == parsed


@pytest.mark.parametrize(
    ("_case", "value", "kind", "reveal", "shown"),
    [
        ("personal ID", PERSONAL_ID, PersonalFieldKind.PERSONAL_ID, False, "079******123"),
        ("kind given as text", PERSONAL_ID, "personal_id", False, "079******123"),
        ("phone", PHONE, PersonalFieldKind.PHONE, False, "091****678"),
        ("birth date as a date", BIRTH, PersonalFieldKind.BIRTH_DATE, False, "**/**/1985"),
        ("birth date as text", "12/03/1985", PersonalFieldKind.BIRTH_DATE, False, "**/**/1985"),
        ("birth date as ISO text, revealed", "1985-03-12", PersonalFieldKind.BIRTH_DATE, True, "12/03/1985"),
        (
            "birth date text that is no date is hidden whole",
            "khoảng 1985",
            PersonalFieldKind.BIRTH_DATE,
            False,
            "*" * 11,
        ),
        ("a number as personal ID", 79085001123, PersonalFieldKind.PERSONAL_ID, False, "790*****123"),
        ("nothing", None, PersonalFieldKind.PHONE, False, ""),
        ("revealed phone", PHONE, PersonalFieldKind.PHONE, True, PHONE),
    ],
)
def test_mask_personal_value(_case: str, value: object, kind: str, reveal: bool, shown: str) -> None:
    # given a value and its kind, when displayed, then the kind's masking rule applies
    assert mask_personal_value(value, kind, reveal=reveal) == shown


def test_mask_personal_value_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="email"):
        mask_personal_value("a@b.vn", "email")


@pytest.mark.parametrize(
    ("_case", "line", "masked"),
    [
        ("12-digit ID", f"tra cứu CCCD {PERSONAL_ID} thất bại", "tra cứu CCCD 079******123 thất bại"),
        ("9-digit ID", "CMND 123456789.", "CMND 123***789."),
        ("two IDs side by side", f"{PERSONAL_ID} {PERSONAL_ID}", "079******123 079******123"),
        ("mobile", f"SĐT:{PHONE}", "SĐT:091****678"),
        ("mobile with spaces", "gọi 0912 345 678 lúc 8h", "gọi 091****678 lúc 8h"),
        ("mobile with dots", "gọi 0912.345.678", "gọi 091****678"),
        ("international", "phone=+84912345678", "phone=849*****678"),
        ("international with spaces", "+84 912 345 678 đã gọi", "849*****678 đã gọi"),
        ("international in brackets", "(+84) 912-345-678", "849*****678"),
        ("landline", "0256 3835 000", "025*****000"),
        ("labelled birth date", "Ngày sinh: 12/03/1985", "Ngày sinh: **/**/1985"),
        ("labelled birth date without diacritics", "ngay_sinh=12-03-1985", "ngay_sinh=**/**/1985"),
        ("labelled ISO birth date in JSON", '{"birth_date": "1985-03-12"}', '{"birth_date": "**/**/1985"}'),
        ("sinh ngày", "sinh ngày 2/3/1985 tại Pleiku", "sinh ngày **/**/1985 tại Pleiku"),
        ("upper-case label", "NGÀY SINH 12/03/1985", "NGÀY SINH **/**/1985"),
        ("unlabelled date stays", "hạn xử lý 12/03/2026", "hạn xử lý 12/03/2026"),
        ("ISO timestamp stays", "2026-01-05 10:00:00,123 INFO", "2026-01-05 10:00:00,123 INFO"),
        ("amount stays", "kinh phí 12.500.000.000 đồng", "kinh phí 12.500.000.000 đồng"),
        ("13 digits are no ID", "mã 1234567890123", "mã 1234567890123"),
        ("short codes stay", "mã hồ sơ 000.00.12.H21", "mã hồ sơ 000.00.12.H21"),
        (
            "everything in one line",
            f"CCCD {PERSONAL_ID}, SĐT {PHONE}, ngày sinh 12/03/1985",
            "CCCD 079******123, SĐT 091****678, ngày sinh **/**/1985",
        ),
    ],
)
def test_mask_personal_data_in_text(_case: str, line: str, masked: str) -> None:
    # given a log line, when masked, then IDs, phones and labelled birth dates are hidden and nothing else
    assert mask_personal_data_in_text(line) == masked


def test_masking_a_masked_line_changes_nothing() -> None:
    # given a line that was masked once, when masked again (two filters on one handler), then it is the same
    once = mask_personal_data_in_text(f"CCCD {PERSONAL_ID}, SĐT {PHONE}, ngày sinh 12/03/1985")
    assert mask_personal_data_in_text(once) == once
