"""The background worker: reap jobs left running by a dead worker, then run django-tasks-db's `db_worker`.

Same options as `db_worker` (e.g. `--interval 1`); the systemd unit runs this command.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from chidao.apps.audit.context import audit_channel
from chidao.apps.jobs.conf import stale_after
from chidao.apps.jobs.services import jobs_reap_stale


class Command(DbWorkerCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (db_worker), sau khi đánh dấu các tác vụ bị dừng đột ngột."

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_channel("system"):
            reaped = jobs_reap_stale(now=timezone.now(), stale_after=stale_after())
        if reaped:
            self.stdout.write(
                f"Đã đánh dấu {len(reaped)} tác vụ bị dừng đột ngột: {', '.join(f'#{j.pk}' for j in reaped)}"
            )
        super().handle(*args, **options)
