"""Reads of the task pages that the API does not need: who may do what on a task, the detail page's history,
"Việc của tôi", the review queue, and the figures of the overview and league table ready to display.

Authorisation stays where objects are fetched: every getter here raises 404 outside the scope and 403 inside
it without the role, like the selectors it builds on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.access import active_assignments, user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.roles import Role
from chidao.apps.audit.models import AuditEvent
from chidao.apps.audit.selectors import FieldChange, event_rows
from chidao.apps.audit.services import ACTION_LABELS
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes import statistics
from chidao.apps.programmes.mappers import encode_flags, task_status
from chidao.apps.programmes.models import Area, Plan, ProgressReport, ReportContribution, Task, TaskDirective
from chidao.apps.programmes.selectors import (
    REPORTER_ROLES,
    REVIEWER_ROLES,
    UNIT_APPROVER_ROLES,
    SixClear,
    TaskFilters,
    six_clear_missing,
    task_get_for_user,
    task_list_for_user,
    tasks_visible_to,
)
from chidao.apps.programmes.statistics import LeagueLine
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.numbers import format_number, format_percent
from chidao.core.tasks.statistics import BucketCounts, StatisticsChange

# Who may send an explanation request or a direction from a task: the committee's leaders and its secretariat.
DIRECTOR_ROLES = (Role.LEADER, Role.SECRETARIAT)

FLAG_LABELS: dict[str, Promise] = {
    "not_started": _("Chưa thực hiện"),
    "due_soon": _("Sắp tới hạn"),
    "awaiting_confirmation": _("Chờ xác nhận"),
    "returned": _("Bị trả lại"),
    "extended": _("Đã gia hạn"),
    "extended_after_deadline": _("Gia hạn sau hạn"),
}

SIX_CLEAR_LABELS: dict[SixClear, Promise] = {
    SixClear.PERSON: _("Chưa rõ người chịu trách nhiệm"),
    SixClear.DEADLINE: _("Chưa rõ thời gian"),
    SixClear.LEAD_UNIT: _("Chưa rõ đơn vị chủ trì"),
    SixClear.PRODUCT: _("Chưa rõ sản phẩm"),
    SixClear.AUTHORITY: _("Chưa rõ thẩm quyền"),
}

# Filter values that stand for several buckets, so that every figure of the overview links to its tasks.
BUCKET_GROUPS: dict[str, tuple[str, ...]] = {
    "done": (Task.Bucket.DONE_ON_TIME, Task.Bucket.DONE_LATE),
    "counted": (
        Task.Bucket.DONE_ON_TIME,
        Task.Bucket.DONE_LATE,
        Task.Bucket.IN_PROGRESS_ON_TIME,
        Task.Bucket.IN_PROGRESS_OVERDUE,
        Task.Bucket.RECURRING,
    ),
    # The tasks a phase counts: those with a deadline in the totals (recurring tasks are never "done").
    "time_bound": (
        Task.Bucket.DONE_ON_TIME,
        Task.Bucket.DONE_LATE,
        Task.Bucket.IN_PROGRESS_ON_TIME,
        Task.Bucket.IN_PROGRESS_OVERDUE,
    ),
    # The completion rate's denominator: time-bound tasks whose result is known (done, or past the deadline).
    "due_or_done": (Task.Bucket.DONE_ON_TIME, Task.Bucket.DONE_LATE, Task.Bucket.IN_PROGRESS_OVERDUE),
    # Listed beside the totals, not in them.
    "left_out": (Task.Bucket.SUSPENDED, Task.Bucket.STOPPED),
}
BUCKET_GROUP_LABELS: dict[str, Promise] = {
    "done": _("Hoàn thành"),
    "counted": _("Được tính (trừ tạm hoãn, dừng)"),
    "time_bound": _("Có thời hạn, được tính"),
    "due_or_done": _("Đã hoàn thành hoặc đã quá hạn"),
    "left_out": _("Tạm hoãn, dừng thực hiện"),
}

_OPEN_BUCKETS = (Task.Bucket.IN_PROGRESS_ON_TIME, Task.Bucket.IN_PROGRESS_OVERDUE, Task.Bucket.RECURRING)


def flag_labels(task: Task) -> list[Promise]:
    """The task's stored flags, named for the reader."""
    return [FLAG_LABELS[flag] for flag in task.flag_list if flag in FLAG_LABELS]


