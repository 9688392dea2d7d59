"""The stored status: written by every service as of today, and refreshed in bulk by the nightly entry."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.apps.audit.models import AuditEvent
from chidao.apps.jobs.registry import periodic_entries
from chidao.apps.programmes.mappers import encode_flags, task_status
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.services import task_statuses_refresh, task_update
from chidao.apps.workcalendar.selectors import working_calendar
from tests.apps.programmes.conftest import DEADLINE, TODAY, at_noon
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db


def test_a_new_task_stores_its_status_as_of_today(commune, frozen_today):
    # when
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # then
    task.refresh_from_db()
    assert task.status_bucket == Task.Bucket.IN_PROGRESS_ON_TIME
    assert task.flag_list == ["not_started"]
    assert (task.status_as_of, task.deadline, task.status_rule) == (TODAY, DEADLINE, "S-06")


def test_moving_the_deadline_close_stores_due_soon(commune, frozen_today):
    # given
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # when the deadline comes within 5 working days
    task_update(actor=None, task=task, data={"original_deadline": dt.date(2026, 3, 5)})
    # then
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 3, 5)
    assert "due_soon" in task.flag_list


def test_a_recurring_task_is_in_its_own_bucket(commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=None, kind="recurring", cadence="quarterly")
    assert task.status_bucket == Task.Bucket.RECURRING


def test_a_task_without_a_deadline_is_in_progress_and_counted(commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=None)
    assert (task.status_bucket, task.status_rule) == (Task.Bucket.IN_PROGRESS_ON_TIME, "S-00")


def test_the_refresh_after_the_deadline_stores_what_the_core_derives(commune, department):
    # given two tasks stored on 02/03/2026, one due 13/03/2026 and one due much later
    with time_machine.travel(at_noon(TODAY), tick=False):
        due = make_task(lead_unit=commune, original_deadline=DEADLINE)
        later = make_task(lead_unit=department, original_deadline=dt.date(2026, 12, 31))
    day_after = DEADLINE + dt.timedelta(days=3)  # Monday 16/03/2026
    # when the clock passes the deadline and the nightly refresh runs
    with time_machine.travel(at_noon(day_after), tick=False):
        result = task_statuses_refresh()
    # then every stored status equals the derived one
    calendar = working_calendar()
    for task in Task.objects.filter(pk__in=[due.pk, later.pk]):
        derived = task_status(task, as_of=day_after, calendar=calendar)
        stored = (task.status_bucket, task.status_flags, task.working_days_late, task.status_as_of)
        assert stored == (str(derived.bucket), encode_flags(derived), derived.working_days_late, day_after)
    due.refresh_from_db()
    assert (due.status_bucket, due.working_days_late) == (Task.Bucket.IN_PROGRESS_OVERDUE, 1)
    # both changed: the later task's explanation counts down its working days left
    assert (result.checked, result.changed) == (2, 2)
    assert AuditEvent.objects.filter(action="task.refresh_statuses").count() == 1


def test_a_task_due_today_is_not_yet_overdue(commune):
    with time_machine.travel(at_noon(TODAY), tick=False):
        task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    task_statuses_refresh(as_of=DEADLINE)
    task.refresh_from_db()
    assert task.status_bucket == Task.Bucket.IN_PROGRESS_ON_TIME


def test_the_refresh_runs_in_the_same_number_of_queries_for_2_or_40_tasks(commune, frozen_today):
    # given
    def queries_for_refresh() -> int:
        with CaptureQueriesContext(connection) as captured:
            task_statuses_refresh(as_of=DEADLINE + dt.timedelta(days=3))
        return len(captured.captured_queries)

    for _ in range(2):
        make_task(lead_unit=commune, original_deadline=DEADLINE)
    few = queries_for_refresh()
    for _ in range(38):
        make_task(lead_unit=commune, original_deadline=DEADLINE - dt.timedelta(days=1))
    # when / then (the new tasks change status, the first ones do not: one bulk update more at most)
    many = queries_for_refresh()
    assert many <= few + 1
    assert many <= 12


def test_the_nightly_entry_runs_at_00_05_and_refreshes_as_of_its_local_day(commune):
    # given
    entry = next(e for e in periodic_entries() if e.name == "tasks.refresh_statuses")
    with time_machine.travel(at_noon(TODAY), tick=False):
        task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    due_at = at_noon(DEADLINE + dt.timedelta(days=1)).replace(hour=0, minute=5)
    # when
    summary = entry.function(due_at=due_at, now=due_at)
    # then
    task.refresh_from_db()
    assert entry.at == dt.time(0, 5)
    assert task.status_bucket == Task.Bucket.IN_PROGRESS_OVERDUE
    assert "14/03/2026" in summary
