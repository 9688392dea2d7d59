"""The task pages: overview, list (filters, htmx rows, constant queries), task page, "Việc của tôi", league."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from chidao.apps.programmes.models import Task
from chidao.apps.programmes.services import task_statuses_refresh
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.organisation import HeadAssignmentFactory, PersonFactory
from tests.factories.programmes import AreaFactory, AuthorityFactory, PhaseFactory, PlanFactory, make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PAST_DEADLINE = dt.date(2026, 2, 20)
OWN_TITLE = "Xây dựng cơ sở dữ liệu đất đai"
OTHER_TITLE = "Số hóa hồ sơ hộ tịch"


def full_task(unit, *, title=OWN_TITLE, deadline=DEADLINE, **fields):
    """A task with all its "6 rõ"."""
    return make_task(
        lead_unit=unit,
        original_deadline=deadline,
        title=title,
        responsible_person=PersonFactory(),
        product_type=Task.ProductType.SYSTEM,
        product_description="Cơ sở dữ liệu vận hành",
        authority=AuthorityFactory(),
        **fields,
    )


@pytest.fixture
def own_task(commune):
    return full_task(commune)


@pytest.fixture
def other_task(other_commune):
    return full_task(other_commune, title=OTHER_TITLE)


def signed_in(client, users, role):
    client.force_login(users[role])
    return client


# ---- task list --------------------------------------------------------------------------------------------


def test_the_list_shows_only_tasks_in_the_users_scope(client, users_by_role, own_task, other_task):
    # when
    response = signed_in(client, users_by_role, "unit_officer").get(reverse("programmes:task-list"))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert OWN_TITLE in body
    assert OTHER_TITLE not in body


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("search without diacritics", {"q": "co so du lieu dat dai"}, {OWN_TITLE}),
        ("search by code", {"q": "NV-"}, {OWN_TITLE, OTHER_TITLE}),
        ("overdue bucket", {"bucket": "in_progress_overdue"}, {OTHER_TITLE}),
        ("done group", {"bucket": "done"}, set()),
        ("deadline range", {"deadline_from": "01/03/2026", "deadline_to": "31/03/2026"}, {OWN_TITLE}),
        ("missing person", {"missing": "person"}, {OTHER_TITLE}),
        ("phase", {"phase": "cap-bach"}, {OWN_TITLE}),
        ("area", {"area": "nq57"}, {OWN_TITLE}),
    ],
)
def test_list_filters(client, users_by_role, commune, other_commune, _case, query, expected):
    # given one task due 13/03 in the urgent phase and area NQ 57, one overdue without a responsible person
    own = full_task(commune, phases=[PhaseFactory()], areas=[AreaFactory()])
    make_task(lead_unit=other_commune, original_deadline=PAST_DEADLINE, title=OTHER_TITLE)
    # when
    response = signed_in(client, users_by_role, "secretariat").get(reverse("programmes:task-list"), query)
    # then
    body = response.content.decode()
    shown = {title for title in (own.title, OTHER_TITLE) if title in body}
    assert shown == expected


def test_htmx_gets_only_the_rows(client, users_by_role, own_task):
    # when
    response = signed_in(client, users_by_role, "unit_officer").get(
        reverse("programmes:task-list"), {"q": "dat dai"}, HTTP_HX_REQUEST="true"
    )
    # then
    body = response.content.decode()
    assert OWN_TITLE in body
    assert "<html" not in body
    assert 'id="task-count"' in body


def test_the_list_uses_the_same_number_of_queries_for_2_and_40_tasks(
    client, users_by_role, commune, django_assert_max_num_queries
):
    # given
    client = signed_in(client, users_by_role, "secretariat")
    url = reverse("programmes:task-list")
    for _ in range(2):
        full_task(commune)
    client.get(url)  # the first request of a session also touches the session and the sign-in bookkeeping
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(38):
        full_task(commune)
    # when
    with django_assert_max_num_queries(15) as many:
        response = client.get(url)
    # then
    assert response.content.decode().count("/programmes/tasks/") >= 40
    assert len(many.captured_queries) == len(few.captured_queries)


# ---- task page --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "role", "which", "status"),
    [
        ("own unit's officer", "unit_officer", "own", 200),
        ("another unit's task is not revealed", "unit_officer", "other", 404),
        ("province-wide leader", "leader", "other", 200),
    ],
)
def test_task_page_scope(client, users_by_role, own_task, other_task, _case, role, which, status):
    task = own_task if which == "own" else other_task
    response = signed_in(client, users_by_role, role).get(reverse("programmes:task-detail", args=[task.pk]))
    assert response.status_code == status


def test_task_page_names_the_missing_six_clear(client, users_by_role, commune):
    # given a task without person, product and authority
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    # when
    response = signed_in(client, users_by_role, "unit_officer").get(
        reverse("programmes:task-detail", args=[task.pk])
    )
    # then
    body = response.content.decode()
    assert "Chưa rõ người chịu trách nhiệm" in body
    assert "Chưa rõ sản phẩm" in body
    assert "Chưa rõ thẩm quyền" in body
    assert "Chưa rõ thời gian" not in body


def test_an_overdue_task_shows_its_bucket_and_the_leaders_directive_form(client, users_by_role, commune):
    # given
    task = full_task(commune, deadline=PAST_DEADLINE)
    # when
    response = signed_in(client, users_by_role, "leader").get(
        reverse("programmes:task-detail", args=[task.pk])
    )
    # then
    body = response.content.decode()
    assert "Đang thực hiện quá hạn" in body
    assert 'id="directive-form"' in body


@pytest.mark.parametrize(
    ("_case", "role", "status"),
    [
        ("leader", "leader", 302),
        ("secretariat", "secretariat", 302),
        ("unit head may not direct", "unit_head", 403),
        ("auditor may not direct", "auditor", 403),
    ],
)
def test_directive_in_one_step(client, users_by_role, commune, _case, role, status):
    # given
    task = full_task(commune, deadline=PAST_DEADLINE)
    due = dt.date(2026, 3, 9)
    # when
    response = signed_in(client, users_by_role, role).post(
        reverse("programmes:task-directive", args=[task.pk]),
        {"kind": "explanation_request", "text": "Đề nghị giải trình lý do chậm", "due_on": "09/03/2026"},
    )
    # then
    assert response.status_code == status
    directives = list(task.directives.values_list("kind", "due_on", "addressed_unit"))
    assert directives == ([("explanation_request", due, commune.pk)] if status == 302 else [])


def test_report_page_is_for_the_lead_units_officer_only(client, users_by_role, own_task, other_task):
    officer = signed_in(client, users_by_role, "unit_officer")
    own = officer.get(reverse("programmes:report-submit", args=[own_task.pk]))
    other = officer.get(reverse("programmes:report-submit", args=[other_task.pk]))
    client.force_login(users_by_role["unit_head"])
    head = client.get(reverse("programmes:report-submit", args=[own_task.pk]))
    assert (own.status_code, other.status_code, head.status_code) == (200, 404, 403)


def test_a_completion_report_without_evidence_comes_back_with_the_error(client, users_by_role, own_task):
    # when
    response = signed_in(client, users_by_role, "unit_officer").post(
        reverse("programmes:report-submit", args=[own_task.pk]), {"percent": "100"}, HTTP_HX_REQUEST="true"
    )
    # then
    assert response.status_code == 200
    assert "phải có số, ký hiệu" in response.content.decode()
    assert not own_task.reports.exists()


def test_review_queue_is_the_secretariats(client, users_by_role):
    assert (
        signed_in(client, users_by_role, "secretariat").get(reverse("programmes:review-queue")).status_code
        == 200
    )
    client.force_login(users_by_role["unit_head"])
    assert client.get(reverse("programmes:review-queue")).status_code == 403


# ---- my tasks, overview, league ------------------------------------------------------------------------------


def test_my_tasks_lists_open_tasks_of_my_unit(client, users_by_role, own_task, other_task):
    response = signed_in(client, users_by_role, "unit_officer").get(reverse("programmes:my-tasks"))
    body = response.content.decode()
    assert (OWN_TITLE in body, OTHER_TITLE in body) == (True, False)


def test_overview_counts_and_links_to_the_tasks(client, users_by_role, commune, other_commune):
    # given one task in progress within deadline, one overdue, one recurring, in a plan
    plan = PlanFactory()
    full_task(commune, plans=[plan])
    full_task(other_commune, deadline=PAST_DEADLINE, plans=[plan])
    make_task(
        lead_unit=commune, original_deadline=None, kind=Task.Kind.RECURRING, cadence=Task.Cadence.MONTHLY
    )
    # when
    response = signed_in(client, users_by_role, "leader").get(
        reverse("programmes:overview"), {"as_of": "02/03/2026"}
    )
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert 'bucket=counted">3</a>' in body
    assert 'bucket=recurring">1</a>' in body
    assert 'bucket=in_progress_overdue">1</a>' in body
    assert f"plan={plan.code}&amp;bucket=counted" in body or f"plan={plan.code}&bucket=counted" in body
    assert "Số liệu tính đến ngày 02/03/2026" in body


def test_overview_change_since_an_earlier_date(client, users_by_role, commune):
    # given a task that became overdue after 20/02/2026
    full_task(commune, deadline=PAST_DEADLINE)
    # when
    response = signed_in(client, users_by_role, "leader").get(
        reverse("programmes:overview"), {"as_of": "02/03/2026", "since": "16/02/2026"}
    )
    # then
    body = response.content.decode()
    assert "Thay đổi so với ngày 16/02/2026" in body
    assert body.count('<td class="num">+1</td>') == 1


def test_league_names_the_head_as_of_the_date(client, users_by_role, commune):
    # given
    full_task(commune)
    HeadAssignmentFactory(unit=commune, person=PersonFactory(name="Lê Văn Trưởng"))
    task_statuses_refresh(as_of=TODAY)
    # when
    response = signed_in(client, users_by_role, "leader").get(reverse("programmes:league"))
    # then
    body = response.content.decode()
    assert commune.name in body
    assert "Lê Văn Trưởng" in body


# ---- the report flow through the pages ----------------------------------------------------------------------


def test_the_report_flow_through_the_pages_ends_done_on_time(client, users_by_role, own_task):
    # given the officer's completion report with evidence dated today (before the deadline)
    officer = signed_in(client, users_by_role, "unit_officer")
    submitted = officer.post(
        reverse("programmes:report-submit", args=[own_task.pk]),
        {
            "percent": "100",
            "result": "Đã vận hành",
            "evidence_number": "12/BC-UBND",
            "evidence_date": "02/03/2026",
        },
    )
    report = own_task.reports.get()
    # when the head approves and the secretariat confirms
    client.force_login(users_by_role["unit_head"])
    approved = client.post(reverse("programmes:report-approve", args=[report.pk]))
    client.force_login(users_by_role["secretariat"])
    queue = client.get(reverse("programmes:review-queue")).content.decode()
    confirmed = client.post(reverse("programmes:report-confirm", args=[report.pk]))
    # then
    own_task.refresh_from_db()
    assert [r.status_code for r in (submitted, approved, confirmed)] == [302, 302, 302]
    assert confirmed["Location"] == reverse("programmes:review-queue")
    assert OWN_TITLE in queue
    assert (own_task.status_bucket, own_task.completed_on) == (Task.Bucket.DONE_ON_TIME, TODAY)


def test_a_return_without_reason_changes_nothing_and_with_one_reopens(client, users_by_role, own_task):
    from chidao.apps.programmes.services import report_approve_by_head, report_submit

    # given a report approved by the head
    report = report_submit(
        actor=users_by_role["unit_officer"],
        task=own_task,
        percent=100,
        evidence_number="1/BC",
        evidence_date=TODAY,
    )
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    url = reverse("programmes:report-return", args=[report.pk])
    client = signed_in(client, users_by_role, "secretariat")
    # when
    client.post(url, {"reason": "  "})
    unchanged = own_task.reports.get().state
    client.post(url, {"reason": "Thiếu sản phẩm"})
    # then
    own_task.refresh_from_db()
    assert unchanged == "head_approved"
    assert (own_task.is_returned, own_task.flag_list) == (True, ["returned"])


def test_an_invalid_directive_comes_back_as_the_htmx_partial(client, users_by_role, own_task):
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("programmes:task-directive", args=[own_task.pk]),
        {"kind": "direction"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert (response.status_code, body.startswith("<form"), "<html" in body) == (200, True, False)


def test_overview_counts_completions_between_two_dates(client, users_by_role, own_task):
    from chidao.apps.programmes.services import report_approve_by_head, report_confirm, report_submit

    # given a task completed and confirmed today, before its deadline
    report = report_submit(
        actor=users_by_role["unit_officer"],
        task=own_task,
        percent=100,
        evidence_number="1/BC",
        evidence_date=TODAY,
    )
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    report_confirm(actor=users_by_role["secretariat"], report=report)
    # when
    response = signed_in(client, users_by_role, "leader").get(
        reverse("programmes:overview"),
        {"completed_from": "01/01/2026", "completed_to": "02/03/2026", "basis": "original"},
    )
    # then
    body = response.content.decode()
    assert "Từ 01/01/2026 đến 02/03/2026: hoàn thành 1 nhiệm vụ (1 đúng hạn, 0 quá hạn)." in body
    assert 'bucket=done_on_time">1</a>' in body


def test_the_overview_uses_the_same_number_of_queries_for_2_and_30_tasks(
    client, users_by_role, commune, django_assert_max_num_queries
):
    # given tasks in one area, one plan and one phase
    client = signed_in(client, users_by_role, "leader")
    url = reverse("programmes:overview")
    related = {"areas": [AreaFactory()], "plans": [PlanFactory()], "phases": [PhaseFactory()]}
    for _ in range(2):
        full_task(commune, **related)
    client.get(url)  # the first request of a session also touches the session and the sign-in bookkeeping
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(28):
        full_task(commune, **related)
    # when
    with django_assert_max_num_queries(20) as many:
        response = client.get(url)
    # then
    assert 'bucket=counted">30</a>' in response.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
