"""System checks: production has its own key for personal data, and every personal dataset has a retention.

`config/settings/prod.py` already refuses to start without CHIDAO_FIELD_ENCRYPTION_KEY; `check --deploy`
also refuses a key too short to be a random secret. A declared personal dataset whose kind has no retention
period would be kept forever, so `manage.py check` warns about it in every environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from chidao.apps.privacy.conf import personal_data_settings
from chidao.apps.privacy.registry import personal_datasets
from chidao.engines.duckdb.encryption import DatasetEncryptionKey, DatasetKeyError

KEY_CHECK_ID = "chidao.privacy.E001"
RETENTION_CHECK_ID = "chidao.privacy.W001"


@register(Tags.security, deploy=True)
def check_encryption_key(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Error when personal data would be encrypted with SECRET_KEY or a weak key in production."""
    configured = personal_data_settings()
    if not configured.has_dedicated_key:
        return [
            Error(
                "Chưa cấu hình CHIDAO_FIELD_ENCRYPTION_KEY: dữ liệu cá nhân sẽ được mã hoá bằng khoá suy ra từ "
                "SECRET_KEY. / CHIDAO_FIELD_ENCRYPTION_KEY is not set.",
                hint="python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
                id=KEY_CHECK_ID,
            )
        ]
    messages: list[CheckMessage] = []
    for material in configured.key_materials:
        try:
            DatasetEncryptionKey.from_material(material)
        except DatasetKeyError as exc:
            messages.append(Error(str(exc), id=KEY_CHECK_ID))
    return messages


@register()
def check_retention(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Warn for each declared personal dataset whose kind has no retention period."""
    retention = personal_data_settings().retention_days
    return [
        Warning(
            f"Bộ dữ liệu cá nhân {dataset.name!r} (loại {dataset.kind!r}) chưa có thời hạn lưu trữ trong "
            "CHIDAO_PERSONAL_DATA['retention_days'] nên sẽ không bao giờ bị xoá.",
            id=RETENTION_CHECK_ID,
        )
        for dataset in personal_datasets()
        if dataset.kind not in retention
    ]
