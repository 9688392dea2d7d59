"""The report form's autosaved draft: one draft per officer and task, created on the first save and updated
on the next ones (the "Lưu nháp" button of the form keeps creating a draft through report_submit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.report_queries import report_draft_current
from chidao.apps.programmes.services.reports import COMPLETE, report_submit
from chidao.apps.programmes.services.status import _today, _user

DRAFT_FIELDS = (
    "percent",
    "result",
    "difficulties",
    "proposals",
    "evidence_number",
    "evidence_date",
    "evidence_link",
    "period_label",
)


@writes_audit("report.draft_save", label="Tự động lưu nháp báo cáo")
def report_draft_save(*, actor: Any, task: Task, **fields: Any) -> ProgressReport:
    """Save what the officer has typed so far as their draft report on the task (created on first save)."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"report_draft_save: unknown fields {sorted(unknown)}")
    draft = report_draft_current(actor, task)
    if draft is None:
        return report_submit(actor=actor, task=task, draft=True, **fields)
    evidence_date: dt.date | None = fields.get("evidence_date")
    if evidence_date is not None and evidence_date > _today():
        raise ValidationError({"evidence_date": "Ngày văn bản không được sau ngày hôm nay."})
    draft = ProgressReport.objects.select_for_update().get(pk=draft.pk)
    before = snapshot(draft)
    for name, value in fields.items():
        setattr(draft, name, value.strip() if isinstance(value, str) else value)
    draft.full_clean()
    draft.save()
    audit_record(actor=actor, action="report.draft_save", obj=draft, before=before, after=snapshot(draft))
    return draft


@writes_audit("report.draft_send", label="Gửi báo cáo từ bản nháp")
def report_draft_send(*, actor: Any, task: Task, **fields: Any) -> ProgressReport:
    """Send the officer's report: their current draft becomes the submitted report (keeping the evidence and
    the coordinating units' input gathered on it); without a draft, a new report is submitted."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"report_draft_send: unknown fields {sorted(unknown)}")
    draft = report_draft_current(actor, task)
    if draft is None:
        return report_submit(actor=actor, task=task, **fields)
    task = Task.objects.select_for_update().get(pk=task.pk)
    _check_sendable(task, fields)
    draft = ProgressReport.objects.select_for_update().get(pk=draft.pk)
    before = snapshot(draft)
    for name, value in fields.items():
        setattr(draft, name, value.strip() if isinstance(value, str) else value)
    draft.state = ProgressReport.State.SUBMITTED
    draft.submitted_by = _user(actor)
    draft.submitted_at = timezone.now()
    draft.full_clean()
    draft.save()
    audit_record(actor=actor, action="report.draft_send", obj=draft, before=before, after=snapshot(draft))
    return draft


def _check_sendable(task: Task, fields: dict[str, Any]) -> None:
    """The checks report_submit makes of a submitted report, with its messages."""
    if task.confirmed_at is not None and not task.is_returned:
        raise ValidationError("Nhiệm vụ đã được xác nhận hoàn thành.")
    if task.suspended_on is not None or task.stopped_on is not None:
        raise ValidationError("Nhiệm vụ đã tạm hoãn hoặc dừng thực hiện.")
    evidence_date = fields.get("evidence_date")
    if fields.get("percent") == COMPLETE and (
        not str(fields.get("evidence_number", "")).strip() or evidence_date is None
    ):
        raise ValidationError(
            {
                "evidence_number": "Báo cáo hoàn thành phải có số, ký hiệu và ngày của văn bản, sản phẩm chứng minh."
            }
        )
    if evidence_date is not None and evidence_date > _today():
        raise ValidationError({"evidence_date": "Ngày văn bản không được sau ngày hôm nay."})
