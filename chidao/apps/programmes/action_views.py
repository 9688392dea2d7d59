"""The secretariat's mass actions in the browser: bulk actions on a filtered task list (preview, apply, result),
an extension of one task's deadline, and "assign to many" from a parent task (preview count, then create).

Thin: parse, one selector or service, render. Every bulk action, extension and assignment is the secretariat's
(REVIEWER_ROLES, as bulk_preview and task_get_for_secretariat say): others get 403, tasks outside the scope 404
(one task) or a "not found" refusal (a list).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from chidao.apps.accounts.access import units_visible_to, user_scope
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes import page_queries, selectors, services
from chidao.apps.programmes.action_forms import (
    ACTION_LABELS,
    ASSIGN_ALL_COMMUNES,
    SCOPE_ALL,
    AssignManyForm,
    BulkChoiceForm,
    BulkParamsForm,
    ExtensionForm,
)
from chidao.apps.programmes.bulk_preview import BulkAction, Refusal, tasks_bulk_preview
from chidao.apps.programmes.forms import TaskFilterForm
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.services.bulk import tasks_bulk_apply


def _require_secretariat(user: User) -> None:
    if not user_scope(user).has_role(*selectors.REVIEWER_ROLES):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được thực hiện thao tác hàng loạt.")


def _list_url(filter_query: str = "") -> str:
    base = reverse("programmes:task-list")
    return f"{base}?{filter_query}" if filter_query else base


def _matching_ids(user: User, filter_query: str) -> list[int] | None:
    """Every task the list shows for the filter query (None when the filter is invalid: nothing is guessed)."""
    data = QueryDict(filter_query)
    units = list(Unit.objects.filter(led_tasks__in=selectors.tasks_visible_to(user)).distinct())
    form = TaskFilterForm(data or None, units=units)
    if form.is_bound and not form.is_valid():
        return None
    tasks = page_queries.task_list_page(user, form.filters())
    return list(tasks.values_list("pk", flat=True))


def _back_to_list(request: HttpRequest, choice: BulkChoiceForm) -> HttpResponse:
    """An unusable request (nothing ticked, unknown action) returns to the list it came from, with why."""
    for error in choice.non_field_errors() or [_("Yêu cầu không hợp lệ.")]:
        messages.error(request, str(error))
    return redirect(_list_url(request.POST.get("filter_query", "")))


def _reassign_units(user: User) -> QuerySet[Unit]:
    today = timezone.localdate()
    return (
        units_visible_to(user)
        .filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("name_sort")
    )


def _task_names(user: User, ids: list[Any]) -> dict[int, Task]:
    numeric = [value for value in ids if isinstance(value, int)]
    return {
        task.pk: task
        for task in selectors.tasks_visible_to(user).filter(pk__in=numeric).only("code", "title")
    }


def _refusal_rows(user: User, refused: tuple[Refusal, ...]) -> list[tuple[Refusal, Task | None]]:
    names = _task_names(user, [refusal.task_id for refusal in refused])
    return [
        (refusal, names.get(refusal.task_id) if isinstance(refusal.task_id, int) else None)
        for refusal in refused
    ]


def _preview_page(
    request: HttpRequest,
    user: User,
    action: BulkAction,
    task_ids: list[int],
    params: BulkParamsForm,
    back: str,
) -> HttpResponse:
    preview = tasks_bulk_preview(user, task_ids, action)
    context = {
        "action": action,
        "action_label": ACTION_LABELS[action.value],
        "preview": preview,
        "targets": [target.task for target in preview.targets],
        "refusals": _refusal_rows(user, preview.refused),
        "params": params,
        "filter_query": back,
        "back_url": _list_url(back),
        "page_title": _("Xem trước thao tác hàng loạt"),
    }
    return render(request, "programmes/bulk_preview.html", context)


@login_required
@require_POST
def bulk_preview(request: HttpRequest) -> HttpResponse:
    """The preview of a bulk action on the ticked tasks or on every task matching the list's filter: how many
    it applies to, each refusal with its reason, and the action's own fields (new deadline, reason, unit)."""
    user: Any = request.user
    _require_secretariat(user)
    choice = BulkChoiceForm(request.POST)
    if not choice.is_valid():
        return _back_to_list(request, choice)
    filter_query = choice.cleaned_data["filter_query"]
    if choice.cleaned_data["scope"] == SCOPE_ALL:
        task_ids = _matching_ids(user, filter_query)
        if task_ids is None:
            messages.error(request, _("Bộ lọc không hợp lệ, chưa thực hiện thao tác."))
            return redirect(_list_url(filter_query))
    else:
        task_ids = choice.cleaned_data["task"]
    action = BulkAction(choice.cleaned_data["action"])
    params = BulkParamsForm(action=action, units=_reassign_units(user))
    return _preview_page(request, user, action, task_ids, params, filter_query)


