"""Fixtures of the dashboard tests: a clock frozen on Monday 16/03/2026 and a small province with a story.

The story (dates in 2026 unless said): the commune An Nhơn leads a task overdue since 02/03, one due on
18/03 (due soon), one completed on time on 20/02, and a monthly report it never sent; the other commune leads
a task overdue since 27/02; the department leads a task due at the end of the year. The committee met on
29/12/2025 and 03/03/2026. An Nhơn's chair changed on 10/03.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = dt.date(2026, 3, 16)
MEETING = dt.date(2026, 3, 3)
EARLIER_MEETING = dt.date(2025, 12, 29)
OLD_HEAD = "Nguyễn Văn Cũ"
NEW_HEAD = "Trần Thị Mới"


@pytest.fixture
def frozen_today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=VN), tick=False) as traveller:
        yield traveller


def complete(users, task, evidence_date: dt.date) -> None:
    """The lead unit reports completion with evidence dated `evidence_date`; head and secretariat agree."""
    from chidao.apps.programmes.services import report_approve_by_head, report_confirm, report_submit

    report = report_submit(
        actor=None, task=task, percent=100, evidence_number="7/BC", evidence_date=evidence_date
    )
    report_approve_by_head(actor=users["unit_head"], report=report)
    report_confirm(actor=users["secretariat"], report=report)


@pytest.fixture
def committee(province):
    from chidao.apps.organisation.models import Committee

    return Committee.objects.create(
        code="BCD57",
        name="Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh",
        short_name="Ban Chỉ đạo",
        parent_unit=province,
        valid_from=dt.date(2025, 7, 1),
    )


def meeting_on(committee, day: dt.date, title: str = "Phiên họp định kỳ"):
    from chidao.apps.meetings.models import Meeting

    return Meeting.objects.create(committee=committee, held_on=day, title=f"{title} {day:%d/%m/%Y}")


@pytest.fixture
def story(frozen_today, users_by_role, commune, other_commune, department, committee):
    """The tasks, heads and meetings of the module docstring; returns the tasks by name."""
    from tests.factories.organisation import HeadAssignmentFactory, PersonFactory
    from tests.factories.programmes import AreaFactory, PhaseFactory, PlanFactory, make_task

    nq57 = AreaFactory(order=1)
    da06 = AreaFactory(code="da06", name="Đề án 06", order=2)
    plan = PlanFactory(code="KH-2026", name="Kế hoạch năm 2026")
    phase = PhaseFactory(
        code="dot-pha", name="Giai đoạn đột phá", start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)
    )
    assigned = dt.date(2026, 1, 5)
    tasks = {
        "overdue": make_task(
            lead_unit=commune,
            original_deadline=dt.date(2026, 3, 2),
            title="Số hóa hồ sơ hộ tịch",
            areas=[nq57],
            plans=[plan],
            phases=[phase],
            assigned_on=assigned,
        ),
        "due_soon": make_task(
            lead_unit=commune,
            original_deadline=dt.date(2026, 3, 18),
            title="Kết nối dữ liệu dân cư",
            areas=[da06],
            assigned_on=assigned,
        ),
        "done": make_task(
            lead_unit=commune,
            original_deadline=dt.date(2026, 2, 27),
            title="Ban hành kế hoạch chuyển đổi số",
            areas=[nq57, da06],
            plans=[plan],
            phases=[phase],
            assigned_on=assigned,
        ),
        "recurring": make_task(
            lead_unit=commune,
            original_deadline=None,
            kind="recurring",
            cadence="monthly",
            title="Báo cáo tiến độ hằng tháng",
            areas=[nq57],
            assigned_on=dt.date(2026, 1, 1),
        ),
        "other": make_task(
            lead_unit=other_commune,
            original_deadline=dt.date(2026, 2, 27),
            title="Xây dựng cơ sở dữ liệu đất đai",
            areas=[nq57],
            assigned_on=assigned,
        ),
        "department": make_task(
            lead_unit=department,
            original_deadline=dt.date(2026, 12, 31),
            title="Đề án trung tâm dữ liệu",
            areas=[nq57],
            assigned_on=assigned,
        ),
        "undated": make_task(lead_unit=department, original_deadline=None, title="Chưa rõ thời hạn"),
    }
    complete(users_by_role, tasks["done"], dt.date(2026, 2, 20))
    HeadAssignmentFactory(
        unit=commune,
        person=PersonFactory(name=OLD_HEAD),
        title="Chủ tịch UBND xã",
        valid_from=dt.date(2025, 7, 1),
        valid_to=dt.date(2026, 3, 10),
    )
    HeadAssignmentFactory(
        unit=commune,
        person=PersonFactory(name=NEW_HEAD),
        title="Chủ tịch UBND xã",
        valid_from=dt.date(2026, 3, 10),
    )
    meeting_on(committee, EARLIER_MEETING)
    meeting_on(committee, MEETING)
    return tasks
