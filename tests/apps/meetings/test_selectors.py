"""Who sees a meeting: province-wide roles every meeting; unit roles only the meetings whose conclusions gave
their units a task; the secretariat records them. And the meetings around a date, for the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chidao.apps.meetings.selectors import (
    eligible_people,
    meeting_get_for_secretariat,
    meeting_get_for_user,
    meeting_held_on,
    meeting_list_for_user,
    meeting_tasks_for_user,
    meetings_before,
    meetings_visible_to,
)
from chidao.apps.meetings.services import meeting_create
from tests.apps.meetings.conftest import MEETING_DAY, NOTICE_DAY
from tests.factories.accounts import UserFactory
from tests.factories.programmes import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PROVINCE_WIDE = ("leader", "secretariat", "auditor", "administrator")
UNIT_ROLES = ("unit_head", "unit_officer", "data_officer")


def task_from(meeting, lead, *, coordinating=(), item="1"):
    return make_task(
        lead_unit=lead,
        original_deadline=dt.date(2026, 6, 30),
        coordinating_units=list(coordinating),
        source_document=meeting.conclusion_notice,
        source_item=item,
    )


@pytest.mark.parametrize("role", PROVINCE_WIDE)
def test_province_wide_roles_see_every_meeting(meeting, users_by_role, role):
    assert list(meetings_visible_to(users_by_role[role])) == [meeting]
    assert meeting_get_for_user(users_by_role[role], meeting.pk) == meeting


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_unit_roles_do_not_see_a_meeting_that_gave_their_unit_nothing(
    noticed_meeting, other_commune, users_by_role, role
):
    # given the notice gave a task to another commune only
    task_from(noticed_meeting, other_commune)
    # when / then
    assert not meetings_visible_to(users_by_role[role]).exists()
    with pytest.raises(Http404):
        meeting_get_for_user(users_by_role[role], noticed_meeting.pk)


@pytest.mark.parametrize(
    ("_case", "lead", "coordinating"),
    [("own commune leads", "commune", ()), ("own commune coordinates", "other_commune", ("commune",))],
)
def test_unit_roles_see_the_meeting_whose_conclusions_gave_their_unit_a_task(
    noticed_meeting, commune, other_commune, users_by_role, _case, lead, coordinating
):
    # given
    units = {"commune": commune, "other_commune": other_commune}
    own = task_from(noticed_meeting, units[lead], coordinating=[units[c] for c in coordinating])
    task_from(noticed_meeting, other_commune, item="2")  # not theirs
    officer = users_by_role["unit_officer"]
    # when
    found = meeting_get_for_user(officer, noticed_meeting.pk)
    # then the meeting is there, with only the task they can see
    assert found == noticed_meeting
    assert list(meeting_tasks_for_user(officer, found)) == [own]
    # while the leader sees both
    assert meeting_tasks_for_user(users_by_role["leader"], found).count() == 2


def test_an_account_without_a_role_sees_no_meeting(meeting):
    assert not meetings_visible_to(UserFactory()).exists()


@pytest.mark.parametrize(
    ("role", "outcome"),
    [("secretariat", "ok"), ("leader", "403"), ("auditor", "403"), ("administrator", "403")],
)
def test_only_the_secretariat_records_a_meeting(meeting, users_by_role, role, outcome):
    if outcome == "ok":
        assert meeting_get_for_secretariat(users_by_role[role], meeting.pk) == meeting
    else:
        with pytest.raises(PermissionDenied):
            meeting_get_for_secretariat(users_by_role[role], meeting.pk)


def test_a_unit_role_outside_the_meeting_gets_404_not_403_when_recording(meeting, users_by_role):
    with pytest.raises(Http404):
        meeting_get_for_secretariat(users_by_role["unit_officer"], meeting.pk)


def test_a_missing_or_malformed_id_is_404(users_by_role):
    for value in (987654321, "x"):
        with pytest.raises(Http404):
            meeting_get_for_user(users_by_role["leader"], value)


def test_the_list_counts_the_tasks_each_notice_gave_to_the_user(
    noticed_meeting, commune, other_commune, users_by_role
):
    # given two tasks, one of them the commune's
    task_from(noticed_meeting, commune)
    task_from(noticed_meeting, other_commune, item="2")
    # when / then
    assert [m.task_count for m in meeting_list_for_user(users_by_role["leader"])] == [2]
    assert [m.task_count for m in meeting_list_for_user(users_by_role["unit_officer"])] == [1]
    assert not meeting_list_for_user(users_by_role["leader"], year=2025).exists()


def test_the_previous_meeting_and_the_meeting_of_a_day(meeting, committee, users_by_role):
    # given an earlier meeting in December 2025
    earlier = meeting_create(
        actor=users_by_role["secretariat"], committee=committee, held_on=dt.date(2025, 12, 26)
    )
    # then before the meeting day, the earlier one is the previous meeting
    assert meetings_before(MEETING_DAY).first() == earlier
    assert list(meetings_before(NOTICE_DAY)) == [meeting, earlier]
    assert not meetings_before(dt.date(2025, 12, 26)).exists()
    # and the meeting held on a day is found
    assert meeting_held_on(MEETING_DAY) == meeting
    assert meeting_held_on(NOTICE_DAY) is None
    # and with a user, only what he may see
    assert not meetings_before(NOTICE_DAY, user=users_by_role["unit_officer"]).exists()
    assert meetings_before(NOTICE_DAY, user=users_by_role["leader"], committee=committee).count() == 2


def test_eligible_people_are_the_committee_and_the_province(committee, chair, member, outsider, department):
    from tests.factories.organisation import PersonFactory

    official = PersonFactory(unit=department)
    assert set(eligible_people(committee, MEETING_DAY)) == {chair, member, official}
    assert outsider not in eligible_people()
