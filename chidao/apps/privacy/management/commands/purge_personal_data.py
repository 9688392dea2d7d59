"""Delete personal datasets past their retention: `manage.py purge_personal_data --as-of 01/01/2026 --dry-run`.

Run it daily from the scheduler or cron. Each deleted version leaves an audit row with its row count.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.apps.audit.context import audit_channel
from chidao.apps.privacy.services import personal_data_purge_expired

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_as_of(text: str) -> dt.date:
    """A date written dd/mm/yyyy or yyyy-mm-dd."""
    cleaned = text.strip()
    try:
        if match := _DMY.fullmatch(cleaned):
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise CommandError(f"Ngày {text!r} không hợp lệ: cần dd/mm/yyyy hoặc yyyy-mm-dd.") from None


class Command(BaseCommand):
    help = "Xoá các phiên bản dữ liệu cá nhân đã hết thời hạn lưu trữ (ghi nhật ký từng lần xoá)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", default="", help="Ngày tính thời hạn (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xoá gì.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_as_of(options["as_of"]) if options["as_of"] else timezone.localdate()
        dry_run = bool(options["dry_run"])
        with audit_channel("command"):
            report = personal_data_purge_expired(as_of=as_of, dry_run=dry_run)
        verb = "Sẽ xoá" if dry_run else "Đã xoá"
        for purged in report.purged:
            whole = " (cả bộ dữ liệu)" if purged.whole_dataset else ""
            self.stdout.write(
                f"{verb} {purged.dataset}/{purged.version}{whole}: {purged.row_count} dòng, "
                f"tạo ngày {timezone.localtime(purged.created_at):%d/%m/%Y}, loại {purged.kind}"
            )
        for name in report.without_retention:
            self.stderr.write(f"Bỏ qua {name}: loại dữ liệu chưa có thời hạn lưu trữ.")
        rows = sum(purged.row_count for purged in report.purged)
        self.stdout.write(
            f"{verb} {len(report.purged)} phiên bản, {rows} dòng dữ liệu cá nhân "
            f"(tính đến {as_of:%d/%m/%Y}){' — chạy thử, không xoá gì' if dry_run else ''}."
        )
        if report.failures:
            details = "; ".join(f"{name}: {message}" for name, message in report.failures)
            raise CommandError(f"Không xoá được: {details}")
