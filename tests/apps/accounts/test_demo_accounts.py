"""Production refuses demo accounts: the start-up function and the `check --deploy` error."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from chidao.apps.accounts.checks import (
    DEMO_CHECK_ID,
    check_no_demo_accounts,
    refuse_demo_accounts_in_production,
)
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_start_up_is_refused_when_a_demo_account_exists_and_demo_accounts_are_off(settings):
    # given production settings and a leftover demo account
    settings.CHIDAO_DEMO_ACCOUNTS = False
    UserFactory(username="demo.lanh.dao", is_demo=True)
    # when / then
    with pytest.raises(ImproperlyConfigured) as refused:
        refuse_demo_accounts_in_production()
    assert "tài khoản trình diễn" in str(refused.value)
    assert "Demo accounts exist" in str(refused.value)
    assert "demo.lanh.dao" in str(refused.value)


@pytest.mark.parametrize(
    ("_case", "demo_allowed", "has_demo_account"),
    [
        ("production without demo accounts", False, False),
        ("development with demo accounts", True, True),
    ],
)
def test_start_up_proceeds_otherwise(settings, _case, demo_allowed, has_demo_account):
    # given
    settings.CHIDAO_DEMO_ACCOUNTS = demo_allowed
    UserFactory(username="thuong", is_demo=False)
    if has_demo_account:
        UserFactory(username="demo", is_demo=True)
    # when / then (no exception)
    refuse_demo_accounts_in_production()


def test_check_deploy_reports_the_demo_account_as_an_error(settings):
    # given
    settings.CHIDAO_DEMO_ACCOUNTS = False
    UserFactory(username="demo.can.bo", is_demo=True)
    # when
    errors = list(check_no_demo_accounts(None))
    with pytest.raises(SystemCheckError) as failed:
        call_command("check", "--deploy", "--tag", "security", stdout=StringIO(), stderr=StringIO())
    # then
    assert [e.id for e in errors] == [DEMO_CHECK_ID]
    assert "demo.can.bo" in errors[0].hint
    assert DEMO_CHECK_ID in str(failed.value)


def test_check_is_quiet_when_the_accounts_table_does_not_exist_yet(settings, monkeypatch):
    # given a database not migrated yet (the introspection sees no tables)
    settings.CHIDAO_DEMO_ACCOUNTS = False
    from django.db import connection

    monkeypatch.setattr(connection.introspection, "table_names", lambda *args, **kwargs: [])
    # when
    errors = list(check_no_demo_accounts(None))
    # then
    assert errors == []
    refuse_demo_accounts_in_production()
