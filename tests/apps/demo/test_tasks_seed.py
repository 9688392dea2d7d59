"""The demo scenario of the steering tasks: the meeting's figures come out of the statistics, computed from the
seeded facts, and change when a fact changes; a second seed changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q

from chidao.apps.accounts.models import User
from chidao.apps.audit.models import AuditEvent
from chidao.apps.organisation.models import HeadAssignment, Unit
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.services import report_return, task_update
from chidao.apps.programmes.statistics import league_table, task_statistics

MEETING_DAY = dt.date(2026, 3, 3)
URGENT_PHASE_END = dt.date(2025, 6, 30)
YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
# The day the demo was written; seeding under a pinned clock keeps the stored statuses of these tests fixed.
SEED_DAY = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
# The committee's figures for NQ 57 (Báo Gia Lai, 03/03/2026): total, recurring, done on time, done late,
# in progress within deadline, overdue.
NQ57_FIGURES = (103, 25, 69, 0, 9, 0)
URGENT = ("cap-bach", 16, 16, 16)  # code, tasks, done as of the date, done within the phase
BREAKTHROUGH = ("dot-pha", 25, 25, 25)
PROJECT_06_DONE_IN_2025 = 30


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The organisation and the demo, seeded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_organisation", stdout=StringIO())
        with time_machine.travel(SEED_DAY, tick=False):
            output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def chair(seeded, db):
    return User.objects.get(username="chutich")


def figures(statistics):
    return (
        statistics.total,
        statistics.recurring,
        statistics.done_on_time,
        statistics.done_late,
        statistics.in_progress_on_time,
        statistics.in_progress_overdue,
    )


def phases(statistics):
    return {p.code: (p.code, p.total, p.done_as_of, p.done_within_phase) for p in statistics.by_phase}


def test_the_figures_hold_when_the_demo_is_seeded_on_the_meeting_day(db):
    # given an empty database (this test comes before any that uses the module's seed)
    assert not Task.objects.exists()
    # and the demo seeded on the day of the meeting itself (later stories have not happened yet)
    call_command("load_organisation", stdout=StringIO())
    with time_machine.travel(dt.datetime(2026, 3, 3, 8, 0, tzinfo=dt.UTC), tick=False):
        seed()
    chair = User.objects.get(username="chutich")

    # when the figures are asked as of that day
    statistics = task_statistics(chair, as_of=MEETING_DAY, area="nq57").statistics

    # then they are the same
    assert figures(statistics) == NQ57_FIGURES
    assert phases(statistics) == {URGENT[0]: URGENT, BREAKTHROUGH[0]: BREAKTHROUGH}


def test_nq57_figures_of_the_meeting_are_computed_from_the_seeded_tasks(chair):
    # when the chair asks for the NQ 57 figures as of the meeting
    statistics = task_statistics(chair, as_of=MEETING_DAY, area="nq57").statistics

    # then they are the committee's: 103 = 25 recurring + 69 done + 9 in progress + 0 overdue, both phases full
    assert figures(statistics) == NQ57_FIGURES
    assert phases(statistics) == {URGENT[0]: URGENT, BREAKTHROUGH[0]: BREAKTHROUGH}
    # and every one of them was assigned by the Centre
    nq57 = Task.objects.filter(areas__code="nq57", assigned_on__lte=MEETING_DAY)
    assert set(nq57.values_list("origin", flat=True)) == {Task.Origin.CENTRE}


def test_the_urgent_phase_was_already_complete_on_its_last_day(chair):
    # when the figures are asked as of 30/06/2025
    statistics = task_statistics(chair, as_of=URGENT_PHASE_END, area="nq57").statistics

    # then the urgent phase shows 16/16
    assert phases(statistics)[URGENT[0]] == URGENT


def test_project_06_completed_30_tasks_in_2025(chair):
    # when the Project 06 completions of 2025 are counted
    completions = task_statistics(
        chair, as_of=MEETING_DAY, area="da06", completed_between=YEAR_2025
    ).completions

    # then there are 30 (some of them late)
    assert completions is not None
    assert completions.total == PROJECT_06_DONE_IN_2025
    assert completions.late > 0


def test_returning_one_confirmed_task_changes_the_figures(chair):
    # given a confirmed task of the urgent phase
    task = Task.objects.get(code="NQ57-001")
    report = task.reports.get(state=ProgressReport.State.CONFIRMED)

    # when the secretariat returns its completion report
    report_return(actor=User.objects.get(username="thuongtruc"), report=report, reason="Thiếu văn bản.")

    # then, as of the meeting, one task fewer is done and, its deadline long past, one is overdue
    statistics = task_statistics(chair, as_of=MEETING_DAY, area="nq57").statistics
    total, recurring, done_on_time, done_late, in_progress, overdue = NQ57_FIGURES
    assert figures(statistics) == (total, recurring, done_on_time - 1, done_late, in_progress, overdue + 1)
    code, tasks, done_as_of, done_within = URGENT
    assert phases(statistics)[code] == (code, tasks, done_as_of - 1, done_within - 1)


def test_moving_a_deadline_before_the_meeting_makes_a_task_overdue(chair):
    # given a task in progress, due at the end of 2026
    task = Task.objects.get(code="NQ57-071")
    assert task.deadline == dt.date(2026, 12, 31)

    # when its deadline is moved to the Friday before the meeting
    task_update(actor="test", task=task, data={"original_deadline": dt.date(2026, 2, 27)})

    # then it moves from "in progress within deadline" to "overdue"
    statistics = task_statistics(chair, as_of=MEETING_DAY, area="nq57").statistics
    total, recurring, done_on_time, done_late, in_progress, overdue = NQ57_FIGURES
    assert figures(statistics) == (total, recurring, done_on_time, done_late, in_progress - 1, overdue + 1)


def test_second_seed_changes_nothing(seeded, db):
    # given the demo seeded once
    counts = (Task.objects.count(), ProgressReport.objects.count(), AuditEvent.objects.count())

    # when it is seeded again
    output = seed()

    # then no task, report or audit row was added, and the command says so
    assert (Task.objects.count(), ProgressReport.objects.count(), AuditEvent.objects.count()) == counts
    assert f"Nhiệm vụ trình diễn: 0 mới / {counts[0]} đã có" in output
    assert f"Nhiệm vụ trình diễn: {counts[0]} mới / 0 đã có" in seeded


def test_the_league_table_of_the_meeting_names_the_heads_where_known(chair):
    # when the league table is drawn up as of the meeting
    lines = league_table(chair, as_of=MEETING_DAY)

    # then departments, agencies and communes are ranked
    kinds = set(
        Unit.objects.filter(pk__in=[line.row.unit_id for line in lines]).values_list("kind", flat=True)
    )
    assert {Unit.Kind.DEPARTMENT, Unit.Kind.AGENCY} <= kinds
    assert kinds & {Unit.Kind.COMMUNE, Unit.Kind.WARD}
    assert any(line.row.overdue for line in lines)
    assert any(line.row.missing_reports for line in lines)
    # and a head is named exactly for the units that had one on that day (the province's chair among them)
    heads_on_the_day = set(
        HeadAssignment.objects.filter(role=HeadAssignment.Role.HEAD, valid_from__lte=MEETING_DAY)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=MEETING_DAY))
        .values_list("unit_id", flat=True)
    )
    named = {line.row.unit_id for line in lines if line.head_name}
    assert named == heads_on_the_day & {line.row.unit_id for line in lines}
    province = next(line for line in lines if line.unit_name == "UBND tỉnh Gia Lai")
    assert "Phạm Anh Tuấn" in province.head_name


def test_the_province_tasks_show_every_story_today(seeded, db):
    # when the stored statuses of the province's own tasks are read (computed on the seed day)
    tasks = Task.objects.filter(origin=Task.Origin.PROVINCE)
    buckets = set(tasks.values_list("status_bucket", flat=True))
    flags = {flag for task in tasks for flag in task.flag_list}

    # then there are late, overdue, suspended ones, and returned, extended, awaiting ones
    assert {Task.Bucket.DONE_ON_TIME, Task.Bucket.DONE_LATE, Task.Bucket.IN_PROGRESS_OVERDUE} <= buckets
    assert Task.Bucket.SUSPENDED in buckets
    assert {"returned", "extended_after_deadline", "awaiting_confirmation"} <= flags
    # and some "6 rõ" are missing on purpose
    assert Task.objects.filter(responsible_person__isnull=True).exists()
    assert Task.objects.filter(authority__isnull=True).exists()


def test_the_overview_page_shows_the_meetings_figures_for_nq57(chair, client):
    # given the seeded demo and the chair signed in
    client.force_login(chair)
    # when the chair opens the overview of NQ 57 as of the meeting day
    response = client.get("/programmes/", {"as_of": "03/03/2026", "area": "nq57"})
    # then the page's figures are the committee's, computed from the seeded facts
    assert response.status_code == 200
    assert figures(response.context["statistics"]) == NQ57_FIGURES
    phase_figures = {(p.code, p.total, p.done_as_of) for p in response.context["phases"]}
    assert {URGENT[:3], BREAKTHROUGH[:3]} <= phase_figures
    html = response.content.decode()
    assert "16/16" in html
    assert "25/25" in html
