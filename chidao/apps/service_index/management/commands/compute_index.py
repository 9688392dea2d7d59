"""`manage.py compute_index --period 2026-02|2026-Q1|2026 [--unit CODE ...]`: compute the index as a job.

Runs in this process (a platform job, so it shows on the jobs page with its progress and log) and prints the
province's total, its band and the run's dataset versions.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.apps.audit.context import audit_channel
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.runner import job_run
from chidao.apps.jobs.services import job_start
from chidao.apps.service_index.background import COMPUTE_JOB_KIND
from chidao.apps.service_index.models import IndexRun, UnitScore
from chidao.apps.service_index.periods import parse_period


class Command(BaseCommand):
    help = "Tính chỉ số phục vụ người dân, doanh nghiệp của một kỳ (tháng 2026-02, quý 2026-Q1, năm 2026)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="Kỳ: 2026-02, 2026-Q1 hoặc 2026.")
        parser.add_argument(
            "--unit", action="append", default=[], help="Chỉ tính các đơn vị này (mã; lặp lại được)."
        )
        parser.add_argument("--user", default="", help="Tên đăng nhập của người chạy (mặc định: hệ thống).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng {options['user']!r}.")
        parameters: dict[str, Any] = {"period": period.code}
        if options["unit"]:
            parameters["units"] = list(options["unit"])
        with audit_channel("command"):
            job = job_start(actor=actor, kind=COMPUTE_JOB_KIND, parameters=parameters, enqueue=False)
            # The job records a failure (state, message, traceback in its log); the message below says it.
            with contextlib.suppress(Exception):
                job_run(job.pk)
        job.refresh_from_db()
        if job.state != Job.State.SUCCEEDED:
            raise CommandError(f"Tính chỉ số thất bại: {job.message}")
        run = IndexRun.objects.filter(job=job).first()
        self.stdout.write(job.message)
        if run is None:
            return
        self.stdout.write(f"Phiên bản dữ liệu: {run.dataset_versions}; cấu hình {run.config_version}.")
        province = (
            UnitScore.objects.filter(run=run, group_number=0, unit__parent__isnull=True)
            .select_related("unit")
            .first()
        )
        if province is not None:
            self.stdout.write(f"{province.unit.name}: {province.score}/100 ({province.band_name}).")
