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
The SQL query count of `dashboard_data` must not grow with the number of tasks (bench/dashboard.py: goal ≤ 15).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from chidao.apps.accounts.models import User
from chidao.apps.meetings.models import Meeting
from chidao.apps.programmes.statistics import LeagueLine, TaskFigures
from chidao.core.tasks.statistics import CompletionCount, StatisticsChange, TaskStatistics


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


def dashboard_data(user: User, filters: DashboardFilters) -> DashboardData:
    """Everything the dashboard and the briefing show, as of the date, for the tasks the user may see."""
    raise NotImplementedError  # built by the dashboard work (issue 5)
