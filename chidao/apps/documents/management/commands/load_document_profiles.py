"""`manage.py load_document_profiles`: the default issuer profiles (Ban Chỉ đạo, UBND tỉnh), idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chidao.apps.audit.context import audit_channel
from chidao.apps.documents.datafiles import PROFILES_PATH
from chidao.apps.documents.services import profiles_load_defaults


class Command(BaseCommand):
    help = (
        "Nạp hồ sơ cơ quan ban hành mặc định (tên cơ quan, ký hiệu, người ký, nơi nhận) cho báo cáo và công văn; "
        "cần chạy sau load_organisation; chạy lại không thay đổi gì."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=PROFILES_PATH,
            help="Tệp hồ sơ (mặc định: chidao/apps/documents/data/document_profiles.json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with audit_channel("command"):
                result = profiles_load_defaults(
                    actor="manage.py load_document_profiles", path=options["file"]
                )
        except (ValidationError, ValueError, OSError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(message) from None
        for label, codes in (
            ("mới", result.created),
            ("thay đổi", result.updated),
            ("không đổi", result.unchanged),
        ):
            if codes:
                self.stdout.write(f"  {label}: {', '.join(codes)}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Hồ sơ cơ quan ban hành: {len(result.created)} mới / {len(result.updated)} thay đổi / "
                f"{len(result.unchanged)} không đổi"
            )
        )
