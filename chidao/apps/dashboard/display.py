"""The dashboard as the page shows it: `DashboardData` turned into labelled numbers, each with the link to the
task list behind it (filtered as of the same date, so the list holds exactly the tasks counted), the change
since the compared date in words, and the data of the charts. No query: everything comes from the data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from chidao.apps.dashboard.charts import area_buckets_chart, overdue_by_unit_chart
from chidao.apps.dashboard.links import ListLinks
from chidao.apps.dashboard.selectors import DashboardData, DirectiveLine, TaskLine, UnitAttention
from chidao.apps.programmes.page_queries import FigureRow, LeagueDisplay, league_display, percent_text
from chidao.core.numbers import format_date, format_number
from chidao.core.tasks.statistics import BucketCounts, StatisticsChange

# League lines shown at each end of the table (all of them when there are at most twice as many).
LEAGUE_ENDS = 5
# Overdue and due-soon tasks listed under a unit (the worst first); its counts open the full lists.
TASK_LINES_PER_UNIT = 10


@dataclass(frozen=True)
class Figure:
    """One number: what it counts, its value, the list behind it ("" = none) and its change in words."""

    key: str
    label: str
    value: str
    url: str
    change: str = ""


# (the BucketCounts / StatisticsChange field, the list's bucket filter)
_BUCKET_FIGURES = (
    ("total", "counted"),
    ("recurring", "recurring"),
    ("done_on_time", "done_on_time"),
    ("done_late", "done_late"),
    ("in_progress_on_time", "in_progress_on_time"),
    ("in_progress_overdue", "in_progress_overdue"),
)


def _label(key: str) -> str:
    labels = {
        "total": _("Tổng số nhiệm vụ"),
        "recurring": _("Thường xuyên"),
        "done_on_time": _("Hoàn thành đúng hạn"),
        "done_late": _("Hoàn thành quá hạn"),
        "in_progress_on_time": _("Đang thực hiện trong hạn"),
        "in_progress_overdue": _("Đang thực hiện quá hạn"),
    }
    return labels[key]


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


class ChangeWords:
    """The change of a figure since the compared date, in words: "tăng 3 so với phiên họp ngày 03/03/2026"."""

    def __init__(self, since: dt.date | None, *, is_meeting: bool) -> None:
        self.since = since
        self.is_meeting = is_meeting

    def of(self, delta: int) -> str:
        """The sentence for a change of `delta` tasks ("" without a compared date)."""
        if self.since is None:
            return ""
        values = {"n": _count(abs(delta)), "date": format_date(self.since)}
        if self.is_meeting:
            if delta > 0:
                return _("tăng %(n)s so với phiên họp ngày %(date)s") % values
            if delta < 0:
                return _("giảm %(n)s so với phiên họp ngày %(date)s") % values
            return _("không đổi so với phiên họp ngày %(date)s") % values
        if delta > 0:
            return _("tăng %(n)s so với ngày %(date)s") % values
        if delta < 0:
            return _("giảm %(n)s so với ngày %(date)s") % values
        return _("không đổi so với ngày %(date)s") % values

    def of_rate(self, change: StatisticsChange | None) -> str:
        """The change of the completion rate, in percentage points."""
        if self.since is None or change is None or change.completion_rate is None:
            return ""
        points = change.completion_rate * 100
        values = {"n": format_number(abs(points), 1), "date": format_date(self.since)}
        if self.is_meeting:
            if points > 0:
                return _("tăng %(n)s điểm phần trăm so với phiên họp ngày %(date)s") % values
            if points < 0:
                return _("giảm %(n)s điểm phần trăm so với phiên họp ngày %(date)s") % values
            return _("không đổi so với phiên họp ngày %(date)s") % values
        if points > 0:
            return _("tăng %(n)s điểm phần trăm so với ngày %(date)s") % values
        if points < 0:
            return _("giảm %(n)s điểm phần trăm so với ngày %(date)s") % values
        return _("không đổi so với ngày %(date)s") % values


def bucket_figures(
    counts: BucketCounts,
    change: StatisticsChange | None,
    links: ListLinks,
    words: ChangeWords,
    **filters: Any,
) -> list[Figure]:
    """The seed's figures of one scope (all tasks, an area): each linked to its list, with its change."""
    figures = [
        Figure(
            key=key,
            label=_label(key),
            value=_count(getattr(counts, key)),
            url=links.url(bucket=bucket, **filters),
            change=words.of(getattr(change, key)) if change is not None else "",
        )
        for key, bucket in _BUCKET_FIGURES
    ]
    figures.append(
        Figure(
            key="completion_rate",
            label=_("Tỷ lệ hoàn thành"),
            value=percent_text(counts.completion_rate),
            # The rate's denominator: the tasks due or done by the date.
            url=links.url(bucket="due_or_done", **filters),
            change=words.of_rate(change),
        )
    )
    return figures


