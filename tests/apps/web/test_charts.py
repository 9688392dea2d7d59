"""The chart component: the option travels as JSON next to an empty box; ECharts loads only where asked."""

from __future__ import annotations

import json
import re

import pytest
from django.template import Context, Template, TemplateSyntaxError

HOME_URL = "/"
ECHARTS_SRC = "/static/vendor/echarts.min.js"
SPEC = {
    "xAxis": {"type": "category", "data": ["T1", "T2"]},
    "yAxis": {},
    "series": [{"type": "bar", "data": [3, 5]}],
}


def _render(source: str, **context) -> str:
    return Template("{% load charts %}" + source).render(Context(context))


def test_chart_writes_the_spec_as_json_and_a_box_that_points_at_it():
    # given a chart spec
    # when the chart tag renders it
    html = _render('{% chart spec "tasks" label="Nhiệm vụ theo tháng" %}', spec=SPEC)
    # then the JSON sits in a non-executable script and the box names it
    payload = re.search(r'<script id="tasks-data" type="application/json">(.*?)</script>', html)
    assert payload is not None
    assert json.loads(payload.group(1)) == SPEC
    assert (
        '<div class="chart" id="tasks" data-chart="tasks-data" role="img" aria-label="Nhiệm vụ theo tháng">'
        in html
    )


def test_chart_escapes_markup_inside_the_spec():
    # given a spec whose text tries to close the script element
    hostile = {"title": {"text": "</script><script>alert(1)</script>"}}
    # when it is rendered
    html = _render('{% chart spec "hostile" %}', spec=hostile)
    # then the only </script> is the one that closes the JSON, and the text survives a JSON round trip
    assert html.count("</script>") == 1
    payload = re.search(r'type="application/json">(.*?)</script>', html)
    assert payload is not None
    assert json.loads(payload.group(1)) == hostile


@pytest.mark.parametrize(
    ("_case", "size", "css_class"), [("default", "", "chart"), ("small", "small", "chart chart-small")]
)
def test_chart_size_is_a_class_because_style_attributes_are_forbidden(_case, size, css_class):
    # given a chosen size
    # when the chart renders
    html = _render('{% chart spec "c" size=size %}', spec=SPEC, size=size)
    # then the size is a class and there is no style attribute
    assert f'<div class="{css_class}" id="c"' in html
    assert "style=" not in html


def test_chart_refuses_an_unknown_size():
    # given a size the stylesheet does not define
    # when the chart renders
    # then the template author is told at once
    with pytest.raises(TemplateSyntaxError, match="chart size"):
        _render('{% chart spec "c" size="huge" %}', spec=SPEC)


def test_chart_scripts_loads_echarts_from_our_own_static_files():
    # given a chart page's scripts block
    # when chart_scripts renders
    html = _render("{% chart_scripts %}")
    # then ECharts comes from our origin, deferred so app.js finds it on DOMContentLoaded
    assert html == f'<script src="{ECHARTS_SRC}" defer></script>'


def test_a_page_opts_into_echarts_through_the_scripts_block():
    # given a page that extends the base template and fills the scripts block
    source = (
        '{% extends "web/base.html" %}{% load charts %}'
        "{% block scripts %}{% chart_scripts %}{% endblock %}"
        '{% block content %}{% chart spec "c" %}{% endblock %}'
    )
    # when it renders
    html = Template(source).render(Context({"spec": SPEC}))
    # then ECharts is loaded once, after htmx and app.js
    assert html.count(ECHARTS_SRC) == 1
    assert html.index("web/app.js") < html.index(ECHARTS_SRC)


@pytest.mark.parametrize("role", ["leader", "secretariat", "unit_officer", "data_officer"])
def test_home_pages_do_not_load_echarts(role, client, users_by_role):
    # given a signed-in user
    client.force_login(users_by_role[role])
    # when the home page (no chart yet) is rendered
    html = client.get(HOME_URL).content.decode()
    # then the 1 MB chart library is not requested
    assert ECHARTS_SRC not in html
