"""The report form's autosaved draft: one draft per officer and task, created on the first save and updated
on the next ones (the "Lưu nháp" button of the form keeps creating a draft through report_submit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.report_queries import report_draft_current
from chidao.apps.programmes.services.reports import report_submit
from chidao.apps.programmes.services.status import _today

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