@dataclass(frozen=True)
class AreaCard:
    code: str
    name: str
    figures: list[Figure]
    completions: Figure | None  # last year's completions, when any
    left_out: Figure | None  # suspended or stopped, listed beside the total


@dataclass(frozen=True)
class PhaseLine:
    code: str
    name: str
    done: str
    total: str
    done_url: str
    total_url: str
    done_within_phase: str


@dataclass(frozen=True)
class TaskItem:
    line: TaskLine
    detail_url: str
    directive_url: str  # "" when the user may not direct


@dataclass(frozen=True)
class AttentionRow:
    unit: UnitAttention
    unit_url: str
    overdue: Figure
    due_soon: Figure
    missing_reports: Figure
    tasks: list[TaskItem]
    more_tasks: int  # overdue and due-soon tasks beyond those listed (the counts' lists show them all)
    more_url: str


@dataclass(frozen=True)
class DirectiveItem:
    line: DirectiveLine
    task_url: str
    overdue: bool  # its reply date has passed


@dataclass(frozen=True)
class LeagueItem:
    display: LeagueDisplay
    unit_url: str
    overdue_url: str
    tasks_url: str


@dataclass(frozen=True)
class DashboardPage:
    """What the template shows, in the order it shows it."""

    data: DashboardData
    as_of: dt.date
    since_text: str
    summary: list[Figure]
    left_out: Figure | None
    undated: Figure | None
    areas: list[AreaCard]
    phases: list[PhaseLine]
    plans: list[FigureRow]
    attention: list[AttentionRow]
    directives: list[DirectiveItem]
    league_top: list[LeagueItem]
    league_bottom: list[LeagueItem]
    league_size: int
    area_chart: dict[str, Any] | None
    area_chart_links: list[list[str]]
    overdue_chart: dict[str, Any] | None
    overdue_chart_links: list[list[str]]

    @property
    def has_charts(self) -> bool:
        """Whether a chart is drawn (the page loads ECharts only then)."""
        return self.area_chart is not None or self.overdue_chart is not None


def dashboard_page(data: DashboardData, *, can_direct: bool, present: bool = False) -> DashboardPage:
    """The page of `data`; `can_direct` adds the one-step explanation request or direction to each overdue or
    due-soon task (leaders and the secretariat)."""
    filters = data.filters
    links = ListLinks(filters.as_of, area=filters.area, unit_id=filters.unit_id)
    previous = data.previous_meeting
    words = ChangeWords(data.since, is_meeting=previous is not None and data.since == previous.held_on)
    statistics = data.figures.statistics
    area_chart, area_links = area_buckets_chart(data.area_figures, links, large=present)
    overdue_chart, overdue_links = overdue_by_unit_chart(data.attention, links, large=present)
    top, bottom = _league_ends(data, links)
    return DashboardPage(
        data=data,
        as_of=filters.as_of,
        since_text=_since_text(data),
        summary=bucket_figures(statistics, data.figures.change, links, words),
        left_out=_left_out(statistics, links),
        undated=(
            Figure(
                "undated", _("Chưa rõ thời hạn, chưa tính"), _count(data.figures.undated), _undated_url(links)
            )
            if data.figures.undated
            else None
        ),
        areas=[_area_card(area, links, words) for area in data.area_figures if _has_tasks(area.statistics)],
        phases=[
            PhaseLine(
                code=phase.code,
                name=phase.name or phase.code,
                done=_count(phase.done_as_of),
                total=_count(phase.total),
                done_url=links.url(phase=phase.code, bucket="done"),
                total_url=links.url(phase=phase.code, bucket="time_bound"),
                done_within_phase=_count(phase.done_within_phase),
            )
            for phase in statistics.by_phase
            if phase.total
        ],
        plans=[
            FigureRow(
                label=data.plan_names.get(group.code, group.code),
                link_params=links.params(plan=group.code),
                counts=group,
                rate=percent_text(group.completion_rate),
            )
            for group in statistics.by_plan
        ],
        attention=[_attention_row(row, links, can_direct) for row in data.attention],
        directives=[
            DirectiveItem(
                line=line,
                task_url=reverse("programmes:task-detail", args=[line.task_id]),
                overdue=line.due_on is not None and line.due_on < filters.as_of,
            )
            for line in data.open_directives
        ],
        league_top=top,
        league_bottom=bottom,
        league_size=len(data.league),
        area_chart=area_chart,
        area_chart_links=area_links,
        overdue_chart=overdue_chart,
        overdue_chart_links=overdue_links,
    )


