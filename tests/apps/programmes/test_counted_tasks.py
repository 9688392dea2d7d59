"""The one read the figures are derived from (statistics.counted_tasks): tasks read as values give the same
core facts and records as the model instances through the mappers, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.apps.programmes.mappers import task_facts, task_record
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.services import report_approve_by_head, report_submit, task_extend, task_suspend
from chidao.apps.programmes.statistics import counted_tasks
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.programmes import AreaFactory, PhaseFactory, PlanFactory, make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def test_values_give_the_same_facts_and_records_as_the_mappers(users_by_role, commune, department):
    # given tasks with every kind of fact: extensions, completion, suspension, recurring, undated, no unit
    area, plan, phase = AreaFactory(), PlanFactory(), PhaseFactory()
    extended = make_task(
        lead_unit=commune, original_deadline=dt.date(2026, 2, 20), areas=[area], plans=[plan]
    )
    task_extend(
        actor=users_by_role["secretariat"], task=extended, new_deadline=DEADLINE, reason="Chờ số liệu"
    )
    task_extend(
        actor=users_by_role["secretariat"],
        task=extended,
        new_deadline=dt.date(2026, 4, 30),
        reason="Thêm thời gian",
    )
    suspended = make_task(lead_unit=department, original_deadline=DEADLINE, phases=[phase])
    task_suspend(
        actor=users_by_role["secretariat"], task=suspended, on=TODAY, decision_text="Quyết định 1/QĐ"
    )
    make_task(
        lead_unit=commune, original_deadline=None, kind="recurring", cadence="monthly", assigned_on=TODAY
    )
    make_task(lead_unit=None, original_deadline=DEADLINE)
    reported = make_task(lead_unit=commune, original_deadline=DEADLINE)
    report = report_submit(actor=None, task=reported, percent=30)
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    make_task(lead_unit=commune, original_deadline=None)
    # when
    counted = counted_tasks(users_by_role["leader"])
    # then
    by_id = {
        task.pk: task for task in Task.objects.prefetch_related("extensions", "areas", "plans", "phases")
    }
    assert counted.undated == 1
    assert len(counted.records) == 5
    assert any(record.facts.progress_percent == 30 and record.facts.has_report for record in counted.records)
    for record in counted.records:
        task = by_id[record.task_id]
        assert record.facts == task_facts(task)
        assert record == task_record(task)
    assert counted.plan_names == {plan.code: plan.name}
    assert counted.unit_names[commune.pk] == (commune.name, commune.name_sort)
