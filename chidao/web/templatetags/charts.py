"""The chart component: a chart is data (an ECharts option as JSON) plus an empty box that app.js draws into.

    {% load charts %}
    {% block scripts %}{% chart_scripts %}{% endblock %}
    ...
    {% chart spec "tasks-by-month" label=_("Nhiệm vụ theo tháng") size="small" %}

No inline script runs (CSP script-src 'self'): the option travels in <script type="application/json">, which
the browser never executes, and ECharts (~1 MB) is loaded only by pages that call {% chart_scripts %}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString

register = template.Library()

CHART_SIZES = ("", "small", "tall")


@register.simple_tag
def chart(spec: Mapping[str, Any], element_id: str, label: str = "", size: str = "") -> SafeString:
    """The JSON of `spec` (id "<element_id>-data") and the box that app.js draws the chart into."""
    if size not in CHART_SIZES:
        raise template.TemplateSyntaxError(f"chart size must be one of {CHART_SIZES}, not {size!r}")
    data_id = f"{element_id}-data"
    size_class = f" chart-{size}" if size else ""
    return format_html(
        '{}<div class="chart{}" id="{}" data-chart="{}" role="img" aria-label="{}"></div>',
        json_script(dict(spec), data_id),
        size_class,
        element_id,
        data_id,
        label,
    )


@register.simple_tag
def chart_scripts() -> SafeString:
    """The ECharts script tag, for {% block scripts %} of pages that draw charts."""
    return format_html('<script src="{}" defer></script>', static("vendor/echarts.min.js"))
