"""Factories for accounts: users with dated (role, scope) assignments."""

from __future__ import annotations

import factory

from chidao.apps.accounts.models import RoleAssignment, User
from tests.factories.organisation import EPOCH, UnitFactory

DEFAULT_PASSWORD = "Mat-khau-thu-nghiem-2026"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Trần Thị {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@gialai.gov.vn")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RoleAssignmentFactory(factory.django.DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "unit_officer"
    unit = factory.SubFactory(UnitFactory)
    valid_from = EPOCH


def user_with_role(role: str, unit, **user_fields) -> User:
    """A user holding `role` over `unit`'s subtree since the epoch."""
    user = UserFactory(unit=unit, **user_fields)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user
