"""The .xlsx exports of the steering tasks: the annex layout with progress, and the flat NQ 57 monitoring list.

Both go through chidao.engines.tabular.write_xlsx (header block with the unit, the title and "Số liệu tính đến
ngày dd/mm/yyyy") and read only the tasks the user may see (programmes.selectors.task_list_for_user). The annex
export writes the importer's headers (chidao.apps.programmes.importers.annex), so it can be corrected and
uploaded again: its group rows (plan, lead unit) are skipped by the importer as heading rows.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from chidao.apps.accounts.models import User
from chidao.apps.programmes.importers.layout import (
    AREAS,
    CONTENT,
    COORDINATING,
    DEADLINE,
    LEAD,
    NOTES,
    PLAN,
    PRODUCT,
    STT,
)
from chidao.apps.programmes.models import Area, Plan, ProgressReport, Task
from chidao.apps.programmes.selectors import TaskFilters, task_list_for_user
from chidao.engines.tabular import ExportColumn, ExportHeader, ExportKind, write_xlsx

RESULT = "Kết quả, tiến độ"
PROGRESS = "Tiến độ (%)"
STATUS = "Tình trạng"
NO_PLAN = "Nhiệm vụ chưa thuộc kế hoạch nào"
NO_LEAD = "Chưa rõ cơ quan chủ trì"

ANNEX_COLUMNS: Final = (
    ExportColumn(STT, width=8),
    ExportColumn(CONTENT, width=60),
    ExportColumn(LEAD, width=28),
    ExportColumn(COORDINATING, width=28),
    ExportColumn(DEADLINE, width=16),
    ExportColumn(PRODUCT, width=30),
    ExportColumn(NOTES, width=24),
    ExportColumn(RESULT, width=40),
    ExportColumn(PROGRESS, ExportKind.INTEGER, width=10),
    ExportColumn(STATUS, width=24),
    ExportColumn(PLAN, width=16),
    ExportColumn(AREAS, width=12),
)
MONITORING_COLUMNS: Final = (
    ExportColumn("Mã nhiệm vụ", width=18),
    ExportColumn("Tên nhiệm vụ", width=60),
    ExportColumn("Lĩnh vực", width=30),
    ExportColumn("Kế hoạch, chương trình", width=30),
    ExportColumn("Đơn vị chủ trì", width=28),
    ExportColumn("Thời hạn", ExportKind.DATE, width=12),
    ExportColumn("Tình trạng", width=24),
    ExportColumn("Tiến độ (%)", ExportKind.INTEGER, width=10),
    ExportColumn("Ngày hoàn thành", ExportKind.DATE, width=14),
    ExportColumn("Văn bản, sản phẩm chứng minh", width=40),
)
_PLAN_INDEX: Final = [column.header for column in ANNEX_COLUMNS].index(PLAN)
_ROMAN: Final = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
_ROMAN_SMALL: Final = ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
_REPORTED: Final = (
    ProgressReport.State.SUBMITTED,
    ProgressReport.State.HEAD_APPROVED,
    ProgressReport.State.CONFIRMED,
)


def roman(number: int) -> str:
    """The Roman numeral of a group (I, II, …), as annexes number their parts."""
    parts = []
    for value, letters in (*_ROMAN, *_ROMAN_SMALL):
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def unit_line() -> str:
    """The issuing body at the top of every export."""
    return f"BAN CHỈ ĐẠO TỈNH {str(settings.CHIDAO_PROVINCE_NAME).upper()}"


def export_tasks(user: User, filters: TaskFilters) -> QuerySet[Task]:
    """The tasks the user may see matching the filters, with what both exports print (constant queries)."""
    return task_list_for_user(user, filters).prefetch_related(
        Prefetch("plans", queryset=Plan.objects.order_by("-year", "code")),
        Prefetch("areas", queryset=Area.objects.order_by("order", "code")),
        "coordinating_units",
    )


def latest_results(tasks: Sequence[Task]) -> dict[int, str]:
    """The result text of each task's latest report sent by its unit (drafts and returned ones left out)."""
    reports = (
        ProgressReport.objects.filter(task__in=[task.pk for task in tasks], state__in=_REPORTED)
        .exclude(result="")
        .order_by("task_id", "-submitted_at", "-pk")
        .values_list("task_id", "result")
    )
    latest: dict[int, str] = {}
    for task_id, result in reports:
        latest.setdefault(task_id, result)
    return latest


def annex_stt(task: Task, plan: Plan | None) -> str:
    """The STT written for a task: the part of its code after "<plan code>-" (so it re-imports), else its STT."""
    if plan is not None and task.code.casefold().startswith(f"{plan.code}-".casefold()):
        return task.code[len(plan.code) + 1 :]
    return task.source_item


def deadline_cell(task: Task) -> str:
    """The deadline as the annex gave it: the original text, else the original deadline dd/mm/yyyy (extensions
    are history of the task, not part of the annex; the monitoring export has the current deadline)."""
    if task.deadline_text:
        return task.deadline_text
    return f"{task.original_deadline:%d/%m/%Y}" if task.original_deadline else ""


@dataclass(frozen=True)
class _Group:
    plan: Plan | None
    tasks: list[Task]


