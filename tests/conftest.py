"""Shared fixtures: a small Gia Lai organisation and one user per role.

Imports of Django code stay inside the fixtures, so `tests/core` and `tests/engines` run without Django.
"""

from __future__ import annotations

import pytest

# Every table's ids start past this in every test database, so an id shown through number localisation
# ("1.001" in Vietnamese) breaks a test on SQLite as on PostgreSQL, whatever ran before: PostgreSQL sequences
# are not rolled back, so there ids pass 999 only after enough earlier tests, and SQLite reuses rolled-back ids.
FIRST_ID = 1001


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test databases pytest-django creates, with every auto-increment id starting at FIRST_ID."""
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            _start_ids_at(connection, FIRST_ID)


def _start_ids_at(connection, first_id: int) -> None:
    """Move the id counter of every auto-increment table up to `first_id` (a counter already past it stays)."""
    from django.apps import apps
    from django.db.models.fields import AutoFieldMixin

    tables = [
        (model._meta.db_table, model._meta.pk.column)
        for model in apps.get_models(include_auto_created=True)
        if isinstance(model._meta.pk, AutoFieldMixin) and not model._meta.proxy and model._meta.managed
    ]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table, column in tables:
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(sequence, GREATEST(COALESCE(pg_sequence_last_value(sequence), 0), %s - 1))"
                    " FROM (SELECT pg_get_serial_sequence(%s, %s)::regclass AS sequence) AS serial",
                    [first_id, table, column],
                )
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                if row is None:
                    cursor.execute(
                        "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first_id - 1]
                    )
                elif row[0] < first_id - 1:
                    cursor.execute(
                        "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [first_id - 1, table]
                    )


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
