"""Steering tasks API: the task list and detail, statistics, the league table and report submission, through the
same selectors and services as the pages, with the same scope (404 outside it, 403 inside it without the role)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from chidao.api.schemas import ErrorOut
from chidao.apps.programmes import selectors, services, statistics
from chidao.apps.programmes.models import ProgressReport, Task

router = Router(tags=["Nhiệm vụ chỉ đạo"])

# 401 signed out; 403 an account without a role (or without the role of the step); 404 outside the scope or an
# unknown filter value; 422 a malformed parameter or body.
_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_PAGE = 500


class TaskOut(Schema):
    """A task as a list row shows it, with its stored status and its missing "6 rõ"."""

    id: int
    code: str
    title: str
    kind: str
    cadence: str
    lead_unit_id: int | None
    lead_unit_name: str
    parent_id: int | None
    deadline_text: str
    original_deadline: dt.date | None
    deadline: dt.date | None
    progress_percent: int
    completed_on: dt.date | None
    bucket: str = Field(description="Nhóm đếm: done_on_time, done_late, in_progress_on_time, …")
    bucket_label: str
    flags: list[str]
    working_days_late: int
    status_as_of: dt.date | None
    missing_6ro: list[str] = Field(description="Các mục “6 rõ” còn thiếu: person, deadline, lead_unit, …")


class ExtensionOut(Schema):
    """One extension of the deadline."""

    old_deadline: dt.date
    new_deadline: dt.date
    reason: str
    approved_on: dt.date
    after_deadline: bool


class TaskDetailOut(TaskOut):
    """A task with its content, "6 rõ", relations, evidence and extension history."""

    content: str
    origin: str
    source_item: str
    responsible_person_name: str
    coordinating_unit_ids: list[int]
    product_type: str
    product_description: str
    authority_name: str
    area_codes: list[str]
    plan_codes: list[str]
    phase_codes: list[str]
    completion_evidence: str
    completion_link: str
    confirmed_at: dt.datetime | None
    is_returned: bool
    return_reason: str
    suspended_on: dt.date | None
    stopped_on: dt.date | None
    decision_text: str
    status_rule: str
    status_explanation: str
    extensions: list[ExtensionOut]


class TaskListParams(Schema):
    """Filters of the task list (empty: no filter)."""

    area: str = Field("", max_length=32, description="Mã lĩnh vực (nq57, da06, …)")
    plan: str = Field("", max_length=64, description="Mã kế hoạch, chương trình")
    unit: int | None = Field(None, description="Đơn vị chủ trì (id)")
    bucket: Task.Bucket | None = Field(None, description="Nhóm đếm")
    flag: str = Field("", max_length=32, description="Dấu hiệu: due_soon, returned, …")
    phase: str = Field("", max_length=32, description="Mã giai đoạn")
    deadline_from: dt.date | None = Field(None, description="Hạn từ ngày (yyyy-mm-dd)")
    deadline_to: dt.date | None = Field(None, description="Hạn đến ngày (yyyy-mm-dd)")
    q: str = Field("", max_length=100, description="Tìm theo mã, tên (không phân biệt dấu)")
    missing_6ro: selectors.SixClear | None = Field(None, description="Thiếu một mục “6 rõ”")
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0)


class ReportIn(Schema):
    """A progress report of the lead unit; a completion report (100 %) carries its evidence number and date."""

    model_config = ConfigDict(extra="forbid")

    percent: int = Field(..., ge=0, le=100, description="Tiến độ (%)")
    result: str = Field("", max_length=10000, description="Kết quả")
    difficulties: str = Field("", max_length=10000, description="Khó khăn, vướng mắc")
    proposals: str = Field("", max_length=10000, description="Đề xuất, kiến nghị")
    evidence_number: str = Field("", max_length=200, description="Số, ký hiệu văn bản minh chứng")
    evidence_date: dt.date | None = Field(None, description="Ngày văn bản minh chứng (ngày hoàn thành)")
    evidence_link: str = Field("", max_length=500, description="Đường dẫn minh chứng")
    period_label: str = Field("", max_length=100, description="Kỳ báo cáo")
    draft: bool = Field(False, description="Lưu nháp, chưa gửi lãnh đạo đơn vị")


class ReportOut(Schema):
    """A report as stored."""

    id: int
    task_id: int
    state: str
    percent: int
    evidence_number: str
    evidence_date: dt.date | None
    submitted_at: dt.datetime | None


def _task_row(task: Task) -> dict[str, Any]:
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "kind": task.kind,
        "cadence": task.cadence,
        "lead_unit_id": task.lead_unit_id,
        "lead_unit_name": task.lead_unit.name if task.lead_unit else "",
        "parent_id": task.parent_id,
        "deadline_text": task.deadline_text,
        "original_deadline": task.original_deadline,
        "deadline": task.deadline,
        "progress_percent": task.progress_percent,
        "completed_on": task.completed_on,
        "bucket": task.status_bucket,
        "bucket_label": str(task.get_status_bucket_display()),
        "flags": task.flag_list,
        "working_days_late": task.working_days_late,
        "status_as_of": task.status_as_of,
        "missing_6ro": [str(item) for item in selectors.six_clear_missing(task)],
    }


def _task_detail(task: Task) -> dict[str, Any]:
    return {
        **_task_row(task),
        "content": task.content,
        "origin": task.origin,
        "source_item": task.source_item,
        "responsible_person_name": task.responsible_person.name if task.responsible_person else "",
        "coordinating_unit_ids": [unit.pk for unit in task.coordinating_units.all()],
        "product_type": task.product_type,
        "product_description": task.product_description,
        "authority_name": task.authority.name if task.authority else "",
        "area_codes": [area.code for area in task.areas.all()],
        "plan_codes": [plan.code for plan in task.plans.all()],
        "phase_codes": [phase.code for phase in task.phases.all()],
        "completion_evidence": task.completion_evidence,
        "completion_link": task.completion_link,
        "confirmed_at": task.confirmed_at,
        "is_returned": task.is_returned,
        "return_reason": task.return_reason,
        "suspended_on": task.suspended_on,
        "stopped_on": task.stopped_on,
        "decision_text": task.decision_text,
        "status_rule": task.status_rule,
        "status_explanation": task.status_explanation,
        "extensions": list(task.extensions.all()),
    }


@router.get("/tasks", response={200: list[TaskOut], **_ERRORS}, summary="Danh sách nhiệm vụ trong phạm vi")
def list_tasks(request: HttpRequest, params: Query[TaskListParams]) -> list[dict[str, Any]]:
    """Tasks the caller may see (lead or coordinating unit in scope), filtered; by deadline, then code."""
    user = request.user
    statistics.require_role(user)  # type: ignore[arg-type]
    if params.unit is not None:
        statistics.unit_get_for_filter(user, params.unit)  # type: ignore[arg-type]
    filters = selectors.TaskFilters(
        area=params.area,
        plan=params.plan,
        unit_id=params.unit,
        bucket=params.bucket or "",
        flag=params.flag,
        phase=params.phase,
        deadline_from=params.deadline_from,
        deadline_to=params.deadline_to,
        query=params.q,
        missing=params.missing_6ro,
    )
    tasks = selectors.task_list_for_user(user, filters)[params.offset : params.offset + params.limit]  # type: ignore[arg-type]
    return [_task_row(task) for task in tasks]


@router.get("/tasks/{task_id}", response={200: TaskDetailOut, **_ERRORS}, summary="Một nhiệm vụ")
def get_task(request: HttpRequest, task_id: int) -> dict[str, Any]:
    """One task with its "6 rõ", evidence and extensions; 404 outside the caller's scope."""
    statistics.require_role(request.user)  # type: ignore[arg-type]
    return _task_detail(selectors.task_get_for_user(request.user, task_id))  # type: ignore[arg-type]


