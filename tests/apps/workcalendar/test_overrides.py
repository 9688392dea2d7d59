"""The override table: it changes the calendar the product counts deadlines with, and only administrators edit it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.workcalendar import selectors
from chidao.apps.workcalendar.models import CalendarOverride
from chidao.apps.workcalendar.services import (
    calendar_override_create,
    calendar_override_delete,
    calendar_override_update,
)
from chidao.core.calendar import default_calendar

pytestmark = pytest.mark.django_db

# Friday 13/02/2026, the working day before Tết Bính Ngọ (14–22/02/2026 pinned off).
FRIDAY_BEFORE_TET = dt.date(2026, 2, 13)
THURSDAY_BEFORE_TET = dt.date(2026, 2, 12)
# Wednesday 10/02/2027: a pinned, projected day off of Tết 2027.
PROJECTED_TET_2027 = dt.date(2027, 2, 10)
BASIS = "Thông báo số 15/TB-UBND ngày 20/01/2026 của UBND tỉnh Gia Lai"
FORM = {
    "start": "13/02/2026",
    "end": "13/02/2026",
    "kind": "day_off",
    "name": "Nghỉ thêm trước Tết",
    "legal_basis": BASIS,
    "note": "",
    "confidence": "confirmed",
}


def _day_off(actor, day, **extra):
    fields = {"kind": "day_off", "name": "Nghỉ thêm trước Tết", "legal_basis": BASIS} | extra
    return calendar_override_create(actor=actor, start=day, end=day, **fields)


@pytest.fixture
def admin(users_by_role):
    return users_by_role["administrator"]


def test_an_override_makes_a_pinned_working_day_a_day_off(admin, django_capture_on_commit_callbacks):
    # given Friday 13/02/2026 is a working day in the pinned data: 5 working days after Thursday 12/02 is 26/02
    assert selectors.is_working_day(FRIDAY_BEFORE_TET)
    assert selectors.add_working_days(THURSDAY_BEFORE_TET, 5) == dt.date(2026, 2, 26)
    # when the province gives that Friday off
    with django_capture_on_commit_callbacks(execute=True):
        override = _day_off(admin, FRIDAY_BEFORE_TET)
    # then it is a day off, explained by the override, and the deadline moves to Friday 27/02
    assert not selectors.is_working_day(FRIDAY_BEFORE_TET)
    assert selectors.add_working_days(THURSDAY_BEFORE_TET, 5) == dt.date(2026, 2, 27)
    assert selectors.working_days_between(THURSDAY_BEFORE_TET, dt.date(2026, 2, 27)) == 5
    assert selectors.entry_for(FRIDAY_BEFORE_TET).legal_basis == BASIS
    assert selectors.roll_forward(FRIDAY_BEFORE_TET) == dt.date(2026, 2, 23)
    assert selectors.next_working_day(THURSDAY_BEFORE_TET) == dt.date(2026, 2, 23)
    # and the pinned data itself is untouched
    assert default_calendar().is_working_day(FRIDAY_BEFORE_TET)
    assert override.created_by == admin


def test_a_regular_override_cancels_a_projected_day_off(admin):
    # given a projected day off of Tết 2027 in the pinned data
    assert not selectors.is_working_day(PROJECTED_TET_2027)
    before = selectors.add_working_days(dt.date(2027, 2, 9), 1)
    # when the notice for 2027 does not grant it
    _day_off(admin, PROJECTED_TET_2027, kind="regular", name="Làm việc bình thường theo thông báo Tết 2027")
    # then the Monday–Friday rule applies again, and the next working day after 09/02 is that Wednesday
    assert selectors.is_working_day(PROJECTED_TET_2027)
    assert selectors.add_working_days(dt.date(2027, 2, 9), 1) == PROJECTED_TET_2027
    assert before != PROJECTED_TET_2027


def test_a_make_up_saturday_becomes_a_working_day(admin):
    saturday = dt.date(2026, 3, 14)
    _day_off(admin, saturday, kind="make_up_working_day", name="Làm bù")
    assert selectors.is_working_day(saturday)


def test_the_later_override_wins_and_deleting_it_restores_the_earlier(admin):
    # given a day off, then a later decision that cancels it
    _day_off(admin, FRIDAY_BEFORE_TET)
    later = _day_off(admin, FRIDAY_BEFORE_TET, kind="regular", name="Hủy nghỉ thêm")
    assert selectors.is_working_day(FRIDAY_BEFORE_TET)
    # when the later one is deleted
    calendar_override_delete(actor=admin, override=later)
    # then the earlier one decides again
    assert not selectors.is_working_day(FRIDAY_BEFORE_TET)


def test_the_calendar_is_rebuilt_when_the_table_changes_in_another_process(admin):
    # given the calendar built and cached by this process
    calendar = selectors.working_calendar()
    assert selectors.working_calendar() is calendar
    # when another process adds a row (written here without the service, which would also clear the cache)
    CalendarOverride.objects.create(
        start=FRIDAY_BEFORE_TET, end=FRIDAY_BEFORE_TET, kind="day_off", name="Nghỉ", legal_basis=BASIS
    )
    # then the next call sees it
    assert selectors.working_calendar() is not calendar
    assert not selectors.is_working_day(FRIDAY_BEFORE_TET)


def test_an_update_changes_the_calendar_and_is_audited(admin):
    # given
    override = _day_off(admin, FRIDAY_BEFORE_TET)
    # when the dates are corrected to Thursday
    calendar_override_update(
        actor=admin, override=override, data={"start": THURSDAY_BEFORE_TET, "end": THURSDAY_BEFORE_TET}
    )
    # then
    assert selectors.is_working_day(FRIDAY_BEFORE_TET)
    assert not selectors.is_working_day(THURSDAY_BEFORE_TET)
    event = AuditEvent.objects.get(action="calendar_override.update")
    assert (event.before["start"], event.after["start"]) == ("2026-02-13", "2026-02-12")
    assert AuditEvent.objects.filter(action="calendar_override.create").count() == 1


def test_a_deletion_is_audited_with_what_was_removed(admin):
    override = _day_off(admin, FRIDAY_BEFORE_TET)
    calendar_override_delete(actor=admin, override=override)
    event = AuditEvent.objects.get(action="calendar_override.delete")
    assert (event.before["name"], event.after) == ("Nghỉ thêm trước Tết", None)
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize(
    ("_case", "changes", "field"),
    [
        ("end before start", {"start": dt.date(2026, 2, 13), "end": dt.date(2026, 2, 12)}, "end"),
        ("longer than a month", {"start": dt.date(2026, 1, 1), "end": dt.date(2026, 3, 1)}, "end"),
        ("no legal basis", {"legal_basis": "  "}, "legal_basis"),
        ("unknown kind", {"kind": "holiday"}, "kind"),
    ],
)
def test_invalid_overrides_are_refused(admin, _case, changes, field):
    from django.core.exceptions import ValidationError

    fields = {
        "start": FRIDAY_BEFORE_TET,
        "end": FRIDAY_BEFORE_TET,
        "kind": "day_off",
        "name": "Nghỉ",
        "legal_basis": BASIS,
    } | changes
    with pytest.raises(ValidationError) as raised:
        calendar_override_create(actor=admin, **fields)
    assert field in raised.value.message_dict
    assert not CalendarOverride.objects.exists()


# ---- pages ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "role", "expected"),
    [
        ("administrator", "administrator", 200),
        ("secretariat reads", "secretariat", 200),
        ("leader", "leader", 404),
        ("auditor", "auditor", 404),
        ("unit officer", "unit_officer", 404),
    ],
)
def test_who_sees_the_year_page(client, users_by_role, _case, role, expected):
    client.force_login(users_by_role[role])
    assert client.get(reverse("workcalendar:year"), {"year": 2026}).status_code == expected


def test_the_year_page_lists_pinned_days_and_overrides(client, admin, users_by_role):
    # given an override in 2026
    _day_off(admin, FRIDAY_BEFORE_TET)
    # when the secretariat and an administrator open 2026
    secretariat = client_html(client, users_by_role["secretariat"])
    administrator = client_html(client, admin)
    # then both see the pinned Tết and the override with its basis; only the administrator gets edit links
    for html in (secretariat, administrator):
        assert "Tết Âm lịch Bính Ngọ" in html
        assert "Nghỉ thêm trước Tết" in html
        assert BASIS in html
        assert "Tháng 2/2026" in html
    assert reverse("workcalendar:override-create") in administrator
    assert reverse("workcalendar:override-create") not in secretariat


def client_html(client, user):
    client.force_login(user)
    return client.get(reverse("workcalendar:year"), {"year": 2026}).content.decode()


def test_a_year_without_pinned_data_is_flagged(client, admin):
    client.force_login(admin)
    html = client.get(reverse("workcalendar:year"), {"year": 2030}).content.decode()
    assert "Chưa có đủ lịch nghỉ lễ năm 2030" in html


def test_an_administrator_adds_edits_and_deletes_through_the_pages(client, admin):
    # given
    client.force_login(admin)
    # when an override is added with dates typed dd/mm/yyyy
    created = client.post(reverse("workcalendar:override-create"), FORM)
    override = CalendarOverride.objects.get()
    # then it is stored and the year page opens
    assert (created.status_code, created["Location"]) == (302, f"{reverse('workcalendar:year')}?year=2026")
    assert (override.start, override.kind) == (FRIDAY_BEFORE_TET, "day_off")
    # when it is edited, then deleted after confirmation
    edited = client.post(
        reverse("workcalendar:override-edit", args=[override.pk]), FORM | {"name": "Nghỉ bù"}
    )
    confirm = client.get(reverse("workcalendar:override-delete", args=[override.pk]))
    deleted = client.post(reverse("workcalendar:override-delete", args=[override.pk]))
    # then
    assert edited.status_code == 302
    assert "Nghỉ bù" in confirm.content.decode()
    assert deleted.status_code == 302
    assert not CalendarOverride.objects.exists()
    assert list(
        AuditEvent.objects.filter(action__startswith="calendar_override.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "calendar_override.create",
        "calendar_override.update",
        "calendar_override.delete",
    ]


def test_the_form_reports_an_end_before_the_start(client, admin):
    client.force_login(admin)
    response = client.post(reverse("workcalendar:override-create"), FORM | {"end": "12/02/2026"})
    assert response.status_code == 200
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()
    assert not CalendarOverride.objects.exists()


@pytest.mark.parametrize(
    ("_case", "role", "expected"),
    [("secretariat may read, not change", "secretariat", 403), ("leader does not see it", "leader", 404)],
)
def test_only_administrators_change_an_existing_override(client, admin, users_by_role, _case, role, expected):
    # given an override
    override = _day_off(admin, FRIDAY_BEFORE_TET)
    client.force_login(users_by_role[role])
    # when someone else tries to edit or delete it
    edit = client.post(reverse("workcalendar:override-edit", args=[override.pk]), FORM | {"name": "Đổi"})
    delete = client.post(reverse("workcalendar:override-delete", args=[override.pk]))
    # then it is refused and unchanged
    assert (edit.status_code, delete.status_code) == (expected, expected)
    override.refresh_from_db()
    assert override.name == "Nghỉ thêm trước Tết"


@pytest.mark.parametrize("page", ["year", "create", "edit", "delete"])
def test_pages_contain_no_markup_the_csp_blocks_and_years_are_not_grouped(client, admin, page):
    # given an override and a signed-in administrator
    override = _day_off(admin, FRIDAY_BEFORE_TET)
    client.force_login(admin)
    urls = {
        "year": f"{reverse('workcalendar:year')}?year=2026",
        "create": reverse("workcalendar:override-create"),
        "edit": reverse("workcalendar:override-edit", args=[override.pk]),
        "delete": reverse("workcalendar:override-delete", args=[override.pk]),
    }
    # when
    html = client.get(urls[page]).content.decode()
    # then no inline style, script or event handler, and no year printed as "2.026"
    assert (
        re.findall(
            r"\sstyle\s*=|<style[\s>]|<script(?![^>]*\bsrc=)[^>]*>|\s(?:on[a-z]+|hx-on[:\w-]*)\s*=", html
        )
        == []
    )
    assert "2.026" not in html
