"""Pages of the service index: the province dashboard, a unit, the drill-down (with .xlsx), official scores.

Thin: read through the selectors (scope checked there: 404 outside it), shape for the template, render the
full page or, for htmx, the partial.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.jobs.services import job_start
from chidao.apps.service_index import charts, selectors, services
from chidao.apps.service_index.background import COMPUTE_JOB_KIND
from chidao.apps.service_index.forms import PublishedRateForm, PublishedScoreForm
from chidao.apps.service_index.models import IndexRun
from chidao.apps.service_index.periods import parse_period
from chidao.engines.tabular import ExportColumn, ExportHeader, write_xlsx

# Who computes the index and enters the official scores (province-wide figures).
MANAGER_ROLES = (Role.ADMINISTRATOR, Role.SECRETARIAT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _may_manage(user: Any) -> bool:
    return user_scope(user).has_role(*MANAGER_ROLES)


def _template(request: HttpRequest, page: str, partial: str) -> str:
    return f"service_index/{page}#{partial}" if getattr(request, "htmx", False) else f"service_index/{page}"


def _periods() -> list[dict[str, str]]:
    return [
        {"code": run.period_code, "label": selectors.period_of(run).label}
        for run in selectors.current_runs()[:60]
    ]


@login_required
@require_GET
def index_dashboard(request: HttpRequest) -> HttpResponse:
    """The province: official and recomputed total, band, groups, trend, rank tables (unit staff: their unit)."""
    user: Any = request.user
    selectors.require_role(user)
    if not selectors.sees_province(user):
        unit = selectors.home_unit(user)
        if unit is None:
            raise PermissionDenied(_("Tài khoản chưa được phân quyền."))
        return redirect("service_index:unit-detail", unit_id=unit.pk)
    run = selectors.run_for(request.GET.get("period"))
    context: dict[str, Any] = {
        "run": run,
        "periods": _periods(),
        "may_manage": _may_manage(user),
        "page_title": _("Chỉ số phục vụ người dân, doanh nghiệp"),
        "as_of_date": timezone.localdate(),
    }
    if run is not None:
        overview = selectors.province_overview(user, run)
        context.update(
            overview=overview,
            groups_chart=charts.groups_chart(overview.groups),
            trend_chart=charts.trend_chart(overview.trend),
            as_of_date=overview.period.last_day,
        )
    return render(request, _template(request, "dashboard.html", "content"), context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit: every sub-indicator (counts, rate, points), official vs recomputed, the gap, the trend."""
    user: Any = request.user
    unit = selectors.unit_for_index(user, unit_id)
    run = selectors.run_for(request.GET.get("period"))
    context: dict[str, Any] = {
        "unit": unit,
        "run": run,
        "periods": _periods(),
        "sees_province": selectors.sees_province(user),
        "page_title": unit.name,
        "as_of_date": timezone.localdate(),
    }
    if run is not None:
        overview = selectors.unit_overview(user, unit_id, run)
        context.update(
            overview=overview,
            trend_chart=charts.trend_chart(overview.trend),
            as_of_date=overview.period.last_day,
        )
    return render(request, _template(request, "unit.html", "content"), context)


def _run_or_404(request: HttpRequest) -> IndexRun:
    run = selectors.run_for(request.GET.get("period"))
    if run is None:
        from django.http import Http404

        raise Http404(_("Chưa tính chỉ số."))
    return run


@login_required
@require_GET
def drill_down(request: HttpRequest, unit_id: int, indicator_id: str) -> HttpResponse:
    """The dossiers (feedback, procedures) that cost the unit points on one sub-indicator, page by page."""
    run = _run_or_404(request)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        page_number = 1
    page = selectors.drill_down(request.user, unit_id, indicator_id, run, page_number)  # type: ignore[arg-type]
    context = {
        "page": page,
        "run": run,
        "period": selectors.period_of(run),
        "page_title": _("Hồ sơ làm mất điểm"),
        "as_of_date": selectors.period_of(run).last_day,
    }
    return render(request, _template(request, "drill_down.html", "rows"), context)


