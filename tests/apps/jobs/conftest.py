"""Fixtures of the jobs tests: the test-only kinds, an outsider with no role."""

from __future__ import annotations

import pytest

import tests.apps.jobs.kinds  # noqa: F401 — registers the test kinds
from tests.factories.accounts import UserFactory


@pytest.fixture
def outsider(db):
    """A signed-in user with no role at all."""
    return UserFactory(username="outsider")
