"""Sending: hand deliveries and daily digests to the channels, outside any transaction, at most once each.

Not a service module, like `jobs.runner`: it talks to mail servers, which must not happen while a transaction
holds locks, and its writes are the bookkeeping of one send (claim, outcome), not a change a person made; the
creation of what is sent (`services.notify`) is the declared writing service.

At most once: a send starts by a conditional update `pending → sending`; only the process whose update changed
the row sends, so two workers, the retry entry and a re-run never send one delivery twice. A process that dies
mid-send leaves the row `sending`; once the lease is over it is marked failed ("outcome unknown") rather than
sent again, because the message may already have left.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django_tasks import task

from chidao.apps.notifications.channels import UnknownChannel, channel_named
from chidao.apps.notifications.conf import max_attempts, sending_lease_seconds
from chidao.apps.notifications.kinds import kind_labels
from chidao.apps.notifications.models import Delivery, DeliveryState, Digest
from chidao.apps.notifications.selectors import (
    digest_waiting_recipients,
    last_digest_days,
    message_item_of,
    preference_for,
    preferences_by_user,
    recipient_of,
)
from chidao.core.masking import mask_personal_data_in_text
from chidao.core.notifications import (
    DIGEST_CHANNEL,
    DeliveryResult,
    OutgoingMessage,
    compose_digest,
    compose_immediate,
    digest_day_due,
    digest_key,
    group_for_digest,
    retry_due_at,
)

logger = logging.getLogger("chidao.notifications")

OUTCOME_UNKNOWN = "Tiến trình gửi bị dừng giữa chừng; không rõ thư đã đi hay chưa nên không gửi lại"
EMAIL_TURNED_OFF = "Người dùng đã tắt nhận thông báo qua thư điện tử"
NOTHING_LEFT = "Không còn thông báo nào để gửi"


@task()
def deliver_task(delivery_id: int) -> str:
    """The entry point the worker runs for one delivery (queued when the notifying transaction commits)."""
    return delivery_send(delivery_id)


def enqueue_on_commit(delivery_ids: Sequence[int]) -> None:
    """Queue the deliveries once the transaction that created them commits; if the queue cannot take them,
    send them in this process instead (late is better than never; the claim still prevents a double send)."""
    ids = list(delivery_ids)
    if not ids:
        return

    def enqueue() -> None:
        for delivery_id in ids:
            try:
                deliver_task.enqueue(delivery_id)
            except Exception:
                logger.exception("Could not queue notification delivery %s; sending it now", delivery_id)
                delivery_send(delivery_id)

    transaction.on_commit(enqueue)


def _claim(rows: QuerySet[Delivery] | QuerySet[Digest], now: dt.datetime) -> int | None:
    """Move one pending row to `sending`; the attempt number it starts, or None when someone else has it."""
    current = rows.filter(state=DeliveryState.PENDING).values_list("attempts", flat=True).first()
    if current is None:
        return None
    claimed = rows.filter(state=DeliveryState.PENDING, attempts=current).update(
        state=DeliveryState.SENDING, attempts=F("attempts") + 1, last_attempt_at=now
    )
    return current + 1 if claimed else None


def _deliver(channel_name: str, message: OutgoingMessage) -> DeliveryResult:
    try:
        return channel_named(channel_name).deliver(message)
    except UnknownChannel as exc:
        return DeliveryResult.failed(str(exc), retryable=False)
    except Exception as exc:
        logger.exception("Channel %s failed for message %s", channel_name, message.key)
        return DeliveryResult.failed(f"{type(exc).__name__}: {exc}")


def _outcome_state(result: DeliveryResult, attempt: int) -> str:
    if result.delivered:
        return DeliveryState.SENT
    if result.retryable and attempt < max_attempts():
        return DeliveryState.PENDING
    return DeliveryState.FAILED


def _error_text(result: DeliveryResult) -> str:
    return mask_personal_data_in_text(result.error)[:500]


def delivery_send(delivery_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one immediate delivery if it is pending and this process claims it; returns its new state."""
    now = now or timezone.now()
    rows = Delivery.objects.filter(pk=delivery_id, via_digest=False)
    attempt = _claim(rows, now)
    if attempt is None:
        return "not-claimed"
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    notification = delivery.notification
    message = compose_immediate(
        recipient_of(notification.recipient), message_item_of(notification), key=notification.idempotency_key
    )
    result = _deliver(delivery.channel, message)
    state = _outcome_state(result, attempt)
    rows.filter(state=DeliveryState.SENDING).update(
        state=state,
        sent_at=timezone.now() if result.delivered else None,
        error=_error_text(result),
    )
    return str(state)