def _groups(tasks: Iterable[Task], plan_code: str) -> list[_Group]:
    by_plan: dict[int | None, _Group] = {}
    for task in tasks:
        plans: list[Plan | None] = [p for p in task.plans.all() if not plan_code or p.code == plan_code]
        for plan in plans or [None]:
            key = plan.pk if plan is not None else None
            by_plan.setdefault(key, _Group(plan, [])).tasks.append(task)
    ordered = sorted(by_plan.values(), key=lambda g: (g.plan is None, -(g.plan.year or 0) if g.plan else 0))
    return ordered


def _lead_name(task: Task) -> str:
    return task.lead_unit.name if task.lead_unit is not None else ""


def _lead_sort(task: Task) -> tuple[bool, str]:
    lead = task.lead_unit
    return (lead is None, lead.name_sort if lead is not None else "")


def annex_rows(
    tasks: Iterable[Task], results: dict[int, str], *, plan_code: str = ""
) -> Iterator[tuple[object, ...]]:
    """The rows of the annex export: a heading per plan (I, II…), a heading per lead unit, then its tasks."""
    blank = ("",) * (len(ANNEX_COLUMNS) - 2)
    for number, group in enumerate(_groups(tasks, plan_code), start=1):
        plan = group.plan
        heading = [roman(number), plan.name if plan is not None else NO_PLAN, *blank]
        # The plan's code on its heading: the importer carries it down to the tasks below.
        heading[_PLAN_INDEX] = plan.code if plan is not None else ""
        yield tuple(heading)
        lead_groups: dict[str, list[Task]] = {}
        for task in sorted(group.tasks, key=lambda t: (*_lead_sort(t), t.source_item, t.code)):
            lead_groups.setdefault(_lead_name(task), []).append(task)
        for lead_name, lead_tasks in lead_groups.items():
            yield ("", f"{LEAD}: {lead_name or NO_LEAD}", *blank)
            for task in lead_tasks:
                yield _annex_row(task, plan, results.get(task.pk, task.completion_evidence))


def _annex_row(task: Task, plan: Plan | None, result: str) -> tuple[object, ...]:
    return (
        annex_stt(task, plan),
        task.title,
        _lead_name(task),
        "; ".join(unit.name for unit in sorted(task.coordinating_units.all(), key=lambda u: u.name_sort)),
        deadline_cell(task),
        task.product_description,
        task.content,
        result,
        task.progress_percent,
        task.get_status_bucket_display(),
        plan.code if plan is not None else "",
        "; ".join(area.code for area in task.areas.all()),
    )


def monitoring_rows(tasks: Iterable[Task]) -> Iterator[tuple[object, ...]]:
    """One row per task for the central NQ 57 monitoring system (dates as dates, progress as a number)."""
    for task in tasks:
        evidence = " ".join(part for part in (task.completion_evidence, task.completion_link) if part)
        yield (
            task.code,
            task.title,
            "; ".join(area.name for area in task.areas.all()),
            "; ".join(plan.name for plan in task.plans.all()),
            _lead_name(task),
            task.deadline,
            task.get_status_bucket_display(),
            task.progress_percent,
            task.completed_on,
            evidence,
        )


def _subtitle(filters: TaskFilters) -> str:
    parts = []
    if filters.plan:
        plan = Plan.objects.filter(code=filters.plan).first()
        parts.append(f"kế hoạch {plan.name if plan else filters.plan}")
    if filters.area:
        area = Area.objects.filter(code=filters.area).first()
        parts.append(f"lĩnh vực {area.name if area else filters.area}")
    return f"Lọc: {'; '.join(parts)}" if parts else ""


def annex_export_xlsx(user: User, filters: TaskFilters, *, as_of: dt.date) -> bytes:
    """The annex export (.xlsx bytes) of the tasks the user may see, grouped by plan and lead unit."""
    tasks = list(export_tasks(user, filters))
    header = ExportHeader(
        unit=unit_line(),
        title="Phụ lục nhiệm vụ và kết quả thực hiện",
        as_of=as_of,
        subtitle=_subtitle(filters),
    )
    buffer = io.BytesIO()
    rows = annex_rows(tasks, latest_results(tasks), plan_code=filters.plan)
    write_xlsx(buffer, header=header, columns=ANNEX_COLUMNS, rows=rows, sheet_title="Phụ lục nhiệm vụ")
    return buffer.getvalue()


def monitoring_export_xlsx(user: User, filters: TaskFilters, *, as_of: dt.date) -> bytes:
    """The flat per-task export (.xlsx bytes) for the central NQ 57 monitoring system."""
    tasks = export_tasks(user, filters).order_by("code")
    header = ExportHeader(
        unit=unit_line(),
        title="Danh sách nhiệm vụ thực hiện Nghị quyết 57-NQ/TW",
        as_of=as_of,
        subtitle=_subtitle(filters),
    )
    buffer = io.BytesIO()
    write_xlsx(
        buffer, header=header, columns=MONITORING_COLUMNS, rows=monitoring_rows(tasks), sheet_title="Nhiệm vụ"
    )
    return buffer.getvalue()
