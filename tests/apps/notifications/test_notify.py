"""notify(): one notification per idempotency key, e-mail at once or in the digest, channels behind one interface."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from chidao.apps.audit.models import AuditEvent
from chidao.apps.notifications.channels import Channel, configured_channels
from chidao.apps.notifications.dispatch import deliveries_retry_due, delivery_send
from chidao.apps.notifications.models import Delivery, DeliveryState, Notification, NotificationPreference
from chidao.apps.notifications.services import notify
from chidao.core.notifications import idempotency_key
from tests.apps.notifications.channels import FLAKY_ERROR, RecordingChannel
from tests.apps.notifications.conftest import EMAIL_CHANNEL, FLAKY_CHANNEL, RECORDING_CHANNEL, local

pytestmark = pytest.mark.django_db

KIND = "task.due_soon"
TITLE = "Nhiệm vụ “Số hóa hồ sơ” sắp đến hạn"
BODY = "Hạn hoàn thành: 12/03/2026. Đầu mối: 0912345678, CCCD 079123456789."
LINK = "/tasks/12/"
PARTS = {"task_id": 12, "offset_days": 3, "deadline": "2026-03-12"}


def _notify(recipient, **overrides):
    arguments = {
        "recipient": recipient,
        "kind": KIND,
        "title": TITLE,
        "body": BODY,
        "link": LINK,
        "key_parts": PARTS,
    }
    return notify(**(arguments | overrides))


def test_the_same_key_twice_gives_one_notification_and_one_email(officer, django_capture_on_commit_callbacks):
    # given a first notification, delivered
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(officer)
    # when the same reminder is produced again (a re-run of the nightly job), even with other wording
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = _notify(officer, title="Nhắc lại: " + TITLE)
    # then nothing new is stored or sent
    assert second.pk == first.pk
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 1
    assert len(mail.outbox) == 1
    assert callbacks == []
    assert first.idempotency_key == idempotency_key(KIND, officer.pk, **PARTS)


def test_a_new_deadline_version_is_a_new_notification(officer, django_capture_on_commit_callbacks):
    # given a reminder for the first deadline
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # when the deadline is moved and the reminder is produced for the new version
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer, key_parts=PARTS | {"deadline": "2026-03-20"})
    # then there are two notifications and two e-mails
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2


def test_the_email_goes_out_only_after_commit(officer, django_capture_on_commit_callbacks):
    # given / when a notification is created inside a transaction that has not committed yet
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(officer)
        # then nothing is sent while the transaction is open
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert Delivery.objects.get().state == DeliveryState.PENDING


def test_the_email_is_in_vietnamese_with_personal_data_masked(officer, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # then the e-mail has a Vietnamese subject, plain text and HTML, and no ID or phone number in clear
    email = mail.outbox[0]
    html, mimetype = email.alternatives[0]
    assert email.to == [officer.email]
    assert email.subject == f"[chidao] {TITLE}"
    assert mimetype == "text/html"
    assert f"Kính gửi {officer}" in email.body
    assert "Hạn hoàn thành: 12/03/2026. Đầu mối: 091****678, CCCD 079******789." in email.body
    assert "Xem chi tiết: https://chidao.gialai.gov.vn/tasks/12/" in email.body
    assert 'href="https://chidao.gialai.gov.vn/tasks/12/"' in html
    for text in (email.body, html):
        assert "0912345678" not in text
        assert "079123456789" not in text
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.sent_at is not None) == (DeliveryState.SENT, 1, True)


def test_the_in_app_notification_keeps_the_text_as_given(officer):
    # the recipient reads their own notification in the application; masking is for what leaves it
    notification = _notify(officer)
    assert notification.body == BODY
    assert (notification.title, notification.link, notification.kind) == (TITLE, LINK, KIND)


def test_a_double_call_from_two_threads_stores_and_sends_once(officer, transactional_db):
    # given two workers producing the same reminder at the same moment (threads with their own connections)
    if connection.vendor == "sqlite":
        pytest.skip("SQLite in memory locks the whole table for a writer; CI runs this on PostgreSQL")
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(_notify(officer).pk)
        except BaseException as exc:  # reported below: a thread's exception would otherwise be lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then both got the same notification and one e-mail went out
    assert errors == []
    assert len(results) == 2
    assert len(set(results)) == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_insert_that_loses_the_race_returns_the_winner(officer):
    # given a notification already inserted by another process under the same key (no delivery of ours)
    key = idempotency_key(KIND, officer.pk, **PARTS)
    winner = Notification.objects.create(recipient=officer, kind=KIND, title=TITLE, idempotency_key=key)
    # when this process's notify() inserts and hits the unique key
    result = _notify(officer)
    # then it returns the winner and creates no delivery of its own
    assert result.pk == winner.pk
    assert Delivery.objects.count() == 0


def test_creating_a_notification_writes_no_audit_row(officer):
    # a system effect counted in thousands a day: the Notification row is its own record
    _notify(officer)
    assert not AuditEvent.objects.filter(action="notification.create").exists()


def test_digest_mode_sends_nothing_at_once(officer, django_capture_on_commit_callbacks):
    # given a user who chose the daily digest
    NotificationPreference.objects.create(user=officer, mode="daily_digest")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # then the e-mail waits for the digest
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.via_digest) == (DeliveryState.PENDING, True)
    assert mail.outbox == []


def test_email_turned_off_means_in_app_only(officer, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=officer, email_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_a_user_without_an_email_address_fails_without_retries(officer, django_capture_on_commit_callbacks):
    # given
    officer.email = ""
    officer.save(update_fields=["email"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # then the delivery fails at once: retrying cannot invent an address
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.error) == (DeliveryState.FAILED, "Tài khoản chưa có địa chỉ thư điện tử")


def test_a_channel_registered_in_settings_receives_the_messages(
    officer, settings, recorded, django_capture_on_commit_callbacks
):
    # given the test double registered beside e-mail, as SMS or Zalo OA would be
    settings.CHIDAO_NOTIFICATION_CHANNELS = [EMAIL_CHANNEL, RECORDING_CHANNEL]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(officer)
    # then it implements the interface and got the same masked message as the e-mail
    assert isinstance(configured_channels()["recording"], Channel)
    assert isinstance(RecordingChannel(), Channel)
    assert [m.key for m in recorded] == [notification.idempotency_key]
    message = recorded[0]
    assert (message.recipient.user_id, message.recipient.email) == (officer.pk, officer.email)
    assert message.items[0].body == "Hạn hoàn thành: 12/03/2026. Đầu mối: 091****678, CCCD 079******789."
    assert sorted(Delivery.objects.values_list("channel", "state")) == [
        ("email", DeliveryState.SENT),
        ("recording", DeliveryState.SENT),
    ]
    assert len(mail.outbox) == 1


def test_a_failing_channel_is_retried_with_back_off_then_given_up(
    officer, settings, time_machine, django_capture_on_commit_callbacks
):
    # given a channel that always fails, at most 3 attempts
    settings.CHIDAO_NOTIFICATION_CHANNELS = [FLAKY_CHANNEL]
    settings.CHIDAO_NOTIFICATION_MAX_ATTEMPTS = 3
    start = local(2026, 3, 11, 8, 0)
    time_machine.move_to(start, tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.error) == (DeliveryState.PENDING, 1, FLAKY_ERROR)
    # when the retry entry runs before the back-off is over, then at 5 and 10 more minutes
    early = deliveries_retry_due(now=local(2026, 3, 11, 8, 4))
    second = deliveries_retry_due(now=local(2026, 3, 11, 8, 5))
    third = deliveries_retry_due(now=local(2026, 3, 11, 8, 15))
    later = deliveries_retry_due(now=local(2026, 3, 12, 8, 0))
    # then it is tried twice more and then marked failed for good
    assert (early.retrying, second.retrying, third.failed, later.failed) == (0, 1, 1, 0)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)


def test_a_send_left_half_done_is_marked_failed_and_never_resent(officer, django_capture_on_commit_callbacks):
    # given a delivery claimed by a process that died while sending (state "sending", long ago)
    with django_capture_on_commit_callbacks(execute=False):
        _notify(officer)
    Delivery.objects.update(state=DeliveryState.SENDING, attempts=1, last_attempt_at=local(2026, 3, 11, 8, 0))
    # when the retry entry runs an hour later, and a late task for the same delivery arrives
    summary = deliveries_retry_due(now=local(2026, 3, 11, 9, 0))
    outcome = delivery_send(Delivery.objects.get().pk)
    # then it is failed with the reason, and nothing is sent
    assert summary.lost == 1
    assert outcome == "not-claimed"
    assert Delivery.objects.get().state == DeliveryState.FAILED
    assert mail.outbox == []


def test_a_delivery_is_sent_once_even_if_its_task_runs_twice(officer, django_capture_on_commit_callbacks):
    # given a delivery already sent by the queued task
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # when the same task runs again (a duplicate in the queue) and the retry entry runs
    again = delivery_send(Delivery.objects.get().pk)
    deliveries_retry_due(now=local(2030, 1, 1, 0, 0))
    # then no second e-mail
    assert again == "not-claimed"
    assert len(mail.outbox) == 1


def test_a_notification_needs_a_title(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _notify(officer, title="  ")


def test_a_disabled_account_gets_the_notice_but_no_email(officer, django_capture_on_commit_callbacks):
    # given an account disabled after 45 idle days
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _notify(officer)
    # then the notice waits in the application, and no e-mail goes out
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Delivery.objects.count() == 0
    assert mail.outbox == []
