"""`manage.py load_organisation`: Gia Lai's administrative map, unit tree and committee, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.apps.audit.context import audit_channel
from chidao.apps.organisation.defaults import DEFAULTS_PATH, DefaultsError, read_defaults
from chidao.apps.organisation.loading import organisation_load


class Command(BaseCommand):
    help = (
        "Nạp 34 tỉnh, 3.321 xã (danh mục từ 01/07/2025), cây đơn vị của tỉnh Gia Lai và Ban Chỉ đạo; "
        "chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--defaults",
            type=Path,
            default=DEFAULTS_PATH,
            help="Tệp cơ cấu tổ chức (mặc định: chidao/apps/organisation/data/organisation_defaults.json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            defaults = read_defaults(options["defaults"])
        except DefaultsError as error:
            raise CommandError(str(error)) from None
        with audit_channel("command"):
            report = organisation_load(actor="manage.py load_organisation", defaults=defaults)
        self.stdout.write(
            f"Nguồn danh mục: {report.source} — tệp {report.data_file}, "
            f"hiệu lực từ {report.effective_date:%d/%m/%Y}, tạo ngày {report.build_date:%d/%m/%Y}."
        )
        for label, tally in report.tallies.items():
            self.stdout.write(
                f"  {label}: {tally.created} mới / {tally.changed} thay đổi / {tally.unchanged} không đổi"
            )
        total = report.total
        self.stdout.write(
            self.style.SUCCESS(
                f"{total.created} mới / {total.changed} thay đổi / {total.unchanged} không đổi"
            )
        )
