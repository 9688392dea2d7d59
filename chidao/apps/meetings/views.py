"""Pages of the committee meetings: the list, a meeting's page, creating and editing a meeting, recording its
conclusions notice, and turning the conclusions into tasks (paste or rows, preview, create).

Thin: parse, one selector or service, render. Authorisation is in the selectors' fetch (404 outside the scope,
403 inside it without the secretariat's role).
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chidao.apps.documents.selectors import documents_for_meeting
from chidao.apps.meetings import selectors, services
from chidao.apps.meetings.conclusion_rows import (
    ConclusionRow,
    ConclusionRowsError,
    ConclusionsCheck,
    conclusions_check,
)
from chidao.apps.meetings.forms import (
    BLANK_ROWS,
    ConclusionBatchForm,
    ConclusionRowFormSet,
    MeetingForm,
    NoticeForm,
    PasteForm,
    initial_rows,
    unit_names,
    units_for_conclusions,
)
from chidao.apps.meetings.models import Meeting
from chidao.apps.programmes.models import Task
from chidao.core.meetings.conclusions import propose_rows

MAX_BLANK_ROWS = 30


def _template(request: HttpRequest, page: str, partial: str) -> str:
    return f"meetings/{page}#{partial}" if request.htmx else f"meetings/{page}"  # type: ignore[attr-defined]


def _add_errors(form: Form, error: ValidationError) -> None:
    """A service's messages on the form's fields when they are its own, else on the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# ---- list and page -------------------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user may see, newest first, filtered by year; htmx gets only the rows."""
    user: Any = request.user
    years = selectors.meeting_years(user)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    meetings = selectors.meeting_list_for_user(user, year=year)
    context = {
        "meetings": meetings,
        "years": years,
        "year": year,
        "may_record": selectors.may_record_meetings(user),
        "page_title": _("Phiên họp Ban Chỉ đạo"),
    }
    return render(request, _template(request, "meeting_list.html", "meeting_rows"), context)


def _bucket_summary(tasks: list[Task]) -> list[tuple[str, int]]:
    counts = Counter(task.status_bucket for task in tasks)
    return [(str(label), counts[value]) for value, label in Task.Bucket.choices if counts[value]]


