"""Figures of the steering tasks for a user: statistics in the seed's shape and the league table by lead unit,
computed by the pure core from records built by the mappers, in a fixed number of queries whatever the size.

Only the tasks the user may see are counted (province-wide roles: all). A time-bound task whose deadline is not
yet known cannot be judged: it is left out of the figures and counted apart as `undated`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_get_for_user, unit_head_names_as_of
from chidao.apps.programmes.mappers import NO_UNIT, phase_window, task_record
from chidao.apps.programmes.models import Area, Phase, Plan, ProgressReport, Task
from chidao.apps.programmes.selectors import tasks_visible_to
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.periods import Cadence
from chidao.core.tasks.league import LeagueRow, compute_league_table
from chidao.core.tasks.recurring import ReportDeadlineRule, ReportSummary, assess_reports, summarise_reports
from chidao.core.tasks.statistics import (
    CompletionCount,
    StatisticsChange,
    TaskRecord,
    TaskStatistics,
    UnitId,
    completions_between,
    compute_statistics,
    statistics_change,
)
from chidao.core.tasks.status import DeadlineBasis

# Reports that the lead unit has officially sent (its head approved them).
_SENT_STATES = (ProgressReport.State.HEAD_APPROVED, ProgressReport.State.CONFIRMED)


def require_role(user: User) -> None:
    """403 for a signed-in account that holds no role today (it may see nothing)."""
    if not user_scope(user).roles:
        raise PermissionDenied("Tài khoản chưa được phân quyền.")


def unit_get_for_filter(user: User, unit_id: int) -> Unit:
    """The unit named in a filter, if the user may see it; 404 otherwise."""
    return unit_get_for_user(user, unit_id)


def _check_codes(area: str, plan: str) -> None:
    if area and not Area.objects.filter(code=area).exists():
        raise Http404("Không tìm thấy lĩnh vực")
    if plan and not Plan.objects.filter(code=plan).exists():
        raise Http404("Không tìm thấy kế hoạch")


def _counted_tasks(user: User, *, area: str, plan: str, unit_id: int | None) -> QuerySet[Task]:
    require_role(user)
    _check_codes(area, plan)
    tasks = tasks_visible_to(user)
    if area:
        tasks = tasks.filter(
            Exists(Task.areas.through.objects.filter(task_id=OuterRef("pk"), area__code=area))
        )
    if plan:
        tasks = tasks.filter(
            Exists(Task.plans.through.objects.filter(task_id=OuterRef("pk"), plan__code=plan))
        )
    if unit_id is not None:
        unit_get_for_filter(user, unit_id)
        tasks = tasks.filter(lead_unit_id=unit_id)
    return tasks


def _dated(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.exclude(kind=Task.Kind.TIME_BOUND, original_deadline__isnull=True)


def _records(tasks: QuerySet[Task]) -> list[TaskRecord]:
    rows = _dated(tasks).prefetch_related("extensions", "areas", "plans", "phases").order_by("pk")
    return [task_record(task) for task in rows]


@dataclass(frozen=True)
class TaskFigures:
    """The statistics as of a date, with what was asked beside them: the change since an earlier date and the
    completions between two dates; `undated` counts the tasks left out for lack of a deadline."""

    statistics: TaskStatistics
    undated: int
    change: StatisticsChange | None = None
    completions: CompletionCount | None = None


def task_statistics(
    user: User,
    *,
    as_of: dt.date | None = None,
    area: str = "",
    plan: str = "",
    unit_id: int | None = None,
    since: dt.date | None = None,
    completed_between: tuple[dt.date, dt.date] | None = None,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> TaskFigures:
    """Figures in the seed's shape (total, recurring, done on time/late, in progress, overdue, rates, per area,
    plan and phase) as of the date, for the tasks the user may see; 404 for an unknown area or plan code."""
    day = as_of or timezone.localdate()
    tasks = _counted_tasks(user, area=area, plan=plan, unit_id=unit_id)
    records = _records(tasks)
    calendar = working_calendar()
    phases = [phase_window(phase) for phase in Phase.objects.order_by("start", "code")]

    def figures(on: dt.date) -> TaskStatistics:
        return compute_statistics(records, as_of=on, calendar=calendar, basis=basis, phases=phases)

    current = figures(day)
    change = statistics_change(figures(since), current) if since is not None else None
    completions = None
    if completed_between is not None:
        start, end = completed_between
        completions = completions_between(records, start=start, end=end, calendar=calendar, basis=basis)
    undated = tasks.filter(kind=Task.Kind.TIME_BOUND, original_deadline__isnull=True).count()
    return TaskFigures(statistics=current, undated=undated, change=change, completions=completions)


@dataclass(frozen=True)
class LeagueLine:
    """A league row with the unit's name and its head as of the date."""

    row: LeagueRow
    unit_name: str
    head_name: str


def _report_summaries(tasks: QuerySet[Task], as_of: dt.date) -> dict[UnitId, ReportSummary]:
    """Each lead unit's periodic reports (recurring tasks with a start date): on time, late, missing."""
    recurring = list(
        tasks.filter(kind=Task.Kind.RECURRING, assigned_on__isnull=False, lead_unit__isnull=False).exclude(
            cadence=""
        )
    )
    sent: dict[int, dict[str, dt.date]] = defaultdict(dict)
    reports = ProgressReport.objects.filter(task__in=[task.pk for task in recurring], state__in=_SENT_STATES)
    for task_id, period, submitted_at in reports.values_list("task_id", "period_label", "submitted_at"):
        if period and submitted_at is not None:
            day = timezone.localtime(submitted_at).date()
            sent[task_id][period] = min(day, sent[task_id].get(period, day))
    calendar = working_calendar()
    summaries: dict[UnitId, ReportSummary] = {}
    for task in recurring:
        if task.assigned_on is None or task.lead_unit_id is None:
            continue
        assessed = assess_reports(
            Cadence(task.cadence),
            start=task.assigned_on,
            as_of=as_of,
            submitted_on=sent[task.pk],
            rule=ReportDeadlineRule(),
            calendar=calendar,
        )
        summary = summarise_reports(assessed)
        summaries[task.lead_unit_id] = summaries.get(task.lead_unit_id, ReportSummary()) + summary
    return summaries


def league_table(
    user: User, *, as_of: dt.date | None = None, area: str = "", plan: str = ""
) -> list[LeagueLine]:
    """The lead units ranked, best first, over the tasks the user may see, with each unit's head as of the date;
    404 for an unknown area or plan code."""
    day = as_of or timezone.localdate()
    tasks = _counted_tasks(user, area=area, plan=plan, unit_id=None)
    records = [record for record in _records(tasks) if record.lead_unit_id != NO_UNIT]
    rows = compute_league_table(
        records, as_of=day, calendar=working_calendar(), report_summaries=_report_summaries(tasks, day)
    )
    unit_ids = [int(row.unit_id) for row in rows]
    names = {unit.pk: unit.name for unit in Unit.objects.filter(pk__in=unit_ids).only("pk", "name")}
    heads = unit_head_names_as_of(unit_ids, day)
    return [
        LeagueLine(
            row=row, unit_name=names.get(int(row.unit_id), ""), head_name=heads.get(int(row.unit_id), "")
        )
        for row in rows
    ]
