"""Reads of the steering tasks, always through the user's scope: a task is visible when its lead unit or one of
its coordinating units is inside the user's units (province-wide roles see every task); outside: 404.

Each workflow step has its own getter that also checks the role (403 inside the scope, 404 outside).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import active_assignments, units_visible_to, user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.roles import Role
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.models import ProgressReport, Task, TaskExtension
from chidao.core.text import fold_for_search

# Who confirms or returns a unit's report, and who approves extensions and records suspensions.
REVIEWER_ROLES = (Role.SECRETARIAT,)
REPORTER_ROLES = (Role.UNIT_OFFICER,)
UNIT_APPROVER_ROLES = (Role.UNIT_HEAD,)


class SixClear(StrEnum):
    """The typed "6 rõ" items that can be missing on a task ("rõ việc", the content, is always required)."""

    PERSON = "person"  # rõ người: a responsible person
    DEADLINE = "deadline"  # rõ thời gian: a deadline, or a cadence for a recurring task
    LEAD_UNIT = "lead_unit"  # rõ trách nhiệm: a lead unit
    PRODUCT = "product"  # rõ sản phẩm: type and description
    AUTHORITY = "authority"  # rõ thẩm quyền: the accepting authority

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the missing item."""
        return _SIX_CLEAR_LABELS[self]


_SIX_CLEAR_LABELS = {
    SixClear.PERSON: "Chưa rõ người chịu trách nhiệm",
    SixClear.DEADLINE: "Chưa rõ thời gian",
    SixClear.LEAD_UNIT: "Chưa rõ đơn vị chủ trì",
    SixClear.PRODUCT: "Chưa rõ sản phẩm",
    SixClear.AUTHORITY: "Chưa rõ thẩm quyền",
}

# The database condition of each missing item, so the list can filter on it.
SIX_CLEAR_MISSING: dict[SixClear, Q] = {
    SixClear.PERSON: Q(responsible_person__isnull=True),
    SixClear.DEADLINE: (Q(kind=Task.Kind.TIME_BOUND) & Q(original_deadline__isnull=True))
    | (Q(kind=Task.Kind.RECURRING) & Q(cadence="")),
    SixClear.LEAD_UNIT: Q(lead_unit__isnull=True),
    SixClear.PRODUCT: Q(product_type="") | Q(product_description=""),
    SixClear.AUTHORITY: Q(authority__isnull=True),
}


def six_clear_missing(task: Task) -> tuple[SixClear, ...]:
    """The "6 rõ" items missing on a task, in the fixed order of SixClear."""
    deadline_missing = (task.kind == Task.Kind.TIME_BOUND and task.original_deadline is None) or (
        task.kind == Task.Kind.RECURRING and not task.cadence
    )
    missing = {
        SixClear.PERSON: task.responsible_person_id is None,
        SixClear.DEADLINE: deadline_missing,
        SixClear.LEAD_UNIT: task.lead_unit_id is None,
        SixClear.PRODUCT: not task.product_type or not task.product_description,
        SixClear.AUTHORITY: task.authority_id is None,
    }
    return tuple(item for item in SixClear if missing[item])


def _visible_condition(user: User, as_of: dt.date | None = None) -> Q | None:
    """None for province-wide roles (everything); else lead or coordinating unit inside the user's units."""
    scope = user_scope(user, as_of)
    if scope.all_units:
        return None
    visible_units = units_visible_to(user, as_of).values("pk")
    coordinated = Task.coordinating_units.through.objects.filter(
        task_id=OuterRef("pk"), unit_id__in=visible_units
    )
    return Q(lead_unit_id__in=visible_units) | Q(Exists(coordinated))


def tasks_visible_to(user: User, as_of: dt.date | None = None) -> QuerySet[Task]:
    """The tasks a user may open (none for a user without roles)."""
    if not user_scope(user, as_of).roles:
        return Task.objects.none()
    condition = _visible_condition(user, as_of)
    tasks = Task.objects.all()
    return tasks if condition is None else tasks.filter(condition)


