"""Pages of the steering tasks: overview, task list, task page, "Việc của tôi", the report flow (submit, head
approval, the secretariat's review queue), directives and the league table.

Thin: parse, select or call one service, render. htmx requests get a partial of the same template.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from chidao.apps.organisation.models import Unit
from chidao.apps.programmes import page_queries, selectors, services, statistics
from chidao.apps.programmes.forms import (
    AsOfForm,
    ConfirmForm,
    DirectiveForm,
    OverviewFilterForm,
    ReportForm,
    ReturnForm,
    TaskFilterForm,
)
from chidao.apps.programmes.page_queries import FigureRow

PAGE_SIZE = 50


def _template(request: HttpRequest, page: str, partial: str) -> str:
    return f"programmes/{page}#{partial}" if request.htmx else f"programmes/{page}"  # type: ignore[attr-defined]


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's error on the form: on its fields when they are the form's, else on the whole form."""
    try:
        form.add_error(None, error)
    except (ValueError, TypeError):
        form.add_error(None, error.messages)


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to the page named in `next` when it is ours, else to `default` (htmx: a client redirect)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)  # type: ignore[attr-defined]


# ---- overview and league ---------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Figures as of a date in the seed's shape, per area, plan and phase, with the change since a chosen date;
    every number links to the tasks behind it."""
    form = OverviewFilterForm(request.GET or None)
    as_of = form.as_of_date()
    area = form.cleaned_data.get("area", "") if form.is_valid() else ""
    plan = form.cleaned_data.get("plan", "") if form.is_valid() else ""
    figures = statistics.task_statistics(
        request.user,  # type: ignore[arg-type]
        as_of=as_of,
        area=area,
        plan=plan,
        since=form.since_date(),
        completed_between=form.completion_window(),
        basis=form.basis_value(),
    )
    current = figures.statistics
    base = {key: value for key, value in (("area", area), ("plan", plan)) if value}
    total_row = FigureRow(
        label=_("Tổng cộng"),
        link_params=base,
        counts=current,
        rate=page_queries.percent_text(current.completion_rate),
    )
    context = {
        "form": form,
        "as_of": as_of,
        "as_of_date": as_of,
        "is_today": as_of == timezone.localdate(),
        "figures": figures,
        "statistics": current,
        "rows": [total_row],
        "area_rows": page_queries.area_rows(current.by_area, "area"),
        "plan_rows": page_queries.area_rows(current.by_plan, "plan"),
        "phases": current.by_phase,
        "base_query": urlencode(base) + "&" if base else "",
        "change": page_queries.change_line(figures.change) if figures.change else None,
        "page_title": _("Tổng hợp nhiệm vụ"),
    }
    return render(request, "programmes/overview.html", context)


@login_required
@require_GET
def league(request: HttpRequest) -> HttpResponse:
    """The lead units ranked as of a date, with each unit's head named as of that date; printable."""
    form = AsOfForm(request.GET or None)
    as_of = form.as_of_date()
    lines = statistics.league_table(request.user, as_of=as_of)  # type: ignore[arg-type]
    context = {
        "form": form,
        "as_of": as_of,
        "as_of_date": as_of,
        "lines": page_queries.league_display(lines),
        "page_title": _("Bảng xếp hạng đơn vị chủ trì"),
    }
    return render(request, "programmes/league.html", context)


# ---- lists -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    """Visible tasks filtered by area, plan, unit, bucket, flag, phase, deadline range, missing "6 rõ" and a
    diacritics-insensitive search; paginated; an htmx request gets only the rows. With "as_of" (a figure of a
    past date links here), bucket and flags are those computed as of that date."""
    user: Any = request.user
    statistics.require_role(user)
    units = list(
        Unit.objects.filter(led_tasks__in=selectors.tasks_visible_to(user)).distinct().order_by("name_sort")
    )
    form = TaskFilterForm(request.GET or None, units=units)
    filters = form.filters()
    tasks = page_queries.task_list_page(user, filters)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    if filters.as_of is not None:
        page_queries.show_statuses_as_of(page, filters.as_of)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "as_of": filters.as_of,
        "rows": [(task, page_queries.flag_labels(task)) for task in page],
        "query": query.urlencode(),
        "filtered": any(value for key, value in request.GET.items() if key not in {"q", "page"}),
        "page_title": _("Danh sách nhiệm vụ"),
    }
    return render(request, _template(request, "task_list.html", "task_rows"), context)


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": open tasks of the user's units, reports waiting for his approval, the review queue size."""
    user: Any = request.user
    statistics.require_role(user)
    work = page_queries.my_work(user)
    page = Paginator(work.tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "work": work,
        "page": page,
        "rows": [(task, page_queries.flag_labels(task)) for task in page],
        "to_approve": list(work.to_approve),
        "page_title": _("Việc của tôi"),
    }
    return render(request, _template(request, "my_tasks.html", "task_rows"), context)


