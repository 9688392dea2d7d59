"""`manage.py run_import <batch id>`: apply a committed (or failed) batch in this process, without the worker.

For operators when the worker is down, and for tests that kill the process in the middle: the batch's
writes happen in one transaction, so a killed run leaves the previous data and a batch to run again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.apps.audit.context import audit_channel
from chidao.apps.exchange import runner


class Command(BaseCommand):
    help = "Nhập một lượt nhập đã xác nhận (hoặc đã thất bại) ngay trong tiến trình này."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        with audit_channel("command"):
            try:
                batch = runner.import_batch_run(batch_id=options["batch_id"])
            except runner.ImportStale as stale:
                raise CommandError(str(stale)) from None
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(f"#{batch.pk}: {batch.get_state_display()} – {batch.message}")
