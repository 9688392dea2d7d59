"""The leaders' dashboard as data: one read that both the dashboard page and the meeting briefing use, so every
figure in a briefing equals the dashboard's for the same date and filters.

CONTRACT (the documents app builds the briefing from `DashboardData`; keep these fields and meanings):
- `figures`: the programmes' TaskFigures as of `filters.as_of` over the visible tasks matching area/unit, with
  `change` since `since` (the previous meeting's date unless a date is given) — by_area, by_plan, by_phase inside.
- `area_figures`: per active area (ordered), the statistics of that area alone (same numbers as the overview page
  filtered by the area) and the completions of the previous calendar year (e.g. "hoàn thành 30 nhiệm vụ trong năm
  2025" for Đề án 06), and the change since `since` for that area.
- `attention`: lead units with overdue or due-soon tasks or missing periodic reports, worst first, each with its head
  as of the date and its overdue and due-soon task lines.
- `open_directives`: explanation requests and directions not yet answered, oldest first.
- `league`: the league table as of the date.
- `previous_meeting` / `meeting`: the committee meetings around the date (for "so với phiên họp ngày dd/mm/yyyy").
- `plan_names` (added): the name of each plan code in `figures.statistics.by_plan`.
The SQL query count of `dashboard_data` must not grow with the number of tasks (bench/dashboard.py: goal ≤ 15):
the tasks are read once (programmes.statistics.counted_tasks) and every figure is derived from those records.
Definitions, links and the query budget: docs/domain/dashboard.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from chidao.apps.accounts.models import User
from chidao.apps.meetings.models import Meeting
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_head_names_as_of
from chidao.apps.programmes.models import Area, TaskDirective
from chidao.apps.programmes.selectors import tasks_visible_to
from chidao.apps.programmes.statistics import (
    CountedTask,
    CountedTasks,
    LeagueLine,
    TaskFigures,
    counted_tasks,
    figures_from_records,
    league_from_records,
    phase_windows,
    report_summaries,
    task_statuses_as_of,
)
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.calendar import WorkingCalendar
from chidao.core.tasks.recurring import ReportSummary
from chidao.core.tasks.statistics import (
    CompletionCount,
    Phase,
    StatisticsChange,
    TaskId,
    TaskRecord,
    TaskStatistics,
    UnitId,
    completions_between,
    compute_statistics,
    statistics_change,
)
from chidao.core.tasks.status import Bucket, Flag, TaskStatus


@dataclass(frozen=True)
class DashboardFilters:
    as_of: dt.date
    area: str = ""
    unit_id: int | None = None
    # The date to compare with; None = the previous meeting's date (held before as_of), if any.
    since: dt.date | None = None


@dataclass(frozen=True)
class AreaFigures:
    code: str
    name: str
    statistics: TaskStatistics
    change: StatisticsChange | None
    completions_last_year: CompletionCount  # completed between 1/1 and 31/12 of the year before as_of


@dataclass(frozen=True)
class TaskLine:
    task_id: int
    code: str
    title: str
    deadline: dt.date | None
    working_days_late: int
    bucket: str  # Task.Bucket value
    flags: tuple[str, ...]


@dataclass(frozen=True)
class UnitAttention:
    unit_id: int
    unit_name: str
    head_name: str  # "" when no head is recorded for the date
    overdue: tuple[TaskLine, ...]
    due_soon: tuple[TaskLine, ...]
    missing_reports: int  # periodic reports due and not sent as of the date


@dataclass(frozen=True)
class DirectiveLine:
    directive_id: int
    kind: str  # TaskDirective.Kind value
    kind_label: str
    text: str
    task_id: int
    task_code: str
    task_title: str
    unit_name: str
    created_on: dt.date
    due_on: dt.date | None


@dataclass(frozen=True)
class DashboardData:
    filters: DashboardFilters
    since: dt.date | None  # the date actually compared with
    figures: TaskFigures
    area_figures: tuple[AreaFigures, ...]
    attention: tuple[UnitAttention, ...]
    open_directives: tuple[DirectiveLine, ...]
    league: tuple[LeagueLine, ...]
    meeting: Meeting | None  # a meeting held on as_of, if any
    previous_meeting: Meeting | None  # the last meeting held before as_of
    plan_names: Mapping[str, str] = field(default_factory=dict)  # plan code -> name, for figures' by_plan


def dashboard_data(user: User, filters: DashboardFilters) -> DashboardData:
    """Everything the dashboard and the briefing show, as of the date, for the tasks the user may see.

    403 for an account without a role, 404 for an unknown area or a unit outside the user's scope (the checks
    of programmes.statistics). The tasks are read once; the figures, the areas', the league and the attention
    list are all derived from those records, so they agree with each other and with the overview page."""
    as_of = filters.as_of
    counted = counted_tasks(user, area=filters.area, unit_id=filters.unit_id)
    calendar = working_calendar()
    phases = phase_windows()
    meeting, previous_meeting = _meetings_around(as_of)
    since = filters.since or (previous_meeting.held_on if previous_meeting is not None else None)
    last_year = (dt.date(as_of.year - 1, 1, 1), dt.date(as_of.year - 1, 12, 31))
    figures = figures_from_records(
        counted.records,
        as_of=as_of,
        undated=counted.undated,
        calendar=calendar,
        phases=phases,
        since=since,
        completed_between=last_year,
    )
    summaries = report_summaries(counted.tasks, as_of=as_of, calendar=calendar)
    heads = unit_head_names_as_of(sorted(counted.unit_names), as_of)
    league = league_from_records(
        counted, as_of=as_of, calendar=calendar, summaries=summaries, head_names=heads
    )
    # Flags are needed only for the tasks in progress (overdue, or due soon): their statuses alone are derived
    # again, the buckets of the others are the figures' own.
    in_progress = {
        task_id
        for task_id, bucket in figures.statistics.task_buckets
        if bucket in (Bucket.IN_PROGRESS_ON_TIME, Bucket.IN_PROGRESS_OVERDUE)
    }
    statuses = task_statuses_as_of(
        [record for record in counted.records if record.task_id in in_progress],
        as_of=as_of,
        calendar=calendar,
    )
    return DashboardData(
        filters=filters,
        since=since,
        figures=figures,
        area_figures=_area_figures(
            counted.records,
            _areas(filters.area),
            as_of=as_of,
            since=since,
            last_year=last_year,
            calendar=calendar,
            phases=phases,
        ),
        attention=_attention(counted, statuses, summaries, heads),
        open_directives=_open_directives(user, filters),
        league=tuple(league),
        meeting=meeting,
        previous_meeting=previous_meeting,
        plan_names=dict(counted.plan_names),
    )


# ---- meetings -----------------------------------------------------------------------------------------------

# Meetings read at once to find the one held on the date and the one before it (a committee meets a few times
# a year; more than this many on one day would only cost a second query).
_RECENT_MEETINGS = 10


def _meetings_around(as_of: dt.date) -> tuple[Meeting | None, Meeting | None]:
    """The meeting held on the date (if any) and the last one held before it, in one query as a rule."""
    meetings = Meeting.objects.select_related("committee", "chair").order_by("-held_on", "-pk")
    recent = list(meetings.filter(held_on__lte=as_of)[:_RECENT_MEETINGS])
    on_the_day = next((meeting for meeting in recent if meeting.held_on == as_of), None)
    before = next((meeting for meeting in recent if meeting.held_on < as_of), None)
    if before is None and len(recent) == _RECENT_MEETINGS:
        before = meetings.filter(held_on__lt=as_of).first()
    return on_the_day, before


# ---- figures per area ---------------------------------------------------------------------------------------


def _areas(code: str) -> list[Area]:
    """The active areas in their order, or only the filtered one (its figures are all there is then)."""
    areas = Area.objects.filter(code=code) if code else Area.objects.filter(is_active=True)
    return list(areas.order_by("order", "code"))


def _area_figures(
    records: Sequence[TaskRecord],
    areas: Iterable[Area],
    *,
    as_of: dt.date,
    since: dt.date | None,
    last_year: tuple[dt.date, dt.date],
    calendar: WorkingCalendar,
    phases: Sequence[Phase],
) -> tuple[AreaFigures, ...]:
    result = []
    for area in areas:
        own = [record for record in records if area.code in record.area_codes]
        current = compute_statistics(own, as_of=as_of, calendar=calendar, phases=phases)
        change = None
        if since is not None:
            previous = compute_statistics(own, as_of=since, calendar=calendar, phases=phases)
            change = statistics_change(previous, current)
        start, end = last_year
        result.append(
            AreaFigures(
                code=area.code,
                name=area.name,
                statistics=current,
                change=change,
                completions_last_year=completions_between(own, start=start, end=end, calendar=calendar),
            )
        )
    return tuple(result)


# ---- attention: lead units with overdue, due-soon tasks or missing reports ------------------------------------


def _task_line(task: CountedTask, status: TaskStatus) -> TaskLine:
    return TaskLine(
        task_id=task.pk,
        code=task.code,
        title=task.title,
        deadline=status.deadline,
        working_days_late=status.working_days_late,
        bucket=str(status.bucket),
        flags=tuple(sorted(str(flag) for flag in status.flags)),
    )


def _attention(
    counted: CountedTasks,
    statuses: Mapping[TaskId, TaskStatus],
    summaries: Mapping[UnitId, ReportSummary],
    heads: Mapping[int, str],
) -> tuple[UnitAttention, ...]:
    """Lead units with an overdue task, a task due soon or a missing periodic report as of the date, worst
    first: most overdue tasks, then most missing reports, then most tasks due soon, then by name. Tasks
    without a lead unit have no one to answer for them here: the "6 rõ" filter of the list shows them."""
    units = counted.unit_names
    overdue: dict[int, list[TaskLine]] = {}
    due_soon: dict[int, list[TaskLine]] = {}
    for task in counted.tasks:
        status = statuses.get(task.pk)
        if status is None or task.lead_unit_id is None:
            continue
        if status.bucket is Bucket.IN_PROGRESS_OVERDUE:
            overdue.setdefault(task.lead_unit_id, []).append(_task_line(task, status))
        elif Flag.DUE_SOON in status.flags:
            due_soon.setdefault(task.lead_unit_id, []).append(_task_line(task, status))
    missing = {int(unit_id): summary.missing for unit_id, summary in summaries.items() if summary.missing}
    rows = [
        UnitAttention(
            unit_id=unit_id,
            unit_name=units[unit_id][0],
            head_name=heads.get(unit_id, ""),
            # The longest overdue first; the nearest deadline first.
            overdue=tuple(
                sorted(overdue.get(unit_id, []), key=lambda line: (-line.working_days_late, line.code))
            ),
            due_soon=tuple(
                sorted(due_soon.get(unit_id, []), key=lambda line: (line.deadline or dt.date.max, line.code))
            ),
            missing_reports=missing.get(unit_id, 0),
        )
        for unit_id in (set(overdue) | set(due_soon) | set(missing)) & set(units)
    ]
    rows.sort(
        key=lambda row: (
            -len(row.overdue),
            -row.missing_reports,
            -len(row.due_soon),
            units[row.unit_id][1],
            row.unit_id,
        )
    )
    return tuple(rows)


# ---- open explanation requests and directions -----------------------------------------------------------------


def _directives_visible(user: User, filters: DashboardFilters) -> QuerySet[TaskDirective]:
    directives = TaskDirective.objects.filter(task__in=tasks_visible_to(user))
    if filters.area:
        directives = directives.filter(task__areas__code=filters.area)
    if filters.unit_id is not None:
        directives = directives.filter(task__lead_unit_id=filters.unit_id)
    return directives


def _open_directives(user: User, filters: DashboardFilters) -> tuple[DirectiveLine, ...]:
    """Explanation requests and directions given by the end of the date and not answered by then, on the
    tasks the user may see (matching the area and unit filters), oldest first."""
    day_after = dt.datetime.combine(filters.as_of + dt.timedelta(days=1), dt.time(), tzinfo=_local_zone())
    rows = (
        _directives_visible(user, filters)
        .filter(created_at__lt=day_after)
        .filter(Q(responded_at__isnull=True) | Q(responded_at__gte=day_after))
        .select_related("task", "task__lead_unit", "addressed_unit")
        .order_by("created_at", "pk")
    )
    kinds = dict(TaskDirective.Kind.choices)
    return tuple(
        DirectiveLine(
            directive_id=row.pk,
            kind=row.kind,
            kind_label=str(kinds.get(row.kind, row.kind)),
            text=row.text,
            task_id=row.task_id,
            task_code=row.task.code,
            task_title=row.task.title,
            unit_name=_directive_unit_name(row),
            created_on=timezone.localtime(row.created_at).date(),
            due_on=row.due_on,
        )
        for row in rows
    )


def _directive_unit_name(row: TaskDirective) -> str:
    unit = row.addressed_unit or row.task.lead_unit
    return unit.name if unit is not None else ""


def _local_zone() -> dt.tzinfo:
    return timezone.get_current_timezone()


# ---- the filter's choices -------------------------------------------------------------------------------------


def area_choices() -> list[tuple[str, str]]:
    """The active areas, in their order, for the filter."""
    return list(Area.objects.filter(is_active=True).order_by("order", "code").values_list("code", "name"))


def unit_choices(user: User) -> list[tuple[int, str]]:
    """The lead units of the tasks the user may see, by name, for the filter."""
    units = Unit.objects.filter(led_tasks__in=tasks_visible_to(user)).distinct().order_by("name_sort")
    return list(units.values_list("pk", "name"))
