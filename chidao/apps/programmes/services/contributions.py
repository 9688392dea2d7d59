"""Coordinating units' input to the lead unit's report: the lead unit asks its coordinating units by a date it
sets, and an officer of each coordinating unit sends the unit's text. Who may act is checked where the report
or the request is fetched (report_views); these services check the dates, units and states."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.models import ProgressReport, ReportContribution
from chidao.apps.programmes.services.status import _today, _user

OPEN_REPORT_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED)


@writes_audit("contribution.request", label="Đề nghị đơn vị phối hợp góp ý báo cáo")
def contributions_request(
    *, actor: Any, report: ProgressReport, units: Iterable[Unit], due_on: dt.date
) -> list[ReportContribution]:
    """Ask some of the task's coordinating units for their input by `due_on`; asking a unit again moves its
    date (its text, if sent, is kept)."""
    report = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    if report.state not in OPEN_REPORT_STATES:
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{report.get_state_display()}”, không xin ý kiến phối hợp được."
        )
    if due_on < _today():
        raise ValidationError({"due_on": "Hạn góp ý không được trước ngày hôm nay."})
    chosen = list(units)
    if not chosen:
        raise ValidationError({"units": "Chọn ít nhất một đơn vị phối hợp."})
    coordinating = set(report.task.coordinating_units.values_list("pk", flat=True))
    strangers = [unit.name for unit in chosen if unit.pk not in coordinating]
    if strangers:
        raise ValidationError({"units": f"Không phải đơn vị phối hợp của nhiệm vụ: {', '.join(strangers)}."})
    asked: list[ReportContribution] = []
    for unit in chosen:
        contribution = ReportContribution.objects.filter(report=report, unit=unit).first()
        before = snapshot(contribution)
        if contribution is None:
            contribution = ReportContribution(report=report, unit=unit)
        contribution.due_on = due_on
        contribution.save()
        audit_record(
            actor=actor,
            action="contribution.request",
            obj=contribution,
            before=before,
            after=snapshot(contribution),
        )
        asked.append(contribution)
    _tell_coordinating_officers(report, asked, due_on)
    return asked


def _tell_coordinating_officers(
    report: ProgressReport, asked: list[ReportContribution], due_on: dt.date
) -> None:
    """Each officer of an asked unit gets one notice per (contribution, due date): asking again with a new date
    tells them again, asking again with the same date does not."""
    from django.urls import reverse

    from chidao.apps.notifications.services import notify
    from chidao.apps.programmes.notifications import CONTRIBUTION_KIND, contribution_message, officer_accounts

    task = report.task
    lead_name = task.lead_unit.name if task.lead_unit is not None else "Đơn vị chủ trì"
    message = contribution_message(task, due_on, lead_name, reverse("programmes:contribution-list"))
    officers = officer_accounts([c.unit_id for c in asked], _today())
    for contribution in asked:
        for user in officers.get(contribution.unit_id, []):
            notify(
                recipient=user,
                kind=CONTRIBUTION_KIND,
                title=message.title,
                body=message.body,
                link=message.link,
                key_parts={"contribution": contribution.pk, "due": due_on.isoformat()},
                payload={"task_id": task.pk, "task_code": task.code},
            )


@writes_audit("contribution.submit", label="Đơn vị phối hợp gửi ý kiến")
def contribution_submit(*, actor: Any, contribution: ReportContribution, text: str) -> ReportContribution:
    """The coordinating unit's text for the lead unit's report (sent again, it replaces the earlier text)
    while the report is still with the lead unit."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise ValidationError({"text": "Nhập nội dung ý kiến của đơn vị."})
    contribution = (
        ReportContribution.objects.select_for_update().select_related("report").get(pk=contribution.pk)
    )
    if contribution.report.state not in OPEN_REPORT_STATES:
        raise ValidationError("Báo cáo đã được lãnh đạo đơn vị chủ trì duyệt: không nhận thêm ý kiến.")
    before = snapshot(contribution)
    contribution.text = text
    contribution.submitted_at = timezone.now()
    contribution.submitted_by = _user(actor)
    contribution.save()
    audit_record(
        actor=actor,
        action="contribution.submit",
        obj=contribution,
        before=before,
        after=snapshot(contribution),
    )
    return contribution
