"""The dashboard's charts as data: ECharts options (plain dicts) built from the figures already computed, with
the task-list link of every bar ([series][bar]) so a click opens the list behind it (dashboard.js)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from chidao.apps.dashboard.links import ListLinks
from chidao.apps.dashboard.selectors import AreaFigures, UnitAttention

# Units shown in the overdue chart: the worst ones (the attention table lists them all).
OVERDUE_CHART_UNITS = 12

# (bucket, colour): the order of the stacked segments, done first.
_BUCKET_COLOURS = (
    ("done_on_time", "#1b5e20"),
    ("done_late", "#8bc34a"),
    ("in_progress_on_time", "#0d47a1"),
    ("in_progress_overdue", "#b71c1c"),
    ("recurring", "#9e9e9e"),
)


def _bucket_label(bucket: str) -> str:
    labels = {
        "done_on_time": _("Hoàn thành đúng hạn"),
        "done_late": _("Hoàn thành quá hạn"),
        "in_progress_on_time": _("Đang thực hiện trong hạn"),
        "in_progress_overdue": _("Đang thực hiện quá hạn"),
        "recurring": _("Thường xuyên"),
    }
    return labels[bucket]


def _text_size(large: bool) -> int:
    return 20 if large else 12


def _bars(categories: list[str], large: bool) -> dict[str, Any]:
    """The common frame: horizontal bars, one category per line, names wrapped, no animation (print)."""
    size = _text_size(large)
    return {
        "animation": False,
        "textStyle": {"fontSize": size},
        "grid": {"left": 8, "right": 24, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "minInterval": 1, "axisLabel": {"fontSize": size}},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": categories,
            "axisLabel": {
                "width": 280 if large else 150,
                "overflow": "break",
                "fontSize": size,
                "lineHeight": size + 2,
            },
        },
    }


def area_buckets_chart(
    areas: Sequence[AreaFigures], links: ListLinks, *, large: bool = False
) -> tuple[dict[str, Any] | None, list[list[str]]]:
    """Tasks of each area by bucket, stacked, and the links of its segments; None when no area has a task."""
    shown = [area for area in areas if area.statistics.total]
    if not shown:
        return None, []
    option = _bars([area.name for area in shown], large)
    option["grid"]["top"] = 64 if large else 48
    option["legend"] = {"top": 0, "textStyle": {"fontSize": _text_size(large)}}
    option["series"] = [
        {
            "name": _bucket_label(bucket),
            "type": "bar",
            "stack": "tasks",
            "itemStyle": {"color": colour},
            "data": [getattr(area.statistics, bucket) for area in shown],
        }
        for bucket, colour in _BUCKET_COLOURS
    ]
    bar_links = [
        [links.url(area=area.code, bucket=bucket) for area in shown] for bucket, _unused in _BUCKET_COLOURS
    ]
    return option, bar_links


def overdue_by_unit_chart(
    attention: Sequence[UnitAttention], links: ListLinks, *, large: bool = False
) -> tuple[dict[str, Any] | None, list[list[str]]]:
    """Overdue tasks of the worst lead units, and the links of its bars; None when no task is overdue."""
    units = sorted(
        (row for row in attention if row.overdue), key=lambda row: (-len(row.overdue), row.unit_name)
    )[:OVERDUE_CHART_UNITS]
    if not units:
        return None, []
    option = _bars([row.unit_name for row in units], large)
    option["series"] = [
        {
            "name": _("Đang thực hiện quá hạn"),
            "type": "bar",
            "itemStyle": {"color": "#b71c1c"},
            "label": {"show": True, "position": "right", "fontSize": _text_size(large)},
            "data": [len(row.overdue) for row in units],
        }
    ]
    return option, [[links.url(unit=row.unit_id, bucket="in_progress_overdue") for row in units]]