def task_get_for_user(user: User, task_id: int) -> Task:
    """The task if the user may see it, with what its page shows; otherwise 404 (existence not revealed)."""
    extensions = TaskExtension.objects.select_related("requested_by", "approved_by")
    try:
        return (
            tasks_visible_to(user)
            .select_related("lead_unit", "responsible_person", "authority", "source_document", "parent")
            .prefetch_related(
                "coordinating_units", "areas", "plans", "phases", Prefetch("extensions", queryset=extensions)
            )
            .get(pk=task_id)
        )
    except (Task.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy nhiệm vụ") from None


def _role_covers_unit(user: User, roles: tuple[str, ...], unit: Unit | None) -> bool:
    """Whether the user holds one of `roles` on a unit whose subtree contains `unit`."""
    if unit is None:
        return False
    target = f"{unit.path}{unit.pk}/"
    rows = active_assignments(user).filter(role__in=roles).select_related("unit")
    return any(target.startswith(f"{row.unit.path}{row.unit.pk}/") for row in rows)


def task_get_for_reporter(user: User, task_id: int) -> Task:
    """The task if the user is an officer of its lead unit (may submit a report): 404 outside, 403 inside."""
    task = task_get_for_user(user, task_id)
    if not _role_covers_unit(user, REPORTER_ROLES, task.lead_unit):
        raise PermissionDenied("Chỉ cán bộ của đơn vị chủ trì được gửi báo cáo nhiệm vụ này.")
    return task


def _report_get(user: User, report_id: int) -> ProgressReport:
    try:
        return ProgressReport.objects.select_related("task", "task__lead_unit").get(
            pk=report_id, task__in=tasks_visible_to(user)
        )
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy báo cáo") from None


def report_get_for_head(user: User, report_id: int) -> ProgressReport:
    """The report if the user heads the task's lead unit (may approve it): 404 outside, 403 inside."""
    report = _report_get(user, report_id)
    if not _role_covers_unit(user, UNIT_APPROVER_ROLES, report.task.lead_unit):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị chủ trì được duyệt báo cáo này.")
    return report


def report_get_for_reviewer(user: User, report_id: int) -> ProgressReport:
    """The report if the user belongs to the secretariat (confirms or returns): 404 outside, 403 inside."""
    report = _report_get(user, report_id)
    if not user_scope(user).has_role(*REVIEWER_ROLES):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được xác nhận hoặc trả lại báo cáo.")
    return report


def task_get_for_secretariat(user: User, task_id: int) -> Task:
    """The task if the user may extend, suspend, stop or direct it (secretariat): 404 outside, 403 inside."""
    task = task_get_for_user(user, task_id)
    if not user_scope(user).has_role(*REVIEWER_ROLES):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được thực hiện thao tác này.")
    return task


@dataclass(frozen=True)
class TaskFilters:
    """The filters of the task list; empty values filter nothing."""

    area: str = ""
    plan: str = ""
    unit_id: int | None = None
    bucket: str = ""
    flag: str = ""
    phase: str = ""
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    query: str = ""
    missing: SixClear | None = None
    # Completion evidence dated in this window (both ends included), e.g. "completed in 2025".
    completed_from: dt.date | None = None
    completed_to: dt.date | None = None
    # Judge bucket and flag as of this date (computed by the core, as the figures of that date count them)
    # instead of the stored status; None = the stored status. Applied by page_queries.task_list_page.
    as_of: dt.date | None = None


def task_list_for_user(user: User, filters: TaskFilters = TaskFilters()) -> QuerySet[Task]:
    """Visible tasks matching the filters, by deadline then code, with what a list row shows (bucket and flag
    on the stored status: a filter as of a date is page_queries.task_list_page's)."""
    tasks = tasks_visible_to(user)
    if filters.area:
        tasks = tasks.filter(
            Exists(Task.areas.through.objects.filter(task_id=OuterRef("pk"), area__code=filters.area))
        )
    if filters.plan:
        tasks = tasks.filter(
            Exists(Task.plans.through.objects.filter(task_id=OuterRef("pk"), plan__code=filters.plan))
        )
    if filters.phase:
        tasks = tasks.filter(
            Exists(Task.phases.through.objects.filter(task_id=OuterRef("pk"), phase__code=filters.phase))
        )
    if filters.unit_id is not None:
        tasks = tasks.filter(lead_unit_id=filters.unit_id)
    if filters.bucket:
        tasks = tasks.filter(status_bucket=filters.bucket)
    if filters.flag:
        tasks = tasks.filter(status_flags__contains=f",{filters.flag},")
    if filters.deadline_from is not None:
        tasks = tasks.filter(deadline__gte=filters.deadline_from)
    if filters.deadline_to is not None:
        tasks = tasks.filter(deadline__lte=filters.deadline_to)
    if filters.completed_from is not None:
        tasks = tasks.filter(completed_on__gte=filters.completed_from)
    if filters.completed_to is not None:
        tasks = tasks.filter(completed_on__lte=filters.completed_to)
    if filters.query:
        tasks = tasks.filter(name_search__contains=fold_for_search(filters.query))
    if filters.missing is not None:
        tasks = tasks.filter(SIX_CLEAR_MISSING[filters.missing])
    return tasks.select_related("lead_unit", "responsible_person").order_by("deadline", "code")


def report_review_queue(user: User) -> QuerySet[ProgressReport]:
    """Reports approved by their unit head and waiting for the secretariat (empty for other roles)."""
    if not user_scope(user).has_role(*REVIEWER_ROLES):
        return ProgressReport.objects.none()
    return (
        ProgressReport.objects.filter(state=ProgressReport.State.HEAD_APPROVED)
        .select_related("task", "task__lead_unit", "submitted_by")
        .order_by("head_approved_at")
    )


def commune_units_under(unit: Unit, as_of: dt.date | None = None) -> QuerySet[Unit]:
    """The commune-level units (xã, phường, đặc khu) in the subtree of `unit`, valid on the date."""
    day = as_of or timezone.localdate()
    kinds = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)
    return (
        Unit.objects.filter(path__startswith=f"{unit.path}{unit.pk}/", kind__in=kinds, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("name_sort")
    )


@dataclass(frozen=True)
class AssignPreview:
    """What "assign to many" would do: children to create, and units that already have one."""

    to_create: tuple[Unit, ...]
    already_assigned: tuple[Unit, ...]

    @property
    def count(self) -> int:
        """How many children would be created."""
        return len(self.to_create)


def assign_many_preview(parent: Task, units: QuerySet[Unit] | list[Unit]) -> AssignPreview:
    """The preview count of task_assign_many: units that get a new child, and those already assigned."""
    assigned = set(parent.children.values_list("lead_unit_id", flat=True))
    chosen = list(units)
    return AssignPreview(
        to_create=tuple(u for u in chosen if u.pk not in assigned),
        already_assigned=tuple(u for u in chosen if u.pk in assigned),
    )
