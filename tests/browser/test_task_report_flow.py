"""Issue 4 "done when" in a real browser on a phone: an officer reports completion with evidence, the unit head
approves, the secretariat confirms, and the task shows "Hoàn thành đúng hạn"; another report is returned and its
task reopens with the flag "Bị trả lại"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIDENCE_NUMBER = "125/BC-UBND"
RETURN_REASON = "Văn bản minh chứng chưa đúng sản phẩm yêu cầu."


def a_task(unit, title):
    from tests.factories.programmes import make_task

    # Real time: the live server and Playwright's own timeouts must not run on a frozen clock.
    return make_task(
        lead_unit=unit, original_deadline=timezone.localdate() + dt.timedelta(days=30), title=title
    )


def test_completion_report_goes_from_officer_to_head_to_secretariat_and_the_task_is_done_on_time(
    phone, sign_in, users_by_role, commune, problems
):
    # given a task of the officer's commune, due in 30 days
    task = a_task(commune, "Đưa cổng dịch vụ công cấp xã vào vận hành")
    detail = f"/programmes/tasks/{task.pk}/"
    today = timezone.localdate()
    # when the officer reports completion with its evidence
    sign_in(users_by_role["unit_officer"])
    phone.goto(detail)
    phone.click("#report-link")
    phone.fill("#id_percent", "100")
    phone.fill("#id_result", "Cổng đã vận hành từ đầu tháng")
    phone.fill("#id_evidence_number", EVIDENCE_NUMBER)
    phone.fill("#id_evidence_date", today.isoformat())
    phone.fill("#id_evidence_link", "https://gialai.gov.vn/van-ban/125")
    phone.click("button[name=submit]")
    phone.wait_for_url(f"**{detail}")
    submitted = phone.locator("#reports .report-submitted").count()
    # and the unit head approves it from "Việc của tôi"
    sign_in(users_by_role["unit_head"])
    phone.goto("/programmes/tasks/mine/")
    phone.locator("#to-approve button[type=submit]").first.click()
    phone.wait_for_load_state()
    # and the secretariat confirms it from the review queue
    sign_in(users_by_role["secretariat"])
    phone.goto("/programmes/reports/review/")
    queue_size = phone.locator(".review-item").count()
    phone.locator(".review-item .confirm-form button").first.click()
    phone.wait_for_load_state()
    phone.goto(detail)
    # then
    assert submitted == 1
    assert queue_size == 1
    assert phone.locator("#task-bucket").inner_text() == "Hoàn thành đúng hạn"
    assert EVIDENCE_NUMBER in phone.locator("#task-status").inner_text()
    assert phone.locator("#reports .report-confirmed").count() == 1
    problems.assert_none()


def test_a_returned_report_reopens_the_task_flagged_returned(
    phone, sign_in, users_by_role, commune, problems
):
    from chidao.apps.programmes.services import report_approve_by_head, report_submit

    # given a completion report approved by the unit head
    task = a_task(commune, "Số hóa hồ sơ hộ tịch")
    report = report_submit(
        actor=users_by_role["unit_officer"],
        task=task,
        percent=100,
        evidence_number=EVIDENCE_NUMBER,
        evidence_date=timezone.localdate(),
    )
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    # when the secretariat returns it with a reason
    sign_in(users_by_role["secretariat"])
    phone.goto("/programmes/reports/review/")
    phone.fill(f"#reason-{report.pk}", RETURN_REASON)
    phone.locator(f"#report-{report.pk} .return-form button").click()
    phone.wait_for_load_state()
    # and the officer opens the task
    sign_in(users_by_role["unit_officer"])
    phone.goto(f"/programmes/tasks/{task.pk}/")
    # then it is in progress again, flagged, with the reason, and can be reported again
    assert phone.locator("#task-bucket").inner_text() == "Đang thực hiện trong hạn"
    assert "Bị trả lại" in [flag.strip() for flag in phone.locator(".task-flag").all_inner_texts()]
    assert RETURN_REASON in phone.locator("#task-status").inner_text()
    assert phone.locator("#report-link").count() == 1
    problems.assert_none()


@pytest.mark.parametrize("role", ["leader", "secretariat", "unit_officer"])
def test_task_pages_fit_a_360_px_phone(role, phone, sign_in, users_by_role, commune, problems):
    from chidao.apps.programmes.services import report_approve_by_head, report_submit
    from tests.browser.checks import horizontal_overflow_px, small_touch_targets

    # given a task with a report waiting for the secretariat
    task = a_task(commune, "Triển khai nền tảng số dùng chung cho chính quyền cấp xã")
    report = report_submit(actor=users_by_role["unit_officer"], task=task, percent=40, result="Đã khảo sát")
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    sign_in(users_by_role[role])
    pages = [
        "/programmes/",
        "/programmes/tasks/",
        f"/programmes/tasks/{task.pk}/",
        "/programmes/tasks/mine/",
        "/programmes/league/",
    ]
    pages += {
        "secretariat": ["/programmes/reports/review/"],
        "unit_officer": [f"/programmes/tasks/{task.pk}/report/"],
    }.get(role, [f"/programmes/tasks/{task.pk}/directive/"])
    # when each page is opened on the phone
    found = {}
    for url in pages:
        response = phone.goto(url)
        found[url] = (response.status, horizontal_overflow_px(phone) <= 0, small_touch_targets(phone))
    # then none scrolls sideways and every target is tappable
    assert found == dict.fromkeys(pages, (200, True, []))
    problems.assert_none()


def test_league_table_prints_with_its_date_and_the_heads(phone, sign_in, users_by_role, commune, problems):
    from tests.factories.organisation import HeadAssignmentFactory, PersonFactory

    expect = pytest.importorskip("playwright.sync_api").expect
    # given a unit with a task and a head, and a league asked as of a past date
    a_task(commune, "Cập nhật dữ liệu dân cư")
    head = "Phạm Thị Chủ Tịch"
    HeadAssignmentFactory(unit=commune, person=PersonFactory(name=head), valid_from=dt.date(2025, 7, 1))
    sign_in(users_by_role["leader"])
    phone.goto("/programmes/league/?as_of=15/01/2026")
    # when it is rendered for print
    phone.emulate_media(media="print")
    pdf = phone.pdf(format="A4")
    # then the header carries the chosen date, the table names the head, and the screen chrome is hidden
    assert phone.locator(".print-asof").text_content() == "Số liệu tính đến ngày 15/01/2026"
    assert phone.locator(".print-title").text_content() == "Bảng xếp hạng đơn vị chủ trì"
    assert head in phone.locator("#league").inner_text()
    expect(phone.locator(".topbar")).to_be_hidden()
    expect(phone.locator("form.searchbar")).to_be_hidden()
    assert pdf.startswith(b"%PDF-")
    problems.assert_none()
