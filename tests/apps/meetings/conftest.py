"""Fixtures of the meeting tests: the committee of the fixture province, its chair and a member, a clock frozen
on the day after the meeting, a recorded meeting and its conclusions notice.

Kept here rather than in tests/factories while the meetings app is young: only these tests use them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
MEETING_DAY = dt.date(2026, 3, 3)  # Tuesday
NOTICE_DAY = dt.date(2026, 3, 9)
TODAY = dt.date(2026, 3, 10)
NOTICE_NUMBER = "15/TB-BCĐ"
COMMITTEE_FROM = dt.date(2025, 7, 1)


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=VN), tick=False) as traveller:
        yield traveller


@pytest.fixture
def committee(province):
    from chidao.apps.organisation.models import Committee

    return Committee.objects.create(
        code="BCD-THU",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        short_name="BCĐ KHCN",
        parent_unit=province,
        valid_from=COMMITTEE_FROM,
    )


@pytest.fixture
def chair(province):
    from tests.factories.organisation import PersonFactory

    return PersonFactory(name="Phạm Anh Tuấn", title="Chủ tịch UBND tỉnh", unit=province)


@pytest.fixture
def deputy(province):
    from tests.factories.organisation import PersonFactory

    return PersonFactory(name="Lâm Hải Giang", title="Phó Chủ tịch UBND tỉnh", unit=province)


@pytest.fixture
def member(committee):
    """A committee member recorded without a unit: eligible by the seat alone."""
    from chidao.apps.organisation.models import CommitteeMembership
    from tests.factories.organisation import PersonFactory

    person = PersonFactory(name="Nguyễn Văn Thành", title="Giám đốc Sở Khoa học và Công nghệ")
    CommitteeMembership.objects.create(
        committee=committee,
        person=person,
        role=CommitteeMembership.Role.MEMBER,
        position_text="Giám đốc Sở Khoa học và Công nghệ",
        valid_from=COMMITTEE_FROM,
    )
    return person


@pytest.fixture
def outsider(db):
    """A person of another province: neither on the committee nor in the province's units."""
    from tests.factories.organisation import PersonFactory, ProvinceUnitFactory

    elsewhere = ProvinceUnitFactory(code="01", name="UBND thành phố Hà Nội")
    return PersonFactory(name="Trần Văn Khách", title="Chuyên gia", unit=elsewhere)


@pytest.fixture
def areas(db):
    from tests.factories.programmes import AreaFactory

    return [AreaFactory(code="cds", name="Chuyển đổi số")]


@pytest.fixture
def authority(db):
    from tests.factories.programmes import AuthorityFactory

    return AuthorityFactory()


@pytest.fixture
def meeting(committee, chair, deputy, member, users_by_role, frozen_today):
    from chidao.apps.meetings.services import meeting_create

    return meeting_create(
        actor=users_by_role["secretariat"],
        committee=committee,
        held_on=MEETING_DAY,
        sequence_in_year=1,
        chair=chair,
        co_chairs=[deputy],
        attendees=[member],
        agenda="Kết quả năm 2025\nNhiệm vụ năm 2026",
        proposals="Chấn chỉnh tiến độ các nhiệm vụ còn chậm",
    )


@pytest.fixture
def noticed_meeting(meeting, users_by_role):
    from chidao.apps.meetings.services import meeting_attach_notice

    meeting_attach_notice(
        actor=users_by_role["secretariat"], meeting=meeting, number_symbol=NOTICE_NUMBER, issued_on=NOTICE_DAY
    )
    meeting.refresh_from_db()
    return meeting
