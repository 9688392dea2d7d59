"""Validators of the identifiers in the registers (facts §6): personal ID, place codes, insurance code.

These are the pure references of the SQL conditions in ``rules.py``; the engine tests hold the two equal.

- Personal ID (số định danh cá nhân), 12 digits ``PPP G YY RRRRRR`` (Nghị định 137/2015/NĐ-CP art. 13,
  Luật Căn cước 2023 art. 12): PPP the province (or country) of birth registration, G the century and sex
  (0/1 → 1900s male/female, 2/3 → 2000s, … 8/9 → 2300s; even male, odd female), YY the birth year's last
  two digits, then 6 random digits. No check digit.
- Place codes: the 63 pre-2025 province codes (Thông tư 59/2021/TT-BCA). An unknown code is a **warning**,
  never a rejection: births registered after the 2025 merger or abroad may carry codes not in the list
  (facts §6.1), and the current province is never derived from the ID.
- Insurance code (mã số BHXH): 10 digits; no check digit is known (facts §6.3), so only the form is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from chidao.core.data_quality.schema import Sex

__all__ = [
    "BIRTH_PLACE_CODES",
    "IdMismatch",
    "century_sex_digit",
    "is_insurance_code",
    "is_known_place_code",
    "is_personal_id",
    "personal_id_mismatch",
]

BIRTH_PLACE_CODES: Final = frozenset(
    [
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    ]
)
"""The 63 birth-registration province codes (facts §6.1 table); a code outside it is only a warning."""

_PERSONAL_ID: Final = re.compile(r"[0-9]{12}")
_INSURANCE_CODE: Final = re.compile(r"[0-9]{10}")
FIRST_CENTURY_YEAR: Final = 1900
LAST_CENTURY_YEAR: Final = 2399


def is_personal_id(value: str | None) -> bool:
    """Twelve ASCII digits, nothing else (no spaces: an ID with spaces is not in standard form)."""
    return value is not None and _PERSONAL_ID.fullmatch(value) is not None


def is_insurance_code(value: str | None) -> bool:
    """Ten ASCII digits, nothing else."""
    return value is not None and _INSURANCE_CODE.fullmatch(value) is not None


def is_known_place_code(code: str | None) -> bool:
    """Whether a birth-registration place code is one of the 63 province codes."""
    return code is not None and code in BIRTH_PLACE_CODES


def century_sex_digit(birth_year: int, sex: Sex) -> int | None:
    """The digit G of an ID for this birth year and sex; None for a year outside 1900–2399."""
    if not FIRST_CENTURY_YEAR <= birth_year <= LAST_CENTURY_YEAR:
        return None
    return (birth_year // 100 - 19) * 2 + (1 if sex is Sex.FEMALE else 0)


@dataclass(frozen=True)
class IdMismatch:
    """How a well-formed personal ID disagrees with the record: birth year (century or YY), sex, or both."""

    birth_year: bool
    sex: bool

    @property
    def detail(self) -> str | None:
        """The finding's detail code ("birth_year", "sex", "birth_year,sex"), None when they agree."""
        parts = [name for name, wrong in (("birth_year", self.birth_year), ("sex", self.sex)) if wrong]
        return ",".join(parts) or None


def personal_id_mismatch(personal_id: str | None, birth_date: date | None, sex: str | None) -> IdMismatch:
    """Compare the ID's century/sex digit and year digits with the birth date and sex.

    Only a well-formed ID is compared (a malformed one is the format check's finding); a missing birth date
    or an unknown sex value leaves that part unjudged (the mandatory and format checks report them).
    """
    if not is_personal_id(personal_id) or personal_id is None:
        return IdMismatch(birth_year=False, sex=False)
    digit = int(personal_id[3])
    year_wrong = False
    if birth_date is not None:
        year = birth_date.year
        year_wrong = digit // 2 != year // 100 - 19 or personal_id[4:6] != f"{year % 100:02d}"
    sex_wrong = False
    if sex in {Sex.MALE.value, Sex.FEMALE.value}:
        sex_wrong = digit % 2 != (1 if sex == Sex.FEMALE.value else 0)
    return IdMismatch(birth_year=year_wrong, sex=sex_wrong)
