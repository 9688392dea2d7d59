"""`manage.py seed_demo`: demo accounts for every role (development only), printed as a table."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chidao.apps.audit.context import audit_channel
from chidao.apps.demo.services import (
    DEMO_PASSWORD,
    DemoAccountsDisabled,
    DemoSeedError,
    SeedOutcome,
    demo_accounts_seed,
)

OUTCOME_LABELS = {
    SeedOutcome.CREATED: "mới",
    SeedOutcome.UPDATED: "thay đổi",
    SeedOutcome.UNCHANGED: "không đổi",
}


class Command(BaseCommand):
    help = "Tạo tài khoản thử cho mọi vai trò (chỉ khi CHIDAO_DEMO_ACCOUNTS=True); chạy lại không đổi gì."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with audit_channel("command"):
                results = demo_accounts_seed(actor="manage.py seed_demo")
        except DemoAccountsDisabled as error:
            raise CommandError(str(error)) from None
        except DemoSeedError as error:
            raise CommandError(str(error)) from None
        rows = [(r.username, r.role.label, r.unit_name, OUTCOME_LABELS[r.outcome]) for r in results]
        headers = ("Tên đăng nhập", "Vai trò", "Đơn vị", "")
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("Tài khoản thử (chỉ dùng khi phát triển, trình diễn):")
        for row in [headers, *rows]:
            self.stdout.write(
                "  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        self.stdout.write(f"Mật khẩu chung của mọi tài khoản thử: {DEMO_PASSWORD}")
        for result in results:
            if result.note:
                self.stdout.write(f"  {result.username}: {result.note}")
        counts = {outcome: sum(1 for r in results if r.outcome == outcome) for outcome in SeedOutcome}
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts[SeedOutcome.CREATED]} mới / {counts[SeedOutcome.UPDATED]} thay đổi / "
                f"{counts[SeedOutcome.UNCHANGED]} không đổi"
            )
        )