@dataclass(frozen=True)
class DispatchSummary:
    """What one run of a periodic entry did, for the scheduler's log line."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost: int = 0

    def add(self, state: str) -> DispatchSummary:
        """The summary with one more outcome counted."""
        return DispatchSummary(
            sent=self.sent + (state == DeliveryState.SENT),
            retrying=self.retrying + (state == DeliveryState.PENDING),
            failed=self.failed + (state == DeliveryState.FAILED),
            lost=self.lost,
        )

    def text(self, what: str) -> str:
        """A Vietnamese summary line."""
        return (
            f"{what}: đã gửi {self.sent}, sẽ thử lại {self.retrying}, không gửi được {self.failed}, "
            f"mất dấu {self.lost}"
        )


def _mark_lost_sends(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(seconds=sending_lease_seconds())
    lost = Delivery.objects.filter(state=DeliveryState.SENDING, last_attempt_at__lt=cutoff).update(
        state=DeliveryState.FAILED, error=OUTCOME_UNKNOWN
    )
    lost += Digest.objects.filter(state=DeliveryState.SENDING, last_attempt_at__lt=cutoff).update(
        state=DeliveryState.FAILED, error=OUTCOME_UNKNOWN
    )
    return lost


def deliveries_retry_due(*, now: dt.datetime) -> DispatchSummary:
    """Send the immediate deliveries whose retry is due (and those whose queued task never ran), and mark
    failed the sends a dead process left behind."""
    summary = DispatchSummary(lost=_mark_lost_sends(now))
    waiting = Delivery.objects.filter(state=DeliveryState.PENDING, via_digest=False).values_list(
        "pk", "attempts", "last_attempt_at", "created_at"
    )
    for delivery_id, attempts, last_attempt_at, created_at in waiting:
        # A delivery never tried waits as long as a first retry: the worker may simply be busy.
        due = retry_due_at(attempts=max(1, attempts), last_attempt_at=last_attempt_at or created_at)
        if due <= now:
            summary = summary.add(delivery_send(delivery_id, now=now))
    return summary


def _digest_claim_day(recipient_id: int, day: dt.date, now: dt.datetime) -> Digest | None:
    """Create the (user, day) digest and attach the user's waiting deliveries; None if it already exists."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = Digest.objects.create(
                    recipient_id=recipient_id, day=day, key=digest_key(recipient_id, day)
                )
        except IntegrityError:
            return None
        attached = Delivery.objects.filter(
            state=DeliveryState.PENDING,
            via_digest=True,
            digest__isnull=True,
            notification__recipient_id=recipient_id,
            notification__created_at__lte=now,
        ).update(digest=digest)
        Digest.objects.filter(pk=digest.pk).update(item_count=attached)
    return digest


def digest_send(digest_id: int, *, now: dt.datetime | None = None) -> str:
    """Send one claimed digest e-mail grouping its deliveries; returns its new state.

    Sent: its deliveries are sent. A retryable failure waits for the next try. A final failure marks the
    digest failed and hands its deliveries to the next day's digest, except when e-mail cannot reach the
    person at all (no address, e-mail turned off): then they fail with it.
    """
    now = now or timezone.now()
    rows = Digest.objects.filter(pk=digest_id)
    attempt = _claim(rows, now)
    if attempt is None:
        return "not-claimed"
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    deliveries = Delivery.objects.filter(digest=digest, state=DeliveryState.PENDING)
    notifications = [d.notification for d in deliveries.select_related("notification")]
    if not preference_for(digest.recipient).email_enabled:
        result = DeliveryResult.failed(EMAIL_TURNED_OFF, retryable=False)
    elif not notifications:
        result = DeliveryResult.failed(NOTHING_LEFT, retryable=False)
    else:
        grouped = group_for_digest(
            [message_item_of(n) for n in notifications],
            recipient_id=digest.recipient_id,
            day=digest.day,
            kind_labels=kind_labels(),
        )
        result = _deliver(DIGEST_CHANNEL, compose_digest(recipient_of(digest.recipient), grouped))
    state = _outcome_state(result, attempt)
    finished_at = timezone.now()
    with transaction.atomic():
        rows.filter(state=DeliveryState.SENDING).update(
            state=state, sent_at=finished_at if result.delivered else None, error=_error_text(result)
        )
        if state == DeliveryState.SENT:
            deliveries.update(state=DeliveryState.SENT, sent_at=finished_at)
        elif state == DeliveryState.FAILED and result.retryable:
            deliveries.update(digest=None)
        elif state == DeliveryState.FAILED:
            deliveries.update(state=DeliveryState.FAILED, error=_error_text(result))
    return str(state)


def digests_send_due(*, now: dt.datetime) -> DispatchSummary:
    """Send each waiting user's digest once their chosen local time of day has passed (one per user per day),
    and retry the digests whose earlier try failed."""
    local_now = timezone.localtime(now)
    waiting = digest_waiting_recipients(created_before=now)
    preferences = preferences_by_user(waiting)
    last_days = last_digest_days(waiting)
    summary = DispatchSummary()
    for recipient_id in sorted(waiting):
        day = digest_day_due(
            local_now=local_now,
            digest_time=preferences[recipient_id].digest_time,
            last_digest_day=last_days.get(recipient_id),
        )
        if day is None:
            continue
        digest = _digest_claim_day(recipient_id, day, now)
        if digest is not None:
            summary = summary.add(digest_send(digest.pk, now=now))
    # Earlier digests to try again; one never tried belongs to a run that died between creating and sending it.
    retries = Digest.objects.filter(state=DeliveryState.PENDING).values_list(
        "pk", "attempts", "last_attempt_at", "created_at"
    )
    for digest_id, attempts, last_attempt_at, created_at in retries:
        if retry_due_at(attempts=max(1, attempts), last_attempt_at=last_attempt_at or created_at) <= now:
            summary = summary.add(digest_send(digest_id, now=now))
    return summary
