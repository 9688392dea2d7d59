"""The steering tasks API: scope (404 outside), filters, report submission (201, 403, 400, 422), statistics and
league table, and every operation documenting its error answers with the shared error body."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.api.urls import api
from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes.models import ProgressReport
from tests.apps.programmes.conftest import DEADLINE
from tests.factories.accounts import UserFactory
from tests.factories.organisation import PersonFactory
from tests.factories.programmes import AreaFactory, make_task

pytestmark = pytest.mark.django_db

BASE = "/api/v1/programmes"
TITLE = "Số hóa hồ sơ thủ tục hành chính cấp xã"


def post_report(client, task_id: int, body: dict):
    return client.post(
        f"{BASE}/tasks/{task_id}/reports", data=json.dumps(body), content_type="application/json"
    )


def test_a_commune_officer_lists_only_tasks_of_their_scope(
    client, users_by_role, commune, other_commune, frozen_today
):
    # given a task of each commune, and one of the other commune coordinated by the officer's commune
    own = make_task(lead_unit=commune, original_deadline=DEADLINE)
    make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    coordinated = make_task(lead_unit=other_commune, original_deadline=DEADLINE, coordinating_units=[commune])
    client.force_login(users_by_role["unit_officer"])
    # when
    response = client.get(f"{BASE}/tasks")
    # then
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()) == sorted([own.pk, coordinated.pk])


@pytest.mark.parametrize(
    ("_case", "query", "expected"),
    [
        ("search without diacritics", "q=so hoa ho so", ["searched"]),
        ("missing responsible person", "missing_6ro=person", ["searched"]),
        ("area", "area=nq57", ["with_area"]),
        ("flag", "flag=not_started", ["searched", "with_area"]),
        ("bucket", "bucket=done_on_time", []),
        ("deadline range", "deadline_from=2026-03-14", ["with_area"]),
    ],
)
def test_the_list_filters(client, users_by_role, commune, frozen_today, _case, query, expected):
    # given
    tasks = {
        "searched": make_task(lead_unit=commune, original_deadline=DEADLINE, title=TITLE),
        "with_area": make_task(
            lead_unit=commune,
            original_deadline=dt.date(2026, 6, 30),
            responsible_person=PersonFactory(),
            areas=[AreaFactory()],
        ),
    }
    client.force_login(users_by_role["secretariat"])
    # when
    response = client.get(f"{BASE}/tasks?{query}")
    # then
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()) == sorted(tasks[name].pk for name in expected)


def test_the_detail_shows_the_status_and_the_missing_6ro(client, users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE, title=TITLE)
    client.force_login(users_by_role["unit_head"])
    body = client.get(f"{BASE}/tasks/{task.pk}").json()
    assert (body["bucket"], body["flags"], body["status_rule"]) == (
        "in_progress_on_time",
        ["not_started"],
        "S-06",
    )
    assert body["missing_6ro"] == ["person", "product", "authority"]


def test_a_task_of_another_commune_is_404_for_a_unit_user(client, users_by_role, other_commune, frozen_today):
    task = make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    client.force_login(users_by_role["unit_officer"])
    response = client.get(f"{BASE}/tasks/{task.pk}")
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_an_account_without_a_role_gets_403(client, frozen_today):
    client.force_login(UserFactory())
    response = client.get(f"{BASE}/tasks")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")


def test_the_lead_units_officer_submits_a_report_through_the_api(
    client, users_by_role, commune, frozen_today
):
    # given
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    client.force_login(users_by_role["unit_officer"])
    # when
    response = post_report(client, task.pk, {"percent": 30, "result": "Đã khảo sát hiện trạng"})
    # then
    assert response.status_code == 201
    report = ProgressReport.objects.get()
    assert (response.json()["id"], report.state, report.submitted_by) == (
        report.pk,
        ProgressReport.State.SUBMITTED,
        users_by_role["unit_officer"],
    )
    assert AuditEvent.objects.get(action="report.submit").channel == AuditEvent.Channel.API


@pytest.mark.parametrize(
    ("_case", "role", "body", "status"),
    [
        ("the unit head is not the reporter", "unit_head", {"percent": 30}, 403),
        ("the secretariat is not the reporter", "secretariat", {"percent": 30}, 403),
        ("completion without evidence", "unit_officer", {"percent": 100}, 400),
        ("percent over 100", "unit_officer", {"percent": 120}, 422),
        ("an unknown field", "unit_officer", {"percent": 10, "state": "confirmed"}, 422),
    ],
)
def test_a_refused_report_saves_nothing(
    client, users_by_role, commune, frozen_today, _case, role, body, status
):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    client.force_login(users_by_role[role])
    response = post_report(client, task.pk, body)
    assert response.status_code == status
    assert set(response.json()) == {"message", "code", "extra"}
    assert not ProgressReport.objects.exists()


def test_statistics_count_the_visible_tasks_by_bucket(
    client, users_by_role, commune, other_commune, frozen_today
):
    # given two tasks of the commune (one recurring) and one of the other commune
    area = AreaFactory()
    make_task(lead_unit=commune, original_deadline=DEADLINE, areas=[area])
    make_task(lead_unit=commune, original_deadline=None, kind="recurring", cadence="quarterly", areas=[area])
    make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    client.force_login(users_by_role["unit_head"])
    # when
    body = client.get(f"{BASE}/statistics?as_of=2026-03-02&area=nq57").json()
    # then
    assert (body["total"], body["recurring"], body["in_progress_on_time"], body["done"]) == (2, 1, 1, 0)
    assert [(group["code"], group["total"]) for group in body["by_area"]] == [("nq57", 2)]


def test_statistics_for_an_unknown_area_are_404(client, users_by_role):
    client.force_login(users_by_role["leader"])
    assert client.get(f"{BASE}/statistics?area=khong-co").status_code == 404


def test_a_malformed_date_is_422(client, users_by_role):
    client.force_login(users_by_role["leader"])
    response = client.get(f"{BASE}/league?as_of=03/03/2026")
    assert (response.status_code, response.json()["code"]) == (422, "invalid")


def test_the_league_ranks_lead_units_with_their_names(
    client, users_by_role, commune, department, frozen_today
):
    make_task(lead_unit=commune, original_deadline=DEADLINE)
    make_task(lead_unit=department, original_deadline=DEADLINE)
    client.force_login(users_by_role["leader"])
    rows = client.get(f"{BASE}/league?as_of=2026-03-20").json()
    assert sorted(row["unit_name"] for row in rows) == sorted([commune.name, department.name])
    assert all(row["overdue"] == 1 for row in rows)


def test_every_programmes_operation_documents_its_error_responses_with_the_error_schema():
    # given the schema as a client reads it (status codes are strings)
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    paths = {p: ops for p, ops in schema["paths"].items() if p.startswith(f"{BASE}/")}
    # then
    assert set(paths) == {
        f"{BASE}/tasks",
        f"{BASE}/tasks/{{task_id}}",
        f"{BASE}/tasks/{{task_id}}/reports",
        f"{BASE}/statistics",
        f"{BASE}/league",
    }
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), f"{method.upper()} {path}"
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut"), f"{method.upper()} {path} {status}"


def test_the_list_and_the_detail_take_the_same_queries_for_2_or_20_tasks(
    client, users_by_role, commune, frozen_today
):
    # given
    client.force_login(users_by_role["unit_officer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{BASE}/tasks").status_code == 200
            assert client.get(f"{BASE}/tasks/{first.pk}").status_code == 200
        return len(captured.captured_queries)

    first = make_task(lead_unit=commune, original_deadline=DEADLINE, areas=[AreaFactory()])
    make_task(lead_unit=commune, original_deadline=DEADLINE)
    queries()  # warms the session and scope
    few = queries()
    # when
    for _ in range(18):
        make_task(lead_unit=commune, original_deadline=DEADLINE, areas=[AreaFactory()])
    # then
    assert queries() == few
