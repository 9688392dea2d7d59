"""The task list "as of a date" (the dashboard's numbers link here): bucket and flags judged by the core as of
that date, exactly the tasks the figures of that date count, with a banner naming the date; and the window of
completions. Without `as_of` the list filters on the stored status, as before."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from chidao.apps.programmes.statistics import task_statistics
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.programmes import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

LIST = "programmes:task-list"
PAST_DEADLINE = dt.date(2026, 2, 20)


def listed(client, users, role="leader", **query) -> tuple[list[str], str]:
    client.force_login(users[role])
    html = client.get(reverse(LIST), query).content.decode()
    return _codes(html), html


def _codes(html: str) -> list[str]:
    return re.findall(r'<span class="muted">(NV-[\w-]+)</span>', html)


def complete(users, task, evidence_date):
    from chidao.apps.programmes.services import report_approve_by_head, report_confirm, report_submit

    report = report_submit(
        actor=None, task=task, percent=100, evidence_number="7/BC", evidence_date=evidence_date
    )
    report_approve_by_head(actor=users["unit_head"], report=report)
    report_confirm(actor=users["secretariat"], report=report)


def test_a_task_overdue_today_was_in_progress_on_time_before_its_deadline(client, users_by_role, commune):
    # given a task due 20/02/2026, stored as overdue on 02/03/2026
    task = make_task(lead_unit=commune, original_deadline=PAST_DEADLINE, code="NV-QUA-HAN")
    # when the overdue tasks are listed today, then as of 19/02/2026
    today, _html = listed(client, users_by_role, bucket="in_progress_overdue")
    before, _html = listed(client, users_by_role, bucket="in_progress_overdue", as_of="2026-02-19")
    on_time, html = listed(client, users_by_role, bucket="in_progress_on_time", as_of="19/02/2026")
    # then
    assert (today, before, on_time) == ([task.code], [], [task.code])
    assert "Tình trạng tính đến ngày 19/02/2026" in html
    # and the row shows the status of that day, not the stored one
    assert "Đang thực hiện trong hạn" in html.split('id="task-count"')[1]


def test_without_as_of_the_list_has_no_banner_and_reads_the_stored_status(client, users_by_role, commune):
    make_task(lead_unit=commune, original_deadline=PAST_DEADLINE)
    codes, html = listed(client, users_by_role, bucket="in_progress_overdue")
    assert len(codes) == 1
    assert 'id="as-of-banner"' not in html


def test_due_soon_as_of_a_date_is_computed_not_stored(client, users_by_role, commune):
    # given a task due 13/03/2026: 9 working days away today, 4 on 09/03/2026
    task = make_task(lead_unit=commune, original_deadline=DEADLINE, code="NV-SAP-TOI")
    # when
    stored, _html = listed(client, users_by_role, flag="due_soon")
    as_of, _html = listed(client, users_by_role, flag="due_soon", as_of="2026-03-09")
    # then
    assert (stored, as_of) == ([], [task.code])


def test_tasks_assigned_after_the_date_and_undated_tasks_are_not_listed(client, users_by_role, commune):
    # given a task assigned on 01/03/2026, one without a deadline, and one assigned long ago
    make_task(lead_unit=commune, original_deadline=DEADLINE, assigned_on=dt.date(2026, 3, 1), code="NV-MOI")
    make_task(lead_unit=commune, original_deadline=None, code="NV-CHUA-RO")
    old = make_task(
        lead_unit=commune, original_deadline=DEADLINE, assigned_on=dt.date(2025, 1, 1), code="NV-CU"
    )
    # when the counted tasks are listed as of 20/02/2026
    codes, _html = listed(client, users_by_role, bucket="counted", as_of="2026-02-20")
    # then only the task the figures of that date count
    assert codes == [old.code]


def test_each_bucket_as_of_a_date_lists_as_many_tasks_as_the_figures_count(client, users_by_role, commune):
    # given tasks done on time, done late, in progress, overdue and recurring
    done = make_task(lead_unit=commune, original_deadline=DEADLINE)
    complete(users_by_role, done, TODAY)
    late = make_task(lead_unit=commune, original_deadline=PAST_DEADLINE)
    complete(users_by_role, late, TODAY)
    make_task(lead_unit=commune, original_deadline=PAST_DEADLINE)
    make_task(lead_unit=commune, original_deadline=DEADLINE)
    make_task(lead_unit=commune, original_deadline=None, kind="recurring", cadence="monthly")
    as_of = dt.date(2026, 3, 2)
    figures = task_statistics(users_by_role["leader"], as_of=as_of).statistics
    expected = {
        "counted": figures.total,
        "done": figures.done,
        "done_on_time": figures.done_on_time,
        "done_late": figures.done_late,
        "in_progress_on_time": figures.in_progress_on_time,
        "in_progress_overdue": figures.in_progress_overdue,
        "recurring": figures.recurring,
        "due_or_done": figures.due_or_done,
        "time_bound": figures.time_bound,
    }
    # when / then
    for bucket, count in expected.items():
        codes, _html = listed(client, users_by_role, bucket=bucket, as_of=as_of.isoformat())
        assert len(codes) == count, bucket
    assert expected["counted"] == 5


def test_completions_in_a_window(client, users_by_role, commune):
    # given tasks completed on 10/01/2026 and on 02/03/2026
    january = make_task(lead_unit=commune, original_deadline=DEADLINE, code="NV-THANG-1")
    complete(users_by_role, january, dt.date(2026, 1, 10))
    march = make_task(lead_unit=commune, original_deadline=DEADLINE, code="NV-THANG-3")
    complete(users_by_role, march, TODAY)
    # when
    codes, _html = listed(
        client,
        users_by_role,
        bucket="done",
        completed_from="2026-01-01",
        completed_to="2026-01-31",
        as_of="2026-01-31",
    )
    # then
    assert codes == [january.code]


def test_the_list_as_of_a_date_uses_the_same_number_of_queries_for_2_and_40_tasks(
    client, users_by_role, commune, django_assert_max_num_queries
):
    client.force_login(users_by_role["leader"])
    url = reverse(LIST)
    query = {"as_of": "2026-02-19", "bucket": "counted"}
    for _ in range(2):
        make_task(lead_unit=commune, original_deadline=PAST_DEADLINE)
    client.get(url, query)
    with django_assert_max_num_queries(20) as few:
        client.get(url, query)
    for _ in range(38):
        make_task(lead_unit=commune, original_deadline=PAST_DEADLINE)
    with django_assert_max_num_queries(20) as many:
        response = client.get(url, query)
    assert response.content.decode().count('class="badge bucket-in_progress_on_time"') == 40
    assert len(many.captured_queries) == len(few.captured_queries)