@router.post(
    "/tasks/{task_id}/reports",
    response={201: ReportOut, 400: ErrorOut, **_ERRORS},
    summary="Gửi báo cáo tiến độ",
)
def submit_report(request: HttpRequest, task_id: int, payload: ReportIn) -> Any:
    """An officer of the lead unit submits progress (to the unit head), or saves a draft; 403 for anyone else
    who may see the task, 404 outside the scope, 400 for a completion report without its evidence."""
    task = selectors.task_get_for_reporter(request.user, task_id)  # type: ignore[arg-type]
    report: ProgressReport = services.report_submit(actor=request.user, task=task, **payload.dict())
    return Status(201, report)


class CountsOut(Schema):
    """Tasks per bucket; `total` leaves out suspended and stopped tasks; rates are ratios (1 = 100 %)."""

    total: int
    recurring: int
    time_bound: int
    done: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    in_progress_overdue: int
    suspended: int
    stopped: int
    completion_rate: Decimal | None = Field(description="Hoàn thành đúng hạn / nhiệm vụ đến hạn hoặc đã xong")
    on_time_share: Decimal | None = Field(description="Hoàn thành đúng hạn / nhiệm vụ có thời hạn")


class GroupOut(CountsOut):
    """The counts of one area or plan."""

    code: str


class PhaseOut(Schema):
    """A phase: its time-bound tasks, done as of the date, and done within the phase."""

    code: str
    name: str
    total: int
    done_as_of: int
    done_within_phase: int


