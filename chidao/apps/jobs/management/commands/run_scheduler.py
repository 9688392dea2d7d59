"""The scheduler loop: runs the periodic entries when due (daily local times, intervals), one at a time.

Several schedulers may run (e.g. two servers): each due occurrence is claimed by inserting a unique
(entry, due_at) row, so it runs once. Stop with SIGTERM or Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils import timezone

from chidao.apps.audit.context import audit_channel
from chidao.apps.jobs.conf import stale_after
from chidao.apps.jobs.registry import periodic_entries
from chidao.apps.jobs.scheduler import scheduler_tick, seconds_until_next
from chidao.apps.jobs.services import jobs_reap_stale


class Command(BaseCommand):
    help = "Chạy bộ lập lịch: thực hiện các công việc định kỳ khi đến hạn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Chỉ chạy một lượt rồi thoát (dùng cho cron, kiểm thử)."
        )
        parser.add_argument(
            "--max-sleep",
            type=float,
            default=30.0,
            help="Số giây tối đa giữa hai lượt kiểm tra (mặc định 30).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        if not options["once"]:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
        claimed_by = f"{socket.gethostname()}:{os.getpid()}"
        entries = periodic_entries()
        self.stdout.write(
            f"Bộ lập lịch {claimed_by}: " + "; ".join(f"{e.name} ({e.cadence})" for e in entries)
        )
        with audit_channel("system"):
            reaped = jobs_reap_stale(now=timezone.now(), stale_after=stale_after())
            if reaped:
                self.stdout.write(f"Đã đánh dấu {len(reaped)} tác vụ bị dừng đột ngột khi khởi động.")
            while not stop.is_set():
                _refresh_connections()
                now = timezone.now()
                for outcome in scheduler_tick(now=now, claimed_by=claimed_by, entries=entries):
                    due = timezone.localtime(outcome.due_at)
                    self.stdout.write(
                        f"{outcome.entry} [{due:%d/%m/%Y %H:%M}] {outcome.state}: {outcome.message}"
                    )
                _refresh_connections()
                if options["once"]:
                    break
                wait = seconds_until_next(now=timezone.now(), entries=entries)
                stop.wait(min(options["max_sleep"], wait + 0.5 if wait is not None else options["max_sleep"]))
        self.stdout.write("Bộ lập lịch đã dừng.")


def _refresh_connections() -> None:
    """Drop stale or broken connections between ticks (a long-running loop outlives CONN_MAX_AGE).

    Inside an atomic block (the test suite wraps each test in one) Django would close the connection because
    autocommit is off, so it is left alone there.
    """
    if not connection.in_atomic_block:
        close_old_connections()
