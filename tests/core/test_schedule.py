"""Due computation of periodic entries: daily local times across midnight, intervals, coalescing, idempotency."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.schedule import (
    DailyAt,
    DueOccurrence,
    Every,
    ScheduleEntry,
    ScheduleError,
    due_occurrences,
    next_after,
    next_wake,
    parse_wall_time,
)

UTC = dt.UTC
HO_CHI_MINH = dt.timedelta(hours=7)
VN = dt.timezone(HO_CHI_MINH)
REFRESH = ScheduleEntry("tasks.refresh_statuses", DailyAt(dt.time(0, 5), HO_CHI_MINH))
DISABLE_IDLE = ScheduleEntry("accounts.disable_idle", DailyAt(dt.time(0, 15), HO_CHI_MINH))
REAP = ScheduleEntry("jobs.reap_stale", Every(dt.timedelta(minutes=5)))


@pytest.mark.parametrize(
    ("_case", "now", "expected_latest"),
    [
        # 00:05 in Hồ Chí Minh City is 17:05 UTC of the previous calendar day.
        (
            "one minute before: yesterday's run",
            dt.datetime(2026, 1, 1, 0, 4, tzinfo=VN),
            dt.datetime(2025, 12, 30, 17, 5, tzinfo=UTC),
        ),
        (
            "exactly at 00:05",
            dt.datetime(2026, 1, 1, 0, 5, tzinfo=VN),
            dt.datetime(2025, 12, 31, 17, 5, tzinfo=UTC),
        ),
        (
            "late evening the same day",
            dt.datetime(2026, 1, 1, 23, 59, tzinfo=VN),
            dt.datetime(2025, 12, 31, 17, 5, tzinfo=UTC),
        ),
        (
            "now given in UTC, before 17:05",
            dt.datetime(2025, 12, 31, 17, 4, tzinfo=UTC),
            dt.datetime(2025, 12, 30, 17, 5, tzinfo=UTC),
        ),
        (
            "now given in UTC, after 17:05",
            dt.datetime(2025, 12, 31, 17, 6, tzinfo=UTC),
            dt.datetime(2025, 12, 31, 17, 5, tzinfo=UTC),
        ),
        (
            "across a leap day",
            dt.datetime(2028, 3, 1, 0, 10, tzinfo=VN),
            dt.datetime(2028, 2, 29, 17, 5, tzinfo=UTC),
        ),
    ],
)
def test_daily_at_0005_ho_chi_minh_across_midnight(_case, now, expected_latest):
    # when
    latest = REFRESH.rule.latest_at_or_before(now)
    # then
    assert latest == expected_latest
    assert latest.astimezone(VN).time() == dt.time(0, 5)


@pytest.mark.parametrize(
    ("_case", "offset"),
    [
        ("Hồ Chí Minh +07:00", dt.timedelta(hours=7)),
        ("UTC", dt.timedelta(0)),
        ("Kathmandu +05:45", dt.timedelta(hours=5, minutes=45)),
        ("Newfoundland standard -03:30", dt.timedelta(hours=-3, minutes=-30)),
        ("Line Islands +14:00", dt.timedelta(hours=14)),
    ],
)
def test_daily_at_is_the_same_wall_clock_time_for_any_fixed_offset(_case, offset):
    # given
    zone = dt.timezone(offset)
    rule = DailyAt(dt.time(0, 5), offset)
    now = dt.datetime(2026, 3, 29, 0, 4, tzinfo=zone)
    # when
    latest = rule.latest_at_or_before(now)
    upcoming = next_after(rule, now)
    # then
    assert latest.astimezone(zone) == dt.datetime(2026, 3, 28, 0, 5, tzinfo=zone)
    assert upcoming.astimezone(zone) == dt.datetime(2026, 3, 29, 0, 5, tzinfo=zone)


def test_every_five_minutes_follows_a_grid_that_restarts_do_not_shift():
    # given
    now = dt.datetime(2026, 5, 2, 10, 17, 42, tzinfo=UTC)
    # when
    latest = REAP.rule.latest_at_or_before(now)
    upcoming = next_after(REAP.rule, now)
    # then
    assert latest == dt.datetime(2026, 5, 2, 10, 15, tzinfo=UTC)
    assert upcoming == dt.datetime(2026, 5, 2, 10, 20, tzinfo=UTC)


def test_entries_that_never_ran_are_due_for_their_latest_occurrence():
    # given
    now = dt.datetime(2026, 1, 1, 0, 7, tzinfo=VN)
    # when
    due = due_occurrences([REFRESH, DISABLE_IDLE, REAP], {}, now)
    # then
    assert due == (
        DueOccurrence("tasks.refresh_statuses", dt.datetime(2025, 12, 31, 17, 5, tzinfo=UTC), None, 0),
        DueOccurrence("accounts.disable_idle", dt.datetime(2025, 12, 30, 17, 15, tzinfo=UTC), None, 0),
        DueOccurrence("jobs.reap_stale", dt.datetime(2025, 12, 31, 17, 5, tzinfo=UTC), None, 0),
    )


def test_a_due_occurrence_is_due_once_then_not_again_until_the_next_one():
    # given: the 00:05 run has been recorded
    first_tick = dt.datetime(2026, 1, 1, 0, 5, 1, tzinfo=VN)
    (occurrence,) = due_occurrences([REFRESH], {}, first_tick)
    recorded = {occurrence.entry: occurrence.due_at}
    # when: the scheduler ticks again that day, and again the next day after 00:05
    later_same_day = due_occurrences([REFRESH], recorded, dt.datetime(2026, 1, 1, 23, 59, tzinfo=VN))
    next_day = due_occurrences([REFRESH], recorded, dt.datetime(2026, 1, 2, 0, 5, tzinfo=VN))
    # then
    assert later_same_day == ()
    assert next_day == (
        DueOccurrence(
            "tasks.refresh_statuses", dt.datetime(2026, 1, 1, 17, 5, tzinfo=UTC), occurrence.due_at, 0
        ),
    )


def test_missed_occurrences_are_coalesced_into_one_run_that_counts_them():
    # given: the scheduler last reaped at 10:00 and was down until 10:31
    last = {"jobs.reap_stale": dt.datetime(2026, 5, 2, 10, 0, tzinfo=UTC)}
    # when
    due = due_occurrences([REAP], last, dt.datetime(2026, 5, 2, 10, 31, tzinfo=UTC))
    # then: one run for 10:30 standing for 10:05 … 10:25 as well
    assert due == (
        DueOccurrence(
            "jobs.reap_stale", dt.datetime(2026, 5, 2, 10, 30, tzinfo=UTC), last["jobs.reap_stale"], 5
        ),
    )


def test_daily_entry_down_for_three_nights_runs_once_for_the_latest_night():
    # given
    last = {"accounts.disable_idle": dt.datetime(2026, 1, 1, 0, 15, tzinfo=VN)}
    # when
    due = due_occurrences([DISABLE_IDLE], last, dt.datetime(2026, 1, 4, 8, 0, tzinfo=VN))
    # then
    assert [(d.due_at.astimezone(VN), d.coalesced) for d in due] == [
        (dt.datetime(2026, 1, 4, 0, 15, tzinfo=VN), 2)
    ]


def test_a_last_run_in_the_future_after_a_clock_step_back_is_not_rerun():
    # given
    last = {"jobs.reap_stale": dt.datetime(2026, 5, 2, 11, 0, tzinfo=UTC)}
    # when
    due = due_occurrences([REAP], last, dt.datetime(2026, 5, 2, 10, 31, tzinfo=UTC))
    # then
    assert due == ()


def test_next_wake_is_the_earliest_upcoming_occurrence():
    # given
    now = dt.datetime(2026, 1, 1, 0, 4, tzinfo=VN)
    # when
    wake = next_wake([DISABLE_IDLE, REFRESH], now)
    # then
    assert wake == dt.datetime(2026, 1, 1, 0, 5, tzinfo=VN)
    assert next_wake([], now) is None


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("midnight and five", "00:05", dt.time(0, 5)),
        ("afternoon", "17:30", dt.time(17, 30)),
        ("single-digit hour", "7:00", dt.time(7, 0)),
    ],
)
def test_parse_wall_time_accepts_hh_mm(_case, text, expected):
    assert parse_wall_time(text) == expected


@pytest.mark.parametrize(
    ("_case", "text"),
    [("no colon", "0005"), ("hour 24", "24:00"), ("one-digit minutes", "00:5"), ("words", "noon")],
)
def test_parse_wall_time_rejects_anything_else(_case, text):
    with pytest.raises(ScheduleError):
        parse_wall_time(text)


@pytest.mark.parametrize(
    ("_case", "make"),
    [
        ("naive now", lambda: REAP.rule.latest_at_or_before(dt.datetime(2026, 1, 1))),
        ("zero interval", lambda: Every(dt.timedelta(0))),
        ("aware wall time", lambda: DailyAt(dt.time(0, 5, tzinfo=UTC), HO_CHI_MINH)),
        ("offset of a day", lambda: DailyAt(dt.time(0, 5), dt.timedelta(days=1))),
    ],
)
def test_invalid_rules_and_instants_are_refused(_case, make):
    with pytest.raises(ScheduleError):
        make()


@given(
    now=st.datetimes(
        min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    minutes=st.integers(min_value=0, max_value=24 * 60 - 1),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_daily_latest_is_within_one_day_before_now_and_next_is_one_day_later(now, minutes, offset_minutes):
    # given
    rule = DailyAt(dt.time(minutes // 60, minutes % 60), dt.timedelta(minutes=offset_minutes))
    # when
    latest = rule.latest_at_or_before(now)
    upcoming = next_after(rule, now)
    # then
    assert latest <= now < upcoming
    assert upcoming - latest == dt.timedelta(days=1)
    assert latest.astimezone(dt.timezone(rule.utc_offset)).time() == rule.at


@given(
    now=st.datetimes(
        min_value=dt.datetime(2001, 1, 1), max_value=dt.datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    seconds=st.integers(min_value=1, max_value=2 * 86400),
)
def test_interval_latest_and_next_bracket_now(now, seconds):
    # given
    rule = Every(dt.timedelta(seconds=seconds))
    # when
    latest = rule.latest_at_or_before(now)
    upcoming = next_after(rule, now)
    # then
    assert latest <= now < upcoming
    assert upcoming - latest == rule.interval
