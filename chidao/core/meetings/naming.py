"""The Vietnamese names of a committee meeting and of the plan its conclusions are counted under."""

from __future__ import annotations

import datetime as dt
from typing import Final

# "lần thứ nhất", "lần thứ hai"… as the press and the notices write them; from 11 on, the number.
_ORDINALS: Final = {
    1: "nhất",
    2: "hai",
    3: "ba",
    4: "tư",
    5: "năm",
    6: "sáu",
    7: "bảy",
    8: "tám",
    9: "chín",
    10: "mười",
}


def ordinal_vi(number: int) -> str:
    """ "thứ nhất", "thứ tư", "thứ 11": the ordinal of a meeting within its year."""
    if number < 1:
        raise ValueError(f"Số thứ tự phiên họp phải từ 1 trở lên, không phải {number}")
    return f"thứ {_ORDINALS.get(number, str(number))}"


def meeting_title(held_on: dt.date, sequence_in_year: int | None) -> str:
    """The usual name of a meeting: "Phiên họp lần thứ nhất năm 2026", or "Phiên họp ngày 26/12/2025" when its
    ordinal within the year is not known."""
    if sequence_in_year:
        return f"Phiên họp lần {ordinal_vi(sequence_in_year)} năm {held_on.year}"
    return f"Phiên họp ngày {held_on:%d/%m/%Y}"


def conclusions_plan_code(held_on: dt.date) -> str:
    """The code of the plan that groups a meeting's conclusions: "TB-03-03-2026" for the meeting of 03/03/2026."""
    return f"TB-{held_on:%d-%m-%Y}"


def conclusions_plan_name(held_on: dt.date) -> str:
    """ "Kết luận phiên họp ngày 03/03/2026": the plan under which the tasks of a notice are counted."""
    return f"Kết luận phiên họp ngày {held_on:%d/%m/%Y}"
