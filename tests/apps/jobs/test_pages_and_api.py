"""Job pages and API: who sees a job, the polling progress card, start / retry / download from the browser."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from chidao.api.urls import api
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.services import job_start

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def officer_job(users_by_role):
    """A queued job started by the commune officer (not handed to the worker)."""
    return job_start(
        actor=users_by_role["unit_officer"], kind="demo.count", parameters={"n": 2, "delay": 0}, enqueue=False
    )


@pytest.fixture
def finished_job(users_by_role, django_capture_on_commit_callbacks):
    """A succeeded demo job of the commune officer, with its result file."""
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            actor=users_by_role["unit_officer"], kind="demo.count", parameters={"n": 3, "delay": 0}
        )
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("_case", "viewer", "expected_status"),
    [
        ("the user who started it", "unit_officer", 200),
        ("an administrator", "administrator", 200),
        ("an auditor", "auditor", 200),
        ("the unit head of the same commune", "unit_head", 404),
        ("a leader", "leader", 404),
    ],
)
def test_a_job_is_visible_to_its_starter_administrators_and_auditors_only(
    client, users_by_role, officer_job, _case, viewer, expected_status
):
    # given
    client.force_login(users_by_role[viewer])
    # when
    page = client.get(reverse("jobs:job-detail", args=[officer_job.pk]))
    partial = client.get(reverse("jobs:job-progress", args=[officer_job.pk]), **HTMX)
    api = client.get(f"/api/v1/jobs/{officer_job.pk}")
    # then
    assert (page.status_code, partial.status_code, api.status_code) == (expected_status,) * 3


def test_another_user_gets_404_with_the_api_error_body(client, outsider, officer_job):
    # given
    client.force_login(outsider)
    # when
    response = client.get(f"/api/v1/jobs/{officer_job.pk}")
    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_shows_state_progress_and_message(client, users_by_role, finished_job):
    # given
    client.force_login(users_by_role["unit_officer"])
    # when
    body = client.get(f"/api/v1/jobs/{finished_job.pk}").json()
    listed = client.get("/api/v1/jobs/").json()
    # then
    assert (body["state"], body["progress"], body["message"]) == ("succeeded", 100, "Đã đếm xong 3 bước")
    assert body["title"] == "Tác vụ minh họa: đếm"
    assert body["result_url"] == reverse("jobs:job-result", args=[finished_job.pk])
    assert [row["id"] for row in listed] == [finished_job.pk]


def test_the_api_needs_a_signed_in_user(client, officer_job):
    response = client.get(f"/api/v1/jobs/{officer_job.pk}")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_jobs_operations_document_their_errors_with_the_shared_error_schema():
    # given: the schema as a client reads it (status codes are strings)
    schema = json.loads(json.dumps(api.get_openapi_schema()))
    # when
    responses = {
        (method.upper(), path): operation["responses"]
        for path, operations in schema["paths"].items()
        if path.startswith("/api/v1/jobs/")
        for method, operation in operations.items()
    }
    # then
    assert {key: set(value) for key, value in responses.items()} == {
        ("GET", "/api/v1/jobs/"): {"200", "401"},
        ("GET", "/api/v1/jobs/{job_id}"): {"200", "401", "404"},
    }
    for value in responses.values():
        for status, response in value.items():
            if status != "200":
                assert response["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_the_progress_card_polls_every_second_while_the_job_is_queued_or_running(
    client, users_by_role, officer_job
):
    # given
    client.force_login(users_by_role["unit_officer"])
    url = reverse("jobs:job-progress", args=[officer_job.pk])
    # when
    queued = client.get(url, **HTMX).content.decode()
    Job.objects.filter(pk=officer_job.pk).update(state=Job.State.RUNNING, progress=40, message="Đang đếm 2/5")
    running = client.get(url, **HTMX).content.decode()
    # then
    assert 'hx-trigger="every 1s"' in queued
    assert 'hx-trigger="every 1s"' in running
    assert f'hx-get="{url}"' in running
    assert 'value="40"' in running
    assert "Đang đếm 2/5" in running
    assert "<html" not in running


def test_the_progress_card_stops_polling_once_the_job_has_finished(client, users_by_role, finished_job):
    # given
    client.force_login(users_by_role["unit_officer"])
    # when
    card = client.get(reverse("jobs:job-progress", args=[finished_job.pk]), **HTMX).content.decode()
    page = client.get(reverse("jobs:job-detail", args=[finished_job.pk])).content.decode()
    # then
    assert "hx-trigger" not in card
    assert "hx-get" not in card
    assert 'value="100"' in card
    assert reverse("jobs:job-result", args=[finished_job.pk]) in card
    assert "hx-trigger" not in page


def test_pages_carry_no_inline_script_and_no_hx_on(client, users_by_role, officer_job):
    # given
    client.force_login(users_by_role["administrator"])
    # when
    pages = [
        client.get(reverse("jobs:job-list")).content.decode(),
        client.get(reverse("jobs:job-detail", args=[officer_job.pk])).content.decode(),
    ]
    # then
    for html in pages:
        assert "<script>" not in html
        assert "hx-on" not in html
        assert "style=" not in html


def test_the_result_file_downloads_for_those_who_see_the_job_only(
    client, users_by_role, outsider, finished_job
):
    # given
    url = reverse("jobs:job-result", args=[finished_job.pk])
    client.force_login(users_by_role["unit_officer"])
    # when
    download = client.get(url)
    client.force_login(outsider)
    refused = client.get(url)
    # then
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"1\n2\n3\n"
    assert 'filename="ket-qua-dem.txt"' in download["Content-Disposition"]
    assert refused.status_code == 404


def test_an_administrator_starts_the_demo_job_from_the_job_list(
    client, users_by_role, django_capture_on_commit_callbacks
):
    # given
    admin = users_by_role["administrator"]
    client.force_login(admin)
    listing = client.get(reverse("jobs:job-list")).content.decode()
    # when: the worker is not run here (the default demo takes 10 s); the hand-over is captured instead
    with django_capture_on_commit_callbacks() as handed_to_worker:
        response = client.post(reverse("jobs:job-start"), {"kind": "demo.count"})
    # then
    job = Job.objects.get()
    assert 'value="demo.count"' in listing
    assert len(handed_to_worker) == 1
    assert job.state == Job.State.QUEUED
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:job-detail", args=[job.pk])
    assert (job.kind, job.started_by, job.parameters) == ("demo.count", admin, {"n": 20, "delay": 0.5})


def test_only_administrators_may_start_the_demo_job(client, users_by_role):
    # given
    client.force_login(users_by_role["auditor"])
    # when
    listing = client.get(reverse("jobs:job-list")).content.decode()
    response = client.post(reverse("jobs:job-start"), {"kind": "demo.count"})
    unknown = client.post(reverse("jobs:job-start"), {"kind": "demo.nothing"})
    # then
    assert 'value="demo.count"' not in listing
    assert response.status_code == 403
    assert unknown.status_code == 404
    assert not Job.objects.exists()


def test_the_starter_retries_a_failed_job_from_its_page_but_an_auditor_may_not(
    client, users_by_role, django_capture_on_commit_callbacks
):
    # given
    officer = users_by_role["unit_officer"]
    with django_capture_on_commit_callbacks(execute=True):
        failed = job_start(actor=officer, kind="tests.flaky", parameters={"rows": 3})
    retry_url = reverse("jobs:job-retry", args=[failed.pk])
    client.force_login(users_by_role["auditor"])
    auditor_card = client.get(reverse("jobs:job-progress", args=[failed.pk])).content.decode()
    auditor_post = client.post(retry_url)
    client.force_login(officer)
    officer_card = client.get(reverse("jobs:job-progress", args=[failed.pk])).content.decode()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url)
    # then
    retry = Job.objects.get(retry_of=failed)
    assert retry_url not in auditor_card
    assert auditor_post.status_code == 403
    assert retry_url in officer_card
    assert response["Location"] == reverse("jobs:job-detail", args=[retry.pk])
    assert (retry.state, retry.attempt) == (Job.State.SUCCEEDED, 2)


def test_the_job_list_shows_a_user_only_their_own_jobs(client, users_by_role, officer_job):
    # given
    admin_job = job_start(actor=users_by_role["administrator"], kind="demo.count", enqueue=False)
    client.force_login(users_by_role["unit_officer"])
    # when
    html = client.get(reverse("jobs:job-list")).content.decode()
    # then
    assert reverse("jobs:job-detail", args=[officer_job.pk]) in html
    assert reverse("jobs:job-detail", args=[admin_job.pk]) not in html
