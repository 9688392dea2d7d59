"""Import pages: upload → preview (counts and errors) → commit (a background job) → result and downloads.

Thin: parse, call one selector or service, render. Pages of importers a user may not use answer 404.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from chidao.apps.exchange import exports, selectors, services
from chidao.apps.exchange.forms import UploadForm
from chidao.apps.exchange.models import ImportBatch

ISSUES_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ACTIVE = (ImportBatch.State.QUEUED, ImportBatch.State.APPLYING)


def _xlsx_response(content: bytes, filename: str) -> FileResponse:
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Choose what to import and upload the file; the preview follows."""
    importers = selectors.importers_for_user(request.user)
    if not importers:
        raise Http404("Không tìm thấy trang")
    form = UploadForm(request.POST or None, request.FILES or None, importers=importers)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_batch_upload(
                actor=request.user, importer=form.chosen_importer(), upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("exchange:batch-detail", batch_id=batch.pk)
    titles = {importer.code: importer.title for importer in importers}
    batches = selectors.batches_for_user(request.user)
    for batch in batches:
        batch.importer_title = titles.get(batch.importer, batch.importer)  # type: ignore[attr-defined]
    context = {
        "form": form,
        "importers": importers,
        "batches": batches,
        "page_title": _("Nhập dữ liệu từ tệp"),
    }
    return render(request, "exchange/upload.html", context)


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The preview (counts, errors by row and column) or the result of a batch; htmx gets one part."""
    batch = selectors.batch_get_for_user(request.user, batch_id)
    state = selectors.batch_effective_state(batch)
    part = request.GET.get("part", "")
    if part == "status" and state not in _ACTIVE:
        # The job finished while the page was polling: reload it whole (counts, buttons, downloads).
        return HttpResponseClientRefresh()
    importer = selectors.importer_get_for_user(request.user, batch.importer)
    page = Paginator(selectors.batch_issues(batch), ISSUES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "batch": batch,
        "state": state,
        "state_label": ImportBatch.State(state).label,
        "active": state in _ACTIVE,
        "importer": importer,
        "page": page,
        "can_commit": state in (ImportBatch.State.PREVIEWED, ImportBatch.State.FAILED)
        and not batch.blocking_reason,
        "can_discard": state in (ImportBatch.State.PREVIEWED, ImportBatch.State.FAILED),
        "has_one_time_sheet": bool(batch.secret_result),
        "page_title": _("Lượt nhập #%(id)s") % {"id": batch.pk},
    }
    template = "exchange/batch.html"
    if request.htmx and part in ("status", "issues"):  # type: ignore[attr-defined]
        template = f"exchange/batch.html#{part}"
    return render(request, template, context)


@login_required
@require_POST
def batch_commit(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Start the import of a previewed (or failed) batch as a background job."""
    batch = selectors.batch_get_for_user(request.user, batch_id)
    try:
        outcome = services.import_batch_commit(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if outcome.started:
            messages.success(request, _("Đã bắt đầu nhập dữ liệu; trang sẽ tự cập nhật khi xong."))
        else:
            messages.warning(request, outcome.message)
    return redirect("exchange:batch-detail", batch_id=batch.pk)


@login_required
@require_POST
def batch_discard(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Drop a batch that was not applied."""
    batch = selectors.batch_get_for_user(request.user, batch_id)
    try:
        services.import_batch_discard(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("exchange:batch-detail", batch_id=batch.pk)
    messages.success(request, _("Đã hủy lượt nhập; không có dữ liệu nào được ghi."))
    return redirect(reverse("exchange:upload"))


@login_required
@require_GET
def batch_reject_report(request: HttpRequest, batch_id: int) -> HttpResponseBase:
    """The reject report: the rows in error with their cells and messages, as .xlsx."""
    batch = selectors.batch_get_for_user(request.user, batch_id)
    content = exports.reject_report_xlsx(batch)
    return _xlsx_response(content, f"bao-cao-loi-lan-nhap-{batch.pk}.xlsx")


@login_required
@require_POST
def batch_one_time_sheet(request: HttpRequest, batch_id: int) -> HttpResponseBase:
    """The one-time sheet (temporary passwords): handed to the importing user once, then deleted (logged)."""
    batch = selectors.batch_get_for_user(request.user, batch_id)
    try:
        sheet = services.import_one_time_sheet_take(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("exchange:batch-detail", batch_id=batch.pk)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx_response(exports.one_time_sheet_xlsx(sheet), f"mat-khau-tam-thoi-{batch.pk}-{stamp}.xlsx")


@login_required
@require_GET
def importer_template(request: HttpRequest, code: str) -> HttpResponseBase:
    """An empty .xlsx with the importer's columns."""
    importer = selectors.importer_get_for_user(request.user, code)
    return _xlsx_response(exports.template_xlsx(importer), f"mau-nhap-{importer.code}.xlsx")
