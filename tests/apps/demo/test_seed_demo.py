"""`manage.py seed_demo`: one demo login per role on the real organisation, only where demo accounts are allowed."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.audit.models import AuditEvent
from chidao.apps.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD
from chidao.apps.organisation.models import Unit
from tests.factories.accounts import UserFactory

PROVINCE_CODE = "52"
QUY_NHON_CODE = "21583"


@pytest.fixture
def organisation(db):
    call_command("load_organisation", stdout=StringIO())


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


# username -> (role, scope unit code, home unit code)
EXPECTED_ACCOUNTS = {
    "chutich": ("leader", PROVINCE_CODE, PROVINCE_CODE),
    "phochutich": ("leader", PROVINCE_CODE, PROVINCE_CODE),
    "thuongtruc": ("secretariat", PROVINCE_CODE, "SKHCN"),
    "giamdoc.skhcn": ("unit_head", "SKHCN", "SKHCN"),
    "canbo.skhcn": ("unit_officer", "SKHCN", "SKHCN"),
    "chutich.quynhon": ("unit_head", QUY_NHON_CODE, QUY_NHON_CODE),
    "canbo.quynhon": ("unit_officer", QUY_NHON_CODE, QUY_NHON_CODE),
    "dulieu.congan": ("data_officer", "CAT", "CAT"),
    "kiemtra": ("auditor", PROVINCE_CODE, PROVINCE_CODE),
    "quantri": ("administrator", PROVINCE_CODE, PROVINCE_CODE),
}


def test_each_role_gets_a_demo_login(organisation):
    # when the demo is seeded
    seed()

    # then every role has an account holding exactly that role over its unit, from its home unit
    users = User.objects.prefetch_related("role_assignments__unit").select_related("unit")
    seeded = {
        u.username: tuple((a.role, a.unit.code, u.unit.code) for a in u.role_assignments.all()) for u in users
    }
    assert seeded == {username: (grant,) for username, grant in EXPECTED_ACCOUNTS.items()}
    # and each is marked as demo, signs in with the documented password and is not forced to change it
    flags = {u.username: (u.is_demo, u.must_change_password, u.check_password(DEMO_PASSWORD)) for u in users}
    assert flags == dict.fromkeys(EXPECTED_ACCOUNTS, (True, False, True))


def test_seed_prints_every_account_and_the_password_once(organisation):
    # when the demo is seeded
    output = seed()

    # then each username is listed, the shared password appears once, and the TOTP duty of admins is said
    for spec in DEMO_ACCOUNTS:
        assert re.search(rf"^\s+{re.escape(spec.username)}\s", output, flags=re.MULTILINE)
    assert output.count(DEMO_PASSWORD) == 1
    assert "TOTP" in output
    assert output.strip().splitlines()[-1] == f"{len(DEMO_ACCOUNTS)} mới / 0 thay đổi / 0 không đổi"


def test_second_seed_changes_nothing(organisation):
    # given the demo seeded once
    seed()
    audit_before = AuditEvent.objects.count()

    # when it is seeded again
    output = seed()

    # then nothing changed and nothing was written to the trail
    assert output.strip().splitlines()[-1] == f"0 mới / 0 thay đổi / {len(DEMO_ACCOUNTS)} không đổi"
    assert AuditEvent.objects.count() == audit_before
    assert User.objects.filter(is_demo=True).count() == len(DEMO_ACCOUNTS)


def test_a_changed_demo_password_is_restored(organisation):
    # given a demo account whose password was changed
    seed()
    user = User.objects.get(username="canbo.skhcn")
    user.set_password("Mat-khau-khac-2026")
    user.save()

    # when the demo is seeded again
    output = seed()

    # then the documented password works again and the account is reported as changed
    user.refresh_from_db()
    assert user.check_password(DEMO_PASSWORD)
    assert output.strip().splitlines()[-1] == f"0 mới / 1 thay đổi / {len(DEMO_ACCOUNTS) - 1} không đổi"


def test_seed_is_refused_where_demo_accounts_are_off(organisation, settings):
    # given an installation without demo accounts
    settings.CHIDAO_DEMO_ACCOUNTS = False

    # when seeding is attempted, then it is refused in Vietnamese and no account is created
    with pytest.raises(CommandError, match="Tài khoản thử bị tắt"):
        seed()
    assert not User.objects.exists()


def test_seed_asks_for_the_organisation_first(db):
    # when the organisation was never loaded, then the message says which command to run
    with pytest.raises(CommandError, match="load_organisation"):
        seed()


def test_seed_never_takes_over_a_real_account(organisation):
    # given a real (non-demo) account already named "kiemtra"
    real = UserFactory(username="kiemtra", full_name="Trần Thị Thật")

    # when seeding is attempted, then it stops and the real account is untouched
    with pytest.raises(CommandError, match="kiemtra"):
        seed()
    real.refresh_from_db()
    assert (real.is_demo, real.full_name, real.role_assignments.count()) == (False, "Trần Thị Thật", 0)


def test_the_demo_chair_sees_135_communes_under_gia_lai(organisation, client):
    # given the demo seeded and the chair signed in
    seed()
    assert client.login(username="chutich", password=DEMO_PASSWORD)
    province = Unit.objects.get(code=PROVINCE_CODE)

    # when the chair opens the province's page
    response = client.get(reverse("organisation:unit-detail", args=[province.pk]))

    # then the page counts 135 communes and links each of them
    assert response.status_code == 200
    assert response.context["commune_count"] == 135
    assert "135 xã, phường" in response.content.decode()
    commune_links = [
        reverse("organisation:unit-detail", args=[pk])
        for pk in Unit.objects.filter(parent=province, area__isnull=False).values_list("pk", flat=True)
    ]
    page = response.content.decode()
    assert sum(f'href="{link}"' in page for link in commune_links) == 135


def test_the_demo_ward_officer_sees_only_their_ward(organisation, client):
    # given the demo seeded and the officer of Phường Quy Nhơn signed in
    seed()
    assert client.login(username="canbo.quynhon", password=DEMO_PASSWORD)
    ward = Unit.objects.get(code=QUY_NHON_CODE)
    other_ward = Unit.objects.get(name="Phường Thống Nhất")

    # when they open their ward and another one
    own = client.get(reverse("organisation:unit-detail", args=[ward.pk]))
    other = client.get(reverse("organisation:unit-detail", args=[other_ward.pk]))

    # then only their own ward exists for them
    assert (own.status_code, other.status_code) == (200, 404)
    assert not user_scope(User.objects.get(username="canbo.quynhon")).all_units
