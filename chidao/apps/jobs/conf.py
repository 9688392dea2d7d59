"""Timings of the job machinery, overridable in settings (CHIDAO_JOBS_*) without touching the code."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# A running job's heartbeat is written this often by a thread beside the job, so a long step without
# progress calls does not look dead.
DEFAULT_HEARTBEAT_SECONDS = 30
# Ten missed heartbeats: the worker is gone (killed, machine restarted), not merely busy.
DEFAULT_STALE_SECONDS = 300
# Progress is written at most this often; the page polls every second.
DEFAULT_PROGRESS_WRITE_SECONDS = 0.5


def heartbeat_interval() -> dt.timedelta:
    """How often a running job proves that its worker is alive."""
    return dt.timedelta(seconds=getattr(settings, "CHIDAO_JOBS_HEARTBEAT_SECONDS", DEFAULT_HEARTBEAT_SECONDS))


def stale_after() -> dt.timedelta:
    """How old a running job's heartbeat may be before the reaper marks it failed."""
    return dt.timedelta(seconds=getattr(settings, "CHIDAO_JOBS_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def progress_write_seconds() -> float:
    """The least time between two progress writes of one job."""
    return float(getattr(settings, "CHIDAO_JOBS_PROGRESS_WRITE_SECONDS", DEFAULT_PROGRESS_WRITE_SECONDS))
