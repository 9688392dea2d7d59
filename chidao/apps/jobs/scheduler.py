"""One tick of the scheduler: find the due periodic entries (pure, `chidao.core.schedule`), claim each due
occurrence by inserting its unique (entry, due_at) row, and run the ones this process claimed.

The insert is the lock: a second scheduler, or this one after a restart, fails the insert for an occurrence
that was already claimed and skips it, so each occurrence runs at most once.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from chidao.apps.jobs.models import PeriodicRun
from chidao.apps.jobs.registry import PeriodicEntry, periodic_entries
from chidao.apps.jobs.selectors import periodic_last_due_at
from chidao.core.schedule import due_occurrences, next_wake

logger = logging.getLogger("chidao.jobs.scheduler")


@dataclass(frozen=True)
class TickOutcome:
    """What happened to one due occurrence in a tick."""

    entry: str
    due_at: dt.datetime
    state: str  # succeeded, failed, or skipped (claimed by another scheduler)
    message: str


def local_utc_offset(now: dt.datetime) -> dt.timedelta:
    """The offset of settings.TIME_ZONE at `now` (Asia/Ho_Chi_Minh: always +7 h, no daylight saving)."""
    offset = now.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).utcoffset()
    return offset if offset is not None else dt.timedelta(0)


def claim_occurrence(
    *, entry: str, due_at: dt.datetime, claimed_by: str, now: dt.datetime, coalesced: int = 0
) -> PeriodicRun | None:
    """Insert the run of (entry, due_at); None when another process (or an earlier start) already did."""
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                entry=entry, due_at=due_at, claimed_at=now, claimed_by=claimed_by[:120], coalesced=coalesced
            )
    except IntegrityError:
        return None


def scheduler_tick(
    *, now: dt.datetime, claimed_by: str, entries: Sequence[PeriodicEntry] | None = None
) -> list[TickOutcome]:
    """Run every entry due at `now` that this process manages to claim; a failing entry does not stop the others."""
    entries = tuple(entries if entries is not None else periodic_entries())
    offset = local_utc_offset(now)
    by_name = {entry.name: entry for entry in entries}
    last_due = periodic_last_due_at(list(by_name))
    outcomes: list[TickOutcome] = []
    for due in due_occurrences([e.schedule_entry(offset) for e in entries], last_due, now):
        run = claim_occurrence(
            entry=due.entry, due_at=due.due_at, claimed_by=claimed_by, now=now, coalesced=due.coalesced
        )
        if run is None:
            outcomes.append(
                TickOutcome(due.entry, due.due_at, "skipped", "Đã do tiến trình lập lịch khác thực hiện")
            )
            continue
        outcomes.append(_run_entry(by_name[due.entry], run, now))
    return outcomes


def seconds_until_next(*, now: dt.datetime, entries: Sequence[PeriodicEntry] | None = None) -> float | None:
    """Seconds from `now` to the next occurrence of any entry (None without entries)."""
    entries = tuple(entries if entries is not None else periodic_entries())
    wake = next_wake([e.schedule_entry(local_utc_offset(now)) for e in entries], now)
    return None if wake is None else max(0.0, (wake - now).total_seconds())


def _run_entry(entry: PeriodicEntry, run: PeriodicRun, now: dt.datetime) -> TickOutcome:
    try:
        # A savepoint per entry: on PostgreSQL an error would otherwise poison the whole connection and the
        # entries after it (and the bookkeeping below) would fail too.
        with transaction.atomic():
            message = entry.function(due_at=run.due_at, now=now) or "Xong"
        state = PeriodicRun.State.SUCCEEDED
    except Exception as exc:
        logger.exception("Periodic entry %s (due %s) failed", entry.name, run.due_at.isoformat())
        message = f"Lỗi: {type(exc).__name__}: {exc}"
        state = PeriodicRun.State.FAILED
    PeriodicRun.objects.filter(pk=run.pk).update(
        state=state, finished_at=timezone.now(), message=message[:500]
    )
    return TickOutcome(entry.name, run.due_at, str(state), message)