class ChangeOut(Schema):
    """The change of each figure since an earlier date (current minus previous)."""

    previous_as_of: dt.date
    total: int
    recurring: int
    done: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    in_progress_overdue: int
    completion_rate: Decimal | None


class CompletionsOut(Schema):
    """Tasks completed (evidence dated) between two dates, on time and late."""

    start: dt.date
    end: dt.date
    on_time: int
    late: int
    total: int


class StatisticsOut(CountsOut):
    """The figures as of a date in the seed's shape, with their breakdowns."""

    as_of: dt.date
    undated: int = Field(description="Nhiệm vụ có thời hạn nhưng chưa rõ thời hạn: không tính")
    by_area: list[GroupOut]
    by_plan: list[GroupOut]
    by_phase: list[PhaseOut]
    change: ChangeOut | None
    completions: CompletionsOut | None


class StatisticsParams(Schema):
    """As of a date (today by default), for one area or plan; optionally the change since an earlier date and
    the completions between two dates."""

    as_of: dt.date | None = Field(None, description="Tính đến ngày (yyyy-mm-dd), mặc định hôm nay")
    area: str = Field("", max_length=32, description="Mã lĩnh vực")
    plan: str = Field("", max_length=64, description="Mã kế hoạch, chương trình")
    unit: int | None = Field(None, description="Đơn vị chủ trì (id)")
    since: dt.date | None = Field(None, description="So với ngày (kỳ họp trước)")
    completed_from: dt.date | None = Field(None, description="Hoàn thành từ ngày")
    completed_to: dt.date | None = Field(None, description="Hoàn thành đến ngày")


class LeagueParams(Schema):
    """As of a date (today by default), for one area or plan."""

    as_of: dt.date | None = Field(None, description="Tính đến ngày (yyyy-mm-dd), mặc định hôm nay")
    area: str = Field("", max_length=32, description="Mã lĩnh vực")
    plan: str = Field("", max_length=64, description="Mã kế hoạch, chương trình")


class LeagueRowOut(Schema):
    """One lead unit's line, best first; `head_name` is the head as of the date."""

    rank: int
    unit_id: int
    unit_name: str
    head_name: str
    tasks: int
    recurring: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    overdue: int
    on_time_rate: Decimal | None
    average_working_days_late: Decimal | None
    late_tasks: int
    missing_reports: int
    late_reports: int


def _counts(counts: Any) -> dict[str, Any]:
    return {name: getattr(counts, name) for name in CountsOut.model_fields}


@router.get("/statistics", response={200: StatisticsOut, **_ERRORS}, summary="Số liệu tổng hợp nhiệm vụ")
def get_statistics(request: HttpRequest, params: Query[StatisticsParams]) -> dict[str, Any]:
    """Total, recurring, completed (on time, late), in progress within deadline, overdue, rates, per area, plan
    and phase, over the tasks the caller may see; 404 for an unknown area or plan, or a unit outside the scope."""
    between = None
    if params.completed_from is not None and params.completed_to is not None:
        between = (params.completed_from, params.completed_to)
    figures = statistics.task_statistics(
        request.user,  # type: ignore[arg-type]
        as_of=params.as_of,
        area=params.area,
        plan=params.plan,
        unit_id=params.unit,
        since=params.since,
        completed_between=between,
    )
    result = figures.statistics
    change = figures.change
    completions = figures.completions
    return {
        **_counts(result),
        "as_of": result.as_of,
        "undated": figures.undated,
        "by_area": [{**_counts(group), "code": group.code} for group in result.by_area],
        "by_plan": [{**_counts(group), "code": group.code} for group in result.by_plan],
        "by_phase": [vars(phase) for phase in result.by_phase],
        "change": {**vars(change), "previous_as_of": change.previous_as_of} if change else None,
        "completions": {**vars(completions), "total": completions.total} if completions else None,
    }


@router.get("/league", response={200: list[LeagueRowOut], **_ERRORS}, summary="Bảng xếp hạng đơn vị chủ trì")
def get_league(request: HttpRequest, params: Query[LeagueParams]) -> list[dict[str, Any]]:
    """Lead units ranked by on-time rate, overdue tasks, working days late and missing periodic reports, over the
    tasks the caller may see; 404 for an unknown area or plan."""
    lines = statistics.league_table(request.user, as_of=params.as_of, area=params.area, plan=params.plan)  # type: ignore[arg-type]
    return [
        {
            **vars(line.row),
            "unit_id": int(line.row.unit_id),
            "unit_name": line.unit_name,
            "head_name": line.head_name,
        }
        for line in lines
    ]
