"""Figures of the steering tasks for a user: statistics in the seed's shape and the league table by lead unit,
computed by the pure core from records built by the mappers, in a fixed number of queries whatever the size.

Only the tasks the user may see are counted (province-wide roles: all). A time-bound task whose deadline is not
yet known cannot be judged: it is left out of the figures and counted apart as `undated`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_get_for_user, unit_head_names_as_of
from chidao.apps.programmes.mappers import NO_UNIT, phase_window
from chidao.apps.programmes.models import Area, Phase, Plan, ProgressReport, Task, TaskExtension
from chidao.apps.programmes.selectors import tasks_visible_to
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.calendar import WorkingCalendar
from chidao.core.periods import Cadence
from chidao.core.tasks.league import LeagueRow, compute_league_table
from chidao.core.tasks.recurring import ReportDeadlineRule, ReportSummary, assess_reports, summarise_reports
from chidao.core.tasks.statistics import (
    CompletionCount,
    StatisticsChange,
    TaskId,
    TaskRecord,
    TaskStatistics,
    UnitId,
    completions_between,
    compute_statistics,
    statistics_change,
)
from chidao.core.tasks.statistics import Phase as CorePhase
from chidao.core.tasks.status import (
    DeadlineBasis,
    ExtensionFact,
    TaskFacts,
    TaskKind,
    TaskStatus,
    derive_status,
)

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


# The task columns the facts are made of (see `facts_from_values`).
_FACT_COLUMNS = (
    "kind",
    "original_deadline",
    "completed_on",
    "confirmed_at",
    "is_returned",
    "suspended_on",
    "stopped_on",
    "progress_percent",
    "has_report",
)
_ROW_COLUMNS = (
    "pk",
    "code",
    "title",
    "cadence",
    "lead_unit_id",
    "lead_unit__name",
    "lead_unit__name_sort",
    "assigned_on",
    *_FACT_COLUMNS,
)


def facts_from_values(values: Mapping[str, Any], extensions: tuple[ExtensionFact, ...]) -> TaskFacts:
    """The core facts of a task read as values (no model instance): the same mapping as
    `mappers.task_facts`, which a test holds equal; building thousands of instances costs more than the
    figures themselves."""
    return TaskFacts(
        kind=TaskKind(values["kind"]),
        original_deadline=values["original_deadline"],
        extensions=extensions,
        completed_on=values["completed_on"],
        confirmed=values["confirmed_at"] is not None,
        returned=values["is_returned"],
        suspended_on=values["suspended_on"],
        stopped_on=values["stopped_on"],
        progress_percent=values["progress_percent"],
        has_report=values["has_report"],
    )


def _undated(values: Mapping[str, Any]) -> bool:
    return values["kind"] == Task.Kind.TIME_BOUND and values["original_deadline"] is None


@dataclass(frozen=True)
class CountedTask:
    """A counted task as the figures and the dashboard use it; `record` is None for a time-bound task without a
    deadline (left out of the figures)."""

    pk: int
    code: str
    title: str
    kind: str
    cadence: str
    lead_unit_id: int | None
    assigned_on: dt.date | None
    record: TaskRecord | None


@dataclass(frozen=True)
class CountedTasks:
    """The tasks a set of figures counts, read once as values: each task, the core records of those with a
    deadline or a cadence, how many time-bound ones have no deadline yet (counted apart), and the names of
    their lead units ((name, sort key) by id) and plans (by code)."""

    tasks: tuple[CountedTask, ...]
    records: tuple[TaskRecord, ...]
    undated: int
    unit_names: Mapping[int, tuple[str, str]]
    plan_names: Mapping[str, str]


def _extensions_by_task(tasks: QuerySet[Task]) -> dict[int, tuple[ExtensionFact, ...]]:
    rows = (
        TaskExtension.objects.filter(task__in=tasks.order_by().values("pk"))
        .order_by("task_id", "approved_on", "pk")
        .values_list("task_id", "old_deadline", "new_deadline", "approved_on")
    )
    found: dict[int, list[ExtensionFact]] = defaultdict(list)
    for task_id, old, new, approved_on in rows:
        found[task_id].append(ExtensionFact(old_deadline=old, new_deadline=new, approved_on=approved_on))
    return {task_id: tuple(facts) for task_id, facts in found.items()}


def _codes_by_task(tasks: QuerySet[Task], relation: str, *columns: str) -> dict[int, list[tuple[Any, ...]]]:
    through = getattr(Task, relation).through
    rows = through.objects.filter(task_id__in=tasks.order_by().values("pk")).values_list("task_id", *columns)
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for task_id, *values in rows:
        found[task_id].append(tuple(values))
    return found


def counted_tasks(user: User, *, area: str = "", plan: str = "", unit_id: int | None = None) -> CountedTasks:
    """The visible tasks matching the filters, read as values in five queries whatever their number (403 without
    a role, 404 for an unknown area or plan code or a unit outside the scope): the one read every figure is
    derived from."""
    queryset = _counted_tasks(user, area=area, plan=plan, unit_id=unit_id)
    rows = list(queryset.order_by("pk").values(*_ROW_COLUMNS))
    extensions = _extensions_by_task(queryset)
    areas = _codes_by_task(queryset, "areas", "area__code")
    plans = _codes_by_task(queryset, "plans", "plan__code", "plan__name")
    phases = _codes_by_task(queryset, "phases", "phase__code")
    tasks = []
    for row in rows:
        task_id = row["pk"]
        record = None
        if not _undated(row):
            record = TaskRecord(
                task_id=task_id,
                lead_unit_id=row["lead_unit_id"] or NO_UNIT,
                facts=facts_from_values(row, extensions.get(task_id, ())),
                phase_codes=tuple(sorted(code for (code,) in phases.get(task_id, ()))),
                area_codes=tuple(sorted(code for (code,) in areas.get(task_id, ()))),
                plan_codes=tuple(sorted(code for code, _name in plans.get(task_id, ()))),
                assigned_on=row["assigned_on"],
            )
        tasks.append(
            CountedTask(
                pk=task_id,
                code=row["code"],
                title=row["title"],
                kind=row["kind"],
                cadence=row["cadence"],
                lead_unit_id=row["lead_unit_id"],
                assigned_on=row["assigned_on"],
                record=record,
            )
        )
    return CountedTasks(
        tasks=tuple(tasks),
        records=tuple(task.record for task in tasks if task.record is not None),
        undated=sum(1 for task in tasks if task.record is None),
        unit_names={
            row["lead_unit_id"]: (row["lead_unit__name"], row["lead_unit__name_sort"])
            for row in rows
            if row["lead_unit_id"] is not None
        },
        plan_names={code: name for found in plans.values() for code, name in found},
    )


def phase_windows() -> list[CorePhase]:
    """The programme's phases in date order, as the core sees them (one query)."""
    return [phase_window(phase) for phase in Phase.objects.order_by("start", "code")]


