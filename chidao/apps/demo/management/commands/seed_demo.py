"""`manage.py seed_demo`: demo accounts for every role (development only), printed as a table, then the demo
scenario of the steering tasks and the committee's meetings (docs/domain/demo-scenario.md); a second run changes
nothing."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chidao.apps.audit.context import audit_channel
from chidao.apps.demo.meetings_seed import demo_meetings_seed
from chidao.apps.demo.service_index_seed import demo_service_index_seed
from chidao.apps.demo.services import (
    DEMO_PASSWORD,
    DemoAccountsDisabled,
    DemoSeedError,
    SeedOutcome,
    demo_accounts_seed,
)
from chidao.apps.demo.tasks_seed import demo_tasks_seed

OUTCOME_LABELS = {
    SeedOutcome.CREATED: "mới",
    SeedOutcome.UPDATED: "thay đổi",
    SeedOutcome.UNCHANGED: "không đổi",
}


class Command(BaseCommand):
    help = (
        "Tạo tài khoản thử cho mọi vai trò (chỉ khi CHIDAO_DEMO_ACCOUNTS=True) và nhiệm vụ trình diễn; "
        "chạy lại không đổi gì."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with audit_channel("command"):
                results = demo_accounts_seed(actor="manage.py seed_demo")
                started = time.monotonic()
                tasks = demo_tasks_seed(actor="manage.py seed_demo")
                seconds = time.monotonic() - started
                meetings = demo_meetings_seed(actor="manage.py seed_demo")
                index = demo_service_index_seed(actor="manage.py seed_demo")
        except DemoAccountsDisabled as error:
            raise CommandError(str(error)) from None
        except DemoSeedError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Nhiệm vụ trình diễn: {tasks.created} mới / {tasks.existing} đã có ({seconds:.1f} giây)."
        )
        self.stdout.write(
            f"Phiên họp trình diễn: {meetings.created} mới / {meetings.existing} đã có"
            + (f" (bỏ qua: {meetings.skipped})." if meetings.skipped else ".")
        )
        self.stdout.write(
            "Chỉ số phục vụ (dữ liệu mô phỏng): "
            + (f"bỏ qua ({index.skipped})." if index.skipped else f"{len(index.computed)} tháng mới tính.")
        )
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
