"""Reads of the bulk actions on a filtered task list: which of the chosen tasks an action would apply to, and
why the others are refused — the preview count shown before anything changes (services.bulk applies).

The scope rule is the selectors' (tasks_visible_to: outside it a task is "not found"); every bulk action is
the secretariat's (REVIEWER_ROLES, as task_get_for_secretariat and report_get_for_reviewer require).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.selectors import REVIEWER_ROLES, tasks_visible_to


class BulkAction(StrEnum):
    """The actions offered on a filtered task list."""

    URGE = "urge"  # Đôn đốc
    EXTEND = "extend"  # Gia hạn
    REASSIGN = "reassign"  # Giao lại đơn vị chủ trì
    CONFIRM = "confirm"  # Xác nhận báo cáo
    RETURN = "return"  # Trả lại báo cáo

    @property
    def label_vi(self) -> str:
        """The Vietnamese name of the action."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    BulkAction.URGE: "Đôn đốc",
    BulkAction.EXTEND: "Gia hạn",
    BulkAction.REASSIGN: "Giao lại đơn vị chủ trì",
    BulkAction.CONFIRM: "Xác nhận báo cáo",
    BulkAction.RETURN: "Trả lại báo cáo",
}

NOT_FOUND = "Không tìm thấy nhiệm vụ hoặc nhiệm vụ ngoài phạm vi của anh/chị."
NOT_SECRETARIAT = "Chỉ Thường trực, Tổ giúp việc được thực hiện thao tác hàng loạt."
DONE = "Nhiệm vụ đã được xác nhận hoàn thành."
DECIDED = "Nhiệm vụ đã tạm hoãn hoặc dừng thực hiện."
NOT_TIME_BOUND = "Chỉ gia hạn được nhiệm vụ có thời hạn."
NO_REPORT_TO_CONFIRM = "Không có báo cáo đã được lãnh đạo đơn vị duyệt, đang chờ xác nhận."
NO_REPORT_TO_RETURN = "Không có báo cáo đã duyệt hoặc đã xác nhận để trả lại."

# The report each review action works on (the latest one that is not a draft), and the states it accepts.
_REVIEWABLE = {
    BulkAction.CONFIRM: ((ProgressReport.State.HEAD_APPROVED,), NO_REPORT_TO_CONFIRM),
    BulkAction.RETURN: (
        (ProgressReport.State.HEAD_APPROVED, ProgressReport.State.CONFIRMED),
        NO_REPORT_TO_RETURN,
    ),
}


@dataclass(frozen=True)
class Refusal:
    """A chosen task the action will not touch, with the reason shown to the user."""

    task_id: int | str
    reason: str


@dataclass(frozen=True)
class BulkTarget:
    """A task the action applies to, and for confirm/return the report it works on."""

    task: Task
    report: ProgressReport | None = None


@dataclass(frozen=True)
class BulkPreview:
    """The preview of a bulk action: the tasks it would apply to and the refused ones with their reasons."""

    action: BulkAction
    targets: tuple[BulkTarget, ...]
    refused: tuple[Refusal, ...]

    @property
    def count(self) -> int:
        """How many tasks the action would apply to."""
        return len(self.targets)

    @property
    def task_ids(self) -> tuple[int, ...]:
        """The ids of those tasks, in the order chosen."""
        return tuple(target.task.pk for target in self.targets)


def _unique_ids(task_ids: Iterable[int | str]) -> list[int | str]:
    seen: dict[int | str, None] = {}
    for raw in task_ids:
        try:
            seen.setdefault(int(raw), None)
        except (TypeError, ValueError):
            seen.setdefault(str(raw), None)
    return list(seen)


def task_refusal(task: Task, action: BulkAction) -> str:
    """Why the task's own state rules the action out ("" when it does not); reports are checked apart."""
    if action in (BulkAction.CONFIRM, BulkAction.RETURN):
        return ""
    if task.suspended_on is not None or task.stopped_on is not None:
        return DECIDED
    if task.confirmed_at is not None and not task.is_returned:
        return DONE
    if action is BulkAction.EXTEND and (task.kind != Task.Kind.TIME_BOUND or task.deadline is None):
        return NOT_TIME_BOUND
    return ""


def _latest_reports(task_ids: list[int]) -> dict[int, ProgressReport]:
    latest: dict[int, ProgressReport] = {}
    reports = (
        ProgressReport.objects.filter(task_id__in=task_ids)
        .exclude(state=ProgressReport.State.DRAFT)
        .order_by("task_id", "-created_at", "-pk")
    )
    for report in reports:
        latest.setdefault(report.task_id, report)
    return latest


def tasks_bulk_preview(user: User, task_ids: Iterable[int | str], action: BulkAction | str) -> BulkPreview:
    """Which chosen tasks `action` would apply to and why the others are refused (not found or outside the
    user's scope, wrong role, done, suspended or stopped, not time-bound, no report to confirm or return).
    A fixed number of queries whatever the number of tasks."""
    action = BulkAction(action)
    chosen = _unique_ids(task_ids)
    numeric = [task_id for task_id in chosen if isinstance(task_id, int)]
    visible = {
        task.pk: task for task in tasks_visible_to(user).filter(pk__in=numeric).select_related("lead_unit")
    }
    secretariat = user_scope(user).has_role(*REVIEWER_ROLES)
    reports = _latest_reports(list(visible)) if action in _REVIEWABLE else {}
    targets: list[BulkTarget] = []
    refused: list[Refusal] = []
    for task_id in chosen:
        task = visible.get(task_id) if isinstance(task_id, int) else None
        if task is None:
            refused.append(Refusal(task_id, NOT_FOUND))
            continue
        if not secretariat:
            refused.append(Refusal(task_id, NOT_SECRETARIAT))
            continue
        reason = task_refusal(task, action)
        report = None
        if not reason and action in _REVIEWABLE:
            states, missing = _REVIEWABLE[action]
            report = reports.get(task.pk)
            if report is None or report.state not in states:
                reason = missing
        if reason:
            refused.append(Refusal(task_id, reason))
        else:
            targets.append(BulkTarget(task, report))
    return BulkPreview(action=action, targets=tuple(targets), refused=tuple(refused))
