"""Fixtures of the import tests: an administrator, 135 communes, the test importers."""

from __future__ import annotations

import pytest


@pytest.fixture
def admin(users_by_role):
    """The administrator (may import accounts)."""
    return users_by_role["administrator"]


@pytest.fixture
def communes(province):
    """135 communes (the province's count after the 2025 merger), codes X001…X135."""
    from tests.factories.organisation import CommuneUnitFactory

    return [
        CommuneUnitFactory(parent=province, code=f"X{number:03d}", name=f"Xã Thử Nghiệm Số {number}")
        for number in range(1, 136)
    ]


@pytest.fixture
def keep_good_importer():
    """Register the keep-good-rows variant of the accounts importer for the test."""
    from chidao.apps.exchange.registry import replace_importer
    from tests.apps.exchange.helpers import KeepGoodAccountsImporter

    importer = KeepGoodAccountsImporter()
    replace_importer(importer)
    return importer
