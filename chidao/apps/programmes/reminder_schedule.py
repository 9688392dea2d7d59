"""The daily reminders of the steering tasks, run by the jobs app's scheduler at 07:00 Vietnam time (after the
status refresh of 00:05, before the working day starts). Imported by ProgrammesConfig.ready."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from chidao.apps.jobs.registry import periodic
from chidao.apps.programmes.services.reminders import task_reminders_send


@periodic("tasks.send_reminders", title="Gửi nhắc việc nhiệm vụ", at="07:00")
def send_reminders(*, due_at: dt.datetime, now: dt.datetime) -> str:
    """Send the reminders owed on the local day of the occurrence; a re-run of the same day sends nothing new."""
    day = timezone.localtime(due_at).date()
    run = task_reminders_send(as_of=day)
    return f"Nhắc việc ngày {day:%d/%m/%Y}: {run.sent} thông báo mới, {run.already_sent} đã gửi trước đó"
