"""Notification pages and API: one's own only (404 for anyone else's), mark read, the bell, preferences."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.notifications.models import Notification, NotificationPreference
from chidao.apps.notifications.services import notify

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TITLE = "Nhiệm vụ “Số hóa hồ sơ” sắp đến hạn"
OTHER_TITLE = "Thông báo riêng của lãnh đạo"


@pytest.fixture
def own(officer):
    """An unread notification of the commune officer."""
    return notify(
        recipient=officer, kind="task.due_soon", title=TITLE, link="/tasks/12/", key_parts={"task": 12}
    )


@pytest.fixture
def others(users_by_role):
    """An unread notification of the leader, which nobody else may see."""
    return notify(
        recipient=users_by_role["leader"], kind="task.overdue", title=OTHER_TITLE, key_parts={"task": 1}
    )


@pytest.mark.parametrize("viewer", ["unit_officer", "administrator", "auditor", "secretariat"])
def test_another_users_notification_is_not_found_on_the_web_and_the_api(
    client, users_by_role, others, viewer
):
    # given a signed-in user who is not the recipient, whatever their role
    client.force_login(users_by_role[viewer])
    # when they try to mark it read, or look for it in their lists
    web = client.post(reverse("notifications:mark-read", args=[others.pk]))
    api = client.post(f"/api/v1/notifications/{others.pk}/read")
    page = client.get(reverse("notifications:list"))
    listed = client.get("/api/v1/notifications/").json()
    # then it does not exist for them, and stays unread
    assert (web.status_code, api.status_code) == (404, 404)
    assert api.json()["code"] == "not_found"
    assert OTHER_TITLE not in page.content.decode()
    assert listed == []
    others.refresh_from_db()
    assert others.read_at is None


def test_the_list_shows_ones_own_notifications(client, officer, own, others):
    client.force_login(officer)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Nhiệm vụ “Số hóa hồ sơ” sắp đến hạn" in html
    assert OTHER_TITLE not in html


def test_the_bell_counts_unread_notifications(client, officer, own):
    # given one unread notification
    client.force_login(officer)
    # when the header (through the tag) and the htmx fragment are drawn
    fragment = client.get(reverse("notifications:badge"), **HTMX).content.decode()
    home = client.get(reverse("web:home")).content.decode()
    # then both show the count and link to the list
    for html in (fragment, home):
        assert 'id="notification-bell"' in html
        assert 'data-unread="1"' in html
        assert f'href="{reverse("notifications:list")}"' in html


def test_marking_read_with_htmx_redraws_the_row_and_the_bell(client, officer, own):
    # given
    client.force_login(officer)
    # when
    response = client.post(reverse("notifications:mark-read", args=[own.pk]), **HTMX)
    # then the row comes back without its "new" mark, with the bell (no count left) swapped out of band
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert f'id="notification-{own.pk}"' in html
    assert 'class="notification unread"' not in html
    assert (
        'id="notification-bell" class="notification-bell" href="/notifications/" hx-swap-oob="true"' in html
    )
    assert "data-unread" not in html
    own.refresh_from_db()
    assert own.read_at is not None
    assert 'data-unread="' not in client.get(reverse("notifications:badge")).content.decode()


@pytest.mark.parametrize(
    ("_case", "next_url", "expected"),
    [
        ("its own link", "/tasks/12/", "/tasks/12/"),
        ("another site", "https://example.com/", "/notifications/"),
    ],
)
def test_opening_a_notification_marks_it_read_and_follows_only_local_links(
    client, officer, own, _case, next_url, expected
):
    client.force_login(officer)
    response = client.post(reverse("notifications:mark-read", args=[own.pk]), {"next": next_url})
    assert (response.status_code, response["Location"]) == (302, expected)


def test_mark_all_read_touches_only_ones_own(client, officer, own, others):
    # given a second unread notification of the officer
    notify(recipient=officer, kind="task.overdue", title="Quá hạn", key_parts={"task": 13})
    client.force_login(officer)
    # when
    client.post(reverse("notifications:mark-all-read"))
    # then the officer's are read, the leader's is not
    assert not Notification.objects.filter(recipient=officer, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_the_api_lists_marks_and_counts(client, officer, own):
    # given
    client.force_login(officer)
    # when
    listed = client.get("/api/v1/notifications/").json()
    before = client.get("/api/v1/notifications/unread-count").json()
    marked = client.post(f"/api/v1/notifications/{own.pk}/read")
    after = client.get("/api/v1/notifications/unread-count").json()
    # then
    assert [(n["id"], n["title"], n["read_at"]) for n in listed] == [(own.pk, TITLE, None)]
    assert (before, after) == ({"unread": 1}, {"unread": 0})
    assert marked.status_code == 200
    assert marked.json()["read_at"] is not None


def test_the_api_marks_all_read(client, officer, own):
    client.force_login(officer)
    response = client.post("/api/v1/notifications/read-all")
    assert response.json() == {"marked": 1}
    assert client.get("/api/v1/notifications/?unread=true").json() == []


def test_preferences_are_saved_and_audited(client, officer):
    # given the defaults
    client.force_login(officer)
    page = client.get(reverse("notifications:preferences"))
    assert page.context["form"].initial == {
        "mode": "immediate",
        "digest_time": "07:00",
        "email_enabled": True,
    }
    # when the officer chooses a digest at 17:00
    response = client.post(
        reverse("notifications:preferences"),
        {"mode": "daily_digest", "digest_time": "17:00", "email_enabled": "on"},
    )
    # then
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=officer)
    assert (preference.mode, preference.digest_time, preference.email_enabled) == (
        "daily_digest",
        dt.time(17, 0),
        True,
    )
    event = AuditEvent.objects.get(action="notification_preference.update")
    assert event.actor == officer
    assert event.after["mode"] == "daily_digest"


def test_an_unchanged_preference_writes_no_audit_row(client, officer):
    client.force_login(officer)
    client.post(
        reverse("notifications:preferences"),
        {"mode": "immediate", "digest_time": "07:00", "email_enabled": "on"},
    )
    assert not AuditEvent.objects.filter(action="notification_preference.update").exists()


def test_an_hour_outside_the_list_is_refused(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("notifications:preferences"),
        {"mode": "daily_digest", "digest_time": "03:00", "email_enabled": "on"},
    )
    assert response.status_code == 200
    assert not NotificationPreference.objects.exists()


@pytest.mark.parametrize(
    "url_name", ["notifications:list", "notifications:preferences", "notifications:badge"]
)
def test_pages_contain_no_markup_the_csp_blocks(client, officer, own, url_name):
    # given a signed-in user with a notification
    client.force_login(officer)
    # when
    html = client.get(reverse(url_name)).content.decode()
    # then no inline style, script or event handler (CSP script-src/style-src 'self')
    assert (
        re.findall(
            r"\sstyle\s*=|<style[\s>]|<script(?![^>]*\bsrc=)[^>]*>|\s(?:on[a-z]+|hx-on[:\w-]*)\s*=", html
        )
        == []
    )