def task_list_page(user: User, filters: TaskFilters) -> QuerySet[Task]:
    """The visible tasks matching the filters; a bucket may also be a group ("done", "counted"). With `as_of`,
    bucket and flag are judged as of that date by the core (the tasks the figures of that date count), not on
    the stored status."""
    group = BUCKET_GROUPS.get(filters.bucket)
    if filters.as_of is not None:
        buckets = group or ((filters.bucket,) if filters.bucket else ())
        return _task_list_as_of(user, filters, filters.as_of, buckets)
    if group is None:
        return task_list_for_user(user, filters)
    return task_list_for_user(user, replace(filters, bucket="")).filter(status_bucket__in=group)


def _task_list_as_of(
    user: User, filters: TaskFilters, as_of: dt.date, buckets: tuple[str, ...]
) -> QuerySet[Task]:
    tasks = task_list_for_user(user, replace(filters, bucket="", flag="", as_of=None))
    statuses = statistics.task_statuses_of(tasks, as_of=as_of)
    ids = [
        task_id
        for task_id, status in statuses.items()
        if (not buckets or status.bucket in buckets) and (not filters.flag or filters.flag in status.flags)
    ]
    return tasks.filter(pk__in=ids).prefetch_related("extensions")


def show_statuses_as_of(tasks: Iterable[Task], as_of: dt.date) -> None:
    """Put on each task (in memory only, never saved) its status as of the date, so a list row shows the bucket,
    flags and deadline in force on that date; the tasks' extensions should be prefetched."""
    calendar = working_calendar()
    for task in tasks:
        status = task_status(task, as_of=as_of, calendar=calendar)
        task.status_bucket = str(status.bucket)
        task.status_flags = encode_flags(status)
        task.working_days_late = status.working_days_late
        task.deadline = status.deadline or task.deadline


# ---- who may do what ----------------------------------------------------------------------------------------


def _holds_role_over(user: User, roles: Iterable[str], unit: Unit | None) -> bool:
    if unit is None:
        return False
    target = f"{unit.path}{unit.pk}/"
    rows = active_assignments(user).filter(role__in=list(roles)).select_related("unit")
    return any(target.startswith(f"{row.unit.path}{row.unit.pk}/") for row in rows)


@dataclass(frozen=True)
class TaskActions:
    """The buttons a user gets on a task page (each page behind them checks again)."""

    report: bool
    approve: bool
    review: bool
    direct: bool


def task_actions(user: User, task: Task) -> TaskActions:
    """What the user may do on a task he can see."""
    scope = user_scope(user)
    open_task = task.suspended_on is None and task.stopped_on is None
    not_done = task.confirmed_at is None or task.is_returned
    return TaskActions(
        report=open_task and not_done and _holds_role_over(user, REPORTER_ROLES, task.lead_unit),
        approve=_holds_role_over(user, UNIT_APPROVER_ROLES, task.lead_unit),
        review=scope.has_role(*REVIEWER_ROLES),
        direct=scope.has_role(*DIRECTOR_ROLES),
    )


def task_get_for_director(user: User, task_id: int) -> Task:
    """The task if the user may send it an explanation request or a direction: 404 outside, 403 inside."""
    task = task_get_for_user(user, task_id)
    if not user_scope(user).has_role(*DIRECTOR_ROLES):
        raise PermissionDenied("Chỉ lãnh đạo Ban Chỉ đạo và Thường trực được yêu cầu giải trình, chỉ đạo.")
    return task


def require_reviewer(user: User) -> None:
    """403 unless the user belongs to the secretariat (the review queue is theirs)."""
    if not user_scope(user).has_role(*REVIEWER_ROLES):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được xem danh sách chờ xác nhận.")


# ---- the detail page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskDetail:
    """Everything the task page shows beside the task itself."""

    task: Task
    missing: tuple[Promise, ...]
    flags: tuple[Promise, ...]
    reports: tuple[ProgressReport, ...]
    directives: tuple[TaskDirective, ...]
    children: tuple[Task, ...]
    history: tuple[HistoryLine, ...]


HISTORY_LIMIT = 50

