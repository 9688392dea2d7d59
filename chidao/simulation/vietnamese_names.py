"""Vietnamese personal-name vocabularies for the register generator, with rough frequency weights.

Kinh surnames follow the well-known national shares (Nguyễn about 38 %, Trần, Lê, Phạm …; Huỳnh and Võ are the
central and southern forms of Hoàng and Vũ, common in the former Bình Định); ethnic-minority names are those
common in Gia Lai (Jrai: Rơ Mah, Ksor, Siu, Rơ Châm, Kpă, Nay, Puih …; Bahnar: Đinh). Weights are relative,
not statistics. Every string is NFC (a test checks it).

``GIVEN_SLIPS`` maps a given name to a look-alike that differs only in diacritics ("Hưng" → "Hùng"): equal
after folding, different as written — the "sai dấu" fault. Names without a natural look-alike have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pyarrow.compute as pc

from chidao.simulation.arrow import strings_from_codes

__all__ = [
    "FEMALE_GIVEN",
    "FEMALE_MIDDLE",
    "GIVEN_SLIPS",
    "KINH_SURNAMES",
    "MALE_GIVEN",
    "MALE_MIDDLE",
    "MINORITY_FEMALE_GIVEN",
    "MINORITY_MALE_GIVEN",
    "MINORITY_SURNAMES",
    "NameVocabulary",
]

Weighted = tuple[tuple[str, float], ...]

KINH_SURNAMES: Final[Weighted] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 2.5),
    ("Huỳnh", 3.0),
    ("Phan", 4.5),
    ("Vũ", 1.5),
    ("Võ", 4.0),
    ("Đặng", 2.0),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đoàn", 0.8),
    ("Trương", 1.0),
    ("Đinh", 0.5),
    ("Lâm", 0.4),
    ("Mai", 0.4),
    ("Hà", 0.5),
    ("Cao", 0.4),
    ("Lương", 0.4),
    ("Châu", 0.3),
    ("Thái", 0.3),
    ("Tô", 0.3),
    ("Tạ", 0.2),
)

MINORITY_SURNAMES: Final[Weighted] = (
    ("Đinh", 14.0),
    ("Ksor", 12.0),
    ("Rơ Mah", 10.0),
    ("Siu", 10.0),
    ("Rơ Châm", 7.0),
    ("Kpă", 7.0),
    ("Nay", 6.0),
    ("Puih", 5.0),
    ("Rơ Lan", 4.0),
    ("Rah Lan", 3.0),
    ("Kpuih", 3.0),
    ("Rcom", 3.0),
    ("Hiao", 2.0),
)

MALE_MIDDLE: Final[Weighted] = (
    ("Văn", 30.0),
    ("Minh", 10.0),
    ("Đức", 8.0),
    ("Hữu", 6.0),
    ("Quốc", 6.0),
    ("Thanh", 6.0),
    ("Công", 5.0),
    ("Quang", 5.0),
    ("Đình", 4.0),
    ("Tấn", 4.0),
    ("Ngọc", 3.0),
    ("Xuân", 3.0),
    ("Anh", 3.0),
    ("Trọng", 3.0),
    ("Thành", 3.0),
    ("Gia", 2.0),
)

FEMALE_MIDDLE: Final[Weighted] = (
    ("Thị", 45.0),
    ("Ngọc", 8.0),
    ("Thanh", 6.0),
    ("Thu", 5.0),
    ("Kim", 5.0),
    ("Minh", 4.0),
    ("Mỹ", 3.0),
    ("Bích", 3.0),
    ("Hồng", 3.0),
    ("Thùy", 3.0),
    ("Phương", 3.0),
    ("Khánh", 2.0),
)

MALE_GIVEN: Final[Weighted] = (
    ("Hưng", 4.0),
    ("Hùng", 4.0),
    ("Dũng", 4.0),
    ("Minh", 5.0),
    ("Tuấn", 4.0),
    ("Nam", 4.0),
    ("Long", 3.0),
    ("Phong", 2.0),
    ("Quang", 2.0),
    ("Sơn", 3.0),
    ("Thắng", 3.0),
    ("Trung", 3.0),
    ("Hải", 3.0),
    ("Hoàng", 2.0),
    ("Khoa", 2.0),
    ("Khánh", 2.0),
    ("Bảo", 2.0),
    ("Huy", 4.0),
    ("Đức", 3.0),
    ("Phúc", 2.0),
    ("An", 3.0),
    ("Bình", 2.0),
    ("Cường", 3.0),
    ("Đạt", 3.0),
    ("Hiếu", 2.0),
    ("Lâm", 1.0),
    ("Lợi", 1.0),
    ("Nghĩa", 2.0),
    ("Tài", 2.0),
    ("Thành", 3.0),
    ("Thịnh", 2.0),
    ("Tiến", 2.0),
    ("Toàn", 2.0),
    ("Trí", 2.0),
    ("Tùng", 2.0),
    ("Việt", 2.0),
    ("Vinh", 2.0),
    ("Vũ", 2.0),
    ("Tâm", 1.0),
    ("Lực", 1.0),
)

FEMALE_GIVEN: Final[Weighted] = (
    ("Lan", 4.0),
    ("Hương", 4.0),
    ("Hoa", 3.0),
    ("Mai", 3.0),
    ("Linh", 4.0),
    ("Trang", 4.0),
    ("Thảo", 4.0),
    ("Hằng", 3.0),
    ("Ngọc", 3.0),
    ("Nhung", 2.0),
    ("Phương", 3.0),
    ("Thủy", 3.0),
    ("Yến", 2.0),
    ("Hạnh", 2.0),
    ("Hiền", 2.0),
    ("Huyền", 3.0),
    ("Loan", 2.0),
    ("Ly", 2.0),
    ("Nga", 2.0),
    ("Nhàn", 1.0),
    ("Oanh", 1.0),
    ("Quyên", 1.0),
    ("Tâm", 2.0),
    ("Thư", 2.0),
    ("Trinh", 2.0),
    ("Uyên", 2.0),
    ("Vân", 2.0),
    ("Xuân", 2.0),
    ("Anh", 4.0),
    ("Châu", 1.0),
    ("Giang", 2.0),
    ("Hà", 3.0),
    ("Hồng", 2.0),
    ("My", 2.0),
    ("Nhi", 3.0),
    ("Quỳnh", 2.0),
)

MINORITY_MALE_GIVEN: Final[Weighted] = (
    ("Blơng", 2.0),
    ("Phơn", 2.0),
    ("Thuyết", 2.0),
    ("Nhoi", 1.0),
    ("Blui", 1.0),
    ("Kha", 2.0),
    ("Yơn", 2.0),
    ("Byưh", 1.0),
    ("Hyưn", 1.0),
    ("Djuh", 1.0),
    ("Plih", 1.0),
    ("Dơng", 1.0),
    ("Thoan", 1.0),
    ("Hưng", 1.0),
    ("Tiến", 1.0),
)

MINORITY_FEMALE_GIVEN: Final[Weighted] = (
    ("H'Mai", 2.0),
    ("H'Bia", 2.0),
    ("H'Lim", 1.0),
    ("H'Hen", 1.0),
    ("H'Nga", 1.0),
    ("H'Yen", 1.0),
    ("H'Luin", 1.0),
    ("H'Ngheo", 1.0),
    ("Hyang", 1.0),
    ("Nhăk", 1.0),
    ("Blưn", 1.0),
    ("Hlên", 1.0),
)

GIVEN_SLIPS: Final = {
    "Hưng": "Hùng",
    "Hùng": "Hưng",
    "Dũng": "Dung",
    "Tuấn": "Tuân",
    "Sơn": "Son",
    "Thắng": "Thăng",
    "Hải": "Hài",
    "Hoàng": "Hoang",
    "Khánh": "Khanh",
    "Bảo": "Bao",
    "Đức": "Đúc",
    "Phúc": "Phục",
    "Bình": "Bính",
    "Cường": "Cương",
    "Đạt": "Đat",
    "Hiếu": "Hiêu",
    "Lâm": "Lam",
    "Lợi": "Lời",
    "Nghĩa": "Nghìa",
    "Tài": "Tại",
    "Thành": "Thanh",
    "Thịnh": "Thinh",
    "Tiến": "Tiên",
    "Toàn": "Toan",
    "Trí": "Tri",
    "Tùng": "Tung",
    "Việt": "Viết",
    "Vũ": "Vu",
    "Tâm": "Tầm",
    "Lực": "Lức",
    "Lan": "Lân",
    "Hương": "Hường",
    "Mai": "Mại",
    "Thảo": "Thao",
    "Hằng": "Hàng",
    "Ngọc": "Ngoc",
    "Phương": "Phượng",
    "Thủy": "Thùy",
    "Yến": "Yên",
    "Hạnh": "Hanh",
    "Hiền": "Hiên",
    "Huyền": "Huyên",
    "Nhàn": "Nhân",
    "Quyên": "Quyền",
    "Thư": "Thu",
    "Uyên": "Uyển",
    "Vân": "Văn",
    "Xuân": "Xuan",
    "Anh": "Ánh",
    "Châu": "Chầu",
    "Hà": "Ha",
    "Hồng": "Hông",
    "My": "Mỹ",
    "Quỳnh": "Quynh",
    "Thuyết": "Thuyêt",
    "Phơn": "Phon",
    "Yơn": "Yon",
    "H'Nga": "H'Ngà",
}
"""Given name → a look-alike differing only in diacritics (the "sai dấu" fault)."""


def _pick(rng: np.random.Generator, items: Sequence[tuple[str, float]], n: int, offset: int) -> np.ndarray:
    weights = np.array([weight for _, weight in items], dtype=float)
    picked: np.ndarray = rng.choice(len(items), n, p=weights / weights.sum()) + offset
    return picked


@dataclass(frozen=True)
class NameVocabulary:
    """Name parts as one list each (rows hold indices), with the slip of every given name (-1: none).

    Surnames and middle names carry their trailing space (the empty middle name is index 0), so a full name
    is the three parts joined without a separator.
    """

    surnames: tuple[str, ...]
    middles: tuple[str, ...]
    givens: tuple[str, ...]
    slips: np.ndarray

    @classmethod
    def build(cls) -> NameVocabulary:
        """The vocabulary of this module's lists; the slips are appended to the given names."""
        surnames = tuple(name + " " for name, _ in KINH_SURNAMES + MINORITY_SURNAMES)
        middles = ("", *(name + " " for name, _ in MALE_MIDDLE + FEMALE_MIDDLE))
        given_lists = MALE_GIVEN + FEMALE_GIVEN + MINORITY_MALE_GIVEN + MINORITY_FEMALE_GIVEN
        givens = [name for name, _ in given_lists]
        slips = []
        for name in list(givens):
            slip = GIVEN_SLIPS.get(name)
            if slip is None:
                slips.append(-1)
            else:
                slips.append(len(givens))
                givens.append(slip)
        return cls(surnames, middles, tuple(givens), np.array(slips, dtype=np.int64))

    def draw(
        self, rng: np.random.Generator, female: np.ndarray, minority: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Surname, middle and given-name indices per person, by weight, sex and group.

        Kinh: a middle name by sex; ethnic minorities: none for 70 %, else Văn / Thị.
        """
        n = len(female)
        kinh_count, male_middle_count = len(KINH_SURNAMES), len(MALE_MIDDLE)
        surname = np.where(
            minority, _pick(rng, MINORITY_SURNAMES, n, kinh_count), _pick(rng, KINH_SURNAMES, n, 0)
        )
        kinh_middle = np.where(
            female, _pick(rng, FEMALE_MIDDLE, n, 1 + male_middle_count), _pick(rng, MALE_MIDDLE, n, 1)
        )
        minority_middle = np.where(rng.random(n) < 0.7, 0, np.where(female, 1 + male_middle_count, 1))
        middle = np.where(minority, minority_middle, kinh_middle)
        offsets = np.cumsum([0, len(MALE_GIVEN), len(FEMALE_GIVEN), len(MINORITY_MALE_GIVEN)])
        given = np.where(
            minority,
            np.where(
                female,
                _pick(rng, MINORITY_FEMALE_GIVEN, n, int(offsets[3])),
                _pick(rng, MINORITY_MALE_GIVEN, n, int(offsets[2])),
            ),
            np.where(female, _pick(rng, FEMALE_GIVEN, n, int(offsets[1])), _pick(rng, MALE_GIVEN, n, 0)),
        )
        return surname, middle, given

    def full_names(self, surname: np.ndarray, middle: np.ndarray, given: np.ndarray) -> Any:
        """The full names (an Arrow string array) of the index arrays."""
        return pc.binary_join_element_wise(
            strings_from_codes(surname, self.surnames),
            strings_from_codes(middle, self.middles),
            strings_from_codes(given, self.givens),
            "",
        )
