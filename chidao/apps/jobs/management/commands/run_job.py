"""Start a job from the command line and show its progress bar: `manage.py run_job demo.count --param n=10`.

With --sync the job runs in this process; otherwise it is queued for the worker and this command follows its
progress in the database until it ends (Ctrl-C stops following, not the job).
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import IO, Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from chidao.apps.audit.context import audit_channel
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.registry import job_kind_title
from chidao.apps.jobs.runner import job_run
from chidao.apps.jobs.services import job_start

POLL_SECONDS = 0.5


def parse_param(text: str) -> tuple[str, Any]:
    """ "key=value": the value is read as JSON when it is JSON (numbers, true/false, lists), else as text."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"Tham số phải có dạng key=value: {text!r}")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key.strip(), value


class Command(BaseCommand):
    help = "Chạy một tác vụ nền và hiện thanh tiến độ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="Loại tác vụ, ví dụ demo.count")
        parser.add_argument(
            "--param", action="append", default=[], metavar="KEY=VALUE", help="Tham số (lặp lại được)."
        )
        parser.add_argument(
            "--sync", action="store_true", help="Chạy ngay trong tiến trình này (không qua worker)."
        )
        parser.add_argument("--user", default="", help="Tên đăng nhập của người chạy (mặc định: hệ thống).")

    def handle(self, *args: Any, **options: Any) -> None:
        parameters = dict(parse_param(p) for p in options["param"])
        actor = self._actor(options["user"])
        with audit_channel("command"):
            try:
                job = job_start(
                    actor=actor, kind=options["kind"], parameters=parameters, enqueue=not options["sync"]
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            console = Console(file=cast(IO[str], self.stdout), highlight=False)
            console.print(f"Tác vụ #{job.pk}: {job_kind_title(job.kind)}")
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar:
                row = bar.add_task(job.message, total=100)

                def show(percent: int, message: str) -> None:
                    bar.update(row, completed=percent, description=message or job.message)

                if options["sync"]:
                    self._run_here(job, show)
                else:
                    self._follow(job, show)
                job.refresh_from_db()
                show(job.progress, job.message)
        self._report(console, job)

    def _actor(self, username: str) -> Any:
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có tài khoản {username!r}") from None

    def _run_here(self, job: Job, show: Any) -> None:
        # A failure is recorded on the job (state failed, traceback in its log) and reported by _report.
        with contextlib.suppress(Exception):
            job_run(job.pk, listener=show)

    def _follow(self, job: Job, show: Any) -> None:
        try:
            while True:
                job.refresh_from_db()
                show(job.progress, job.message)
                if job.is_finished:
                    return
                time.sleep(POLL_SECONDS)
        except KeyboardInterrupt:
            self.stderr.write(f"Ngừng theo dõi; tác vụ #{job.pk} vẫn tiếp tục trong tiến trình xử lý nền.")

    def _report(self, console: Console, job: Job) -> None:
        console.print(f"Trạng thái: {job.get_state_display()} — {job.message}")
        if job.result_file:
            console.print(f"Tệp kết quả: {job.result_file.path}")
        if job.state == Job.State.FAILED:
            last = job.log_lines.order_by("-id").first()
            if last is not None:
                self.stderr.write(last.line)
            raise CommandError(f"Tác vụ #{job.pk} thất bại.")
