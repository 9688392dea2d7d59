"""Extensions keep their history (approval after the deadline marked); "assign to many" and parent tasks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes.models import Task, TaskExtension
from chidao.apps.programmes.selectors import assign_many_preview, commune_units_under
from chidao.apps.programmes.services import (
    report_approve_by_head,
    report_confirm,
    report_submit,
    task_assign_many,
    task_extend,
)
from tests.apps.programmes.conftest import DEADLINE, TODAY, at_noon
from tests.factories.organisation import CommuneUnitFactory
from tests.factories.programmes import AreaFactory, make_task

pytestmark = pytest.mark.django_db

NEW_DEADLINE = dt.date(2026, 4, 30)
REASON = "Chờ hướng dẫn của Bộ Khoa học và Công nghệ"
CLOSE_REASON = "Các xã đã sáp nhập, nhiệm vụ do phường thực hiện."


def test_an_extension_before_the_deadline_keeps_history_and_is_not_marked(
    users_by_role, commune, frozen_today
):
    # given
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # when
    extension = task_extend(
        actor=users_by_role["secretariat"], task=task, new_deadline=NEW_DEADLINE, reason=REASON
    )
    # then
    task.refresh_from_db()
    assert (extension.old_deadline, extension.new_deadline, extension.after_deadline) == (
        DEADLINE,
        NEW_DEADLINE,
        False,
    )
    assert (extension.approved_on, extension.approved_by) == (TODAY, users_by_role["secretariat"])
    assert (task.original_deadline, task.deadline) == (DEADLINE, NEW_DEADLINE)
    assert set(task.flag_list) == {"extended", "not_started"}
    assert AuditEvent.objects.get(action="task.extend").after["extension"]["reason"] == REASON


def test_an_extension_approved_after_the_deadline_is_marked_and_its_days_count_late(users_by_role, commune):
    # given a task due Friday 13/03/2026
    with time_machine.travel(at_noon(TODAY), tick=False):
        task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # when the extension is approved on Wednesday 18/03/2026 (3 working days late: 16, 17, 18 minus the approval day)
    with time_machine.travel(at_noon(dt.date(2026, 3, 18)), tick=False):
        extension = task_extend(
            actor=users_by_role["secretariat"], task=task, new_deadline=NEW_DEADLINE, reason=REASON
        )
    # then
    task.refresh_from_db()
    assert extension.after_deadline is True
    assert "extended_after_deadline" in task.flag_list
    assert task.status_bucket == Task.Bucket.IN_PROGRESS_ON_TIME
    assert task.working_days_late == 2  # 16 and 17/03; from the approval day the new deadline applies


def test_an_extension_must_move_the_deadline_later(users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    with pytest.raises(ValidationError):
        task_extend(actor=None, task=task, new_deadline=DEADLINE, reason=REASON)
    assert not TaskExtension.objects.exists()


def test_assign_to_many_previews_then_creates_one_child_per_commune_once(
    province, commune, other_commune, department, frozen_today
):
    # given a provincial task in one area, and the communes under the province
    area = AreaFactory()
    parent = make_task(lead_unit=province, original_deadline=DEADLINE, code="NV-TINH-01", areas=[area])
    communes = commune_units_under(province)
    # when
    preview = assign_many_preview(parent, communes)
    children = task_assign_many(actor=None, parent=parent, units=communes)
    again = task_assign_many(actor=None, parent=parent, units=communes)
    # then
    assert preview.count == 2
    assert sorted(child.lead_unit_id for child in children) == sorted([commune.pk, other_commune.pk])
    assert again == []
    child = Task.objects.get(code=f"NV-TINH-01-{commune.code}")
    assert (child.parent, child.deadline, list(child.areas.all())) == (parent, DEADLINE, [area])
    assert child.status_bucket == Task.Bucket.IN_PROGRESS_ON_TIME
    assert AuditEvent.objects.filter(action="task.assign_many").count() == 2
    assert assign_many_preview(parent, communes).count == 0


def test_assign_to_many_is_all_or_nothing(province, commune, frozen_today):
    # given a second commune whose generated code would collide with an existing task
    parent = make_task(lead_unit=province, original_deadline=DEADLINE, code="NV-TINH-02")
    clash = CommuneUnitFactory(parent=province, code="XA7")
    make_task(lead_unit=province, original_deadline=DEADLINE, code="NV-TINH-02-XA7")
    # when
    with pytest.raises(IntegrityError):  # the database refuses the duplicate code
        task_assign_many(actor=None, parent=parent, units=[commune, clash])
    # then
    assert not parent.children.exists()


def complete(users, task: Task) -> None:
    report = report_submit(actor=None, task=task, percent=100, evidence_number="1/BC", evidence_date=TODAY)
    report_approve_by_head(actor=users["unit_head"], report=report)
    report_confirm(actor=users["secretariat"], report=report)


def test_parent_progress_is_the_weighted_mean_of_its_children(
    users_by_role, province, commune, other_commune, frozen_today
):
    # given a parent with two children, weights 3 and 1
    parent = make_task(lead_unit=province, original_deadline=DEADLINE)
    first, second = task_assign_many(actor=None, parent=parent, units=[commune, other_commune])
    Task.objects.filter(pk=first.pk).update(weight=Decimal(3))
    # when the first reports 40 % and the second is done
    report = report_submit(actor=None, task=first, percent=40)
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    complete(users_by_role, second)
    # then (3 × 40 + 1 × 100) / 4 = 55
    parent.refresh_from_db()
    assert parent.progress_percent == 55


def test_a_parent_with_an_open_child_is_confirmed_only_with_a_reason(
    users_by_role, province, commune, other_commune, frozen_today
):
    # given a parent whose first child is done and second still open, with a completion report approved
    parent = make_task(lead_unit=province, original_deadline=DEADLINE)
    done, still_open = task_assign_many(actor=None, parent=parent, units=[commune, other_commune])
    complete(users_by_role, done)
    report = report_submit(actor=None, task=parent, percent=100, evidence_number="9/BC", evidence_date=TODAY)
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    # when confirmed without a reason, then with one
    with pytest.raises(ValidationError):
        report_confirm(actor=users_by_role["secretariat"], report=report)
    report_confirm(actor=users_by_role["secretariat"], report=report, close_open_children_reason=CLOSE_REASON)
    # then
    parent.refresh_from_db()
    still_open.refresh_from_db()
    assert parent.status_bucket == Task.Bucket.DONE_ON_TIME
    assert still_open.closed_reason == CLOSE_REASON
    done.refresh_from_db()
    assert done.closed_reason == ""
    assert AuditEvent.objects.filter(action="task.close").count() == 1
