"""A chart of the report model drawn as a PNG with matplotlib, for the DOCX and PDF renderers.

- No GUI and no global state: the figure is a `matplotlib.figure.Figure` drawn by the Agg canvas named here
  (pyplot, and with it the backend selection, is never imported), so it runs in a worker without a display.
- No font cache surprises: every text element is given the vendored Liberation Serif by file path, never by a
  family name that matplotlib's font cache might resolve to another font (or to DejaVu Sans) on another machine.
- Vietnamese number format on the labels and the value axis (1.234; 88,5), via chidao.core.numbers.
- Deterministic: no "Software" or date metadata, so the same chart gives the same bytes (tested; and cached).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from chidao.core.documents.model import Chart, ChartKind
from chidao.core.numbers import format_number
from chidao.engines.documents.decree30 import clean_text
from chidao.engines.documents.fonts import font_path, text_width_mm

__all__ = ["chart_png"]

_CM_PER_INCH: Final = 2.54
_ASPECT: Final = 0.55  # height / width of a vertical chart
# Colour-blind-safe palette (Okabe–Ito), dark enough to print on a black-and-white office printer.
_PALETTE: Final = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
_TEXT_PT: Final = 10.0
_TITLE_PT: Final = 11.0


def _font(size: float, *, bold: bool = False) -> FontProperties:
    return FontProperties(fname=str(font_path(bold=bold)), size=size)


def _decimals(values: Sequence[float]) -> int:
    return 0 if all(float(value).is_integer() for value in values) else 1


@lru_cache(maxsize=32)
def chart_png(chart: Chart, *, width_cm: float = 16, dpi: int = 200, with_title: bool = True) -> bytes:
    """The chart as PNG bytes, `width_cm` wide at `dpi` (the Decree asks ≥ 200 dpi for electronic copies).

    The renderers write the title as a caption in the text (searchable, in the document's font) and ask for the
    image without it (`with_title=False`). The output depends only on the arguments, so the last few images are
    kept: a job rendering one document as DOCX and as PDF draws each chart once."""
    categories = [clean_text(category) for category in chart.categories]
    horizontal = chart.kind is ChartKind.HORIZONTAL_BAR
    width_in = width_cm / _CM_PER_INCH
    height_in = width_in * _ASPECT
    if horizontal:
        height_in = max(height_in, 0.9 + 0.32 * len(categories) * max(1, len(chart.series)) ** 0.5)
    figure = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(figure)  # attaches itself to the figure: drawn by Agg, whatever the default backend
    axes = figure.add_subplot()
    every_value = [value for series in chart.series for value in series.values]
    decimals = _decimals(every_value)
    _draw_bars(axes, chart, categories, decimals)
    _style_axes(axes, chart, horizontal, decimals, plot_width_mm=width_cm * 10 * 0.8)
    if with_title:
        axes.set_title(clean_text(chart.title), fontproperties=_font(_TITLE_PT, bold=True))
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def _draw_bars(axes: Axes, chart: Chart, categories: list[str], decimals: int) -> None:
    positions = list(range(len(categories)))
    count = max(1, len(chart.series))
    stacked = chart.kind is ChartKind.STACKED_BAR
    horizontal = chart.kind is ChartKind.HORIZONTAL_BAR
    group = 0.8
    thickness = group if stacked else group / count
    bottoms = [0.0] * len(categories)
    label_font = _font(_TEXT_PT - 1)
    # A stacked segment too thin for its label is left unlabelled rather than overprinted by its neighbours.
    tallest = max((sum(values) for values in _stacks(chart)), default=0.0)
    smallest_labelled = tallest * 0.05 if stacked else 0.0

    def label(value: float) -> str:
        return format_number(value, decimals) if value and abs(value) >= smallest_labelled else ""

    for index, series in enumerate(chart.series):
        values = [float(value) for value in series.values[: len(categories)]]
        values += [0.0] * (len(categories) - len(values))
        colour = _PALETTE[index % len(_PALETTE)]
        offset = 0.0 if stacked else (index - (count - 1) / 2) * thickness
        places = [position + offset for position in positions]
        bars: BarContainer
        if horizontal:
            bars = axes.barh(
                places, values, height=thickness, left=bottoms if stacked else None, color=colour
            )
        else:
            bars = axes.bar(
                places, values, width=thickness, bottom=bottoms if stacked else None, color=colour
            )
        bars.set_label(clean_text(series.name))
        axes.bar_label(
            bars,
            labels=[label(value) for value in values],
            label_type="center" if stacked else "edge",
            padding=0 if stacked else 2,
            fontproperties=label_font,
            color="white" if stacked else "black",
        )
        if stacked:
            bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]


def _stacks(chart: Chart) -> list[list[float]]:
    """The values of each category across the series (what one stacked bar adds up)."""
    return [
        [float(series.values[index]) for series in chart.series if index < len(series.values)]
        for index in range(len(chart.categories))
    ]


def _style_axes(axes: Axes, chart: Chart, horizontal: bool, decimals: int, *, plot_width_mm: float) -> None:
    positions = list(range(len(chart.categories)))
    text_font = _font(_TEXT_PT)
    value_axis = axes.xaxis if horizontal else axes.yaxis
    category_axis = axes.yaxis if horizontal else axes.xaxis
    category_axis.set_ticks(positions, labels=[clean_text(category) for category in chart.categories])
    value_axis.set_major_locator(MaxNLocator(nbins=6, integer=decimals == 0))
    value_axis.set_major_formatter(FuncFormatter(lambda value, _pos: format_number(value, decimals)))
    for tick in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
        tick.set_fontproperties(text_font)
    if horizontal:
        axes.invert_yaxis()  # the first category on top, as it is read
        axes.margins(x=0.12)
    else:
        axes.margins(y=0.12)
        # Category names are turned only when one would not fit under its bar group.
        slot_mm = plot_width_mm / max(1, len(chart.categories))
        if any(text_width_mm(clean_text(name), _TEXT_PT) > slot_mm * 0.95 for name in chart.categories):
            for tick in axes.get_xticklabels():
                tick.set_rotation(25)
                tick.set_horizontalalignment("right")
    if chart.unit_label:
        setter = axes.set_xlabel if horizontal else axes.set_ylabel
        setter(clean_text(chart.unit_label), fontproperties=text_font)
    axes.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if len(chart.series) > 1 or chart.kind is ChartKind.STACKED_BAR:
        axes.legend(prop=text_font, frameon=False, loc="best")
