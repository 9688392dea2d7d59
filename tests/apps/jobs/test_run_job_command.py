"""`manage.py run_job`: start a job from the command line, in-process with --sync, with a progress bar."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chidao.apps.audit.models import AuditEvent
from chidao.apps.jobs.management.commands.run_job import parse_param
from chidao.apps.jobs.models import Job
from tests.apps.jobs.kinds import FLAKY_ERROR

pytestmark = pytest.mark.django_db


def test_run_job_sync_runs_the_demo_in_process_and_reports_the_result(users_by_role):
    # given
    out = StringIO()
    # when
    call_command(
        "run_job",
        "demo.count",
        "--param",
        "n=3",
        "--param",
        "delay=0",
        "--sync",
        "--user",
        "administrator",
        stdout=out,
    )
    # then
    job = Job.objects.get()
    text = out.getvalue()
    assert (job.state, job.progress, job.parameters) == (Job.State.SUCCEEDED, 100, {"n": 3, "delay": 0})
    assert job.started_by == users_by_role["administrator"]
    assert f"Tác vụ #{job.pk}: Tác vụ minh họa: đếm" in text
    assert "100%" in text
    assert "Trạng thái: Hoàn thành — Đã đếm xong 3 bước" in text
    assert f"Tệp kết quả: {job.result_file.path}" in text
    assert AuditEvent.objects.get(action="job.start").channel == "command"


def test_run_job_sync_fails_with_the_error_and_leaves_the_job_failed():
    # given
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(CommandError) as failed:
        call_command("run_job", "tests.flaky", "--param", "rows=2", "--sync", stdout=out, stderr=err)
    # then
    job = Job.objects.get()
    assert str(failed.value) == f"Tác vụ #{job.pk} thất bại."
    assert job.state == Job.State.FAILED
    assert f"ConnectionError: {FLAKY_ERROR}" in err.getvalue()


def test_run_job_refuses_an_unknown_kind():
    with pytest.raises(CommandError):
        call_command("run_job", "demo.nothing", "--sync", stdout=StringIO())
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("number", "n=20", ("n", 20)),
        ("decimal", "delay=0.5", ("delay", 0.5)),
        ("plain text", "as_of=2026-01-02", ("as_of", "2026-01-02")),
        ("text with =", "q=a=b", ("q", "a=b")),
        ("JSON list", "units=[1,2]", ("units", [1, 2])),
    ],
)
def test_parameters_are_read_as_json_when_they_are_json(_case, text, expected):
    assert parse_param(text) == expected


def test_a_parameter_without_equals_sign_is_refused():
    with pytest.raises(CommandError):
        parse_param("n20")