def task_statuses_as_of(
    records: Iterable[TaskRecord],
    *,
    as_of: dt.date,
    calendar: WorkingCalendar,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> dict[TaskId, TaskStatus]:
    """Each counted task's status (bucket and flags) as of the date, as `compute_statistics` judges it: tasks
    assigned after the date are left out, so the ids are exactly those the figures of that date count."""
    return {
        record.task_id: derive_status(record.facts, as_of=as_of, calendar=calendar, basis=basis)
        for record in records
        if record.assigned_on is None or record.assigned_on <= as_of
    }


def task_statuses_of(tasks: QuerySet[Task], *, as_of: dt.date) -> dict[TaskId, TaskStatus]:
    """The statuses as of the date of the tasks of a queryset that the figures of that date count (assigned by
    then, with a deadline or a cadence), in two queries: what a list "as of a date" filters on."""
    dated = tasks.exclude(kind=Task.Kind.TIME_BOUND, original_deadline__isnull=True).order_by()
    extensions = _extensions_by_task(dated)
    records = [
        TaskRecord(
            task_id=row["pk"],
            lead_unit_id=row["lead_unit_id"] or NO_UNIT,
            facts=facts_from_values(row, extensions.get(row["pk"], ())),
            assigned_on=row["assigned_on"],
        )
        for row in dated.values("pk", "lead_unit_id", "assigned_on", *_FACT_COLUMNS)
    ]
    return task_statuses_as_of(records, as_of=as_of, calendar=working_calendar())


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
    counted = counted_tasks(user, area=area, plan=plan, unit_id=unit_id)
    return figures_from_records(
        counted.records,
        as_of=as_of or timezone.localdate(),
        undated=counted.undated,
        since=since,
        completed_between=completed_between,
        basis=basis,
        calendar=working_calendar(),
        phases=phase_windows(),
    )


def figures_from_records(
    records: Sequence[TaskRecord],
    *,
    as_of: dt.date,
    undated: int,
    calendar: WorkingCalendar,
    phases: Sequence[CorePhase],
    since: dt.date | None = None,
    completed_between: tuple[dt.date, dt.date] | None = None,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> TaskFigures:
    """The figures of `task_statistics` from records already read (no query): as of the date, with the change
    since `since` and the completions in a window when asked."""

    def figures(on: dt.date) -> TaskStatistics:
        return compute_statistics(records, as_of=on, calendar=calendar, basis=basis, phases=phases)

    current = figures(as_of)
    change = statistics_change(figures(since), current) if since is not None else None
    completions = None
    if completed_between is not None:
        start, end = completed_between
        completions = completions_between(records, start=start, end=end, calendar=calendar, basis=basis)
    return TaskFigures(statistics=current, undated=undated, change=change, completions=completions)


@dataclass(frozen=True)
class LeagueLine:
    """A league row with the unit's name and its head as of the date."""

    row: LeagueRow
    unit_name: str
    head_name: str


def report_summaries(
    tasks: Iterable[CountedTask], *, as_of: dt.date, calendar: WorkingCalendar
) -> dict[UnitId, ReportSummary]:
    """Each lead unit's periodic reports (recurring tasks with a start date and a cadence) as of the date: on
    time, late, missing; one query for the reports sent."""
    recurring = [
        task
        for task in tasks
        if task.kind == Task.Kind.RECURRING
        and task.assigned_on is not None
        and task.lead_unit_id is not None
        and task.cadence
    ]
    sent: dict[int, dict[str, dt.date]] = defaultdict(dict)
    reports = ProgressReport.objects.filter(task__in=[task.pk for task in recurring], state__in=_SENT_STATES)
    for task_id, period, submitted_at in reports.values_list("task_id", "period_label", "submitted_at"):
        if period and submitted_at is not None:
            day = timezone.localtime(submitted_at).date()
            sent[task_id][period] = min(day, sent[task_id].get(period, day))
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
    counted = counted_tasks(user, area=area, plan=plan)
    calendar = working_calendar()
    return league_from_records(
        counted,
        as_of=day,
        calendar=calendar,
        summaries=report_summaries(counted.tasks, as_of=day, calendar=calendar),
    )


def league_from_records(
    counted: CountedTasks,
    *,
    as_of: dt.date,
    calendar: WorkingCalendar,
    summaries: Mapping[UnitId, ReportSummary],
    head_names: Mapping[int, str] | None = None,
) -> list[LeagueLine]:
    """The league of `league_table` from tasks already read; the heads are read (one query) unless given."""
    records = [record for record in counted.records if record.lead_unit_id != NO_UNIT]
    rows = compute_league_table(records, as_of=as_of, calendar=calendar, report_summaries=summaries)
    unit_ids = [int(row.unit_id) for row in rows]
    names = {unit_id: name for unit_id, (name, _sort) in counted.unit_names.items()}
    heads = unit_head_names_as_of(unit_ids, as_of) if head_names is None else head_names
    return [
        LeagueLine(
            row=row, unit_name=names.get(int(row.unit_id), ""), head_name=heads.get(int(row.unit_id), "")
        )
        for row in rows
    ]
