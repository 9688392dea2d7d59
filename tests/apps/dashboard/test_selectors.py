"""dashboard_data on a small province: the same figures as the programmes statistics, the lead units needing
attention with their heads as of the date, open directives, the meetings around the date, a bounded number
of queries and the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from chidao.apps.dashboard.selectors import DashboardFilters, dashboard_data
from chidao.apps.programmes.models import Area, TaskDirective
from chidao.apps.programmes.services import directive_create
from chidao.apps.programmes.statistics import league_table, task_statistics
from tests.apps.dashboard.conftest import EARLIER_MEETING, MEETING, NEW_HEAD, OLD_HEAD, TODAY, complete
from tests.factories.accounts import UserFactory
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15


@pytest.mark.parametrize("as_of", [MEETING, TODAY], ids=["meeting day", "today"])
def test_the_figures_equal_the_programmes_statistics_of_the_same_date(users_by_role, story, as_of):
    # given the story and the chair
    leader = users_by_role["leader"]
    # when
    data = dashboard_data(leader, DashboardFilters(as_of=as_of))
    # then the overall figures, each area's and the league are those of the overview and league pages
    expected = task_statistics(leader, as_of=as_of, since=data.since)
    assert data.figures.statistics == expected.statistics
    assert data.figures.change == expected.change
    assert data.figures.undated == expected.undated == 1
    for area in data.area_figures:
        alone = task_statistics(leader, as_of=as_of, area=area.code, since=data.since)
        assert (area.statistics, area.change) == (alone.statistics, alone.change)
    assert list(data.league) == league_table(leader, as_of=as_of)


def test_the_figures_of_today_count_the_story(users_by_role, story):
    data = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=TODAY))
    statistics = data.figures.statistics
    # 6 dated tasks: 1 recurring, 1 done on time, 2 in progress on time (due soon, department), 2 overdue
    assert (statistics.total, statistics.recurring, statistics.done_on_time) == (6, 1, 1)
    assert (statistics.in_progress_on_time, statistics.in_progress_overdue) == (2, 2)
    assert [(area.code, area.statistics.total) for area in data.area_figures] == [("nq57", 5), ("da06", 2)]
    assert [(phase.code, phase.done_as_of, phase.total) for phase in statistics.by_phase] == [
        ("dot-pha", 1, 2)
    ]
    assert data.plan_names == {"KH-2026": "Kế hoạch năm 2026"}


def test_last_years_completions_and_an_area_filter(users_by_role, story, commune):
    # given a Project 06 task completed in 2025
    da06 = Area.objects.get(code="da06")
    done_2025 = make_task(
        lead_unit=commune,
        original_deadline=dt.date(2025, 12, 31),
        areas=[da06],
        assigned_on=dt.date(2025, 9, 1),
    )
    complete(users_by_role, done_2025, dt.date(2025, 11, 20))
    # when the dashboard is filtered on Project 06
    data = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=TODAY, area="da06"))
    # then only that area is shown, with its 2025 completions
    [area] = data.area_figures
    assert area.code == "da06"
    assert (area.completions_last_year.start, area.completions_last_year.end) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert (area.completions_last_year.on_time, area.completions_last_year.late) == (1, 0)
    assert data.figures.statistics.total == area.statistics.total == 3


def test_attention_lists_units_worst_first_with_the_head_named_as_of_the_date(
    users_by_role, story, commune, other_commune
):
    # when the chair looks today, and as of the meeting day (before the commune's chair changed)
    today = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=TODAY))
    at_meeting = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=MEETING))
    # then An Nhơn (1 overdue, 2 missing monthly reports, 1 due soon) comes before Quy Nhơn (1 overdue)
    first, second = today.attention
    assert (first.unit_id, second.unit_id) == (commune.pk, other_commune.pk)
    assert [line.task_id for line in first.overdue] == [story["overdue"].pk]
    assert [line.task_id for line in first.due_soon] == [story["due_soon"].pk]
    assert first.missing_reports == 2
    assert first.overdue[0].working_days_late == 10
    assert "due_soon" in first.due_soon[0].flags
    assert first.head_name == f"Chủ tịch UBND xã {NEW_HEAD}"
    assert second.head_name == ""
    # and on the meeting day the commune's task was one day late, its old chair answered for it
    [meeting_row, *_] = at_meeting.attention
    assert meeting_row.unit_id == commune.pk
    assert meeting_row.head_name == f"Chủ tịch UBND xã {OLD_HEAD}"
    assert meeting_row.overdue[0].working_days_late == 1


def test_due_soon_is_computed_as_of_the_date_not_read_from_the_stored_flag(users_by_role, story, commune):
    # given the task due 02/03, stored today as overdue (not "due soon")
    overdue = story["overdue"]
    assert (overdue.status_bucket, "due_soon" in overdue.flag_list) == ("in_progress_overdue", False)
    # when the dashboard is read as of 02/03, its deadline
    data = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=dt.date(2026, 3, 2)))
    # then that day it was due soon (not yet overdue), and the task due 18/03 was not due soon yet
    [row] = [row for row in data.attention if row.unit_id == commune.pk]
    assert [line.task_id for line in row.due_soon] == [overdue.pk]
    assert row.overdue == ()


def test_open_directives_are_those_given_and_unanswered_by_the_date(users_by_role, story):
    # given an explanation request today, and a direction already answered
    leader = users_by_role["leader"]
    request = directive_create(
        actor=leader,
        task=story["overdue"],
        kind="explanation_request",
        text="Đề nghị giải trình",
        due_on=TODAY,
    )
    answered = directive_create(actor=leader, task=story["other"], kind="direction", text="Đẩy nhanh tiến độ")
    TaskDirective.objects.filter(pk=answered.pk).update(
        response_text="Đã xong", responded_at=request.created_at
    )
    # when
    today = dashboard_data(leader, DashboardFilters(as_of=TODAY))
    before = dashboard_data(leader, DashboardFilters(as_of=MEETING))
    # then
    [line] = today.open_directives
    assert (line.directive_id, line.kind, line.kind_label) == (
        request.pk,
        "explanation_request",
        "Yêu cầu giải trình",
    )
    assert (line.task_id, line.unit_name, line.created_on, line.due_on) == (
        story["overdue"].pk,
        "Xã An Nhơn",
        TODAY,
        TODAY,
    )
    assert before.open_directives == ()


def test_the_previous_meeting_is_compared_with_unless_a_date_is_given(users_by_role, story):
    leader = users_by_role["leader"]
    today = dashboard_data(leader, DashboardFilters(as_of=TODAY))
    on_meeting_day = dashboard_data(leader, DashboardFilters(as_of=MEETING))
    chosen = dashboard_data(leader, DashboardFilters(as_of=TODAY, since=dt.date(2026, 2, 1)))
    assert (today.meeting, today.previous_meeting.held_on, today.since) == (None, MEETING, MEETING)
    assert on_meeting_day.meeting.held_on == MEETING
    assert (on_meeting_day.previous_meeting.held_on, on_meeting_day.since) == (
        EARLIER_MEETING,
        EARLIER_MEETING,
    )
    assert (chosen.since, chosen.figures.change.previous_as_of) == (dt.date(2026, 2, 1), dt.date(2026, 2, 1))
    # every task was assigned after the meeting of 29/12/2025; two were overdue on 03/03/2026
    assert (on_meeting_day.figures.change.total, on_meeting_day.figures.change.in_progress_overdue) == (6, 2)


def test_without_any_meeting_nothing_is_compared(users_by_role, frozen_today, commune):
    make_task(lead_unit=commune, original_deadline=dt.date(2026, 4, 30))
    data = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=TODAY))
    assert (data.previous_meeting, data.since, data.figures.change) == (None, None, None)
    assert all(area.change is None for area in data.area_figures)


def test_the_number_of_queries_does_not_grow_with_the_tasks(
    users_by_role, story, commune, other_commune, department
):
    # given the story's 7 tasks, then 50 more with areas, plans, phases, extensions and directives
    leader = users_by_role["leader"]
    filters = DashboardFilters(as_of=TODAY)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard_data(leader, filters)
        return len(captured.captured_queries)

    dashboard_data(leader, filters)  # the user's scope and the calendar are read once per request/process
    few = queries()
    areas = list(story["overdue"].areas.all())
    plans = list(story["overdue"].plans.all())
    for index in range(50):
        task = make_task(
            lead_unit=(commune, other_commune, department)[index % 3],
            original_deadline=dt.date(2026, 3, 2) + dt.timedelta(days=index),
            areas=areas,
            plans=plans,
            assigned_on=dt.date(2026, 1, 5),
        )
        if index % 10 == 0:
            directive_create(actor=leader, task=task, kind="direction", text="Khẩn trương")
    # when
    many = queries()
    # then
    assert many == few
    assert many <= QUERY_BUDGET


def test_query_budget_with_area_and_unit_filters(
    users_by_role, story, commune, django_assert_max_num_queries
):
    leader = users_by_role["leader"]
    dashboard_data(leader, DashboardFilters(as_of=TODAY))
    with django_assert_max_num_queries(QUERY_BUDGET):
        dashboard_data(leader, DashboardFilters(as_of=TODAY, area="nq57", unit_id=commune.pk))


def test_a_unit_head_sees_only_the_tasks_of_his_scope(users_by_role, story, commune, other_commune):
    # given a directive on the other commune's task
    directive_create(actor=users_by_role["leader"], task=story["other"], kind="direction", text="Khẩn trương")
    # when the commune's head opens the dashboard
    data = dashboard_data(users_by_role["unit_head"], DashboardFilters(as_of=TODAY))
    # then only his commune's tasks are counted, ranked and listed
    assert data.figures.statistics.total == 4
    assert [row.unit_id for row in data.attention] == [commune.pk]
    assert [line.row.unit_id for line in data.league] == [commune.pk]
    assert data.open_directives == ()


def test_a_unit_outside_the_scope_is_not_found_and_an_account_without_role_is_refused(
    users_by_role, story, other_commune
):
    with pytest.raises(Http404):
        dashboard_data(users_by_role["unit_head"], DashboardFilters(as_of=TODAY, unit_id=other_commune.pk))
    with pytest.raises(PermissionDenied):
        dashboard_data(UserFactory(), DashboardFilters(as_of=TODAY))


def test_the_unit_filter_narrows_everything_to_that_lead_unit(users_by_role, story, other_commune):
    data = dashboard_data(users_by_role["leader"], DashboardFilters(as_of=TODAY, unit_id=other_commune.pk))
    assert data.figures.statistics.total == 1
    assert [row.unit_id for row in data.attention] == [other_commune.pk]
