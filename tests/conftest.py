"""Shared fixtures: a small Gia Lai organisation and one user per role.

Imports of Django code stay inside the fixtures, so `tests/core` and `tests/engines` run without Django.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def province(db):
    from tests.factories.organisation import ProvinceUnitFactory

    return ProvinceUnitFactory(code="52")


@pytest.fixture
def department(province):
    from tests.factories.organisation import UnitFactory

    return UnitFactory(parent=province, name="Sở Khoa học và Công nghệ", code="SKHCN")


@pytest.fixture
def commune(province):
    from tests.factories.organisation import CommuneUnitFactory

    return CommuneUnitFactory(parent=province, name="Xã An Nhơn", code="XA1")


@pytest.fixture
def other_commune(province):
    from tests.factories.organisation import CommuneUnitFactory

    return CommuneUnitFactory(parent=province, name="Phường Quy Nhơn", code="XA2")


@pytest.fixture
def users_by_role(province, commune):
    """One user per role: province-wide roles on the province, unit roles on `commune`."""
    from tests.factories.accounts import user_with_role

    province_roles = ("leader", "secretariat", "auditor", "administrator")
    unit_roles = ("unit_head", "unit_officer", "data_officer")
    users = {role: user_with_role(role, province, username=role) for role in province_roles}
    users.update({role: user_with_role(role, commune, username=role) for role in unit_roles})
    return users
