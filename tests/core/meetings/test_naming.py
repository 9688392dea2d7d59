"""The Vietnamese names of a meeting and of the plan of its conclusions."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.core.meetings.naming import (
    conclusions_plan_code,
    conclusions_plan_name,
    meeting_title,
    ordinal_vi,
)

MEETING_DAY = dt.date(2026, 3, 3)


@pytest.mark.parametrize(
    ("number", "ordinal"), [(1, "thứ nhất"), (2, "thứ hai"), (4, "thứ tư"), (10, "thứ mười"), (11, "thứ 11")]
)
def test_ordinals_are_written_as_the_notices_write_them(number, ordinal):
    assert ordinal_vi(number) == ordinal


def test_an_ordinal_starts_at_one():
    with pytest.raises(ValueError, match="từ 1"):
        ordinal_vi(0)


def test_a_meeting_is_named_by_its_ordinal_in_the_year_or_by_its_day():
    assert meeting_title(MEETING_DAY, 1) == "Phiên họp lần thứ nhất năm 2026"
    assert meeting_title(dt.date(2025, 12, 26), None) == "Phiên họp ngày 26/12/2025"


def test_the_plan_of_the_conclusions_is_named_after_the_meeting_day():
    assert conclusions_plan_code(MEETING_DAY) == "TB-03-03-2026"
    assert conclusions_plan_name(MEETING_DAY) == "Kết luận phiên họp ngày 03/03/2026"
