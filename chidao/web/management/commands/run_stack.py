"""Start the development stack: web server, background worker and scheduler, stopped together on Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web, tiến trình nền (worker) và bộ lập lịch (scheduler) cùng lúc."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="Chỉ chạy máy chủ web.")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        commands = [[*manage, "runserver", f"{options['host']}:{options['port']}", "--noreload"]]
        if not options["no_worker"]:
            commands.append([*manage, "run_worker", "--interval", "1"])
            commands.append([*manage, "run_scheduler"])
        processes = [subprocess.Popen(cmd) for cmd in commands]  # noqa: S603 — fixed argv, no shell
        self.stdout.write(
            self.style.SUCCESS(
                f"chidao đang chạy tại http://{options['host']}:{options['port']}/ (Ctrl-C để dừng)"
            )
        )

        def stop(*_: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        stop()
