"""Personal ID layout, place codes and insurance codes (facts §6.1, §6.3): hand cases."""

from __future__ import annotations

from datetime import date

import pytest

from chidao.core.data_quality.identifiers import (
    BIRTH_PLACE_CODES,
    century_sex_digit,
    is_insurance_code,
    is_known_place_code,
    is_personal_id,
    personal_id_mismatch,
)
from chidao.core.data_quality.schema import Sex


@pytest.mark.parametrize(
    ("_case", "value", "expected"),
    [
        ("twelve digits", "064085000123", True),
        ("eleven digits", "06408500012", False),
        ("thirteen digits", "0640850001234", False),
        ("old 9-digit identity card", "230456789", False),
        ("a space inside", "064085 00123", False),
        ("a letter", "06408500012A", False),
        ("Arabic-Indic digits are not ASCII digits", "٠٦٤٠٨٥٠٠٠١٢٣", False),
        ("empty", "", False),
        ("missing", None, False),
    ],
)
def test_personal_id_form(_case: str, value: str | None, expected: bool) -> None:
    assert is_personal_id(value) is expected


@pytest.mark.parametrize(
    ("_case", "year", "sex", "digit"),
    [
        ("1900s male", 1985, Sex.MALE, 0),
        ("1900s female", 1900, Sex.FEMALE, 1),
        ("2000s male", 2000, Sex.MALE, 2),
        ("2000s female", 2099, Sex.FEMALE, 3),
        ("2100s female", 2100, Sex.FEMALE, 5),
        ("2300s male", 2399, Sex.MALE, 8),
    ],
)
def test_century_sex_digit(_case: str, year: int, sex: Sex, digit: int) -> None:
    assert century_sex_digit(year, sex) == digit


def test_no_century_digit_outside_1900_to_2399() -> None:
    assert century_sex_digit(1899, Sex.MALE) is None
    assert century_sex_digit(2400, Sex.FEMALE) is None


@pytest.mark.parametrize(
    ("_case", "personal_id", "birth", "sex", "detail"),
    [
        ("male born 1985", "064085000123", date(1985, 3, 1), "male", None),
        ("female born 2003", "052303000001", date(2003, 12, 31), "female", None),
        ("year digits wrong", "064086000123", date(1985, 3, 1), "male", "birth_year"),
        ("century wrong: 2085 is not 1985", "064285000123", date(1985, 3, 1), "male", "birth_year"),
        ("century wrong, sex right", "064385000123", date(1985, 3, 1), "female", "birth_year"),
        ("sex wrong", "064185000123", date(1985, 3, 1), "male", "sex"),
        ("both wrong", "064190000123", date(1985, 3, 1), "male", "birth_year,sex"),
        ("birth before 1900 cannot match any digit", "064099000123", date(1899, 1, 1), "male", "birth_year"),
        ("malformed ID is not judged here", "06408500012", date(1970, 1, 1), "female", None),
        ("missing birth date: only sex judged", "064185000123", None, "male", "sex"),
        ("unknown sex value: only year judged", "064185000123", date(1985, 1, 1), "x", None),
    ],
)
def test_personal_id_against_birth_year_and_sex(
    _case: str, personal_id: str, birth: date | None, sex: str, detail: str | None
) -> None:
    assert personal_id_mismatch(personal_id, birth, sex).detail == detail


def test_place_codes_are_the_63_provinces_of_facts_6_1() -> None:
    assert len(BIRTH_PLACE_CODES) == 63
    assert is_known_place_code("064")  # Gia Lai before 2025
    assert is_known_place_code("052")  # Bình Định
    assert not is_known_place_code("003")  # a gap in the list
    assert not is_known_place_code("64")
    assert not is_known_place_code(None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5201234567", True),
        ("520123456", False),
        ("52012345678", False),
        ("52012345a7", False),
        (None, False),
    ],
)
def test_insurance_code_is_ten_digits(value: str | None, expected: bool) -> None:
    assert is_insurance_code(value) is expected
