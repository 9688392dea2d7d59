"""Limits of the import machinery, overridable in settings (CHIDAO_IMPORT_*) without touching the code."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from chidao.engines.tabular import TabularFormat

MEGABYTE = 1024 * 1024
# Upload size limits by format: spreadsheets stay small, Parquet is for bulk data.
DEFAULT_MAX_BYTES = {
    TabularFormat.XLSX: 20 * MEGABYTE,
    TabularFormat.CSV: 20 * MEGABYTE,
    TabularFormat.PARQUET: 200 * MEGABYTE,
}
# An import through the web reads at most this many data rows (an importer may ask for fewer).
DEFAULT_MAX_ROWS = 50_000
# A batch left "applying" without a live job for this long was killed; it is shown as failed, retryable.
DEFAULT_STALE_SECONDS = 15 * 60


def max_upload_bytes(file_format: TabularFormat | None = None) -> int:
    """The size limit for a format (settings.CHIDAO_IMPORT_MAX_BYTES: {"xlsx": bytes, …}); the largest when None."""
    configured = getattr(settings, "CHIDAO_IMPORT_MAX_BYTES", {})
    limits = {fmt: int(configured.get(str(fmt), default)) for fmt, default in DEFAULT_MAX_BYTES.items()}
    return limits[file_format] if file_format is not None else max(limits.values())


def max_rows() -> int:
    """The most data rows one web import reads."""
    return int(getattr(settings, "CHIDAO_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def stale_after() -> dt.timedelta:
    """How long a batch may stay "applying" without a live job before it counts as failed."""
    return dt.timedelta(seconds=int(getattr(settings, "CHIDAO_IMPORT_STALE_SECONDS", DEFAULT_STALE_SECONDS)))