@login_required
@require_GET
def drill_down_export(request: HttpRequest, unit_id: int, indicator_id: str) -> HttpResponse:
    """The same list as .xlsx (every row, up to a million)."""
    run = _run_or_404(request)
    unit, names, rows = selectors.drill_down_export(request.user, unit_id, indicator_id, run)  # type: ignore[arg-type]
    period = selectors.period_of(run)
    buffer = io.BytesIO()
    write_xlsx(
        buffer,
        header=ExportHeader(
            unit=unit.name,
            title=_("Hồ sơ làm mất điểm chỉ số %(indicator)s") % {"indicator": indicator_id},
            as_of=period.last_day,
            subtitle=(
                _("Kỳ %(period)s") % {"period": period.label}
                + (" — " + _("dữ liệu mô phỏng") if run.simulated else "")
            ),
        ),
        columns=[ExportColumn(name) for name in names],
        rows=rows,
        sheet_title=f"Chỉ số {indicator_id}",
        timezone=timezone.get_default_timezone(),
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = f"chi-so-{indicator_id}-{unit.code}-{period.code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    """Start computing a period as a job (administrators, secretariat); the job page shows its progress."""
    user: Any = request.user
    selectors.require_role(user)
    if not _may_manage(user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống và thường trực được tính chỉ số."))
    try:
        period = parse_period(request.POST.get("period", ""))
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("service_index:dashboard")
    job = job_start(actor=user, kind=COMPUTE_JOB_KIND, parameters={"period": period.code})
    return redirect(reverse("jobs:job-detail", args=[job.pk]))


# The POST field telling the two forms of the official page apart (absent: the score form).
FORM_KIND = "form_kind"
RATE_FORM = "rate"


def _score_saved(request: HttpRequest, form: PublishedScoreForm) -> bool:
    data = form.cleaned_data
    try:
        services.published_score_save(
            actor=request.user,
            unit=data["unit"],
            month=data["month"],
            group_number=data["group_number"],
            score=data["score"],
            rank=data["rank"],
            rank_of=data["rank_of"],
            source_document=data["source_document"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    messages.success(request, _("Đã lưu điểm chính thức."))
    return True


def _rate_saved(request: HttpRequest, form: PublishedRateForm) -> bool:
    data = form.cleaned_data
    try:
        services.published_rate_save(
            actor=request.user,
            unit=data["unit"],
            month=data["month"],
            indicator_id=data["indicator_id"],
            rate=data["rate"],
            source_document=data["source_document"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    messages.success(request, _("Đã lưu tỷ lệ công bố."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def official_scores(request: HttpRequest) -> HttpResponse:
    """The official scores and the published group-1 rates (scoped), and their entry forms for
    administrators and the secretariat."""
    user: Any = request.user
    selectors.require_role(user)
    may_manage = _may_manage(user)
    form = rate_form = None
    if may_manage:
        posted = request.POST if request.method == "POST" else None
        is_rate = posted is not None and posted.get(FORM_KIND) == RATE_FORM
        form = PublishedScoreForm(None if is_rate else posted, user=user)
        rate_form = PublishedRateForm(posted if is_rate else None, user=user)
        if posted is not None:
            if is_rate and rate_form.is_valid() and _rate_saved(request, rate_form):
                return redirect("service_index:official-scores")
            if not is_rate and form.is_valid() and _score_saved(request, form):
                return redirect("service_index:official-scores")
    elif request.method == "POST":
        raise PermissionDenied(_("Chỉ quản trị hệ thống và thường trực được nhập điểm chính thức."))
    context = {
        "scores": selectors.published_scores(user)[:500],
        "rates": selectors.published_rates(user)[:500],
        "form": form,
        "rate_form": rate_form,
        "form_kind": FORM_KIND,
        "rate_form_kind": RATE_FORM,
        "page_title": _("Điểm chính thức"),
        "as_of_date": timezone.localdate(),
    }
    return render(request, "service_index/official_scores.html", context)
