"""Pages of the lead unit's report work: evidence files on a report (upload, download through the task's
scope), drafts, several tasks at once and the coordinating units' input.

Thin: parse, select or call one service, render.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from chidao.apps.accounts.access import user_scope
from chidao.apps.programmes import report_queries, selectors
from chidao.apps.programmes.forms import ReportForm
from chidao.apps.programmes.models import ProgressReport, ReportEvidence
from chidao.apps.programmes.report_forms import (
    ContributionForm,
    ContributionRequestForm,
    EvidenceForm,
    ReportRowForm,
)
from chidao.apps.programmes.selectors import REPORTER_ROLES
from chidao.apps.programmes.services.batch_reports import ReportRow, RowErrors, reports_submit_several
from chidao.apps.programmes.services.contributions import contribution_submit, contributions_request
from chidao.apps.programmes.services.drafts import DRAFT_FIELDS, report_draft_save, report_draft_send
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


# ---- drafts and "copy last period" ----------------------------------------------------------------------

COPIED_FIELDS = ("result", "difficulties", "proposals")


def _report_form_page(request: HttpRequest, task: Any, form: ReportForm, **extra: Any) -> HttpResponse:
    """The report form's partial (the form swapped in place by htmx), as the report page renders it."""
    context = {"task": task, "form": form, "page_title": _("Báo cáo tiến độ"), **extra}
    template = "programmes/report_form.html"
    return render(request, f"{template}#report_form" if request.htmx else template, context)  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def report_draft(request: HttpRequest, task_id: int) -> HttpResponse:
    """POST (autosave, htmx on change): save the officer's draft and say when. GET: the report form filled from
    the draft, so reopening the form restores it (204 without a draft)."""
    task = selectors.task_get_for_reporter(request.user, task_id)  # type: ignore[arg-type]
    if request.method == "POST":
        form = ReportForm(request.POST)
        saved = None
        error_text = ""
        if form.is_valid():
            try:
                saved = report_draft_save(actor=request.user, task=task, **form.cleaned_data)
            except ValidationError as error:
                error_text = " ".join(error.messages)
        else:
            error_text = _("Chưa lưu được nháp: kiểm tra các ô báo lỗi.")
        context = {"task": task, "draft": saved, "error_text": error_text}
        return render(request, "programmes/report_draft_status.html", context)
    draft = report_queries.report_draft_current(request.user, task)
    if draft is None:
        # Nothing to restore: 204 leaves the form (and what the officer may already be typing) as it is.
        return HttpResponse(status=204)
    form = ReportForm(initial={name: getattr(draft, name) for name in DRAFT_FIELDS})
    return _report_form_page(request, task, form, draft=draft, restored=True)


@login_required
@require_GET
def report_copy_last(request: HttpRequest, task_id: int) -> HttpResponse:
    """The report form prefilled from the unit's latest sent report on the task (results, difficulties,
    proposals); the percent stays the task's current progress."""
    task = selectors.task_get_for_reporter(request.user, task_id)  # type: ignore[arg-type]
    last = report_queries.report_last_sent(task)
    initial: dict[str, Any] = {"percent": task.progress_percent}
    if last is not None:
        initial.update({name: getattr(last, name) for name in COPIED_FIELDS})
    form = ReportForm(initial=initial)
    return _report_form_page(request, task, form, copied_from=last, copy_tried=True)