def _has_tasks(counts: BucketCounts) -> bool:
    return bool(counts.total or counts.suspended or counts.stopped)


def _since_text(data: DashboardData) -> str:
    if data.since is None:
        return ""
    previous = data.previous_meeting
    if previous is not None and data.since == previous.held_on:
        return _("so sánh với phiên họp ngày %(date)s") % {"date": format_date(data.since)}
    return _("so sánh với ngày %(date)s") % {"date": format_date(data.since)}


def _left_out(counts: BucketCounts, links: ListLinks, **filters: Any) -> Figure | None:
    if not counts.suspended and not counts.stopped:
        return None
    return Figure(
        "left_out",
        _("Tạm hoãn, dừng thực hiện (không tính vào tổng số)"),
        _count(counts.suspended + counts.stopped),
        links.url(bucket="left_out", **filters),
    )


def _undated_url(links: ListLinks) -> str:
    # Undated tasks are not judged as of any date: the list shows them without the date.
    params = links.params(missing="deadline")
    params.pop("as_of", None)
    return f"{links.list_url}?{urlencode(params)}"


def _area_card(area: Any, links: ListLinks, words: ChangeWords) -> AreaCard:
    completions = area.completions_last_year
    year = completions.start.year
    return AreaCard(
        code=area.code,
        name=area.name,
        figures=bucket_figures(area.statistics, area.change, links, words, area=area.code),
        completions=(
            Figure(
                "completions",
                _("Hoàn thành trong năm %(year)s") % {"year": year},
                _count(completions.total),
                links.url(
                    area=area.code,
                    as_of=completions.end.isoformat(),
                    bucket="done",
                    completed_from=completions.start.isoformat(),
                    completed_to=completions.end.isoformat(),
                ),
                _("%(on_time)s đúng hạn, %(late)s quá hạn")
                % {"on_time": _count(completions.on_time), "late": _count(completions.late)},
            )
            if completions.total
            else None
        ),
        left_out=_left_out(area.statistics, links, area=area.code),
    )


def _attention_row(row: UnitAttention, links: ListLinks, can_direct: bool) -> AttentionRow:
    unit = row.unit_id
    lines = [*row.overdue, *row.due_soon]
    shown = lines[:TASK_LINES_PER_UNIT]
    return AttentionRow(
        unit=row,
        unit_url=links.url(unit=unit),
        overdue=Figure(
            "overdue",
            _("Quá hạn"),
            _count(len(row.overdue)),
            links.url(unit=unit, bucket="in_progress_overdue"),
        ),
        due_soon=Figure(
            "due_soon", _("Sắp tới hạn"), _count(len(row.due_soon)), links.url(unit=unit, flag="due_soon")
        ),
        # The unit's recurring tasks: those whose periodic reports are counted.
        missing_reports=Figure(
            "missing_reports",
            _("Báo cáo định kỳ còn thiếu"),
            _count(row.missing_reports),
            links.url(unit=unit, bucket="recurring"),
        ),
        tasks=[
            TaskItem(
                line=line,
                detail_url=reverse("programmes:task-detail", args=[line.task_id]),
                directive_url=reverse("programmes:task-directive", args=[line.task_id]) if can_direct else "",
            )
            for line in shown
        ],
        more_tasks=len(lines) - len(shown),
        # Overdue tasks come first: beyond them, only due-soon ones are left out.
        more_url=links.url(unit=unit, bucket="in_progress_overdue")
        if len(row.overdue) > len(shown)
        else links.url(unit=unit, flag="due_soon"),
    )


def _league_item(item: LeagueDisplay, links: ListLinks) -> LeagueItem:
    unit = item.line.row.unit_id
    return LeagueItem(
        display=item,
        unit_url=links.url(unit=unit),
        overdue_url=links.url(unit=unit, bucket="in_progress_overdue"),
        tasks_url=links.url(unit=unit, bucket="counted"),
    )


def _league_ends(data: DashboardData, links: ListLinks) -> tuple[list[LeagueItem], list[LeagueItem]]:
    items = [_league_item(item, links) for item in league_display(data.league)]
    if len(items) <= 2 * LEAGUE_ENDS:
        return items, []
    return items[:LEAGUE_ENDS], items[-LEAGUE_ENDS:]


def directive_vals(next_url: str) -> str:
    """The htmx values that bring the one-step directive form back to this page once sent."""
    return json.dumps({"next": next_url})
