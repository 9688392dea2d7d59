"""The daily digest: one e-mail per user per day at the chosen hour, grouping what waited, never sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from chidao.apps.jobs.models import PeriodicRun
from chidao.apps.jobs.registry import periodic_entries
from chidao.apps.jobs.scheduler import scheduler_tick
from chidao.apps.notifications.dispatch import digests_send_due
from chidao.apps.notifications.kinds import register_kind
from chidao.apps.notifications.models import Delivery, DeliveryState, Digest, NotificationPreference
from chidao.apps.notifications.services import notify
from tests.apps.notifications.channels import FLAKY_ERROR
from tests.apps.notifications.conftest import EMAIL_CHANNEL, FLAKY_EMAIL_CHANNEL, local

pytestmark = pytest.mark.django_db

DUE_SOON = "test.task_due_soon"
OVERDUE = "test.task_overdue"
register_kind(DUE_SOON, "Nhiệm vụ sắp đến hạn")
register_kind(OVERDUE, "Nhiệm vụ quá hạn")
EVENING_BEFORE = local(2026, 3, 10, 18, 0)


@pytest.fixture
def digest_reader(officer):
    """The officer, who chose a digest at 07:00."""
    NotificationPreference.objects.create(user=officer, mode="daily_digest", digest_time=dt.time(7, 0))
    return officer


def _notify_at(time_machine, when, recipient, kind, task_id, title):
    time_machine.move_to(when, tick=False)
    return notify(
        recipient=recipient, kind=kind, title=title, link=f"/tasks/{task_id}/", key_parts={"task": task_id}
    )


@pytest.fixture
def three_waiting(time_machine, digest_reader, django_capture_on_commit_callbacks):
    """Three notifications of two kinds produced the evening before, waiting for the digest."""
    with django_capture_on_commit_callbacks(execute=True):
        _notify_at(time_machine, EVENING_BEFORE, digest_reader, DUE_SOON, 1, "Báo cáo quý I sắp đến hạn")
        _notify_at(
            time_machine, EVENING_BEFORE, digest_reader, OVERDUE, 2, "Kế hoạch chuyển đổi số đã quá hạn"
        )
        _notify_at(
            time_machine, EVENING_BEFORE, digest_reader, DUE_SOON, 3, "Số hóa hồ sơ sắp đến hạn 0912345678"
        )


def test_nothing_goes_out_before_the_chosen_hour(three_waiting):
    summary = digests_send_due(now=local(2026, 3, 11, 6, 55))
    assert summary.sent == 0
    assert mail.outbox == []
    assert Digest.objects.count() == 0


def test_one_email_groups_the_waiting_notifications_by_kind(three_waiting, digest_reader):
    # when the digest entry runs at 07:00
    summary = digests_send_due(now=local(2026, 3, 11, 7, 0))
    # then one Vietnamese e-mail lists the three notifications under their kinds, masked
    assert summary.sent == 1
    (email,) = mail.outbox
    assert email.to == [digest_reader.email]
    assert email.subject == "[chidao] Bản tin thông báo ngày 11/03/2026 (3 thông báo)"
    body = email.body
    assert body.index("NHIỆM VỤ SẮP ĐẾN HẠN") < body.index("Báo cáo quý I") < body.index("Số hóa hồ sơ")
    assert body.index("Số hóa hồ sơ") < body.index("NHIỆM VỤ QUÁ HẠN") < body.index("Kế hoạch chuyển đổi số")
    assert "091****678" in body
    assert "0912345678" not in body
    assert "<h3>Nhiệm vụ quá hạn</h3>" in email.alternatives[0][0]
    digest = Digest.objects.get()
    assert (digest.day, digest.state, digest.item_count) == (dt.date(2026, 3, 11), DeliveryState.SENT, 3)
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_the_digest_is_sent_once_a_day_however_often_the_entry_runs(
    three_waiting, digest_reader, time_machine, django_capture_on_commit_callbacks
):
    # given today's digest sent at 07:00
    digests_send_due(now=local(2026, 3, 11, 7, 0))
    # when the entry runs again, and a new notification arrives at 10:00
    digests_send_due(now=local(2026, 3, 11, 7, 5))
    with django_capture_on_commit_callbacks(execute=True):
        _notify_at(time_machine, local(2026, 3, 11, 10, 0), digest_reader, OVERDUE, 4, "Đề án 06 quá hạn")
    later_today = digests_send_due(now=local(2026, 3, 11, 22, 0))
    tomorrow = digests_send_due(now=local(2026, 3, 12, 7, 0))
    # then the new one waits for tomorrow's digest, alone
    assert later_today.sent == 0
    assert tomorrow.sent == 1
    assert [email.subject for email in mail.outbox] == [
        "[chidao] Bản tin thông báo ngày 11/03/2026 (3 thông báo)",
        "[chidao] Bản tin thông báo ngày 12/03/2026 (1 thông báo)",
    ]


def test_a_second_digest_for_the_same_day_cannot_be_created(three_waiting, digest_reader):
    # given a digest row for today already claimed by another scheduler (nothing attached to it yet)
    Digest.objects.create(
        recipient=digest_reader, day=dt.date(2026, 3, 11), key="claimed-elsewhere", state="sent"
    )
    # when this scheduler runs the entry
    summary = digests_send_due(now=local(2026, 3, 11, 7, 0))
    # then it sends nothing
    assert summary.sent == 0
    assert mail.outbox == []


def test_a_later_hour_is_honoured(three_waiting, digest_reader):
    NotificationPreference.objects.filter(user=digest_reader).update(digest_time=dt.time(17, 0))
    assert digests_send_due(now=local(2026, 3, 11, 7, 0)).sent == 0
    assert digests_send_due(now=local(2026, 3, 11, 17, 0)).sent == 1


def test_a_failed_digest_is_retried_and_then_left_for_the_next_day(three_waiting, settings):
    # given a mail server that is down, two attempts allowed
    settings.CHIDAO_NOTIFICATION_CHANNELS = [FLAKY_EMAIL_CHANNEL]
    settings.CHIDAO_NOTIFICATION_MAX_ATTEMPTS = 2
    # when the digest runs, before the back-off is over, and after it
    first = digests_send_due(now=local(2026, 3, 11, 7, 0))
    too_early = digests_send_due(now=local(2026, 3, 11, 7, 3))
    second = digests_send_due(now=local(2026, 3, 11, 7, 5))
    # then today's digest is failed and its notifications wait, unattached, for tomorrow's
    assert (first.retrying, too_early.retrying + too_early.failed, second.failed) == (1, 0, 1)
    today = Digest.objects.get()
    assert (today.state, today.attempts, today.error) == (DeliveryState.FAILED, 2, FLAKY_ERROR)
    assert list(Delivery.objects.values_list("state", "digest")) == [(DeliveryState.PENDING, None)] * 3
    # when the server is back the next morning
    settings.CHIDAO_NOTIFICATION_CHANNELS = [EMAIL_CHANNEL]
    tomorrow = digests_send_due(now=local(2026, 3, 12, 7, 0))
    # then the three notifications go out in tomorrow's digest
    assert tomorrow.sent == 1
    assert mail.outbox[0].subject == "[chidao] Bản tin thông báo ngày 12/03/2026 (3 thông báo)"


def test_email_turned_off_before_the_digest_sends_nothing(three_waiting, digest_reader):
    NotificationPreference.objects.filter(user=digest_reader).update(email_enabled=False)
    digests_send_due(now=local(2026, 3, 11, 7, 0))
    assert mail.outbox == []
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.FAILED}


def test_the_scheduler_runs_the_registered_digest_entry(three_waiting):
    # given the entries registered by the notifications app
    entries = [e for e in periodic_entries() if e.name.startswith("notifications.")]
    assert {e.name for e in entries} == {"notifications.send_digests", "notifications.retry_deliveries"}
    # when the scheduler ticks at 07:02, then again a minute later
    scheduler_tick(now=local(2026, 3, 11, 7, 2), claimed_by="test", entries=entries)
    scheduler_tick(now=local(2026, 3, 11, 7, 3), claimed_by="test", entries=entries)
    # then the digest went out once, and the run says so
    assert len(mail.outbox) == 1
    run = PeriodicRun.objects.get(entry="notifications.send_digests")
    assert run.message.startswith("Bản tin hằng ngày: đã gửi 1")