# The fields of a task's or report's history worth showing, with their names; the rest is bookkeeping.
_HISTORY_FIELDS: dict[str, Promise] = {
    "title": _("Tên nhiệm vụ"),
    "lead_unit": _("Đơn vị chủ trì"),
    "deadline": _("Thời hạn hiện hành"),
    "original_deadline": _("Thời hạn ban đầu"),
    "status_bucket": _("Tình trạng"),
    "progress_percent": _("Tiến độ (%)"),
    "percent": _("Tiến độ (%)"),
    "state": _("Trạng thái báo cáo"),
    "completed_on": _("Ngày hoàn thành (theo văn bản)"),
    "completion_evidence": _("Văn bản, sản phẩm chứng minh"),
    "evidence_number": _("Số, ký hiệu văn bản"),
    "evidence_date": _("Ngày văn bản"),
    "return_reason": _("Lý do trả lại"),
    "review_note": _("Lý do trả lại"),
    "suspended_on": _("Tạm hoãn từ ngày"),
    "stopped_on": _("Dừng thực hiện từ ngày"),
    "decision_text": _("Quyết định tạm hoãn, dừng"),
}
_VALUE_LABELS: dict[str, dict[str, Any]] = {
    "status_bucket": dict(Task.Bucket.choices),
    "state": dict(ProgressReport.State.choices),
}


@dataclass(frozen=True)
class HistoryLine:
    """One audited change of the task or of one of its reports, with the fields that matter named."""

    event: AuditEvent
    action: str
    changes: tuple[FieldChange, ...]


def _history_line(event: AuditEvent, changes: tuple[FieldChange, ...]) -> HistoryLine:
    shown = []
    for change in changes:
        if change.field not in _HISTORY_FIELDS:
            continue
        values = _VALUE_LABELS.get(change.field, {})
        shown.append(
            FieldChange(
                change.field,
                str(_HISTORY_FIELDS[change.field]),
                str(values.get(change.before, change.before)),
                str(values.get(change.after, change.after)),
            )
        )
    return HistoryLine(
        event=event, action=ACTION_LABELS.get(event.action, event.action), changes=tuple(shown)
    )


def task_detail(task: Task) -> TaskDetail:
    """The task's missing "6 rõ", reports with evidence and contributions, directives, sub-tasks and history."""
    reports = (
        task.reports.select_related("submitted_by", "head_approved_by", "reviewed_by")
        .prefetch_related("evidence", Prefetch("contributions", queryset=_contributions()))
        .order_by("-created_at", "-pk")
    )
    directives = task.directives.select_related("created_by", "addressed_unit").order_by("-created_at", "-pk")
    children = task.children.select_related("lead_unit").order_by("code")
    report_ids = [str(report.pk) for report in reports]
    history = AuditEvent.objects.filter(
        Q(object_type="programmes.task", object_id=str(task.pk))
        | Q(object_type="programmes.progressreport", object_id__in=report_ids)
    ).select_related("actor")
    return TaskDetail(
        task=task,
        missing=tuple(SIX_CLEAR_LABELS[item] for item in six_clear_missing(task)),
        flags=tuple(flag_labels(task)),
        reports=tuple(reports),
        directives=tuple(directives),
        children=tuple(children),
        history=tuple(
            _history_line(row.event, row.changes)
            for row in event_rows(history.order_by("-at", "-id")[:HISTORY_LIMIT])
        ),
    )


def _contributions() -> QuerySet[ReportContribution]:
    return ReportContribution.objects.select_related("unit")


# ---- "Việc của tôi" and the review queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class MyWork:
    """What waits for the user: open tasks of his units, reports to approve, reports to review."""

    tasks: QuerySet[Task]
    to_approve: QuerySet[ProgressReport]
    to_review_count: int
    unit_scoped: bool


def _unit_ids_with(user: User, roles: Iterable[str]) -> QuerySet[Unit]:
    rows = active_assignments(user).filter(role__in=list(roles)).select_related("unit")
    conditions = Q(pk__in=[])
    for row in rows:
        conditions |= Q(pk=row.unit.pk) | Q(path__startswith=f"{row.unit.path}{row.unit.pk}/")
    return Unit.objects.filter(conditions).values("pk")  # type: ignore[return-value]


