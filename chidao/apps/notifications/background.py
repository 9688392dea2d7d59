"""Periodic entries of the notifications app, run by the jobs app's scheduler: the daily digests and the
retries of deliveries that failed or whose queued task never ran."""

from __future__ import annotations

import datetime as dt

from chidao.apps.jobs.registry import periodic
from chidao.apps.notifications.dispatch import deliveries_retry_due, digests_send_due


@periodic(
    "notifications.send_digests", title="Gửi bản tin thông báo hằng ngày", every=dt.timedelta(minutes=5)
)
def send_digests(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Every 5 minutes: the digest of each user whose chosen hour has passed today (once per user per day)."""
    return digests_send_due(now=now).text("Bản tin hằng ngày")


@periodic(
    "notifications.retry_deliveries", title="Gửi lại thông báo chưa gửi được", every=dt.timedelta(minutes=5)
)
def retry_deliveries(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Every 5 minutes: the deliveries whose back-off is over, and the sends a dead process left behind."""
    return deliveries_retry_due(now=now).text("Gửi lại thông báo")
