"""Charts as PNG: valid, sized for the page at 200 dpi, deterministic, drawn with the vendored font."""

from __future__ import annotations

import io
import struct

import pytest
from PIL import Image

from chidao.core.documents.model import Chart, ChartKind, ChartSeries
from chidao.engines.documents.charts import chart_png
from tests.engines.documents import samples

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("kind", list(ChartKind))
def test_every_kind_draws_a_png_of_the_asked_width(kind):
    # Given the progress chart drawn as each kind
    chart = Chart(
        samples.PROGRESS_CHART.title, kind, samples.PROGRESS_CHART.categories, samples.PROGRESS_CHART.series
    )
    # When drawn 16 cm wide at 200 dpi
    data = chart_png(chart, width_cm=16, dpi=200)
    # Then it is a PNG 16 cm × 200 dpi ≈ 1260 pixels wide, with ink on it
    assert data.startswith(PNG_SIGNATURE)
    width, height = png_size(data)
    assert abs(width - 16 / 2.54 * 200) <= 2
    assert height > 300
    image = Image.open(io.BytesIO(data)).convert("L")
    assert image.getextrema()[0] < 100  # something dark was drawn


def test_same_chart_gives_the_same_bytes():
    # Given one chart; when drawn twice (in the same process, the cache emptied in between)
    first = chart_png(samples.PROGRESS_CHART)
    chart_png.cache_clear()
    second = chart_png(samples.PROGRESS_CHART)
    # Then the bytes are identical, and no software or date metadata is written
    assert first == second
    assert b"Software" not in first
    assert b"tIME" not in first


def test_title_is_left_to_the_caption_when_asked():
    # Given the same chart with and without its title
    with_title = chart_png(samples.PROGRESS_CHART)
    without = chart_png(samples.PROGRESS_CHART, with_title=False)
    # Then the two images differ (the title is drawn only in the first)
    assert with_title != without


def test_decimal_values_and_a_single_series():
    # Given percentages with decimals and one series (no legend needed)
    chart = Chart(
        "Tỷ lệ hoàn thành",
        ChartKind.HORIZONTAL_BAR,
        ("Sở A", "Sở B"),
        (ChartSeries("Tỷ lệ", (88.5, 12.25)),),
        "%",
    )
    # When drawn
    data = chart_png(chart, width_cm=10, dpi=100)
    # Then a valid PNG comes out
    assert data.startswith(PNG_SIGNATURE)
    assert abs(png_size(data)[0] - 10 / 2.54 * 100) <= 1


def test_an_empty_chart_still_draws():
    # Given a chart with no categories (a unit with nothing to show)
    chart = Chart("Không có dữ liệu", ChartKind.BAR, (), ())
    # Then it draws an empty frame rather than failing
    assert chart_png(chart).startswith(PNG_SIGNATURE)


def test_text_uses_the_vendored_font_whatever_the_configured_family():
    # Given matplotlib configured for another font family (as another part of the process might do)
    import matplotlib

    expected = chart_png(samples.PROGRESS_CHART)
    chart_png.cache_clear()
    with matplotlib.rc_context({"font.family": "monospace", "font.monospace": ["DejaVu Sans Mono"]}):
        # When the chart is drawn again
        drawn = chart_png(samples.PROGRESS_CHART)
    # Then nothing changed: every label names Liberation Serif by file, never a family name
    assert drawn == expected
