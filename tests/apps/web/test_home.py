"""Each role lands on its own home shell, and the shells stay honest until later issues fill them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.accounts import UserFactory

HOME_URL = "/"
NO_DATA = "chưa có dữ liệu"


@pytest.mark.parametrize(
    ("_case", "role", "template", "heading"),
    [
        ("leader: dashboard", "leader", "web/home_leader.html", "Bảng điều hành của lãnh đạo"),
        (
            "secretariat: review queue",
            "secretariat",
            "web/home_secretariat.html",
            "Hàng chờ xem xét của Thường trực",
        ),
        ("unit head: my work", "unit_head", "web/home_unit.html", "Việc của tôi"),
        ("unit officer: my work", "unit_officer", "web/home_unit.html", "Việc của tôi"),
        (
            "data officer: worklist",
            "data_officer",
            "web/home_data_officer.html",
            "Danh sách việc cần xử lý dữ liệu",
        ),
        ("auditor", "auditor", "web/home_auditor.html", "Kiểm tra, giám sát"),
        ("administrator", "administrator", "web/home_admin.html", "Quản trị hệ thống"),
    ],
)
def test_home_renders_the_shell_of_the_role(_case, role, template, heading, client, users_by_role):
    # given a user holding exactly one role
    client.force_login(users_by_role[role])
    # when they open the home page
    response = client.get(HOME_URL)
    # then they see their role's shell
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert f"<h1>{heading}</h1>" in response.content.decode()


@pytest.mark.parametrize("role", ["leader", "data_officer"])
def test_home_shells_say_there_is_no_data_instead_of_showing_figures(role, client, users_by_role):
    # given a fresh system without tasks, reports or data checks
    client.force_login(users_by_role[role])
    # when a role with a data-driven shell opens the home page
    html = client.get(HOME_URL).content.decode()
    # then every placeholder says so
    assert NO_DATA in html


def test_home_of_a_user_without_role_explains_what_to_do(client, db):
    # given an account with no role assignment
    client.force_login(UserFactory())
    # when it opens the home page
    response = client.get(HOME_URL)
    # then it is told to ask the administrator, and sees no unit
    assert "web/home_none.html" in [t.name for t in response.templates]
    assert "Tài khoản chưa được phân quyền" in response.content.decode()


def test_home_sends_anonymous_visitors_to_the_login_page(client, db):
    # given nobody is signed in
    # when the home page is requested
    response = client.get(HOME_URL)
    # then the visitor is sent to the login page
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_home_lists_the_units_in_the_users_scope(client, users_by_role, commune, other_commune):
    # given a unit officer of one commune
    client.force_login(users_by_role["unit_officer"])
    # when they open the home page
    html = client.get(HOME_URL).content.decode()
    # then their commune is listed and the other commune is not
    assert commune.name in html
    assert other_commune.name not in html


def test_navigation_marks_the_current_page(client, users_by_role):
    # given a signed-in leader
    client.force_login(users_by_role["leader"])
    # when they open the home page
    html = client.get(HOME_URL).content.decode()
    # then the home link in the main navigation carries aria-current
    assert f'<a href="{HOME_URL}" aria-current="page">Trang chủ</a>' in html


def test_session_timer_numbers_are_not_localised(client, users_by_role):
    # given a signed-in leader and Vietnamese number formatting ("1.800" for 1800)
    client.force_login(users_by_role["leader"])
    # when a page is rendered
    html = client.get(HOME_URL).content.decode()
    # then app.js reads plain integers (parseInt("1.800") would be 1 second)
    assert 'data-session-idle="1800"' in html
    assert 'data-session-warning="120"' in html


@pytest.mark.parametrize("role", ["secretariat", "unit_officer"])
def test_work_shells_say_nothing_waits_when_no_task_is_open(role, client, users_by_role):
    client.force_login(users_by_role[role])
    html = client.get(HOME_URL).content.decode()
    assert "Không có nhiệm vụ nào cần xử lý." in html


def test_unit_officer_home_lists_the_open_tasks_of_the_unit(client, users_by_role, commune):
    import datetime as dt

    from tests.factories.programmes import make_task

    # given an open task led by the officer's commune
    task = make_task(lead_unit=commune, original_deadline=dt.date(2099, 12, 31), title="Số hóa hồ sơ hộ tịch")
    client.force_login(users_by_role["unit_officer"])
    # when the officer opens the home page
    html = client.get(HOME_URL).content.decode()
    # then the task is listed with a link to it
    assert task.title in html
    assert f"/programmes/tasks/{task.pk}/" in html


def test_leader_home_counts_the_tasks(client, users_by_role, commune):
    import datetime as dt

    from tests.factories.programmes import make_task

    make_task(lead_unit=commune, original_deadline=dt.date(2099, 12, 31))
    client.force_login(users_by_role["leader"])
    html = client.get(HOME_URL).content.decode()
    assert "Xem tổng hợp nhiệm vụ" in html
