"""The dashboard page: who may open it, what it shows, and that every number opens the list of exactly the
tasks it counts (the list filtered as of the same date)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re

import pytest
from django.urls import reverse

from chidao.apps.programmes.models import TaskDirective
from tests.apps.dashboard.conftest import MEETING, TODAY
from tests.factories.accounts import UserFactory
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

DASHBOARD = "/dashboard/"
NUMBER_LINK = re.compile(r'<a[^>]*href="(/programmes/tasks/\?[^"]*)"[^>]*>([\d.]+)</a>')
ECHARTS = "/static/vendor/echarts.min.js"


def page(client, user, **query) -> str:
    client.force_login(user)
    response = client.get(DASHBOARD, query)
    assert response.status_code == 200
    return response.content.decode()


def listed_count(client, url: str) -> str:
    body = client.get(url).content.decode()
    found = re.search(r'id="task-count">([\d.]+) nhiệm vụ', body)
    assert found, url
    return found.group(1)


@pytest.mark.parametrize("role", ["leader", "secretariat", "unit_head", "auditor"])
def test_every_role_sees_the_dashboard_of_its_scope(client, users_by_role, story, role):
    body = page(client, users_by_role[role])
    assert "<h1>Bảng điều hành của lãnh đạo</h1>" in body
    assert ("Phường Quy Nhơn" in body) is (role != "unit_head")


def test_an_account_without_role_is_refused_and_a_visitor_sent_to_sign_in(client, db):
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(UserFactory())
    assert client.get(DASHBOARD).status_code == 403


def test_the_leaders_home_is_the_dashboard_with_its_filters(client, users_by_role, story):
    client.force_login(users_by_role["leader"])
    response = client.get("/", {"as_of": MEETING.isoformat()})
    body = response.content.decode()
    assert "web/home_leader.html" in [template.name for template in response.templates]
    assert "Số liệu tính đến ngày 03/03/2026" in body
    assert 'action="/"' in body


@pytest.mark.parametrize("as_of", [MEETING, TODAY], ids=["meeting day", "today"])
def test_every_number_opens_the_list_of_the_tasks_it_counts(client, users_by_role, story, as_of):
    # given the chair's dashboard as of a date
    body = page(client, users_by_role["leader"], as_of=as_of.isoformat())
    links = [(html_lib.unescape(url), value) for url, value in NUMBER_LINK.findall(body)]
    # then every number links to the list as of that date, and the list holds that many tasks (the missing
    # periodic reports open the unit's recurring tasks: a task may owe several reports)
    assert len(links) >= 30
    for url, value in links:
        assert f"as_of={as_of.isoformat()}" in url or "completed_to=" in url or "missing=deadline" in url, url
        if "bucket=recurring&" in url + "&" and "unit=" in url and "area=" not in url:
            continue
        assert listed_count(client, url) == value, url


def test_links_carry_the_area_and_unit_filters(client, users_by_role, story, commune):
    body = page(client, users_by_role["leader"], area="nq57", unit=str(commune.pk))
    urls = [html_lib.unescape(url) for url, _value in NUMBER_LINK.findall(body)]
    assert urls
    assert all("area=nq57" in url and f"unit={commune.pk}" in url for url in urls)


def test_the_page_shows_phases_changes_attention_heads_and_the_empty_indices(client, users_by_role, story):
    body = page(client, users_by_role["leader"])
    text = re.sub(r"<[^>]+>", " ", body)
    text = re.sub(r"\s+", " ", text)
    assert "Giai đoạn đột phá: 1 / 2" in text
    assert "so sánh với phiên họp ngày 03/03/2026" in text
    assert "không đổi so với phiên họp ngày 03/03/2026" in text
    assert "Chủ tịch UBND xã Trần Thị Mới" in text
    assert text.count("chưa có dữ liệu") == 2
    assert "Chỉ số phục vụ người dân, doanh nghiệp" in text
    assert "Chất lượng dữ liệu" in text


def test_the_change_is_said_against_a_chosen_date(client, users_by_role, story):
    body = page(client, users_by_role["leader"], as_of=MEETING.isoformat(), since="2025-12-01")
    assert "tăng 6 so với ngày 01/12/2025" in body


def test_charts_are_data_with_a_link_for_every_bar(client, users_by_role, story):
    body = page(client, users_by_role["leader"])
    assert body.count(ECHARTS) == 1
    assert 'id="area-chart-data"' in body
    assert 'id="overdue-chart-data"' in body
    assert 'id="area-chart-links"' in body
    assert 'id="overdue-chart-links"' in body
    assert "<style" not in body
    assert " style=" not in body


def test_without_tasks_there_is_no_chart_and_no_echarts(client, users_by_role):
    body = page(client, users_by_role["leader"])
    assert ECHARTS not in body
    assert "Không có đơn vị nào có nhiệm vụ quá hạn" in body


def test_leaders_and_the_secretariat_get_the_one_step_directive_others_do_not(client, users_by_role, story):
    directive_url = reverse("programmes:task-directive", args=[story["overdue"].pk])
    assert f'hx-get="{directive_url}"' in page(client, users_by_role["leader"])
    assert f'hx-get="{directive_url}"' in page(client, users_by_role["secretariat"])
    assert "hx-get=" not in page(client, users_by_role["unit_head"])


def test_the_directive_sent_from_the_dashboard_comes_back_to_it_and_is_listed_open(
    client, users_by_role, story
):
    # given the chair on the dashboard; htmx fetches the form into the dialog
    body = page(client, users_by_role["leader"], as_of=TODAY.isoformat())
    assert 'hx-vals="{&quot;next&quot;: &quot;/dashboard/?as_of=2026-03-16&quot;}"' in body
    url = reverse("programmes:task-directive", args=[story["overdue"].pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="directive-form"' in form
    assert "<html" not in form
    # when the form is sent with the dashboard as the place to come back to (the dialog's hx-vals)
    response = client.post(
        url,
        {"kind": "explanation_request", "text": "Đề nghị giải trình", "next": "/dashboard/?as_of=2026-03-16"},
        HTTP_HX_REQUEST="true",
    )
    # then the browser goes back to the dashboard, which lists the request as open
    assert response["HX-Redirect"] == "/dashboard/?as_of=2026-03-16"
    directive = TaskDirective.objects.get()
    assert (directive.task_id, directive.addressed_unit_id) == (
        story["overdue"].pk,
        story["overdue"].lead_unit_id,
    )
    after = page(client, users_by_role["leader"], as_of=TODAY.isoformat())
    assert f'id="directive-{directive.pk}"' in after
    assert "Đã gửi tới đơn vị chủ trì." in after


def test_presentation_mode_and_print_styles(client, users_by_role, story):
    normal = page(client, users_by_role["leader"])
    present = page(client, users_by_role["leader"], present="1")
    assert 'class="dashboard"' in normal
    assert 'id="present-link"' in normal
    assert 'class="dashboard dash-present"' in present
    assert 'id="present-exit"' in present
    assert "/static/dashboard/dashboard.css" in normal
    assert "<script>" not in present


def test_an_invalid_filter_is_ignored_and_said(client, users_by_role, story, other_commune):
    body = page(client, users_by_role["unit_head"], unit=str(other_commune.pk), since="2099-01-01")
    assert "Phường Quy Nhơn" not in body
    assert "Ngày so sánh phải trước ngày tính số liệu." in body


def test_a_unit_lists_its_ten_worst_tasks_and_links_to_the_rest(client, users_by_role, frozen_today, commune):
    # given twelve overdue tasks of the commune
    for days in range(12):
        make_task(lead_unit=commune, original_deadline=dt.date(2026, 2, 2) + dt.timedelta(days=days))
    # when
    body = page(client, users_by_role["leader"])
    # then ten are listed, the eleventh and twelfth behind the overdue list
    assert body.count('class="dash-task-line"') == 10
    assert "và 2 nhiệm vụ khác" in body
