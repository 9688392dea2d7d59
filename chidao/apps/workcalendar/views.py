"""Calendar pages: a year's effective calendar (administrators and the secretariat), and the override
form and deletion (administrators). Anyone else gets 404; the secretariat gets 403 on the writing pages.

Thin: parse, one selector or service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chidao.apps.workcalendar import selectors, services
from chidao.apps.workcalendar.forms import OverrideForm
from chidao.apps.workcalendar.models import CalendarOverride

WEEKDAY_HEADERS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
YEAR_RANGE = range(2000, 2101)


def _year_url(year: int) -> str:
    return f"{reverse('workcalendar:year')}?year={year}"


@login_required
@require_GET
def year(request: HttpRequest) -> HttpResponse:
    """The effective calendar of a year: month grid, pinned entries and the overrides."""
    selectors.calendar_reader_check(request.user)
    try:
        shown = int(request.GET.get("year", ""))
    except ValueError:
        shown = timezone.localdate().year
    if shown not in YEAR_RANGE:
        shown = timezone.localdate().year
    context = {
        "calendar": selectors.year_calendar(shown),
        "weekdays": WEEKDAY_HEADERS,
        "can_edit": selectors.user_may_edit_calendar(request.user),
        "previous_year": shown - 1,
        "next_year": shown + 1,
        "page_title": _("Lịch làm việc năm %(year)s") % {"year": shown},
    }
    return render(request, "workcalendar/year.html", context)


def _save(
    request: HttpRequest, form: OverrideForm, override: CalendarOverride | None
) -> CalendarOverride | None:
    data = {field: form.cleaned_data[field] for field in form.fields}
    try:
        if override is None:
            return services.calendar_override_create(actor=request.user, **data)
        return services.calendar_override_update(actor=request.user, override=override, data=data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def override_create(request: HttpRequest) -> HttpResponse:
    """Add an override (administrators)."""
    selectors.calendar_editor_check(request.user)
    form = OverrideForm.for_override(None, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(request, _("Đã thêm điều chỉnh lịch: %(name)s.") % {"name": saved})
            return redirect(_year_url(saved.start.year))
    return render(
        request,
        "workcalendar/override_form.html",
        {"form": form, "override": None, "page_title": _("Thêm điều chỉnh lịch")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_edit(request: HttpRequest, override_id: int) -> HttpResponse:
    """Change an override (administrators)."""
    override = selectors.override_get_for_editor(request.user, override_id)
    form = OverrideForm.for_override(override, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        saved = _save(request, form, override)
        if saved is not None:
            messages.success(request, _("Đã lưu điều chỉnh lịch: %(name)s.") % {"name": saved})
            return redirect(_year_url(saved.start.year))
    return render(
        request,
        "workcalendar/override_form.html",
        {"form": form, "override": override, "page_title": _("Sửa điều chỉnh lịch")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def override_delete(request: HttpRequest, override_id: int) -> HttpResponse:
    """Ask for confirmation (GET), then remove the override (POST; administrators)."""
    override = selectors.override_get_for_editor(request.user, override_id)
    if request.method == "POST":
        year_shown = override.start.year
        services.calendar_override_delete(actor=request.user, override=override)
        messages.success(request, _("Đã xóa điều chỉnh lịch: %(name)s.") % {"name": override})
        return redirect(_year_url(year_shown))
    return render(
        request,
        "workcalendar/override_confirm_delete.html",
        {"override": override, "page_title": _("Xóa điều chỉnh lịch")},
    )
