"""`manage.py import_service_index --kind dossiers|procedures|feedback --file PATH [--source-system X] [--dry-run]
[--reject-report PATH] [--user USERNAME]`: import a big CSV export through the bulk path.

For files beyond the web import's limit (a province's month of dossiers): the file is read with pyarrow,
validated in SQL and its (source system, month)s replaced atomically (``services.dataset_file_import``). Prints
the counts (kept, rejected, months replaced) and writes the reject report next to the file
(``<file>-loi.xlsx``) or to ``--reject-report`` (.xlsx or .csv). Audited as ``service_index.file_import`` on the
command channel, by ``--user`` when given, otherwise by the operating-system account that ran it.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.apps.audit.context import audit_channel
from chidao.apps.service_index import services
from chidao.apps.service_index.importers.bulk import ImportFileError
from chidao.apps.service_index.importers.reports import default_report_path, write_reject_report


def _months(months: tuple[str, ...]) -> str:
    return ", ".join(f"{month[5:7]}/{month[:4]}" for month in months) or "không có"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Command(BaseCommand):
    help = "Nhập tệp CSV lớn (hồ sơ, danh mục TTHC, phản ánh) của chỉ số phục vụ theo đường nhập hàng loạt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=services.IMPORT_KINDS, help="Loại tệp.")
        parser.add_argument("--file", required=True, help="Đường dẫn tệp CSV.")
        parser.add_argument(
            "--source-system", default="", help="Hệ thống nguồn của các dòng không ghi HeThongNguon."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi dữ liệu.")
        parser.add_argument(
            "--reject-report",
            default="",
            help="Nơi ghi báo cáo dòng lỗi (.xlsx hoặc .csv; mặc định cạnh tệp).",
        )
        parser.add_argument(
            "--user", default="", help="Tên đăng nhập của người chạy (mặc định: tài khoản hệ điều hành)."
        )

    def _actor(self, username: str) -> Any:
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Không có người dùng {username!r}.")
            return user
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):  # no login name in a container without a passwd entry
            operator = "?"
        return f"manage.py import_service_index ({operator})"

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        actor = self._actor(options["user"])
        with audit_channel("command"):
            try:
                outcome = services.dataset_file_import(
                    actor=actor,
                    kind=options["kind"],
                    path=path,
                    source_system=options["source_system"],
                    dry_run=options["dry_run"],
                )
            except ImportFileError as error:
                raise CommandError(str(error)) from None
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
        validated = outcome.validated
        verb = "Sẽ thay thế" if options["dry_run"] else "Đã thay thế"
        self.stdout.write(
            f"{'Kiểm tra (không ghi)' if options['dry_run'] else 'Đã nhập'} {path.name}: "
            f"{_number(validated.rows)} dòng; giữ {_number(validated.good.num_rows)}, "
            f"lỗi {_number(validated.rejected_rows)}."
        )
        self.stdout.write(f"{verb} tháng: {_months(outcome.months)}.")
        if outcome.manifest is not None:
            self.stdout.write(f"Phiên bản dữ liệu: {outcome.manifest.version}.")
        if validated.rejects:
            target = (
                Path(options["reject_report"])
                if options["reject_report"]
                else default_report_path(path, len(validated.rejects))
            )
            written = write_reject_report(
                target, validated.rejects, source_name=path.name, as_of=timezone.localdate()
            )
            self.stdout.write(f"Báo cáo dòng lỗi: {written}")
