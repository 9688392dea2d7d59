"""A job's life: queued → running → succeeded / failed / cancelled, retry, reaping of killed jobs, audit rows.

The test settings use django-tasks' ImmediateBackend: the job runs when the starting transaction commits.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.models import AuditEvent
from chidao.apps.jobs.context import JobContext
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.runner import MESSAGE_STOPPED, job_run
from chidao.apps.jobs.services import job_cancel, job_retry, job_start, jobs_reap_stale
from tests.apps.jobs.kinds import FLAKY_ERROR

pytestmark = pytest.mark.django_db
STALE_AFTER = dt.timedelta(minutes=5)


def start_and_run(django_capture_on_commit_callbacks, **kwargs) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(**kwargs)
    job.refresh_from_db()
    return job


def test_demo_job_succeeds_with_progress_100_and_a_result_file(
    users_by_role, django_capture_on_commit_callbacks
):
    # given
    admin = users_by_role["administrator"]
    # when
    job = start_and_run(
        django_capture_on_commit_callbacks, actor=admin, kind="demo.count", parameters={"n": 4, "delay": 0}
    )
    # then
    assert job.state == Job.State.SUCCEEDED
    assert job.progress == 100
    assert job.message == "Đã đếm xong 4 bước"
    assert job.started_by == admin
    assert job.task_result_id
    assert job.started_at <= job.finished_at
    assert job.result_file.name.startswith(f"jobs/{job.pk}/ket-qua-dem")
    assert job.result_name == "ket-qua-dem.txt"
    assert job.result_file.read() == b"1\n2\n3\n4\n"
    assert [line.line for line in job.log_lines.all()] == [f"Đã đếm đến {i}" for i in range(1, 5)]
    assert AuditEvent.objects.filter(action="job.start", object_id=str(job.pk), actor=admin).count() == 1


def test_an_exception_marks_the_job_failed_with_the_traceback_and_a_retry_succeeds_as_attempt_2(
    users_by_role, django_capture_on_commit_callbacks
):
    # given: a kind that fails on its first attempt
    officer = users_by_role["unit_officer"]
    failed = start_and_run(
        django_capture_on_commit_callbacks, actor=officer, kind="tests.flaky", parameters={"rows": 7}
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        retry = job_retry(actor=officer, job=failed)
    retry.refresh_from_db()
    # then
    assert failed.state == Job.State.FAILED
    assert failed.progress == 50
    assert failed.message == f"Thất bại: ConnectionError: {FLAKY_ERROR}"
    traceback_line = failed.log_lines.get()
    assert traceback_line.line.startswith("Traceback (most recent call last):")
    assert f"ConnectionError: {FLAKY_ERROR}" in traceback_line.line
    assert (retry.state, retry.attempt, retry.retry_of, retry.parameters) == (
        Job.State.SUCCEEDED,
        2,
        failed,
        {"rows": 7},
    )
    assert retry.message == "Đã xử lý 7 dòng"
    assert retry.result_file.read() == b"so_dong\n7\n"
    assert AuditEvent.objects.filter(action="job.retry", object_id=str(retry.pk)).count() == 1


def test_a_failed_attempt_is_retried_once_and_a_succeeded_job_not_at_all(
    users_by_role, django_capture_on_commit_callbacks
):
    # given
    officer = users_by_role["unit_officer"]
    failed = start_and_run(
        django_capture_on_commit_callbacks, actor=officer, kind="tests.flaky", parameters={"rows": 1}
    )
    with django_capture_on_commit_callbacks(execute=True):
        retry = job_retry(actor=officer, job=failed)
    retry.refresh_from_db()
    # when / then
    with pytest.raises(ValidationError) as twice:
        job_retry(actor=officer, job=failed)
    with pytest.raises(ValidationError) as succeeded:
        job_retry(actor=officer, job=retry)
    assert twice.value.code == "already_retried"
    assert succeeded.value.code == "not_retryable"


def test_a_killed_job_with_a_stale_heartbeat_is_reaped_to_failed_and_can_be_retried(
    users_by_role, django_capture_on_commit_callbacks
):
    # given: the worker died while the job was running; its heartbeat stopped 6 minutes ago
    officer = users_by_role["unit_officer"]
    now = timezone.now()
    killed = Job.objects.create(
        kind="demo.count",
        parameters={"n": 2, "delay": 0},
        started_by=officer,
        state=Job.State.RUNNING,
        progress=40,
        started_at=now - dt.timedelta(minutes=20),
        heartbeat_at=now - dt.timedelta(minutes=6),
        task_result_id="d6a1c3e0-0000-4000-8000-000000000001",
    )
    alive = Job.objects.create(
        kind="demo.count",
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now - dt.timedelta(seconds=20),
    )
    # when
    reaped = jobs_reap_stale(now=now, stale_after=STALE_AFTER)
    killed.refresh_from_db()
    alive.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        retry = job_retry(actor=officer, job=killed)
    retry.refresh_from_db()
    # then
    assert reaped == [killed]
    assert (killed.state, killed.message, killed.finished_at) == (Job.State.FAILED, MESSAGE_STOPPED, now)
    assert "quá 5 phút" in killed.log_lines.get().line
    assert alive.state == Job.State.RUNNING
    assert (
        AuditEvent.objects.filter(action="job.reap", object_id=str(killed.pk), channel="system").count() == 1
    )
    assert (retry.state, retry.attempt, retry.progress) == (Job.State.SUCCEEDED, 2, 100)


def test_the_reaper_also_fails_a_queued_job_that_never_reached_the_queue():
    # given: created 10 minutes ago, but the process died before handing it to the worker
    now = timezone.now()
    lost = Job.objects.create(kind="demo.count")
    Job.objects.filter(pk=lost.pk).update(created_at=now - dt.timedelta(minutes=10))
    # when
    reaped = jobs_reap_stale(now=now, stale_after=STALE_AFTER)
    # then
    lost.refresh_from_db()
    assert reaped == [lost]
    assert lost.state == Job.State.FAILED


def test_a_job_that_is_no_longer_queued_is_not_run_again():
    # given: the reaper marked the job failed; a stale queue entry still points at it
    job = job_start(actor=None, kind="demo.count", parameters={"n": 1, "delay": 0}, enqueue=False)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1), heartbeat_at=None
    )
    jobs_reap_stale(now=timezone.now(), stale_after=STALE_AFTER)
    # when
    outcome = job_run(job.pk)
    # then
    job.refresh_from_db()
    assert outcome == Job.State.FAILED
    assert (job.state, job.progress) == (Job.State.FAILED, 0)


def test_a_worker_finishing_a_job_the_reaper_already_failed_does_not_flip_it_back():
    # given
    job = job_start(actor=None, kind="tests.reaped_midway", enqueue=False)
    # when
    job_run(job.pk)
    # then
    job.refresh_from_db()
    assert (job.state, job.message) == (Job.State.FAILED, MESSAGE_STOPPED)
    assert "giữ nguyên trạng thái" in job.log_lines.last().line


def test_cancelling_a_queued_job_stops_it_before_it_runs():
    # given
    job = job_start(actor=None, kind="demo.count", parameters={"n": 2, "delay": 0}, enqueue=False)
    # when
    job_cancel(actor=None, job=job)
    outcome = job_run(job.pk)
    # then
    job.refresh_from_db()
    assert outcome == Job.State.CANCELLED
    assert (job.state, job.progress) == (Job.State.CANCELLED, 0)
    assert AuditEvent.objects.filter(action="job.cancel", object_id=str(job.pk)).count() == 1


def test_cancelling_a_running_job_is_cooperative():
    # given
    job = job_start(actor=None, kind="tests.cancelled_midway", enqueue=False)
    # when
    outcome = job_run(job.pk)
    # then
    job.refresh_from_db()
    assert outcome == Job.State.CANCELLED
    assert (job.state, job.progress, job.message) == (Job.State.CANCELLED, 30, "Đã hủy theo yêu cầu")
    assert job.cancel_requested_at is not None


def test_a_finished_job_cannot_be_cancelled(django_capture_on_commit_callbacks):
    job = start_and_run(
        django_capture_on_commit_callbacks, actor=None, kind="demo.count", parameters={"n": 1, "delay": 0}
    )
    with pytest.raises(ValidationError):
        job_cancel(actor=None, job=job)


@pytest.mark.parametrize(
    ("_case", "kind", "parameters", "field"),
    [
        ("unknown kind", "demo.nothing", {}, "kind"),
        ("unexpected parameter", "demo.count", {"colour": "đỏ"}, "parameters"),
        ("missing required parameter", "tests.flaky", {}, "parameters"),
        ("not JSON", "demo.count", {"n": dt.date(2026, 1, 1)}, "parameters"),
    ],
)
def test_job_start_refuses_unknown_kinds_and_parameters_that_do_not_fit(_case, kind, parameters, field):
    with pytest.raises(ValidationError) as refused:
        job_start(actor=None, kind=kind, parameters=parameters)
    assert field in refused.value.message_dict
    assert not Job.objects.exists()


def test_progress_writes_are_throttled_but_the_last_value_is_always_written():
    # given: a clock we move by hand, and a running job
    job = job_start(actor=None, kind="demo.count", enqueue=False)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    seconds = [100.0]
    context = JobContext(job, clock=lambda: seconds[0])
    # when: three reports within 0.2 s
    context.progress(10, "Bước 1")
    seconds[0] += 0.1
    context.progress(20, "Bước 2")
    stored_after_second = Job.objects.values_list("progress", "message").get(pk=job.pk)
    seconds[0] += 0.1
    context.progress(30, "Bước 3")
    context.flush()
    # then
    assert stored_after_second == (10, "Bước 1")
    assert Job.objects.values_list("progress", "message").get(pk=job.pk) == (30, "Bước 3")
    assert Job.objects.get(pk=job.pk).heartbeat_at is not None
