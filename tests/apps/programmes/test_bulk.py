"""Bulk actions on a filtered task list: a preview count with the refused tasks and their reasons, then one
transaction with an audit row per task (đôn đốc, extend, reassign, confirm, return)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from chidao.apps.audit.models import AuditEvent
from chidao.apps.notifications.models import Notification
from chidao.apps.programmes.bulk_preview import (
    DECIDED,
    NO_REPORT_TO_CONFIRM,
    NO_REPORT_TO_RETURN,
    NOT_FOUND,
    NOT_SECRETARIAT,
    NOT_TIME_BOUND,
)
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.services import report_approve_by_head, report_submit, task_suspend
from chidao.apps.programmes.services.bulk import BulkAction, tasks_bulk_apply, tasks_bulk_preview
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

NEW_DEADLINE = dt.date(2026, 4, 30)
REASON = "Chờ bố trí kinh phí"
RETURN_REASON = "Minh chứng chưa đúng sản phẩm."


@pytest.fixture
def open_tasks(commune, frozen_today):
    return [make_task(lead_unit=commune, original_deadline=DEADLINE) for _ in range(2)]


@pytest.fixture
def suspended_task(users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    return task_suspend(actor=users_by_role["secretariat"], task=task, on=TODAY, decision_text="QĐ 5/QĐ-BCĐ")


def approved_completion(users, task: Task) -> ProgressReport:
    report = report_submit(
        actor=users["unit_officer"],
        task=task,
        percent=100,
        evidence_number="15/BC-UBND",
        evidence_date=TODAY,
    )
    return report_approve_by_head(actor=users["unit_head"], report=report)


def rows(action: str) -> list[str]:
    return sorted(
        AuditEvent.objects.filter(action=action, object_type="programmes.task").values_list(
            "object_id", flat=True
        )
    )


def ids(tasks: list[Task]) -> list[str]:
    return sorted(str(task.pk) for task in tasks)


def test_the_preview_counts_the_tasks_and_gives_each_refusal_its_reason(
    users_by_role, open_tasks, suspended_task
):
    # given two open tasks, a suspended one, an unknown id and a mistyped one
    chosen = [*(task.pk for task in open_tasks), suspended_task.pk, 999_999, "abc", open_tasks[0].pk]
    # when
    preview = tasks_bulk_preview(users_by_role["secretariat"], chosen, BulkAction.URGE)
    # then
    assert preview.count == len(open_tasks)
    assert preview.task_ids == tuple(task.pk for task in open_tasks)
    assert [(r.task_id, r.reason) for r in preview.refused] == [
        (suspended_task.pk, DECIDED),
        (999_999, NOT_FOUND),
        ("abc", NOT_FOUND),
    ]


def test_only_the_secretariat_may_act_and_others_scopes_stay_hidden(
    users_by_role, open_tasks, other_commune, frozen_today
):
    # given a task of another commune, outside the unit head's scope
    elsewhere = make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    # when
    preview = tasks_bulk_preview(users_by_role["unit_head"], [open_tasks[0].pk, elsewhere.pk], "urge")
    # then
    assert preview.count == 0
    assert [(r.task_id, r.reason) for r in preview.refused] == [
        (open_tasks[0].pk, NOT_SECRETARIAT),
        (elsewhere.pk, NOT_FOUND),
    ]


def test_a_refused_task_is_not_applied(users_by_role, open_tasks, suspended_task):
    # when
    result = tasks_bulk_apply(
        actor=users_by_role["unit_officer"],
        task_ids=[task.pk for task in open_tasks],
        action=BulkAction.EXTEND,
        params={"new_deadline": NEW_DEADLINE, "reason": REASON},
    )
    # then
    assert result.applied == ()
    assert not AuditEvent.objects.filter(action="task.extend").exists()


def test_urging_notifies_the_lead_unit_and_writes_a_row_per_task(users_by_role, open_tasks, suspended_task):
    # given the unit's officer and head (by role) as recipients
    recipients = {users_by_role["unit_officer"].pk, users_by_role["unit_head"].pk}
    chosen = [*(task.pk for task in open_tasks), suspended_task.pk]
    # when
    result = tasks_bulk_apply(
        actor=users_by_role["secretariat"],
        task_ids=chosen,
        action="urge",
        params={"note": "Báo cáo trước 10/03."},
    )
    tasks_bulk_apply(actor=users_by_role["secretariat"], task_ids=chosen, action="urge")
    # then urging twice the same day tells no one twice, but each urging is recorded
    assert result.applied == tuple(task.pk for task in open_tasks)
    assert [r.task_id for r in result.refused] == [suspended_task.pk]
    urged = Notification.objects.filter(kind="task.urge")
    assert {n.recipient_id for n in urged} == recipients
    assert urged.count() == len(recipients) * len(open_tasks)
    assert rows("task.urge") == sorted(ids(open_tasks) * 2)


def test_extending_in_bulk_extends_each_task_with_its_history_and_row(
    users_by_role, open_tasks, frozen_today
):
    # given one task already extended beyond the new deadline: the service refuses it
    later = make_task(lead_unit=open_tasks[0].lead_unit, original_deadline=dt.date(2026, 6, 30))
    recurring = make_task(
        lead_unit=open_tasks[0].lead_unit, original_deadline=None, kind="recurring", cadence="monthly"
    )
    # when
    result = tasks_bulk_apply(
        actor=users_by_role["secretariat"],
        task_ids=[*(task.pk for task in open_tasks), later.pk, recurring.pk],
        action=BulkAction.EXTEND,
        params={"new_deadline": NEW_DEADLINE, "reason": REASON},
    )
    # then
    assert result.applied == tuple(task.pk for task in open_tasks)
    assert [(r.task_id, r.reason) for r in result.refused] == [
        (recurring.pk, NOT_TIME_BOUND),
        (later.pk, "Thời hạn mới phải sau thời hạn hiện hành."),
    ]
    assert set(Task.objects.filter(pk__in=result.applied).values_list("deadline", flat=True)) == {
        NEW_DEADLINE
    }
    assert Task.objects.get(pk=later.pk).deadline == dt.date(2026, 6, 30)
    assert rows("task.extend") == ids(open_tasks)


def test_reassigning_moves_the_lead_unit_with_a_row_per_task(users_by_role, open_tasks, other_commune):
    # when
    result = tasks_bulk_apply(
        actor=users_by_role["secretariat"],
        task_ids=[task.pk for task in open_tasks],
        action=BulkAction.REASSIGN,
        params={"lead_unit": other_commune.pk},
    )
    # then
    assert result.applied == tuple(task.pk for task in open_tasks)
    assert set(Task.objects.filter(pk__in=result.applied).values_list("lead_unit", flat=True)) == {
        other_commune.pk
    }
    assert rows("task.update") == ids(open_tasks)


def test_confirming_in_bulk_confirms_the_latest_approved_report_of_each_task(users_by_role, open_tasks):
    # given two tasks with an approved completion report and a third whose report the head has not approved
    for task in open_tasks:
        approved_completion(users_by_role, task)
    waiting = make_task(lead_unit=open_tasks[0].lead_unit, original_deadline=DEADLINE)
    report_submit(actor=users_by_role["unit_officer"], task=waiting, percent=30)
    chosen = [*(task.pk for task in open_tasks), waiting.pk]
    # when
    preview = tasks_bulk_preview(users_by_role["secretariat"], chosen, BulkAction.CONFIRM)
    result = tasks_bulk_apply(actor=users_by_role["secretariat"], task_ids=chosen, action=BulkAction.CONFIRM)
    # then
    assert preview.count == len(open_tasks)
    assert [(r.task_id, r.reason) for r in result.refused] == [(waiting.pk, NO_REPORT_TO_CONFIRM)]
    buckets = set(Task.objects.filter(pk__in=result.applied).values_list("status_bucket", flat=True))
    assert buckets == {Task.Bucket.DONE_ON_TIME}
    assert rows("report.confirm") == ids(open_tasks)


def test_returning_in_bulk_reopens_each_task_with_the_reason(users_by_role, open_tasks):
    # given one task with an approved report, one without any
    approved_completion(users_by_role, open_tasks[0])
    # when
    result = tasks_bulk_apply(
        actor=users_by_role["secretariat"],
        task_ids=[task.pk for task in open_tasks],
        action=BulkAction.RETURN,
        params={"reason": RETURN_REASON},
    )
    # then
    assert result.applied == (open_tasks[0].pk,)
    assert [(r.task_id, r.reason) for r in result.refused] == [(open_tasks[1].pk, NO_REPORT_TO_RETURN)]
    returned = Task.objects.get(pk=open_tasks[0].pk)
    assert (returned.is_returned, returned.return_reason) == (True, RETURN_REASON)
    assert rows("report.return") == ids(open_tasks[:1])


@pytest.mark.parametrize(
    ("_case", "action", "params"),
    [
        ("extend without a reason", BulkAction.EXTEND, {"new_deadline": NEW_DEADLINE}),
        ("extend without a date", BulkAction.EXTEND, {"reason": REASON}),
        ("reassign without a unit", BulkAction.REASSIGN, {}),
        ("return without a reason", BulkAction.RETURN, {"reason": "  "}),
    ],
)
def test_missing_parameters_refuse_the_whole_call(users_by_role, open_tasks, _case, action, params):
    with pytest.raises(ValidationError):
        tasks_bulk_apply(
            actor=users_by_role["secretariat"],
            task_ids=[t.pk for t in open_tasks],
            action=action,
            params=params,
        )
    assert not AuditEvent.objects.filter(action__in=["task.extend", "task.update", "report.return"]).exists()
