"""Pages of generated documents: the list, generating a briefing or urging letters, a document's page (its
progress while the job runs, figures, downloads, the clerk's number), downloads through the scope.

Thin: parse, select or call one service, render. The status card polls through htmx while the job runs.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from chidao.apps.documents import selectors, services
from chidao.apps.documents.figures import figure_rows
from chidao.apps.documents.forms import BriefingRequestForm, IssueForm, UrgingRequestForm
from chidao.apps.documents.models import GeneratedDocument
from chidao.apps.documents.rendering import FORMAT_LABELS, download_name

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
ACTIVE_STATES = (GeneratedDocument.State.QUEUED, GeneratedDocument.State.GENERATING)


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    """The documents the user may see, newest first, by kind and state; a batch just requested (`job`) shows its
    progress until the job ends."""
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    documents = selectors.document_list_for_user(request.user, kind=kind, state=state)  # type: ignore[arg-type]
    job_id = request.GET.get("job", "")
    if job_id.isdigit():
        documents = documents.filter(job_id=int(job_id))
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    rows = [(document, selectors.effective_state(document)) for document in page]
    active = any(row_state in ACTIVE_STATES for _, row_state in rows)
    if request.GET.get("part") == "status" and not active:
        return HttpResponseClientRefresh()
    context = {
        "page": page,
        "rows": rows,
        "kind": kind,
        "state": state,
        "job": job_id if job_id.isdigit() else "",
        "active": active,
        "kinds": GeneratedDocument.Kind.choices,
        "states": GeneratedDocument.State.choices,
        "may_manage": selectors.may_manage_documents(request.user),  # type: ignore[arg-type]
        "page_title": _("Văn bản"),
    }
    template = "documents/document_list.html"
    if request.htmx and request.GET.get("part") == "status":  # type: ignore[attr-defined]
        template += "#rows"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def briefing_new(request: HttpRequest) -> HttpResponse:
    """Generate the briefing of a meeting (or of a date): the job starts and the document's page follows it."""
    selectors.require_manager(request.user)  # type: ignore[arg-type]
    initial: dict[str, Any] = {}
    meeting_id = request.GET.get("meeting", "")
    if meeting_id.isdigit():
        initial["meeting"] = selectors.meeting_get_for_briefing(int(meeting_id))
    form = BriefingRequestForm(
        request.POST or None,
        initial=initial,
        meetings=selectors.meetings_for_briefing(),
        profiles=selectors.profiles_active(),
    )
    if form.is_bound and form.is_valid():
        try:
            document = services.briefing_request(
                actor=request.user,
                meeting=form.cleaned_data["meeting"],
                as_of=form.cleaned_data["as_of"],
                profile=form.cleaned_data["profile"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã bắt đầu tạo báo cáo."))
            return redirect("documents:document-detail", document_id=document.pk)
    context = {"form": form, "page_title": _("Tạo báo cáo phục vụ phiên họp")}
    return render(request, "documents/briefing_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def urging_new(request: HttpRequest) -> HttpResponse:
    """Generate urging letters: one per lead unit with overdue or due-soon tasks (or one unit), in one job."""
    selectors.require_manager(request.user)  # type: ignore[arg-type]
    form = UrgingRequestForm(
        request.POST or None,
        initial={"unit": request.GET.get("unit", "")},
        profiles=selectors.profiles_active(),
    )
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data.get("unit")
        try:
            documents = services.urging_letters_request(
                actor=request.user,
                as_of=form.cleaned_data["as_of"],
                profile=form.cleaned_data["profile"],
                unit_ids=[unit] if unit else None,
                reply_by=form.cleaned_data.get("reply_by"),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã bắt đầu tạo %(n)s công văn đôn đốc.") % {"n": len(documents)})
            if len(documents) == 1:
                return redirect("documents:document-detail", document_id=documents[0].pk)
            return redirect(f"{reverse('documents:document-list')}?job={documents[0].job_id}")
    context = {"form": form, "page_title": _("Tạo công văn đôn đốc")}
    return render(request, "documents/urging_form.html", context)


def _detail_context(
    request: HttpRequest, document: GeneratedDocument, issue_form: IssueForm | None = None
) -> dict[str, Any]:
    state = selectors.effective_state(document)
    may_manage = selectors.may_manage_documents(request.user)  # type: ignore[arg-type]
    figures: dict[str, str] = (
        json.loads(document.model_json).get("figures", {}) if document.model_json else {}
    )
    downloads = [
        (file_format, FORMAT_LABELS[file_format])
        for file_format in ("docx", "pdf", "xlsx")
        if getattr(document, file_format)
    ]
    if document.model_json:
        downloads.append(("json", FORMAT_LABELS["json"]))
    initial = {"number": document.issued_number, "issued_on": document.issued_on}
    return {
        "document": document,
        "state": state,
        "state_label": GeneratedDocument.State(state).label,
        "active": state in ACTIVE_STATES,
        "error": selectors.effective_error(document),
        "job": document.job,
        "figures": figure_rows(figures),
        "downloads": downloads,
        "may_manage": may_manage,
        "may_retry": may_manage and state == GeneratedDocument.State.FAILED,
        "may_issue": may_manage and state in (GeneratedDocument.State.READY, GeneratedDocument.State.ISSUED),
        "issue_form": issue_form or IssueForm(initial=initial),
        "page_title": document.title,
    }


@login_required
@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document's page; while its job runs, htmx polls the status card, and reloads the page when it ends."""
    document = selectors.document_get_for_user(request.user, document_id)  # type: ignore[arg-type]
    context = _detail_context(request, document)
    if request.GET.get("part") == "status":
        if not context["active"]:
            return HttpResponseClientRefresh()
        return render(request, "documents/document_detail.html#status", context)
    return render(request, "documents/document_detail.html", context)


@login_required
@require_POST
def document_retry(request: HttpRequest, document_id: int) -> HttpResponse:
    """Generate a failed document again (a new job)."""
    document = selectors.document_get_for_manager(request.user, document_id)  # type: ignore[arg-type]
    try:
        services.document_retry(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã bắt đầu tạo lại văn bản."))
    return redirect("documents:document-detail", document_id=document.pk)


@login_required
@require_POST
def document_issue(request: HttpRequest, document_id: int) -> HttpResponse:
    """The clerk records the issued number and date; a number already used in the year's series is refused."""
    document = selectors.document_get_for_manager(request.user, document_id)  # type: ignore[arg-type]
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.document_record_issue(
                actor=request.user,
                document=document,
                number=form.cleaned_data["number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã vào số văn bản."))
            return redirect("documents:document-detail", document_id=document.pk)
    # Refused: the page again with the form's errors (200, so htmx and the browser show them in place).
    return render(request, "documents/document_detail.html", _detail_context(request, document, form))


@login_required
@require_GET
def document_download(request: HttpRequest, document_id: int, file_format: str) -> HttpResponseBase:
    """A document's file (or its report model as JSON) for whoever may see it; never served from MEDIA_ROOT
    directly, always as an attachment that the browser may not sniff as another type."""
    document = selectors.document_get_for_user(request.user, document_id)  # type: ignore[arg-type]
    if file_format not in CONTENT_TYPES:
        raise Http404("Không có định dạng này")
    name = download_name(document, file_format)
    if file_format == "json":
        if not document.model_json:
            raise Http404("Văn bản chưa có mô hình báo cáo")
        response: HttpResponseBase = HttpResponse(
            document.model_json.encode("utf-8"), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        stored = getattr(document, file_format)
        if not stored:
            raise Http404("Văn bản chưa có tệp này")
        response = FileResponse(
            stored.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[file_format]
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
