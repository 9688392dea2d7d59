"""Scope of the task getters (lead or coordinating unit; province-wide roles see all), the typed "6 rõ", and the
decisions that take a task out of the totals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes.models import Task, TaskDirective
from chidao.apps.programmes.selectors import (
    SixClear,
    TaskFilters,
    six_clear_missing,
    task_get_for_secretariat,
    task_get_for_user,
    task_list_for_user,
)
from chidao.apps.programmes.services import directive_create, task_stop, task_suspend
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.organisation import PersonFactory, UnitFactory
from tests.factories.programmes import AuthorityFactory, make_task

pytestmark = pytest.mark.django_db

DECISION = "Quyết định số 15/QĐ-BCĐ ngày 02/03/2026"


@pytest.mark.parametrize(
    ("_case", "role", "lead", "coordinating", "visible"),
    [
        ("unit officer, own commune leads", "unit_officer", "commune", None, True),
        ("unit head, own commune coordinates", "unit_head", "other_commune", "commune", True),
        ("unit officer, another commune's task", "unit_officer", "other_commune", None, False),
        ("data officer, a department's task", "data_officer", "department", None, False),
        ("leader, another commune's task", "leader", "other_commune", None, True),
        ("auditor, a task without a lead unit", "auditor", None, None, True),
        ("unit officer, a task without a lead unit", "unit_officer", None, None, False),
    ],
)
def test_task_get_for_user_follows_the_scope(
    users_by_role, commune, other_commune, department, frozen_today, _case, role, lead, coordinating, visible
):
    # given
    units = {"commune": commune, "other_commune": other_commune, "department": department, None: None}
    task = make_task(
        lead_unit=units[lead],
        original_deadline=DEADLINE,
        coordinating_units=[units[coordinating]] if coordinating else [],
    )
    # when / then
    if visible:
        assert task_get_for_user(users_by_role[role], task.pk) == task
    else:
        with pytest.raises(Http404):
            task_get_for_user(users_by_role[role], task.pk)


def test_a_sub_unit_task_is_visible_to_its_parents_officer(users_by_role, commune, frozen_today):
    sub_unit = UnitFactory(parent=commune, kind="sub_unit", name="Văn phòng HĐND và UBND xã")
    task = make_task(lead_unit=sub_unit, original_deadline=DEADLINE)
    assert task_get_for_user(users_by_role["unit_officer"], task.pk) == task


def test_the_6ro_missing_items_are_typed_and_filterable(users_by_role, commune, frozen_today):
    # given a complete task and one missing its person and authority
    complete = make_task(
        lead_unit=commune,
        original_deadline=DEADLINE,
        responsible_person=PersonFactory(),
        product_type="system",
        product_description="Hệ thống một cửa điện tử cấp xã",
        authority=AuthorityFactory(),
    )
    lacking = make_task(
        lead_unit=commune,
        original_deadline=DEADLINE,
        product_type="document",
        product_description="Kế hoạch triển khai",
    )
    secretariat = users_by_role["secretariat"]
    # when / then
    assert six_clear_missing(complete) == ()
    assert six_clear_missing(lacking) == (SixClear.PERSON, SixClear.AUTHORITY)
    assert list(task_list_for_user(secretariat, TaskFilters(missing=SixClear.AUTHORITY))) == [lacking]
    assert list(task_list_for_user(secretariat, TaskFilters(missing=SixClear.PRODUCT))) == []


def test_a_recurring_task_without_a_cadence_misses_its_time(commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=None, kind="recurring")
    assert SixClear.DEADLINE in six_clear_missing(task)


@pytest.mark.parametrize(
    ("_case", "decide", "bucket"),
    [("suspended", task_suspend, Task.Bucket.SUSPENDED), ("stopped", task_stop, Task.Bucket.STOPPED)],
)
def test_a_decision_takes_the_task_out_of_the_totals(
    users_by_role, commune, frozen_today, _case, decide, bucket
):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    decide(actor=users_by_role["secretariat"], task=task, on=TODAY, decision_text=DECISION)
    task.refresh_from_db()
    assert (task.status_bucket, task.decision_text) == (bucket, DECISION)


def test_a_decision_needs_its_text(commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    with pytest.raises(ValidationError):
        task_suspend(actor=None, task=task, on=TODAY, decision_text=" ")


def test_only_the_secretariat_directs_a_task_and_the_lead_unit_is_addressed(
    users_by_role, commune, frozen_today
):
    # given
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # when
    with pytest.raises(PermissionDenied):
        task_get_for_secretariat(users_by_role["unit_head"], task.pk)
    directive = directive_create(
        actor=users_by_role["secretariat"],
        task=task_get_for_secretariat(users_by_role["secretariat"], task.pk),
        kind=TaskDirective.Kind.EXPLANATION_REQUEST,
        text="Đề nghị giải trình lý do chậm triển khai.",
        due_on=dt.date(2026, 3, 6),
    )
    # then
    assert (directive.addressed_unit, directive.created_by) == (commune, users_by_role["secretariat"])
    assert AuditEvent.objects.filter(action="directive.create", object_id=str(directive.pk)).exists()