# ---- one form for several tasks ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reports_several(request: HttpRequest) -> HttpResponse:
    """An officer reports on several of their unit's open tasks at once (one row per task: percent and result);
    the rows are saved together or not at all, each refused row showing its reason."""
    user: Any = request.user
    if not user_scope(user).has_role(*REPORTER_ROLES):
        raise PermissionDenied("Chỉ cán bộ của đơn vị chủ trì được gửi báo cáo nhiệm vụ.")
    tasks = list(report_queries.tasks_open_for_reporter(user))
    data = request.POST if request.method == "POST" else None
    rows = [(task, ReportRowForm(data, prefix=f"task-{task.pk}")) for task in tasks]
    page_error = ""
    if data is not None:
        filled = [(task, form) for task, form in rows if form.is_filled]
        if all(form.is_valid() for _task, form in rows):
            report_rows = [
                ReportRow(task=task, percent=form.cleaned_data["percent"], result=form.cleaned_data["result"])
                for task, form in filled
            ]
            try:
                saved = reports_submit_several(actor=user, rows=report_rows)
            except RowErrors as refused:
                for task, form in rows:
                    for message in refused.errors.get(task.pk, []):
                        form.add_error(None, message)
                page_error = _("Chưa lưu báo cáo nào: sửa các dòng báo lỗi rồi gửi lại.")
            except ValidationError as error:
                page_error = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    _("Đã gửi %(count)s báo cáo, chờ lãnh đạo đơn vị duyệt.") % {"count": len(saved)},
                )
                return redirect("programmes:my-tasks")
        else:
            page_error = _("Chưa lưu báo cáo nào: sửa các dòng báo lỗi rồi gửi lại.")
    context = {"rows": rows, "page_error": page_error, "page_title": _("Báo cáo nhiều nhiệm vụ")}
    return render(request, "programmes/report_several.html", context)


# ---- coordinating units' input ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_contributions(request: HttpRequest, report_id: int) -> HttpResponse:
    """The lead unit's officer asks coordinating units for input by a date and sees who has sent it."""
    report = _report_for_reporter(request.user, report_id)
    form = ContributionRequestForm(request.POST or None, task=report.task)
    if form.is_bound and form.is_valid():
        try:
            contributions_request(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã gửi đề nghị góp ý tới đơn vị phối hợp."))
            return redirect("programmes:report-contributions", report_id=report.pk)
    context = {
        "report": report,
        "task": report.task,
        "form": form,
        "contributions": report.contributions.select_related("unit").order_by("unit__name_sort"),
        "page_title": _("Ý kiến đơn vị phối hợp"),
    }
    return render(request, "programmes/report_contributions.html", context)


@login_required
@require_GET
def contribution_list(request: HttpRequest) -> HttpResponse:
    """Requests for input addressed to the user's units (as an officer), waiting ones first."""
    context = {
        "contributions": report_queries.contributions_for_officer(request.user),
        "page_title": _("Đề nghị góp ý báo cáo"),
    }
    return render(request, "programmes/contribution_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_submit_view(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """An officer of the coordinating unit sends the unit's input (404 for anyone else)."""
    contribution = report_queries.contribution_get_for_officer(request.user, contribution_id)
    form = ContributionForm(request.POST or None, initial={"text": contribution.text})
    if form.is_bound and form.is_valid():
        try:
            contribution_submit(actor=request.user, contribution=contribution, text=form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã gửi ý kiến tới đơn vị chủ trì."))
            return redirect("programmes:contribution-list")
    context = {
        "contribution": contribution,
        "task": contribution.report.task,
        "form": form,
        "page_title": _("Góp ý báo cáo"),
    }
    return render(request, "programmes/contribution_form.html", context)


@login_required
@require_POST
def report_send(request: HttpRequest, task_id: int) -> HttpResponse:
    """The form's "send" button: the officer's draft (with its evidence and input) becomes the submitted
    report, or a new report is submitted when there is no draft; the unit head approves it next."""
    task = selectors.task_get_for_reporter(request.user, task_id)  # type: ignore[arg-type]
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            report_draft_send(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            try:
                form.add_error(None, error)
            except (ValueError, TypeError):
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã gửi báo cáo, chờ lãnh đạo đơn vị duyệt."))
            detail = reverse("programmes:task-detail", args=[task.pk])
            return HttpResponseClientRedirect(detail) if request.htmx else redirect(detail)  # type: ignore[attr-defined]
    return _report_form_page(request, task, form)
