"""Pages of the lead unit's report work: evidence files on a report (upload, download through the task's
scope), drafts, several tasks at once and the coordinating units' input.

Thin: parse, select or call one service, render.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chidao.apps.programmes import selectors
from chidao.apps.programmes.models import ProgressReport, ReportEvidence
from chidao.apps.programmes.report_forms import EvidenceForm
from chidao.apps.programmes.services.evidence import CONTENT_TYPES, report_evidence_add


def _report_for_reporter(user: Any, report_id: int) -> ProgressReport:
    """The report if the user is an officer of its task's lead unit: 404 outside the scope, 403 inside."""
    try:
        report = ProgressReport.objects.select_related("task").get(
            pk=report_id, task__in=selectors.tasks_visible_to(user)
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy báo cáo") from None
    report.task = selectors.task_get_for_reporter(user, report.task_id)
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_evidence(request: HttpRequest, report_id: int) -> HttpResponse:
    """The evidence files of a report: list and upload (photos resized in the browser first)."""
    report = _report_for_reporter(request.user, report_id)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        try:
            report_evidence_add(actor=request.user, report=report, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Đã đính kèm minh chứng."))
            return redirect("programmes:report-evidence", report_id=report.pk)
    context = {
        "report": report,
        "task": report.task,
        "form": form,
        "evidence": report.evidence.order_by("pk"),
        "page_title": _("Minh chứng của báo cáo"),
    }
    return render(request, "programmes/report_evidence.html", context)


@login_required
@require_GET
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """An evidence file, for whoever may see its task; never served from MEDIA_ROOT directly. Only images are
    shown inline; everything else is an attachment, and the browser may not guess another type (nosniff)."""
    try:
        evidence = ReportEvidence.objects.select_related("report").get(pk=evidence_id)
    except (ReportEvidence.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy minh chứng") from None
    selectors.task_get_for_user(request.user, evidence.report.task_id)  # type: ignore[arg-type]
    if not evidence.file:
        raise Http404("Minh chứng không có tệp")
    extension = PurePosixPath(evidence.file.name).suffix.lstrip(".").lower()
    content_type = CONTENT_TYPES.get(extension, "application/octet-stream")
    inline = content_type.startswith("image/")
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=evidence.caption or PurePosixPath(evidence.file.name).name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