# ---- the task page and its one-step actions -------------------------------------------------------------------


@login_required
@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    """A task: its "6 rõ" (missing ones shown), status with explanation, deadline history, reports with evidence,
    directives, sub-tasks and history."""
    user: Any = request.user
    task = selectors.task_get_for_user(user, task_id)
    actions = page_queries.task_actions(user, task)
    context = {
        "task": task,
        "detail": page_queries.task_detail(task),
        "actions": actions,
        "directive_form": DirectiveForm() if actions.direct else None,
        "page_title": task.title,
    }
    return render(request, "programmes/task_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_directive(request: HttpRequest, task_id: int) -> HttpResponse:
    """A leader's or the secretariat's explanation request or direction, with its own deadline, in one step."""
    task = page_queries.task_get_for_director(request.user, task_id)  # type: ignore[arg-type]
    form = DirectiveForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.directive_create(
                actor=request.user,
                task=task,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Đã gửi tới đơn vị chủ trì."))
            return _back(request, reverse("programmes:task-detail", args=[task.pk]))
    context = {"task": task, "form": form, "page_title": _("Yêu cầu giải trình, ý kiến chỉ đạo")}
    return render(request, _template(request, "directive_form.html", "directive_form"), context)


# ---- the report flow ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_submit(request: HttpRequest, task_id: int) -> HttpResponse:
    """The lead unit's officer reports progress with evidence (or saves a draft); the head approves it next."""
    task = selectors.task_get_for_reporter(request.user, task_id)  # type: ignore[arg-type]
    form = ReportForm(
        request.POST if request.method == "POST" else None, initial={"percent": task.progress_percent}
    )
    if form.is_bound and form.is_valid():
        draft = "draft" in request.POST
        try:
            services.report_submit(actor=request.user, task=task, draft=draft, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Đã lưu nháp báo cáo.") if draft else _("Đã gửi báo cáo, chờ lãnh đạo đơn vị duyệt."),
            )
            detail = reverse("programmes:task-detail", args=[task.pk])
            return HttpResponseClientRedirect(detail) if request.htmx else redirect(detail)  # type: ignore[attr-defined]
    context = {"task": task, "form": form, "page_title": _("Báo cáo tiến độ")}
    # An invalid form comes back with 200 so htmx swaps it in (htmx ignores 4xx bodies by default).
    return render(request, _template(request, "report_form.html", "report_form"), context)


@login_required
@require_POST
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    """The head of the lead unit approves a submitted report; it goes to the secretariat."""
    report = selectors.report_get_for_head(request.user, report_id)  # type: ignore[arg-type]
    try:
        services.report_approve_by_head(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã duyệt báo cáo, chuyển Thường trực xác nhận."))
    return _back(request, reverse("programmes:my-tasks"))


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """The secretariat's queue: reports approved by their unit head, with evidence, to confirm or return."""
    reports = page_queries.review_queue(request.user)  # type: ignore[arg-type]
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "confirm_form": ConfirmForm(),
        "return_form": ReturnForm(),
        "page_title": _("Báo cáo chờ xác nhận"),
    }
    return render(request, "programmes/review_queue.html", context)


@login_required
@require_POST
def report_confirm(request: HttpRequest, report_id: int) -> HttpResponse:
    """The secretariat confirms a report: a completion report makes the task done on the evidence date."""
    report = selectors.report_get_for_reviewer(request.user, report_id)  # type: ignore[arg-type]
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.report_confirm(
            actor=request.user,
            report=report,
            close_open_children_reason=form.cleaned_data.get("close_open_children_reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã xác nhận báo cáo của nhiệm vụ %(code)s.") % {"code": report.task.code}
        )
    return _back(request, reverse("programmes:review-queue"))


@login_required
@require_POST
def report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    """The secretariat returns a report with a reason: the task reopens, flagged "bị trả lại"."""
    report = selectors.report_get_for_reviewer(request.user, report_id)  # type: ignore[arg-type]
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Phải nêu lý do trả lại."))
        return _back(request, reverse("programmes:review-queue"))
    try:
        services.report_return(actor=request.user, report=report, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã trả lại báo cáo của nhiệm vụ %(code)s.") % {"code": report.task.code})
    return _back(request, reverse("programmes:review-queue"))
