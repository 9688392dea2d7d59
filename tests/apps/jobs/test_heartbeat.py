"""The heartbeat thread keeps a long, silent step from looking like a dead worker."""

from __future__ import annotations

import pytest

from chidao.apps.jobs.models import Job
from chidao.apps.jobs.runner import job_run
from chidao.apps.jobs.services import job_start


# The heartbeat thread writes through its own database connection: the test must not hold a transaction open.
@pytest.mark.django_db(transaction=True)
def test_a_long_step_without_progress_calls_still_refreshes_the_heartbeat(settings):
    # given: heartbeats every 0.05 s, and a kind that sleeps 0.3 s without reporting progress
    settings.CHIDAO_JOBS_HEARTBEAT_SECONDS = 0.05
    job = job_start(actor=None, kind="tests.quiet_step", parameters={"seconds": 0.3}, enqueue=False)
    # when
    outcome = job_run(job.pk)
    # then
    job.refresh_from_db()
    assert outcome == Job.State.SUCCEEDED
    assert job.heartbeat_at > job.started_at
