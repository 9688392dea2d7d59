"""Issue 5 "done when" in a real browser: the chair opens the dashboard, clicks a unit's overdue count, lands on
that list, sends an explanation request; the unit head, signing in, sees it on the task and in his
notifications. And the one-step request from the dashboard's own dialog, which comes back to the dashboard
listing it as open; the projector mode and the phone layout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUEST_TEXT = "Đề nghị giải trình lý do chậm số hóa hồ sơ hộ tịch, báo cáo trước phiên họp tới."
DIALOG_TEXT = "Đề nghị báo cáo tiến độ kết nối dữ liệu dân cư."


def overdue_task(unit, title):
    from tests.factories.programmes import make_task

    # Real time: the live server and Playwright's own timeouts must not run on a frozen clock. Due 30 days
    # ago, the task is overdue today whatever the day.
    return make_task(
        lead_unit=unit, original_deadline=timezone.localdate() - dt.timedelta(days=30), title=title
    )


def test_the_chair_asks_an_overdue_units_head_for_an_explanation_from_the_dashboard_list(
    phone, sign_in, users_by_role, commune, other_commune, problems
):
    from tests.factories.programmes import make_task

    # given an overdue task of the commune, and an open one of the other commune
    task = overdue_task(commune, "Số hóa hồ sơ hộ tịch")
    make_task(lead_unit=other_commune, original_deadline=timezone.localdate() + dt.timedelta(days=60))
    # when the chair opens his home, the dashboard, and clicks the commune's overdue count
    sign_in(users_by_role["leader"])
    phone.goto("/")
    row = phone.locator(f'.attention-row[data-unit="{commune.pk}"]')
    overdue_count = row.locator(".attention-overdue").inner_text()
    row.locator(".attention-overdue").click()
    phone.wait_for_url("**/programmes/tasks/?*")
    list_url = phone.url
    listed = phone.locator(".task-table tbody a").all_inner_texts()
    banner = phone.locator("#as-of-banner").inner_text()
    # and opens the task and sends an explanation request
    phone.get_by_role("link", name=task.title).click()
    phone.wait_for_url(f"**/programmes/tasks/{task.pk}/")
    phone.check("#directive-form input[value=explanation_request]")
    phone.fill("#directive-form textarea[name=text]", REQUEST_TEXT)
    phone.click("#directive-form button[type=submit]")
    phone.wait_for_selector(f"#directives >> text={REQUEST_TEXT}")
    # then the list was the commune's overdue tasks as of today
    assert overdue_count == "1"
    assert f"unit={commune.pk}" in list_url
    assert "bucket=in_progress_overdue" in list_url
    assert f"as_of={timezone.localdate().isoformat()}" in list_url
    assert listed == [task.title]
    assert timezone.localdate().strftime("%d/%m/%Y") in banner
    # and the unit head, signing in, sees the request on the task and in his notifications
    sign_in(users_by_role["unit_head"])
    phone.goto(f"/programmes/tasks/{task.pk}/")
    assert REQUEST_TEXT in phone.locator("#directives").inner_text()
    phone.goto("/notifications/")
    notifications = phone.locator("main").inner_text()
    assert f"Yêu cầu giải trình: nhiệm vụ {task.code}" in notifications
    problems.assert_none()


def test_the_one_step_request_from_the_dashboard_dialog_comes_back_listed_open(
    phone, sign_in, users_by_role, commune, problems
):
    from tests.browser.checks import horizontal_overflow_px, small_touch_targets

    # given an overdue task of the commune
    task = overdue_task(commune, "Kết nối dữ liệu dân cư")
    sign_in(users_by_role["leader"])
    phone.goto("/dashboard/")
    layout = (horizontal_overflow_px(phone), small_touch_targets(phone))
    # when the chair opens the unit's tasks, the request form in the dialog, and sends a direction
    row = phone.locator(f'.attention-row[data-unit="{commune.pk}"]')
    row.locator("summary").click()
    row.locator(".dash-direct").first.click()
    dialog = phone.locator("#directive-dialog")
    dialog.locator("#directive-form").wait_for()
    dialog.locator("input[value=direction]").check()
    dialog.locator("textarea[name=text]").fill(DIALOG_TEXT)
    with phone.expect_navigation():
        dialog.locator("#directive-form button[type=submit]").click()
    # then the dashboard comes back, says it was sent, and lists the direction as open
    assert phone.url.endswith("/dashboard/")
    assert "Đã gửi tới đơn vị chủ trì." in phone.locator(".messages").inner_text()
    directives = phone.locator("#directives").inner_text()
    assert DIALOG_TEXT in directives
    assert task.code in directives
    # and the page fits a phone
    assert layout == (0, [])
    problems.assert_none()


def test_projector_mode_hides_the_chrome_and_draws_the_charts(
    phone, sign_in, users_by_role, commune, problems
):
    # given an overdue task, so there is something to chart
    overdue_task(commune, "Xây dựng cơ sở dữ liệu đất đai")
    sign_in(users_by_role["leader"])
    # when the chair switches to the projector mode
    phone.goto("/dashboard/")
    phone.click("#present-link")
    phone.wait_for_url("**present=1*")
    phone.wait_for_load_state("networkidle")
    # then no navigation, no filters; the charts are drawn, and a bar opens its list
    assert phone.locator(".topbar").is_hidden()
    assert phone.locator(".dash-filters").is_hidden()
    assert phone.locator("#overdue-chart svg").count() == 1
    assert phone.locator("#overdue-chart").get_attribute("data-drawn") == "1"
    problems.assert_none()