@login_required
@require_GET
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting: date, form, who chaired and attended, agenda, the secretariat's proposals (province-wide roles),
    the conclusions notice and the tasks it gave (those the user may see) with their status."""
    user: Any = request.user
    meeting = selectors.meeting_get_for_user(user, meeting_id)
    tasks = list(selectors.meeting_tasks_for_user(user, meeting))
    positions = selectors.committee_positions(meeting.committee, meeting.held_on)
    context = {
        "meeting": meeting,
        "tasks": tasks,
        "bucket_summary": _bucket_summary(tasks),
        "attendees": [(p, positions.get(p.pk) or p.title) for p in meeting.attendees.all()],
        "sees_all": selectors.sees_all_meetings(user),
        "may_record": selectors.may_record_meetings(user),
        "previous": selectors.meetings_before(
            meeting.held_on, user=user, committee=meeting.committee
        ).first(),
        # Generated documents of the meeting (its briefings), as the user may see them.
        "documents": list(documents_for_meeting(user, meeting)),
        "page_title": str(meeting),
    }
    return render(request, "meetings/meeting_detail.html", context)


@login_required
@require_GET
def notice_file(request: HttpRequest, meeting_id: int) -> FileResponse:
    """The notice's file, for whoever may see the meeting; never served from MEDIA_ROOT directly."""
    meeting = selectors.meeting_get_for_user(request.user, meeting_id)  # type: ignore[arg-type]
    notice = meeting.conclusion_notice
    if notice is None or not notice.file:
        raise Http404("Thông báo không có tệp")
    extension = PurePosixPath(notice.file.name).suffix.lstrip(".").lower()
    response = FileResponse(
        notice.file.open("rb"),
        as_attachment=True,
        filename=PurePosixPath(notice.file.name).name,
        content_type=services.NOTICE_FILE_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---- create and edit --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    """A new meeting (secretariat only)."""
    selectors.require_secretariat(request.user)  # type: ignore[arg-type]
    form = MeetingForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user,
                co_chairs=form.cleaned_data["co_chairs"],
                attendees=form.cleaned_data["attendees"],
                **form.service_fields(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo phiên họp."))
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    context = {"form": form, "meeting": None, "page_title": _("Tạo phiên họp")}
    return render(request, "meetings/meeting_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Edit a meeting (secretariat only)."""
    meeting = selectors.meeting_get_for_secretariat(request.user, meeting_id)  # type: ignore[arg-type]
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_from(meeting))
    if form.is_bound and form.is_valid():
        try:
            services.meeting_update(
                actor=request.user,
                meeting=meeting,
                data=form.service_fields(),
                co_chairs=form.cleaned_data["co_chairs"],
                attendees=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu phiên họp."))
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    context = {"form": form, "meeting": meeting, "page_title": _("Sửa phiên họp")}
    return render(request, "meetings/meeting_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_notice(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record or correct the meeting's conclusions notice (secretariat only)."""
    meeting = selectors.meeting_get_for_secretariat(request.user, meeting_id)  # type: ignore[arg-type]
    notice = meeting.conclusion_notice
    initial = (
        {"number_symbol": notice.number_symbol, "issued_on": notice.issued_on, "title": notice.title}
        if notice is not None
        # The title is saved on an official Vietnamese document: never translated with the interface.
        else {
            "title": f"Thông báo kết luận của Trưởng Ban Chỉ đạo tại phiên họp ngày {meeting.held_on:%d/%m/%Y}"
        }
    )
    form = NoticeForm(request.POST or None, request.FILES or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.meeting_attach_notice(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã ghi thông báo kết luận."))
            return redirect("meetings:meeting-detail", meeting_id=meeting.pk)
    context = {"form": form, "meeting": meeting, "page_title": _("Thông báo kết luận")}
    return render(request, "meetings/notice_form.html", context)


# ---- conclusions → tasks ------------------------------------------------------------------------------------------


def _rows_page(
    request: HttpRequest,
    meeting: Meeting,
    formset: Any,
    batch: ConclusionBatchForm,
    *,
    notes: list[tuple[str, ...]] | None = None,
    check: ConclusionsCheck | None = None,
) -> HttpResponse:
    forms = list(formset)
    notes = notes or []
    context = {
        "meeting": meeting,
        "formset": formset,
        "rows": [(form, notes[i] if i < len(notes) else ()) for i, form in enumerate(forms)],
        "batch": batch,
        "check": check,
        "step": "rows",
        "page_title": _("Giao nhiệm vụ từ kết luận"),
    }
    return render(request, "meetings/conclusions.html", context)


def _bound_rows(
    request: HttpRequest, form_kwargs: dict[str, Any]
) -> tuple[Any, ConclusionBatchForm, list[Any]]:
    """The formset and batch form of the POST, and the non-blank row forms (only those are sent)."""
    formset = ConclusionRowFormSet(request.POST, form_kwargs=form_kwargs)
    batch = ConclusionBatchForm(request.POST)
    formset.is_valid()
    batch.is_valid()
    sent = [
        form for form in formset if getattr(form, "cleaned_data", None) is not None and not form.is_blank()
    ]
    return formset, batch, sent


def _show_check(formset: Any, batch: ConclusionBatchForm, sent: list[Any], check: ConclusionsCheck) -> None:
    """Put the check's messages on the rows and fields they concern."""
    for index, fields in check.row_errors.items():
        form = sent[index]
        for name, errors in fields.items():
            form.add_error(name if name in form.fields else None, errors)
    for name, errors in check.batch_errors.items():
        batch.add_error(name if name in batch.fields else None, errors)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_conclusions(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Conclusions → tasks (secretariat only). Paste the notice's numbered conclusions (or start from empty
    rows), read the proposed rows, correct them, check, and create every task in one step: all or nothing."""
    user: Any = request.user
    meeting = selectors.meeting_get_for_secretariat(user, meeting_id)
    base = {"meeting": meeting, "page_title": _("Giao nhiệm vụ từ kết luận")}
    if meeting.conclusion_notice_id is None:
        return render(request, "meetings/conclusions.html", {**base, "step": "no_notice"})
    step = request.POST.get("step", "") if request.method == "POST" else ""
    units = units_for_conclusions()
    people = selectors.eligible_people(meeting.committee)
    form_kwargs = {"units": units, "people": people}
    if request.method == "GET":
        blank = request.GET.get("rows", "")
        if blank.isdigit() and int(blank) > 0:
            initial = initial_rows([], blank=min(int(blank), MAX_BLANK_ROWS))
            formset = ConclusionRowFormSet(initial=initial, form_kwargs=form_kwargs)
            return _rows_page(request, meeting, formset, ConclusionBatchForm())
        context = {**base, "step": "paste", "paste": PasteForm(), "blank_rows": BLANK_ROWS + 1}
        return render(request, "meetings/conclusions.html", context)
    if step == "read":
        paste = PasteForm(request.POST)
        if not paste.is_valid():
            context = {**base, "step": "paste", "paste": paste, "blank_rows": BLANK_ROWS + 1}
            return render(request, "meetings/conclusions.html", context)
        proposals = propose_rows(paste.cleaned_data["text"], unit_names(units))
        if not proposals:
            paste.add_error("text", _("Không thấy kết luận nào được đánh số (“1.”, “2.”, “a)”…)."))
            context = {**base, "step": "paste", "paste": paste, "blank_rows": BLANK_ROWS + 1}
            return render(request, "meetings/conclusions.html", context)
        formset = ConclusionRowFormSet(initial=initial_rows(proposals), form_kwargs=form_kwargs)
        notes = [row.notes for row in proposals]
        return _rows_page(request, meeting, formset, ConclusionBatchForm(), notes=notes)
    formset, batch, sent = _bound_rows(request, form_kwargs)
    if not formset.is_valid():
        return _rows_page(request, meeting, formset, batch)
    rows: list[ConclusionRow] = [form.conclusion_row() for form in sent]
    areas = list(batch.cleaned_data.get("areas") or []) if batch.is_valid() else []
    if step == "create":
        try:
            tasks = services.conclusions_to_tasks(actor=user, meeting=meeting, rows=rows, areas=areas)
        except ConclusionRowsError as error:
            _show_check(formset, batch, sent, error.check)
            return _rows_page(request, meeting, formset, batch, check=error.check)
        messages.success(
            request,
            _("Đã giao %(count)s nhiệm vụ từ kết luận phiên họp.") % {"count": len(tasks)},
        )
        return redirect(reverse("meetings:meeting-detail", kwargs={"meeting_id": meeting.pk}) + "#tasks")
    check = conclusions_check(meeting, rows, areas)
    _show_check(formset, batch, sent, check)
    return _rows_page(request, meeting, formset, batch, check=check)