def my_work(user: User) -> MyWork:
    """Open tasks led by the user's units (province-wide roles: the overdue and returned ones and those due
    soon, so a leader can act), the reports his units' officers sent him, and the secretariat's queue size."""
    scope = user_scope(user)
    unit_roles = (Role.UNIT_HEAD, Role.UNIT_OFFICER, Role.DATA_OFFICER)
    unit_scoped = scope.has_role(*unit_roles)
    tasks = tasks_visible_to(user).filter(status_bucket__in=_OPEN_BUCKETS)
    if unit_scoped:
        tasks = tasks.filter(lead_unit_id__in=_unit_ids_with(user, unit_roles))
    else:
        tasks = tasks.filter(
            Q(status_bucket=Task.Bucket.IN_PROGRESS_OVERDUE)
            | Q(status_flags__contains=",due_soon,")
            | Q(status_flags__contains=",returned,")
        )
    to_approve = ProgressReport.objects.none()
    if scope.has_role(*UNIT_APPROVER_ROLES):
        to_approve = (
            ProgressReport.objects.filter(
                state=ProgressReport.State.SUBMITTED,
                task__lead_unit_id__in=_unit_ids_with(user, UNIT_APPROVER_ROLES),
            )
            .select_related("task", "submitted_by")
            .order_by("submitted_at")
        )
    review_count = (
        ProgressReport.objects.filter(state=ProgressReport.State.HEAD_APPROVED).count()
        if scope.has_role(*REVIEWER_ROLES)
        else 0
    )
    urgency = Case(
        When(status_bucket=Task.Bucket.IN_PROGRESS_OVERDUE, then=Value(0)),
        When(status_flags__contains=",returned,", then=Value(1)),
        When(status_flags__contains=",due_soon,", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    ordered = tasks.select_related("lead_unit").order_by(urgency, "deadline", "code")
    return MyWork(tasks=ordered, to_approve=to_approve, to_review_count=review_count, unit_scoped=unit_scoped)


def review_queue(user: User) -> QuerySet[ProgressReport]:
    """Reports approved by their unit head, waiting for the secretariat, with their evidence; 403 otherwise."""
    require_reviewer(user)
    return (
        ProgressReport.objects.filter(state=ProgressReport.State.HEAD_APPROVED)
        .select_related("task", "task__lead_unit", "submitted_by", "head_approved_by")
        .prefetch_related("evidence")
        .order_by("head_approved_at", "pk")
    )


# ---- figures ready to display ----------------------------------------------------------------------------------


def percent_text(ratio: Decimal | None) -> str:
    """A ratio as "88,5%", or a dash when there is none."""
    return "–" if ratio is None else format_percent(ratio)


def signed(value: int) -> str:
    """A change as "+3", "−2" or "0"."""
    return f"+{value}" if value > 0 else (f"−{-value}" if value < 0 else "0")


@dataclass(frozen=True)
class FigureRow:
    """One line of the overview table: a label, the filters its links carry, and the counts."""

    label: str
    link_params: dict[str, str]
    counts: BucketCounts
    rate: str

    @property
    def query(self) -> str:
        """The row's filters as the start of a query string ("area=nq57&"), to which a bucket is appended."""
        return urlencode(self.link_params) + "&" if self.link_params else ""


def area_rows(groups: Iterable[BucketCounts], kind: str) -> list[FigureRow]:
    """The per-area or per-plan lines, named from the database (2 small queries at most)."""
    items = list(groups)
    codes = [getattr(group, "code", "") for group in items]
    model = Area if kind == "area" else Plan
    names = dict(model.objects.filter(code__in=codes).values_list("code", "name"))
    return [
        FigureRow(
            label=names.get(code, code),
            link_params={kind: code},
            counts=group,
            rate=percent_text(group.completion_rate),
        )
        for code, group in zip(codes, items, strict=True)
    ]


@dataclass(frozen=True)
class ChangeLine:
    """The change of the figures since an earlier date, signed for display."""

    since: dt.date
    total: str
    recurring: str
    done: str
    done_on_time: str
    done_late: str
    in_progress_on_time: str
    in_progress_overdue: str
    completion_rate: str


def change_line(change: StatisticsChange) -> ChangeLine:
    """Signed texts of a StatisticsChange (rate in percentage points)."""
    rate = change.completion_rate
    rate_text = "–" if rate is None else ("+" if rate > 0 else "") + format_number(rate * 100, 1)
    return ChangeLine(
        since=change.previous_as_of,
        total=signed(change.total),
        recurring=signed(change.recurring),
        done=signed(change.done),
        done_on_time=signed(change.done_on_time),
        done_late=signed(change.done_late),
        in_progress_on_time=signed(change.in_progress_on_time),
        in_progress_overdue=signed(change.in_progress_overdue),
        completion_rate=rate_text,
    )


@dataclass(frozen=True)
class LeagueDisplay:
    """A league line with its rate and average formatted the Vietnamese way."""

    line: LeagueLine
    on_time_rate: str
    average_days_late: str


def league_display(lines: Iterable[LeagueLine]) -> list[LeagueDisplay]:
    """League lines ready for the page."""
    return [
        LeagueDisplay(
            line=line,
            on_time_rate=percent_text(line.row.on_time_rate),
            average_days_late=(
                "–"
                if line.row.average_working_days_late is None
                else format_number(line.row.average_working_days_late, 1)
            ),
        )
        for line in lines
    ]
