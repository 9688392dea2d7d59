"""The personal-data settings (`CHIDAO_PERSONAL_DATA`) read in one place, and the keys derived from them.

One secret, `CHIDAO_FIELD_ENCRYPTION_KEY` from the environment, protects both database fields (Fernet) and
dataset files (Parquet encryption); each use gets its own key derived with HKDF, so neither can open the
other's data. Older secrets listed in `previous_encryption_keys` still decrypt during a key rotation.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from chidao.engines.duckdb.encryption import DatasetEncryptionKey


@dataclass(frozen=True, repr=False)
class PersonalDataSettings:
    """What an operator sets for personal data: the key material and the retention per dataset kind."""

    encryption_key: str
    previous_encryption_keys: tuple[str, ...]
    retention_days: Mapping[str, int]

    @property
    def has_dedicated_key(self) -> bool:
        """False in development and tests when no key is configured (SECRET_KEY stands in for it)."""
        return bool(self.encryption_key)

    @property
    def key_materials(self) -> tuple[str, ...]:
        """The secrets that decrypt, current first; SECRET_KEY only when no dedicated key is configured."""
        if not self.encryption_key:
            return (str(settings.SECRET_KEY),)
        return (self.encryption_key, *self.previous_encryption_keys)

    def __repr__(self) -> str:
        return f"PersonalDataSettings(retention_days={dict(self.retention_days)!r})"


def personal_data_settings() -> PersonalDataSettings:
    """The current `CHIDAO_PERSONAL_DATA` (read on every call so tests can override the settings)."""
    raw: Mapping[str, Any] = getattr(settings, "CHIDAO_PERSONAL_DATA", {}) or {}
    previous = raw.get("previous_encryption_keys") or ()
    return PersonalDataSettings(
        encryption_key=str(raw.get("encryption_key") or "").strip(),
        previous_encryption_keys=tuple(str(key).strip() for key in previous if str(key).strip()),
        retention_days={str(kind): int(days) for kind, days in (raw.get("retention_days") or {}).items()},
    )


@functools.lru_cache(maxsize=8)
def _dataset_keys(materials: tuple[str, ...]) -> tuple[DatasetEncryptionKey, ...]:
    return tuple(DatasetEncryptionKey.from_material(material) for material in materials)


def dataset_encryption_keys() -> tuple[DatasetEncryptionKey, ...]:
    """The keys an engine needs to read encrypted datasets (pass as `EngineConfig(encryption_keys=...)`)."""
    return _dataset_keys(personal_data_settings().key_materials)


def dataset_encryption_key() -> DatasetEncryptionKey:
    """The key importers of personal registers pass to `publish_dataset(..., encryption_key=...)`."""
    return dataset_encryption_keys()[0]


def data_root() -> Path:
    """Where the analytical datasets live (`CHIDAO_DATA_ROOT`)."""
    return Path(settings.CHIDAO_DATA_ROOT)
