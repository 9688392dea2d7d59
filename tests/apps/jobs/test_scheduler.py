"""The scheduler tick: each due occurrence is claimed once (across restarts and across two schedulers),
a failing entry does not stop the others, and the real periodic entries do their work."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from chidao.apps.jobs.models import Job, PeriodicRun
from chidao.apps.jobs.registry import PeriodicEntry, periodic_entries
from chidao.apps.jobs.runner import MESSAGE_STOPPED
from chidao.apps.jobs.scheduler import claim_occurrence, local_utc_offset, scheduler_tick, seconds_until_next

pytestmark = pytest.mark.django_db
VN = dt.timezone(dt.timedelta(hours=7))
# 00:20 on 02/01/2026 in Hồ Chí Minh City: after the 00:15 idle-account run and a 5-minute reap point.
NIGHT = dt.datetime(2026, 1, 2, 0, 20, tzinfo=VN)
called_with: list[tuple[str, dt.datetime]] = []


def remember(*, due_at: dt.datetime, now: dt.datetime) -> str:
    called_with.append(("remember", due_at))
    return "Đã ghi nhớ"


def explode(*, due_at: dt.datetime, now: dt.datetime) -> str:
    raise RuntimeError("Hỏng")


REMEMBER_0005 = PeriodicEntry("tests.remember", "Ghi nhớ", remember, at=dt.time(0, 5))
EXPLODE_HOURLY = PeriodicEntry("tests.explode", "Nổ", explode, every=dt.timedelta(hours=1))


@pytest.fixture(autouse=True)
def _clear_calls():
    called_with.clear()


def test_the_nightly_idle_check_and_the_five_minute_reaper_are_registered_with_their_cadence():
    # Other apps add their own entries (digests, import reconciliation): check ours, not the whole list.
    cadences = {e.name: e.cadence for e in periodic_entries()}
    assert cadences["accounts.disable_idle"] == "Hằng ngày lúc 00:15"
    assert cadences["jobs.reap_stale"] == "Mỗi 5 phút"


def test_ho_chi_minh_city_is_seven_hours_ahead_all_year():
    assert {local_utc_offset(dt.datetime(2026, m, 15, tzinfo=dt.UTC)) for m in range(1, 13)} == {
        dt.timedelta(hours=7)
    }


def test_a_due_occurrence_runs_once_even_when_the_scheduler_ticks_again_or_restarts():
    # given
    entries = [REMEMBER_0005]
    # when: two ticks of one scheduler, then a "restarted" one with another name, all the same night
    first = scheduler_tick(now=NIGHT, claimed_by="may-chu-1:100", entries=entries)
    second = scheduler_tick(now=NIGHT + dt.timedelta(minutes=1), claimed_by="may-chu-1:100", entries=entries)
    restarted = scheduler_tick(now=NIGHT + dt.timedelta(hours=3), claimed_by="may-chu-1:200", entries=entries)
    # then
    due_0005 = dt.datetime(2026, 1, 2, 0, 5, tzinfo=VN)
    assert [(o.entry, o.due_at, o.state) for o in first] == [("tests.remember", due_0005, "succeeded")]
    assert second == []
    assert restarted == []
    assert called_with == [("remember", due_0005)]
    run = PeriodicRun.objects.get()
    assert (run.entry, run.due_at, run.state, run.message, run.claimed_by) == (
        "tests.remember",
        due_0005,
        PeriodicRun.State.SUCCEEDED,
        "Đã ghi nhớ",
        "may-chu-1:100",
    )


def test_a_second_scheduler_cannot_claim_an_occurrence_the_first_one_claimed():
    # given: scheduler A claimed the 00:05 occurrence and is still running it
    due_0005 = dt.datetime(2026, 1, 2, 0, 5, tzinfo=VN)
    claimed = claim_occurrence(entry="tests.remember", due_at=due_0005, claimed_by="A", now=NIGHT)
    # when: scheduler B computes the same occurrence as due and tries
    again = claim_occurrence(entry="tests.remember", due_at=due_0005, claimed_by="B", now=NIGHT)
    outcomes = scheduler_tick(now=NIGHT, claimed_by="B", entries=[REMEMBER_0005])
    # then
    assert claimed is not None
    assert again is None
    assert outcomes == []
    assert called_with == []
    assert PeriodicRun.objects.count() == 1


def test_a_failing_entry_is_recorded_and_does_not_stop_the_others():
    # when
    outcomes = scheduler_tick(now=NIGHT, claimed_by="A", entries=[EXPLODE_HOURLY, REMEMBER_0005])
    # then
    assert [(o.entry, o.state) for o in outcomes] == [
        ("tests.explode", "failed"),
        ("tests.remember", "succeeded"),
    ]
    assert PeriodicRun.objects.get(entry="tests.explode").message == "Lỗi: RuntimeError: Hỏng"


def test_missed_occurrences_are_run_once_and_counted():
    # given: the 00:05 run of 30/12/2025 is the last one recorded; the scheduler was down for two nights
    PeriodicRun.objects.create(
        entry="tests.remember",
        due_at=dt.datetime(2025, 12, 30, 0, 5, tzinfo=VN),
        claimed_at=dt.datetime(2025, 12, 30, 0, 5, tzinfo=VN),
        claimed_by="A",
        state=PeriodicRun.State.SUCCEEDED,
    )
    # when
    scheduler_tick(now=NIGHT, claimed_by="A", entries=[REMEMBER_0005])
    # then
    latest = PeriodicRun.objects.order_by("-due_at").first()
    assert (latest.due_at, latest.coalesced) == (dt.datetime(2026, 1, 2, 0, 5, tzinfo=VN), 2)
    assert called_with == [("remember", dt.datetime(2026, 1, 2, 0, 5, tzinfo=VN))]


def test_the_scheduler_sleeps_until_the_next_occurrence():
    assert seconds_until_next(now=NIGHT, entries=[REMEMBER_0005, EXPLODE_HOURLY]) == 40 * 60
    assert seconds_until_next(now=NIGHT, entries=[]) is None


def test_the_nightly_entry_starts_the_idle_account_job_for_the_local_day_of_the_occurrence(
    django_capture_on_commit_callbacks,
):
    # given
    entry = next(e for e in periodic_entries() if e.name == "accounts.disable_idle")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = scheduler_tick(now=NIGHT, claimed_by="A", entries=[entry])
    # then: 00:15 on 02/01 local is 17:15 UTC on 01/01; the job is for 02/01
    job = Job.objects.get(kind="accounts.disable_idle")
    assert job.parameters == {"as_of": "2026-01-02"}
    assert job.started_by is None
    assert outcome.message == f"Đã tạo tác vụ #{job.pk} (ngày 02/01/2026)"
    assert job.state == Job.State.SUCCEEDED
    assert job.message.startswith("Đã khóa ")


def test_the_reaper_entry_fails_jobs_whose_worker_died():
    # given
    entry = next(e for e in periodic_entries() if e.name == "jobs.reap_stale")
    killed = Job.objects.create(
        kind="demo.count", state=Job.State.RUNNING, heartbeat_at=NIGHT - dt.timedelta(minutes=30)
    )
    # when
    (outcome,) = scheduler_tick(now=NIGHT, claimed_by="A", entries=[entry])
    # then
    killed.refresh_from_db()
    assert outcome.message == "Đã đánh dấu 1 tác vụ bị dừng đột ngột"
    assert (killed.state, killed.message) == (Job.State.FAILED, MESSAGE_STOPPED)


def test_run_scheduler_once_reaps_at_start_and_runs_the_due_entries():
    # given: a job whose worker died an hour ago
    killed = Job.objects.create(
        kind="demo.count", state=Job.State.RUNNING, heartbeat_at=timezone.now() - dt.timedelta(hours=1)
    )
    out = StringIO()
    # when
    call_command("run_scheduler", "--once", stdout=out)
    # then
    killed.refresh_from_db()
    assert killed.state == Job.State.FAILED
    assert set(PeriodicRun.objects.values_list("entry", flat=True)) == {e.name for e in periodic_entries()}
    assert {"accounts.disable_idle", "jobs.reap_stale"} <= {e.name for e in periodic_entries()}
    assert "jobs.reap_stale" in out.getvalue()
    assert out.getvalue().rstrip().endswith("Bộ lập lịch đã dừng.")