@login_required
@require_POST
def bulk_apply(request: HttpRequest) -> HttpResponse:
    """Apply the previewed action: one transaction, one audit row per task; the result page lists the tasks
    done and those refused with their reasons (the same checks run again)."""
    user: Any = request.user
    _require_secretariat(user)
    choice = BulkChoiceForm(request.POST)
    if not choice.is_valid():
        return _back_to_list(request, choice)
    action = BulkAction(choice.cleaned_data["action"])
    task_ids: list[int] = choice.cleaned_data["task"]
    filter_query = choice.cleaned_data["filter_query"]
    params = BulkParamsForm(request.POST, action=action, units=_reassign_units(user))
    if not params.is_valid():
        return _preview_page(request, user, action, task_ids, params, filter_query)
    try:
        result = tasks_bulk_apply(actor=user, task_ids=task_ids, action=action, params=params.cleaned_data)
    except ValidationError as error:
        params.add_error(None, error.messages)
        return _preview_page(request, user, action, task_ids, params, filter_query)
    names = _task_names(user, list(result.applied))
    context = {
        "action_label": ACTION_LABELS[action.value],
        "result": result,
        "applied": [names[pk] for pk in result.applied if pk in names],
        "refusals": _refusal_rows(user, result.refused),
        "back_url": _list_url(filter_query),
        "page_title": _("Kết quả thao tác hàng loạt"),
    }
    return render(request, "programmes/bulk_result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_extend(request: HttpRequest, task_id: int) -> HttpResponse:
    """The secretariat extends a task's deadline with a reason; the history keeps old and new deadline, who and
    when, and marks an extension approved after the deadline."""
    task = selectors.task_get_for_secretariat(request.user, task_id)  # type: ignore[arg-type]
    form = ExtensionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.task_extend(
                actor=request.user,
                task=task,
                new_deadline=form.cleaned_data["new_deadline"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            try:
                form.add_error(None, error)
            except (ValueError, TypeError):
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Đã gia hạn nhiệm vụ đến ngày %(date)s.")
                % {"date": form.cleaned_data["new_deadline"].strftime("%d/%m/%Y")},
            )
            return redirect("programmes:task-detail", task.pk)
    context = {"task": task, "form": form, "page_title": _("Gia hạn nhiệm vụ")}
    return render(request, "programmes/extension_form.html", context)


def _province() -> Unit | None:
    return Unit.objects.filter(kind=Unit.Kind.PROVINCE, parent__isnull=True).order_by("pk").first()


def _assignable_units(province: Unit | None) -> QuerySet[Unit]:
    if province is None:
        return Unit.objects.none()
    today = timezone.localdate()
    return (
        Unit.objects.filter(path__startswith=f"{province.path}{province.pk}/", valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
        .order_by("kind", "name_sort")
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_assign_many(request: HttpRequest, task_id: int) -> HttpResponse:
    """ "Assign to many": give a parent task to every commune-level unit or to chosen units; the preview says how
    many children will be created (units already assigned are skipped), the confirmation creates them at once."""
    task = selectors.task_get_for_secretariat(request.user, task_id)  # type: ignore[arg-type]
    province = _province()
    communes = selectors.commune_units_under(province) if province else Unit.objects.none()
    form = AssignManyForm(
        request.POST if request.method == "POST" else None,
        units=_assignable_units(province),
        communes=communes,
    )
    preview = None
    if form.is_bound and form.is_valid():
        chosen = form.chosen_units()
        if "confirm" in request.POST:
            created = services.task_assign_many(actor=request.user, parent=task, units=chosen)
            messages.success(request, _("Đã giao nhiệm vụ cho %(count)s đơn vị.") % {"count": len(created)})
            return redirect("programmes:task-detail", task.pk)
        preview = selectors.assign_many_preview(task, chosen)
    # The confirmation repeats exactly what was previewed, as hidden fields.
    confirm_fields: list[tuple[str, str]] = []
    if preview is not None:
        target = form.cleaned_data["target"]
        confirm_fields = [("target", target)]
        if target != ASSIGN_ALL_COMMUNES:
            confirm_fields += [("units", str(unit.pk)) for unit in form.cleaned_data["units"]]
    context = {
        "task": task,
        "form": form,
        "preview": preview,
        "confirm_fields": confirm_fields,
        "page_title": _("Giao nhiệm vụ cho nhiều đơn vị"),
    }
    return render(request, "programmes/assign_many.html", context)
