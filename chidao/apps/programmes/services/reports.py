"""The report flow: the lead unit's officer submits, the unit head approves, the secretariat confirms (the task is
done on the EVIDENCE date) or returns it (the task reopens with the reason). Who may act is checked by the
selectors that fetch the report (403 inside the scope, 404 outside); these services check the states."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.services.status import (
    _child_is_open,
    _refresh_parent_progress,
    _store_status,
    _today,
    _user,
)

COMPLETE = 100


@writes_audit("report.submit", label="Gửi báo cáo tiến độ")
def report_submit(
    *,
    actor: Any,
    task: Task,
    percent: int,
    result: str = "",
    difficulties: str = "",
    proposals: str = "",
    evidence_number: str = "",
    evidence_date: dt.date | None = None,
    evidence_link: str = "",
    period_label: str = "",
    period_end: dt.date | None = None,
    draft: bool = False,
) -> ProgressReport:
    """A progress report of the lead unit (a draft, or submitted to its head); a report of completion (100 %)
    must carry the evidence's number and date, which becomes the completion date."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.confirmed_at is not None and not task.is_returned:
        raise ValidationError("Nhiệm vụ đã được xác nhận hoàn thành.")
    if task.suspended_on is not None or task.stopped_on is not None:
        raise ValidationError("Nhiệm vụ đã tạm hoãn hoặc dừng thực hiện.")
    if not draft and percent == COMPLETE and (not evidence_number.strip() or evidence_date is None):
        raise ValidationError(
            {
                "evidence_number": "Báo cáo hoàn thành phải có số, ký hiệu và ngày của văn bản, sản phẩm chứng minh."
            }
        )
    if evidence_date is not None and evidence_date > _today():
        raise ValidationError({"evidence_date": "Ngày văn bản không được sau ngày hôm nay."})
    report = ProgressReport(
        task=task,
        percent=percent,
        result=result.strip(),
        difficulties=difficulties.strip(),
        proposals=proposals.strip(),
        evidence_number=evidence_number.strip(),
        evidence_date=evidence_date,
        evidence_link=evidence_link.strip(),
        period_label=period_label.strip(),
        period_end=period_end,
        state=ProgressReport.State.DRAFT if draft else ProgressReport.State.SUBMITTED,
        submitted_by=_user(actor),
        submitted_at=None if draft else timezone.now(),
    )
    report.full_clean()
    report.save()
    audit_record(actor=actor, action="report.submit", obj=report, after=snapshot(report))
    return report


def _locked(report: ProgressReport, *expected: str) -> ProgressReport:
    report = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    if report.state not in expected:
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{report.get_state_display()}”, không thực hiện được."
        )
    return report


@writes_audit("report.approve", label="Lãnh đạo đơn vị duyệt báo cáo")
def report_approve_by_head(*, actor: Any, report: ProgressReport) -> ProgressReport:
    """The unit head approves: the task takes the reported progress; a completion report puts the task in
    "chờ xác nhận" with the evidence date as its completion date."""
    report = _locked(report, ProgressReport.State.SUBMITTED)
    before = snapshot(report)
    report.state = ProgressReport.State.HEAD_APPROVED
    report.head_approved_by = _user(actor)
    report.head_approved_at = timezone.now()
    report.save(update_fields=["state", "head_approved_by", "head_approved_at", "updated_at"])
    task = Task.objects.select_for_update().get(pk=report.task_id)
    task_before = snapshot(task)
    task.progress_percent = report.percent
    task.has_report = True
    task.is_returned = False
    if report.percent == COMPLETE:
        task.completed_on = report.evidence_date
        task.completion_evidence = report.evidence_number
        task.completion_link = report.evidence_link
        task.confirmed_at = None
        task.confirmed_by = None
    _store_status(task, save=False)
    task.save()
    audit_record(actor=actor, action="report.approve", obj=report, before=before, after=snapshot(report))
    audit_record(actor=actor, action="report.approve", obj=task, before=task_before, after=snapshot(task))
    _refresh_parent_progress(task.parent_id)
    return report


@writes_audit("report.confirm", label="Xác nhận báo cáo")
def report_confirm(
    *, actor: Any, report: ProgressReport, close_open_children_reason: str = ""
) -> ProgressReport:
    """The secretariat confirms: a completion report makes the task done (on time or late by the evidence date).
    A parent with open children is confirmed only with a reason, which closes each open child."""
    report = _locked(report, ProgressReport.State.HEAD_APPROVED)
    task = Task.objects.select_for_update().get(pk=report.task_id)
    completing = report.percent == COMPLETE
    if completing:
        _close_open_children(actor, task, close_open_children_reason.strip())
    before = snapshot(report)
    report.state = ProgressReport.State.CONFIRMED
    report.reviewed_by = _user(actor)
    report.reviewed_at = timezone.now()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
    audit_record(actor=actor, action="report.confirm", obj=report, before=before, after=snapshot(report))
    if completing:
        task_before = snapshot(task)
        task.confirmed_at = report.reviewed_at
        task.confirmed_by = _user(actor)
        _store_status(task, save=False)
        task.save()
        audit_record(actor=actor, action="report.confirm", obj=task, before=task_before, after=snapshot(task))
        _refresh_parent_progress(task.parent_id)
    return report


def _close_open_children(actor: Any, task: Task, reason: str) -> None:
    open_children = [child for child in task.children.select_for_update() if _child_is_open(child)]
    if open_children and not reason:
        raise ValidationError(
            {
                "close_open_children_reason": (
                    f"Còn {len(open_children)} nhiệm vụ con chưa hoàn thành: "
                    "phải nêu lý do đóng chúng để xác nhận nhiệm vụ cha."
                )
            }
        )
    for child in open_children:
        before = snapshot(child)
        child.closed_reason = reason
        child.save(update_fields=["closed_reason", "updated_at"])
        audit_record(actor=actor, action="task.close", obj=child, before=before, after=snapshot(child))


@writes_audit("report.return", label="Trả lại báo cáo")
def report_return(*, actor: Any, report: ProgressReport, reason: str) -> ProgressReport:
    """The secretariat returns a report with a reason: the task reopens (no completion date, not confirmed) and
    carries the flag "bị trả lại" until its unit head approves a new report."""
    if not reason.strip():
        raise ValidationError({"reason": "Phải nêu lý do trả lại."})
    report = _locked(report, ProgressReport.State.HEAD_APPROVED, ProgressReport.State.CONFIRMED)
    before = snapshot(report)
    report.state = ProgressReport.State.RETURNED
    report.reviewed_by = _user(actor)
    report.reviewed_at = timezone.now()
    report.review_note = reason.strip()
    report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    task = Task.objects.select_for_update().get(pk=report.task_id)
    task_before = snapshot(task)
    task.is_returned = True
    task.return_reason = reason.strip()
    task.completed_on = None
    task.confirmed_at = None
    task.confirmed_by = None
    _store_status(task, save=False)
    task.save()
    audit_record(actor=actor, action="report.return", obj=report, before=before, after=snapshot(report))
    audit_record(actor=actor, action="report.return", obj=task, before=task_before, after=snapshot(task))
    _refresh_parent_progress(task.parent_id)
    return report
