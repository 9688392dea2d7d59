"""PersonalDataPolicy and the `personal` template filter: what is shown whole, to whom, and when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from chidao.apps.accounts.access import unit_subtree_path
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.policy import ObjectRef, ShownValue, policy_for
from chidao.apps.privacy.templatetags.personal_data import masked_text, personal
from chidao.core.masking import PersonalFieldKind

PERSONAL_ID = "079085001123"
PHONE = "0912345678"
BIRTH = dt.date(1985, 3, 12)
CITIZEN = ObjectRef("test.citizen", "1")
NEIGHBOUR = ObjectRef("test.citizen", "2")
PURPOSE = {"purpose": "verification", "purpose_note": "Đối chiếu theo đơn đề nghị ngày 05/01/2026"}


@pytest.mark.parametrize(
    ("_case", "value", "kind", "shown"),
    [
        ("raw personal ID", PERSONAL_ID, "personal_id", "079******123"),
        ("raw phone", PHONE, "phone", "091****678"),
        ("raw birth date", BIRTH, "birth_date", "**/**/1985"),
        ("raw birth date as text", "12/03/1985", "birth_date", "**/**/1985"),
        ("nothing", None, "phone", ""),
        ("a value the policy revealed", ShownValue(PHONE, revealed=True), "phone", PHONE),
        ("a value the policy masked", ShownValue("091****678", revealed=False), "phone", "091****678"),
    ],
)
def test_the_personal_filter_masks_everything_the_policy_did_not_reveal(_case, value, kind, shown):
    assert personal(value, kind) == shown


def test_the_personal_filter_escapes_what_it_prints():
    # given a revealed value holding markup (a corrupt import), when rendered, then it is escaped
    template = Template('{% load personal_data %}{{ value|personal:"personal_id" }}')
    rendered = template.render(Context({"value": ShownValue("<b>079</b>", revealed=True)}))
    assert rendered == "&lt;b&gt;079&lt;/b&gt;"


def test_the_masked_text_filter_hides_ids_typed_into_free_text():
    assert masked_text(f"gọi {PHONE} về CCCD {PERSONAL_ID}") == "gọi 091****678 về CCCD 079******123"


@pytest.mark.django_db
def test_a_data_officer_sees_only_what_was_revealed_for_that_record(
    users_by_role, commune, personal_data_settings
):
    # given a data officer's policy for the request
    policy = policy_for(users_by_role["data_officer"])
    before = policy.show(PERSONAL_ID, PersonalFieldKind.PERSONAL_ID, unit=commune, obj_ref=CITIZEN)

    # when the personal ID and phone of one citizen are revealed
    policy.reveal(obj_ref=CITIZEN, unit=commune, field_kinds=["personal_id", "phone"], **PURPOSE)

    # then those fields of that citizen are whole; the birth date and the neighbour stay masked
    assert (before, before.revealed) == ("079******123", False)
    shown = policy.show(PERSONAL_ID, "personal_id", unit=commune, obj_ref=CITIZEN)
    assert (shown, shown.revealed) == (PERSONAL_ID, True)
    assert policy.show(PHONE, "phone", unit_path=unit_subtree_path(commune), obj_ref=CITIZEN) == PHONE
    assert policy.show(BIRTH, "birth_date", unit=commune, obj_ref=CITIZEN) == "**/**/1985"
    assert policy.show(PERSONAL_ID, "personal_id", unit=commune, obj_ref=NEIGHBOUR) == "079******123"
    assert policy.show(PERSONAL_ID, "personal_id", obj_ref=CITIZEN) == "079******123"  # no unit: never whole
    # and a new request starts masked again
    assert policy_for(users_by_role["data_officer"]).show(PHONE, "phone", unit=commune, obj_ref=CITIZEN) == (
        "091****678"
    )
    assert PersonalDataAccess.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "role", "unit_fixture"),
    [
        ("data officer, another commune", "data_officer", "other_commune"),
        ("data officer, the parent province", "data_officer", "province"),
        ("leader, anywhere", "leader", "commune"),
        ("administrator, anywhere", "administrator", "commune"),
        ("unit officer, own commune", "unit_officer", "commune"),
    ],
)
def test_a_reveal_outside_a_data_officers_scope_is_refused_and_not_logged(
    request, users_by_role, personal_data_settings, _case, role, unit_fixture
):
    # given a user and a unit whose personal data they may not see
    unit = request.getfixturevalue(unit_fixture)
    policy = policy_for(users_by_role[role])

    # when they try to reveal, then it is refused, nothing is logged and show() stays masked
    with pytest.raises(PermissionDenied):
        policy.reveal(obj_ref=CITIZEN, unit=unit, field_kinds=["phone"], **PURPOSE)
    assert not PersonalDataAccess.objects.exists()
    assert policy.show(PHONE, "phone", unit=unit, obj_ref=CITIZEN) == "091****678"


@pytest.mark.django_db
def test_an_anonymous_user_gets_a_policy_that_reveals_nothing(commune):
    from django.contrib.auth.models import AnonymousUser

    policy = policy_for(AnonymousUser())

    assert not policy.may_reveal_anything
    assert not policy.may_reveal(unit=commune)
