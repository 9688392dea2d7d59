"""Disable accounts unused for CHIDAO_ACCOUNT_IDLE_DAYS (45) days; a scheduler will run it daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from chidao.apps.accounts.services import users_disable_idle
from chidao.apps.audit.context import audit_channel

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


def parse_as_of(text: str) -> dt.date:
    """A date written dd/mm/yyyy (Vietnamese) or yyyy-mm-dd (ISO)."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: {text!r} (dùng dd/mm/yyyy hoặc yyyy-mm-dd).")


class Command(BaseCommand):
    help = "Vô hiệu hoá các tài khoản không sử dụng quá số ngày quy định (CHIDAO_ACCOUNT_IDLE_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of", dest="as_of", help="Ngày xét (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay."
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không vô hiệu hoá.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_as_of(options["as_of"]) if options.get("as_of") else timezone.localdate()
        dry_run = bool(options.get("dry_run"))
        with audit_channel("command"):
            result = users_disable_idle(as_of=as_of, dry_run=dry_run)
        idle_days = settings.CHIDAO_ACCOUNT_IDLE_DAYS
        for user in result.users:
            self.stdout.write(f"  {user.username}\t{user.full_name}")
        verb = "Sẽ vô hiệu hoá" if dry_run else "Đã vô hiệu hoá"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(result.users)} tài khoản không sử dụng từ {idle_days} ngày trở lên "
                f"(dùng lần cuối trước hoặc vào ngày {result.last_use_on_or_before:%d/%m/%Y}, "
                f"xét ngày {as_of:%d/%m/%Y})." + (" Chạy thử: không thay đổi dữ liệu." if dry_run else "")
            )
        )
