"""Statistics and league table from stored facts: counted through the core, in queries independent of size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.apps.programmes.models import ProgressReport
from chidao.apps.programmes.services import report_approve_by_head, report_confirm, report_submit
from chidao.apps.programmes.statistics import league_table, task_statistics
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.organisation import HeadAssignmentFactory
from tests.factories.programmes import AreaFactory, PhaseFactory, PlanFactory, make_task

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 20)  # a week after the deadline


def complete(users, task) -> None:
    report = report_submit(actor=None, task=task, percent=100, evidence_number="7/BC", evidence_date=TODAY)
    report_approve_by_head(actor=users["unit_head"], report=report)
    report_confirm(actor=users["secretariat"], report=report)


def test_changing_one_fact_changes_the_figures(users_by_role, commune, frozen_today):
    # given two tasks due 13/03/2026, neither done
    first = make_task(lead_unit=commune, original_deadline=DEADLINE)
    make_task(lead_unit=commune, original_deadline=DEADLINE)
    before = task_statistics(users_by_role["leader"], as_of=AS_OF).statistics
    # when one is completed (evidence dated 02/03/2026)
    complete(users_by_role, first)
    after = task_statistics(users_by_role["leader"], as_of=AS_OF).statistics
    # then
    assert (before.total, before.done_on_time, before.in_progress_overdue) == (2, 0, 2)
    assert (after.total, after.done_on_time, after.in_progress_overdue) == (2, 1, 1)


def test_a_task_in_two_areas_and_a_phase_is_counted_once_in_the_total(users_by_role, commune, frozen_today):
    # given
    nq57, da06 = AreaFactory(), AreaFactory(code="da06", name="Đề án 06")
    phase = PhaseFactory(code="dot-pha", name="Giai đoạn đột phá", start=dt.date(2026, 1, 1), end=DEADLINE)
    task = make_task(lead_unit=commune, original_deadline=DEADLINE, areas=[nq57, da06], phases=[phase])
    complete(users_by_role, task)
    # when
    figures = task_statistics(users_by_role["secretariat"], as_of=AS_OF, since=dt.date(2026, 3, 1))
    # then
    statistics = figures.statistics
    assert statistics.total == 1
    assert [(group.code, group.total) for group in statistics.by_area] == [("da06", 1), ("nq57", 1)]
    assert [(p.code, p.total, p.done_as_of, p.done_within_phase) for p in statistics.by_phase] == [
        ("dot-pha", 1, 1, 1)
    ]
    assert figures.change is not None
    assert figures.change.done_on_time == 1


def test_an_undated_task_is_counted_apart(users_by_role, commune, frozen_today):
    make_task(lead_unit=commune, original_deadline=None)
    figures = task_statistics(users_by_role["leader"], as_of=AS_OF)
    assert (figures.statistics.total, figures.undated) == (0, 1)


def test_statistics_and_league_take_the_same_queries_for_3_or_30_tasks(
    users_by_role, commune, department, frozen_today
):
    # given
    area, plan = AreaFactory(), PlanFactory()
    leader = users_by_role["leader"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            task_statistics(leader, as_of=AS_OF)
            league_table(leader, as_of=AS_OF)
        return len(captured.captured_queries)

    def add(count: int) -> None:
        for index in range(count):
            unit = commune if index % 2 else department
            make_task(lead_unit=unit, original_deadline=DEADLINE, areas=[area], plans=[plan])
        make_task(
            lead_unit=commune, original_deadline=None, kind="recurring", cadence="monthly", assigned_on=TODAY
        )

    add(2)
    queries()  # warms the per-process calendar and the user's scope cache
    few = queries()
    # when
    add(27)
    many = queries()
    # then
    assert many == few
    assert many <= 20


def test_the_league_names_the_head_and_counts_missing_periodic_reports(users_by_role, commune, frozen_today):
    # given a monthly task assigned on 01/01/2026 with only January's report sent
    HeadAssignmentFactory(unit=commune, title="Chủ tịch UBND xã")
    task = make_task(
        lead_unit=commune,
        original_deadline=None,
        kind="recurring",
        cadence="monthly",
        assigned_on=dt.date(2026, 1, 1),
    )
    report = report_submit(actor=None, task=task, percent=10, period_label="2026-01")
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=dt.datetime(2026, 2, 2, 3, tzinfo=dt.UTC))
    # when
    [line] = league_table(users_by_role["leader"], as_of=AS_OF)
    # then February's report is missing by 20/03/2026
    assert line.row.unit_id == commune.pk
    assert line.head_name.startswith("Chủ tịch UBND xã ")
    assert (line.row.recurring, line.row.missing_reports) == (1, 1)
