"""The index pages' charts as data (ECharts options as plain dicts): groups against their maxima, trend."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from chidao.apps.service_index.models import UnitScore
from chidao.apps.service_index.periods import month_label
from chidao.apps.service_index.selectors import TrendPoint
from chidao.core.service_index.catalogue import GROUPS


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def groups_chart(groups: Sequence[UnitScore]) -> dict[str, Any]:
    """The five groups: recomputed score beside the group's maximum (horizontal bars)."""
    names = {group.number: f"{group.number}. {group.name}" for group in GROUPS}
    ordered = sorted(groups, key=lambda score: score.group_number)
    return {
        "animation": False,
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "xAxis": {"type": "value", "max": 22},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [names[score.group_number] for score in ordered],
            "axisLabel": {"width": 180, "overflow": "break"},
        },
        "series": [
            {
                "name": _("Tính lại"),
                "type": "bar",
                "data": [_number(score.score) for score in ordered],
                "itemStyle": {"color": "#0d47a1"},
            },
            {
                "name": _("Điểm tối đa"),
                "type": "bar",
                "data": [_number(score.max_points) for score in ordered],
                "itemStyle": {"color": "#cfd8dc"},
            },
        ],
    }


def trend_chart(points: Sequence[TrendPoint]) -> dict[str, Any]:
    """Total by month: recomputed and official lines; estimated months (split communes) dashed points."""
    labels = [
        month_label(point.month) + (" (" + _("ước tính") + ")" if point.estimated else "") for point in points
    ]
    return {
        "animation": False,
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "min": 0, "max": 100},
        "series": [
            {
                "name": _("Tính lại"),
                "type": "line",
                "connectNulls": False,
                "data": [_number(point.recomputed) for point in points],
            },
            {
                "name": _("Chính thức"),
                "type": "line",
                "connectNulls": False,
                "data": [_number(point.official) for point in points],
            },
        ],
    }
