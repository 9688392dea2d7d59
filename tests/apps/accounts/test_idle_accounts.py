"""Accounts unused for 45 days are disabled (service and command), each with a reason and an audit row."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from chidao.apps.accounts.models import User
from chidao.apps.accounts.services import users_disable_idle
from chidao.apps.audit.models import AuditEvent
from tests.apps.accounts.conftest import is_signed_in, sign_in
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = dt.date(2026, 4, 15)
LONG_AGO = dt.datetime(2025, 7, 1, 8, 0, tzinfo=HCM)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=HCM)


def _days_before(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


@pytest.fixture
def accounts(db):
    """One account per situation, all created long ago."""
    return {
        "recent_login": UserFactory(
            username="recent", date_joined=LONG_AGO, last_login=_at(_days_before(10))
        ),
        "old_login": UserFactory(username="old", date_joined=LONG_AGO, last_login=_at(_days_before(45), 23)),
        "never_used": UserFactory(username="never", date_joined=LONG_AGO),
        "old_login_recent_activity": UserFactory(
            username="busy",
            date_joined=LONG_AGO,
            last_login=_at(_days_before(90)),
            last_activity_at=_at(_days_before(3)),
        ),
        "new_account": UserFactory(username="new", date_joined=_at(_days_before(44), 0)),
        "demo": UserFactory(username="demo", date_joined=LONG_AGO, is_demo=True),
    }


def test_dry_run_lists_idle_accounts_and_changes_nothing(accounts):
    # given / when
    result = users_disable_idle(as_of=AS_OF, dry_run=True)
    # then
    assert [u.username for u in result.users] == ["never", "old"]
    assert result.last_use_on_or_before == dt.date(2026, 3, 1)
    assert User.objects.filter(is_active=False).count() == 0
    assert not AuditEvent.objects.filter(action="user.disable").exists()


def test_idle_accounts_are_disabled_with_a_reason_and_an_audit_row_each(accounts):
    # given / when
    result = users_disable_idle(as_of=AS_OF)
    # then
    disabled = User.objects.filter(is_active=False).order_by("username")
    assert [u.username for u in disabled] == ["never", "old"]
    assert [u.username for u in result.users] == ["never", "old"]
    assert all("45 ngày" in u.disabled_reason and "15/04/2026" in u.disabled_reason for u in disabled)
    events = AuditEvent.objects.filter(action="user.disable").order_by("object_repr")
    assert [(e.object_type, e.before["is_active"], e.after["is_active"]) for e in events] == [
        ("accounts.user", True, False),
        ("accounts.user", True, False),
    ]


@pytest.mark.parametrize(
    ("_case", "days_unused", "disabled"),
    [
        ("44 days: kept", 44, False),
        ("45 days: disabled", 45, True),
        ("46 days: disabled", 46, True),
    ],
)
def test_the_boundary_is_45_days_counted_in_vietnamese_calendar_days(db, _case, days_unused, disabled):
    # given an account last used late in the evening, Gia Lai time
    UserFactory(username="boundary", date_joined=LONG_AGO, last_login=_at(_days_before(days_unused), 23))
    # when
    result = users_disable_idle(as_of=AS_OF)
    # then
    assert bool(result.users) is disabled
    assert User.objects.get(username="boundary").is_active is not disabled


def test_command_dry_run_prints_the_accounts_and_changes_nothing(accounts):
    # given
    out = StringIO()
    # when
    call_command("disable_idle_accounts", "--as-of", "15/04/2026", "--dry-run", stdout=out)
    # then
    printed = out.getvalue()
    assert "Sẽ vô hiệu hoá 2 tài khoản" in printed
    assert "never" in printed
    assert "old" in printed
    assert "Chạy thử" in printed
    assert User.objects.filter(is_active=False).count() == 0


def test_command_disables_through_the_command_channel_with_an_iso_date(accounts):
    # given / when
    call_command("disable_idle_accounts", "--as-of", "2026-04-15", stdout=StringIO())
    # then
    assert set(User.objects.filter(is_active=False).values_list("username", flat=True)) == {"never", "old"}
    assert set(AuditEvent.objects.filter(action="user.disable").values_list("channel", flat=True)) == {
        "command"
    }


def test_command_refuses_a_malformed_date(db):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("disable_idle_accounts", "--as-of", "15.04.2026", stdout=StringIO())


def test_disabled_account_cannot_sign_in_and_can_be_re_enabled(client, accounts, users_by_role):
    # given an account disabled for idleness
    users_disable_idle(as_of=AS_OF)
    old = User.objects.get(username="old")
    # when its owner tries to sign in
    refused = sign_in(client, "old")
    # then the generic answer points to the administrator
    assert not is_signed_in(client)
    assert "liên hệ quản trị hệ thống" in refused.content.decode()
    # when the administrator re-enables it
    client.force_login(users_by_role["administrator"])
    client.post(reverse("accounts:user-enable", args=[old.pk]))
    # then it is active again, its idle clock restarted, and the change is audited
    old.refresh_from_db()
    assert old.is_active
    assert old.disabled_reason == ""
    assert old.last_activity_at is not None
    assert AuditEvent.objects.filter(action="user.enable", object_id=str(old.pk)).exists()
