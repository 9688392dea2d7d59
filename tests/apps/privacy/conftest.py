"""Fixtures of the personal data tests: a configured key, the test-only record pages, registered datasets."""

from __future__ import annotations

import pytest

KEY_MATERIAL = "x9Qz1Jc3bG8rFv0nKs2mTq5wYh7uLp4dEa6iOo3yRt0="
OLD_KEY_MATERIAL = "khoa-cu-truoc-khi-xoay-vong-0123456789abcdefghij"
RETENTION_DAYS = {"population": 30, "dossiers": 365}


@pytest.fixture
def personal_data_settings(settings):
    """A dedicated key and short retention periods, as an operator would set them."""
    settings.CHIDAO_PERSONAL_DATA = {
        "encryption_key": KEY_MATERIAL,
        "previous_encryption_keys": [],
        "retention_days": dict(RETENTION_DAYS),
    }
    return settings.CHIDAO_PERSONAL_DATA


@pytest.fixture
def record_pages(settings, personal_data_settings):
    """Serve the test-only citizen pages (tests/apps/privacy/urls.py) beside the product's URLs."""
    settings.ROOT_URLCONF = "tests.apps.privacy.urls"


@pytest.fixture
def declared_datasets():
    """Let a test declare personal datasets; the registry is restored afterwards."""
    from chidao.apps.privacy.registry import PERSONAL_DATASETS

    saved = dict(PERSONAL_DATASETS)
    PERSONAL_DATASETS.clear()
    yield PERSONAL_DATASETS
    PERSONAL_DATASETS.clear()
    PERSONAL_DATASETS.update(saved)
