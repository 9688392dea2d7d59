"""Conclusions → tasks in one step: every row becomes a task with its "6 rõ" and the notice as its source, or, if
one row is refused, nothing is created and each refused row and field says why."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.apps.audit.models import AuditEvent
from chidao.apps.meetings.conclusion_rows import ConclusionRow, ConclusionRowsError, conclusions_check
from chidao.apps.meetings.services import conclusions_to_tasks
from chidao.apps.programmes.models import Plan, Task
from chidao.apps.programmes.selectors import six_clear_missing
from tests.apps.meetings.conftest import NOTICE_DAY
from tests.factories.programmes import PlanFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

END_OF_APRIL = dt.date(2026, 4, 30)
END_OF_Q2 = dt.date(2026, 6, 30)


@pytest.fixture
def rows(department, commune, chair, authority):
    return [
        ConclusionRow(
            item="1",
            title="Xây dựng Kế hoạch tăng tốc chuyển đổi số toàn diện năm 2026",
            lead_unit=department,
            coordinating_units=(commune,),
            responsible_person=chair,
            deadline="trước 30/4/2026",
            product_type=Task.ProductType.DOCUMENT,
            product_description="Kế hoạch của UBND tỉnh",
            authority=authority,
            content="Sở KH&CN chủ trì xây dựng Kế hoạch …, hoàn thành trước 30/4/2026.",
        ),
        ConclusionRow(
            item="2.a",
            title="Kết nối dữ liệu các xã, phường với Trung tâm giám sát, điều hành thông minh",
            lead_unit=commune,
            deadline="Quý II/2026",
            product_type=Task.ProductType.SYSTEM,
            product_description="Kết nối đã vận hành",
            authority=authority,
        ),
    ]


def give(meeting, rows, areas, users_by_role):
    return conclusions_to_tasks(actor=users_by_role["secretariat"], meeting=meeting, rows=rows, areas=areas)


def test_each_conclusion_becomes_a_task_with_its_six_clear_and_its_source(
    noticed_meeting, rows, areas, users_by_role, department, commune, chair, authority
):
    # when
    tasks = give(noticed_meeting, rows, areas, users_by_role)

    # then there is one task per row, coded after the meeting's plan and the item
    assert [task.code for task in tasks] == ["TB-03-03-2026-1", "TB-03-03-2026-2.a"]
    first, second = (Task.objects.get(pk=task.pk) for task in tasks)
    # with its "6 rõ"
    assert (first.lead_unit, list(first.coordinating_units.all()), first.responsible_person) == (
        department,
        [commune],
        chair,
    )
    assert (first.original_deadline, first.deadline, first.deadline_text) == (
        END_OF_APRIL,
        END_OF_APRIL,
        "trước 30/4/2026",
    )
    assert (first.product_type, first.product_description, first.authority) == (
        "document",
        "Kế hoạch của UBND tỉnh",
        authority,
    )
    assert six_clear_missing(first) == ()
    assert first.content.endswith("hoàn thành trước 30/4/2026.")
    # a period is due on its last day; a row without a person misses only "rõ người"
    assert (second.original_deadline, second.deadline_text) == (END_OF_Q2, "Quý II/2026")
    assert [item.value for item in six_clear_missing(second)] == ["person"]
    # and its source is the notice, item by item, assigned on the notice's day, by the province
    notice = noticed_meeting.conclusion_notice
    assert {(t.source_document_id, t.source_item, t.assigned_on, t.origin) for t in (first, second)} == {
        (notice.pk, "1", NOTICE_DAY, Task.Origin.PROVINCE),
        (notice.pk, "2.a", NOTICE_DAY, Task.Origin.PROVINCE),
    }
    # in the areas chosen once, under the plan made for the notice
    plan = Plan.objects.get(source_document=notice)
    assert (plan.code, plan.name, plan.year) == ("TB-03-03-2026", "Kết luận phiên họp ngày 03/03/2026", 2026)
    assert {tuple(t.plans.all()) for t in (first, second)} == {(plan,)}
    assert {tuple(t.areas.all()) for t in (first, second)} == {tuple(areas)}
    # with its status stored, as for any task
    assert first.status_bucket == Task.Bucket.IN_PROGRESS_ON_TIME
    assert first.status_as_of is not None


def test_the_batch_is_audited_as_any_task_and_once_for_the_meeting(
    noticed_meeting, rows, areas, users_by_role
):
    # when
    tasks = give(noticed_meeting, rows, areas, users_by_role)

    # then each task has its task.create row, the plan and the batch their meeting rows
    created = AuditEvent.objects.filter(action="task.create").values_list("object_id", flat=True)
    assert sorted(created) == sorted(str(task.pk) for task in tasks)
    batch = AuditEvent.objects.filter(action="meeting.conclusions_to_tasks")
    assert sorted(batch.values_list("object_type", flat=True)) == ["meetings.meeting", "programmes.plan"]
    summary = batch.get(object_type="meetings.meeting")
    assert summary.after["tasks"] == ["TB-03-03-2026-1", "TB-03-03-2026-2.a"]
    assert summary.actor == users_by_role["secretariat"]


def test_one_refused_row_creates_nothing_and_each_row_says_why(
    noticed_meeting, rows, areas, users_by_role, outsider
):
    # given a batch whose second row lacks its lead unit and has an unreadable deadline, and a third row with a
    # person from another province, a deadline before the notice and no authority
    bad_second = ConclusionRow(**{**rows[1].__dict__, "lead_unit": None, "deadline": "trước Quý II/2026"})
    third = ConclusionRow(
        item="3",
        title="Rà soát chỉ tiêu Đề án 06",
        lead_unit=rows[0].lead_unit,
        responsible_person=outsider,
        deadline="01/03/2026",
        product_type=Task.ProductType.REPORT,
        product_description="Báo cáo",
    )

    # when
    with pytest.raises(ConclusionRowsError) as excinfo:
        give(noticed_meeting, [rows[0], bad_second, third], areas, users_by_role)

    # then no task, no plan
    assert not Task.objects.exists()
    assert not Plan.objects.exists()
    # and the messages are by row (0-based) and field; the good first row has none
    errors = excinfo.value.check.row_errors
    assert sorted(errors) == [1, 2]
    assert set(errors[1]) == {"lead_unit", "deadline"}
    assert "chưa rõ ngày" in errors[1]["deadline"][0]
    assert set(errors[2]) == {"responsible_person", "deadline", "authority"}
    assert errors[2]["deadline"] == ["Thời hạn 01/03/2026 trước ngày giao 09/03/2026 (ngày thông báo)."]
    # and the whole message lists them with their row and field
    assert "Dòng 2 – Đơn vị chủ trì: Chưa chọn đơn vị chủ trì." in excinfo.value.messages


def test_a_conclusion_given_before_is_not_given_twice(noticed_meeting, rows, areas, users_by_role):
    # given the batch given once
    first = give(noticed_meeting, rows, areas, users_by_role)

    # when the same rows are sent again
    with pytest.raises(ConclusionRowsError) as excinfo:
        give(noticed_meeting, rows, areas, users_by_role)

    # then each row names the task it already became, and nothing more exists
    assert excinfo.value.check.row_errors[0]["item"] == [
        f"Kết luận mục 1 đã được giao thành nhiệm vụ {first[0].code}."
    ]
    assert Task.objects.count() == len(rows)


def test_the_same_item_twice_in_a_batch_is_refused(noticed_meeting, rows, areas, users_by_role):
    twice = [rows[0], ConclusionRow(**{**rows[1].__dict__, "item": "1"})]
    with pytest.raises(ConclusionRowsError) as excinfo:
        give(noticed_meeting, twice, areas, users_by_role)
    assert excinfo.value.check.row_errors == {1: {"item": ["Trùng số thứ tự với dòng 1."]}}


def test_a_recurring_conclusion_gets_its_cadence(noticed_meeting, rows, areas, users_by_role):
    # given a conclusion to report every quarter
    recurring = ConclusionRow(**{**rows[1].__dict__, "deadline": "hằng quý"})
    # when
    (task,) = give(noticed_meeting, [recurring], areas, users_by_role)
    # then
    assert (task.kind, task.cadence, task.original_deadline) == (Task.Kind.RECURRING, "quarterly", None)


def test_a_recurring_conclusion_without_cadence_is_refused(noticed_meeting, rows, areas, users_by_role):
    recurring = ConclusionRow(**{**rows[1].__dict__, "deadline": "Thường xuyên"})
    with pytest.raises(ConclusionRowsError) as excinfo:
        give(noticed_meeting, [recurring], areas, users_by_role)
    assert "chu kỳ báo cáo" in excinfo.value.check.row_errors[0]["deadline"][0]


def test_the_plan_of_the_notice_is_reused(noticed_meeting, rows, areas, users_by_role):
    # given the notice already has its plan (as in the demo: TB-03-03-2026)
    plan = PlanFactory(code="KL-2026-03", source_document=noticed_meeting.conclusion_notice)
    # when
    tasks = give(noticed_meeting, rows[:1], areas, users_by_role)
    # then the tasks are counted under it and coded after it
    assert [list(task.plans.all()) for task in tasks] == [[plan]]
    assert tasks[0].code == "KL-2026-03-1"
    assert Plan.objects.count() == 1


def test_a_plan_code_taken_by_another_document_gets_a_suffix(noticed_meeting, rows, areas, users_by_role):
    # given a plan of another document with the code the meeting's plan would take
    PlanFactory(code="TB-03-03-2026")
    # when
    (task,) = give(noticed_meeting, rows[:1], areas, users_by_role)
    # then
    assert task.code == "TB-03-03-2026-2-1"
    assert Plan.objects.get(source_document=noticed_meeting.conclusion_notice).code == "TB-03-03-2026-2"


def test_without_a_notice_or_an_area_or_a_row_the_batch_is_refused(meeting, rows, users_by_role):
    # when the meeting has no notice, no area is chosen and no row is sent
    check = conclusions_check(meeting, [], [])
    # then the batch says all three
    assert not check.ok
    assert check.batch_errors == {
        "__all__": [
            "Phiên họp chưa có thông báo kết luận: hãy ghi thông báo trước.",
            "Chưa có kết luận nào để giao.",
        ],
        "areas": ["Chọn ít nhất một lĩnh vực cho các nhiệm vụ."],
    }
    with pytest.raises(ConclusionRowsError):
        give(meeting, rows, [], users_by_role)
    assert not Task.objects.exists()


def test_a_lead_unit_closed_before_the_notice_is_refused(
    noticed_meeting, rows, areas, users_by_role, department
):
    # given the department closed before the notice's day
    department.valid_to = dt.date(2026, 3, 1)
    department.save()
    # when
    with pytest.raises(ConclusionRowsError) as excinfo:
        give(noticed_meeting, rows[:1], areas, users_by_role)
    # then
    assert "không còn hoạt động vào ngày giao 09/03/2026" in excinfo.value.check.row_errors[0]["lead_unit"][0]
