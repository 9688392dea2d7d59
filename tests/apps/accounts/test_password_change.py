"""Forced password change: every page redirects to the change page, the API answers 403, until it is changed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.accounts.services import user_create
from chidao.apps.audit.models import AuditEvent
from tests.apps.accounts.conftest import sign_in
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cay-ca-phe-Gia-Lai-2026"


@pytest.fixture
def forced_user(users_by_role):
    officer = users_by_role["unit_officer"]
    officer.must_change_password = True
    officer.save(update_fields=["must_change_password"])
    return officer


def test_every_page_redirects_to_the_change_page_while_a_change_is_forced(client, forced_user, commune):
    # given
    client.force_login(forced_user)
    # when
    home = client.get(reverse("web:home"))
    unit_page = client.get(reverse("organisation:unit-detail", args=[commune.pk]))
    change_page = client.get(reverse("accounts:password-change"))
    # then
    assert home.status_code == 302
    assert home["Location"] == reverse("accounts:password-change")
    assert unit_page["Location"] == reverse("accounts:password-change")
    assert change_page.status_code == 200
    assert "mật khẩu tạm thời" in change_page.content.decode()


def test_api_answers_403_password_change_required(client, forced_user, commune):
    # given
    client.force_login(forced_user)
    # when
    response = client.get(f"/api/v1/organisation/units/{commune.pk}")
    # then
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert response.json()["extra"]["password_change_url"] == reverse("accounts:password-change")


def test_changing_the_password_lifts_the_redirect_and_is_audited(client, forced_user):
    # given
    client.force_login(forced_user)
    # when
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then the session survives the change and pages open again
    forced_user.refresh_from_db()
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:home")).status_code == 200
    assert not forced_user.must_change_password
    assert forced_user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="user.password_change")
    assert event.after["via"] == "form"
    assert NEW_PASSWORD not in str(event.after)


def test_the_same_password_is_not_accepted_as_a_change(client, forced_user):
    # given
    client.force_login(forced_user)
    # when
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": DEFAULT_PASSWORD,
            "new_password1": DEFAULT_PASSWORD,
            "new_password2": DEFAULT_PASSWORD,
        },
    )
    # then
    forced_user.refresh_from_db()
    assert response.status_code == 200
    assert "phải khác mật khẩu hiện tại" in response.content.decode()
    assert forced_user.must_change_password


def test_created_user_gets_a_temporary_password_to_change_at_first_login(client, users_by_role, commune):
    # given an account created by an administrator (as the bulk import will)
    admin = users_by_role["administrator"]
    created = user_create(
        actor=admin,
        username="nguyen.van.an",
        full_name="Nguyễn Văn An",
        email="an@gialai.gov.vn",
        unit=commune,
        role="unit_officer",
    )
    # when the new user signs in with the temporary password
    signed_in = sign_in(client, "nguyen.van.an", created.temporary_password)
    first_page = client.get(signed_in["Location"])
    # then they land on the password change page
    user, temporary_password = created
    assert user.must_change_password
    assert first_page["Location"] == reverse("accounts:password-change")
    assert RoleAssignment.objects.get(user=user).role == "unit_officer"
    event = AuditEvent.objects.get(action="user.create")
    assert (event.actor, event.after["role"], event.after["username"]) == (
        admin,
        "unit_officer",
        "nguyen.van.an",
    )
    assert temporary_password not in str(event.after)


def test_user_create_refuses_a_taken_username_whatever_its_case(users_by_role, commune):
    # given
    existing = users_by_role["unit_officer"]
    # when / then
    with pytest.raises(ValidationError) as error:
        user_create(
            actor=users_by_role["administrator"],
            username=existing.username.upper(),
            full_name="Người trùng tên",
            email="",
            unit=commune,
            role="unit_officer",
        )
    assert "username" in error.value.message_dict
    assert User.objects.filter(username__iexact=existing.username).count() == 1
