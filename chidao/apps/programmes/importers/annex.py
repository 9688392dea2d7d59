"""The annex of a plan (Phụ lục nhiệm vụ): one task per row, keyed by plan code + STT, all or nothing.

Columns: STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn | Sản phẩm | Ghi chú, plus
Mã kế hoạch (the import framework has no per-upload parameter, so the plan is a column, written once and
carried down to the rows below; the export writes it) and optional Lĩnh vực. Deadlines are kept as written
("Quý II/2026", "Thường xuyên" → recurring); heading rows ("I", "A", no lead unit, no deadline) are skipped. Re-importing the same plan code + STT updates the task through the audited services.
Guide: docs/platform/task-annex.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final

from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.exchange.registry import ApplyResult, Importer, Progress, register_importer
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_list_for_user
from chidao.apps.programmes.importers.layout import (
    COLUMNS,
    COMPARED,
    MAX_TASK_CODE,
    PLAN,
    date_text,
    deadline_values,
    is_heading,
    joined,
    product_type_of,
    task_code,
)
from chidao.apps.programmes.importers.units import UnitResolver, split_unit_list
from chidao.apps.programmes.models import Area, Plan, Task
from chidao.apps.programmes.services import task_create, task_update
from chidao.core.importing import (
    CellError,
    ImportIssue,
    ImportMode,
    ParsedRow,
    PlannedRow,
    Reference,
    ReferenceIndex,
    RowChange,
)

# Task codes looked up per query (a bound of SQL parameters).
_CHUNK: Final = 500


@register_importer
class TaskAnnexImporter(Importer):
    """Tasks of a plan's annex, keyed by task code = plan code + STT; the secretariat and administrators."""

    code = "task-annex"
    title = "Phụ lục nhiệm vụ của kế hoạch"
    description = (
        "Nhập các nhiệm vụ của phụ lục kế hoạch: STT, nội dung, cơ quan chủ trì, phối hợp, thời hạn (ghi như "
        "trong văn bản: “Quý II/2026”, “Thường xuyên”…), sản phẩm, ghi chú, mã kế hoạch. Tải lên lại cùng kế "
        "hoạch và STT thì cập nhật nhiệm vụ. Chỉ lưu khi mọi dòng đều đúng."
    )
    mode = ImportMode.ALL_OR_NOTHING
    columns = COLUMNS
    key_column = "stt"
    compared = COMPARED

    def may_use(self, user: Any) -> bool:
        """The secretariat (who keeps the task lists) and administrators."""
        return user_scope(user).has_role(Role.SECRETARIAT, Role.ADMINISTRATOR)

    def key_of(self, row: ParsedRow) -> str:
        """The task code (plan code + STT) set by ``refine``, case-folded; "" while the plan is unknown."""
        return str(row.values.get("task_code") or "").casefold()

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        """Skip heading rows; resolve plan, areas and units (candidates listed); build each row's task values."""
        today = timezone.localdate()
        units = UnitResolver(unit_list_for_user(actor, as_of=today))
        plans = {plan.pk: plan for plan in Plan.objects.all()}
        plan_index = ReferenceIndex(
            (Reference(plan.pk, plan.code, plan.name) for plan in plans.values()), noun="kế hoạch"
        )
        areas = {area.pk: area for area in Area.objects.filter(is_active=True)}
        area_index = ReferenceIndex(
            (Reference(area.pk, area.code, area.name) for area in areas.values()), noun="lĩnh vực"
        )
        task_rows: list[ParsedRow] = []
        resolved_plans: dict[int, tuple[Plan | None, list[ImportIssue]]] = {}
        carried = ""
        for row in rows:
            # The plan is written once (on a heading or the first task) and carried down to the rows below.
            carried = str(row.values.get("plan") or "") or carried
            if not is_heading(row):
                task_rows.append(row)
                resolved_plans[row.number] = self._plan(row, carried, plan_index, plans)
        codes = {
            task_code(plan.code, str(row.values.get("stt") or "")).casefold()
            for row in task_rows
            if (plan := resolved_plans[row.number][0]) is not None
        }
        existing = self._existing(codes)
        refined = []
        for row in task_rows:
            plan, plan_issues = resolved_plans[row.number]
            values: dict[str, object] = {}
            issues: list[ImportIssue] = list(plan_issues)
            values.update(self._units(row, units, issues))
            values.update(deadline_values(row.values.get("deadline")))  # type: ignore[arg-type]
            area_ids = self._areas(row, area_index, issues)
            current = existing.get(self._code_for(row, plan).casefold()) if plan is not None else None
            values.update(self._task_values(row.refined(values), plan, current, area_ids, areas, issues))
            refined.append(row.refined(values, issues))
        return refined

    @staticmethod
    def _plan(
        row: ParsedRow, text: str, index: ReferenceIndex, plans: Mapping[int, Plan]
    ) -> tuple[Plan | None, list[ImportIssue]]:
        if not text:
            message = f"Chưa ghi {PLAN.lower()} (ghi ở dòng đầu là đủ: các dòng dưới dùng lại)."
            return None, [row.issue_at("plan", message)]
        try:
            return plans[int(str(index.resolve(text).id))], []
        except CellError as error:
            return None, [row.issue_at("plan", error.message)]

    @staticmethod
    def _code_for(row: ParsedRow, plan: Plan) -> str:
        return task_code(plan.code, str(row.values.get("stt") or ""))

    @staticmethod
    def _existing(codes: Collection[str]) -> dict[str, Task]:
        if not codes:
            return {}
        wanted = sorted({code.casefold() for code in codes})
        tasks = Task.objects.annotate(code_key=Lower("code")).prefetch_related(
            Prefetch("plans", queryset=Plan.objects.only("pk", "code")),
            Prefetch("areas", queryset=Area.objects.only("pk", "code")),
            Prefetch("coordinating_units", queryset=Unit.objects.only("pk")),
        )
        found: dict[str, Task] = {}
        for start in range(0, len(wanted), _CHUNK):
            for task in tasks.filter(code_key__in=wanted[start : start + _CHUNK]):
                found[task.code.casefold()] = task
        return found

    @staticmethod
    def _units(row: ParsedRow, units: UnitResolver, issues: list[ImportIssue]) -> dict[str, object]:
        values: dict[str, object] = {"lead_unit_id": None, "coordinating_ids": ""}
        lead_text = str(row.values.get("lead") or "")
        if lead_text:
            try:
                values["lead_unit_id"] = units.resolve(lead_text).pk
            except CellError as error:
                issues.append(row.issue_at("lead", error.message))
        coordinating: set[int] = set()
        for name in split_unit_list(str(row.values.get("coordinating") or "")):
            try:
                coordinating.add(units.resolve(name).pk)
            except CellError as error:
                issues.append(row.issue_at("coordinating", error.message))
        coordinating.discard(values["lead_unit_id"])  # type: ignore[arg-type]
        values["coordinating_ids"] = joined(coordinating)
        return values

    @staticmethod
    def _areas(row: ParsedRow, index: ReferenceIndex, issues: list[ImportIssue]) -> set[int]:
        found: set[int] = set()
        for name in split_unit_list(str(row.values.get("areas") or "")):
            try:
                found.add(int(str(index.resolve(name).id)))
            except CellError as error:
                issues.append(row.issue_at("areas", error.message))
        return found

    def _task_values(
        self,
        row: ParsedRow,
        plan: Plan | None,
        current: Task | None,
        area_ids: set[int],
        areas: Mapping[int, Area],
        issues: list[ImportIssue],
    ) -> dict[str, object]:
        """The task's compared values; plans and areas already on the task are kept (a file only adds)."""
        if plan is None:
            return {}
        code = self._code_for(row, plan)
        if len(code) > MAX_TASK_CODE:
            issues.append(row.issue_at("stt", f"Mã nhiệm vụ “{code}” dài quá {MAX_TASK_CODE} ký tự."))
        product = str(row.values.get("product") or "")
        product_type = product_type_of(product)
        plan_codes = {plan.code}
        area_codes = {areas[pk].code for pk in area_ids}
        deadline: dict[str, object] = {}
        if current is not None:
            plan_codes |= {p.code for p in current.plans.all()}
            area_codes |= {a.code for a in current.areas.all()}
            if product == current.product_description:
                # The type was set (or left blank) with this product; an unchanged product keeps it.
                product_type = current.product_type
            if (
                not current.deadline_text
                and row.values.get("original_deadline") == current.original_deadline
                and row.values.get("deadline_text") == date_text(current.original_deadline)
            ):
                # A task made without a deadline text, exported as its date: the same date is no change.
                deadline["deadline_text"] = ""
        return {
            **deadline,
            "task_code": code,
            "plan_id": plan.pk,
            "source_item": str(row.values.get("stt") or ""),
            "content": str(row.values.get("notes") or ""),
            "product_description": product,
            "product_type": product_type,
            "plan_codes": joined(plan_codes),
            "area_codes": joined(area_codes),
        }

    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        """The existing tasks among the codes, as their compared values."""
        result: dict[str, Mapping[str, object]] = {}
        for key, task in self._existing(keys).items():
            result[key] = {
                "title": task.title,
                "content": task.content,
                "source_item": task.source_item,
                "lead_unit_id": task.lead_unit_id,
                "coordinating_ids": joined({unit.pk for unit in task.coordinating_units.all()}),
                "kind": task.kind,
                "cadence": task.cadence,
                "deadline_text": task.deadline_text,
                "original_deadline": task.original_deadline,
                "product_type": task.product_type,
                "product_description": task.product_description,
                "plan_codes": joined({plan.code for plan in task.plans.all()}),
                "area_codes": joined({area.code for area in task.areas.all()}),
            }
        return result

    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        """Create the new tasks and update the changed ones through the audited task services."""
        unit_ids = {
            int(pk)
            for planned in rows
            for pk in [
                str(planned.row.values.get("lead_unit_id") or ""),
                *str(planned.row.values["coordinating_ids"]).split("|"),
            ]
            if pk
        }
        units = Unit.objects.in_bulk(unit_ids)
        plans_by_code = {plan.code: plan for plan in Plan.objects.select_related("source_document")}
        areas_by_code = {area.code: area for area in Area.objects.all()}
        existing = self._existing({planned.key for planned in rows if planned.change is RowChange.CHANGED})
        created = updated = 0
        for index, planned in enumerate(rows, start=1):
            values = planned.row.values
            lead_id = str(values.get("lead_unit_id") or "")
            lead_unit = units[int(lead_id)] if lead_id else None
            original_deadline = values["original_deadline"]
            assert original_deadline is None or isinstance(original_deadline, dt.date)
            fields: dict[str, Any] = {
                "title": values["title"],
                "content": values["content"],
                "source_item": values["source_item"],
                "kind": values["kind"],
                "cadence": values["cadence"],
                "deadline_text": values["deadline_text"],
                "product_type": values["product_type"],
                "product_description": values["product_description"],
            }
            coordinating = [units[int(pk)] for pk in str(values["coordinating_ids"]).split("|") if pk]
            plans = [plans_by_code[code] for code in str(values["plan_codes"]).split("|") if code]
            areas = [areas_by_code[code] for code in str(values["area_codes"]).split("|") if code]
            if planned.change is RowChange.NEW:
                plan = next(p for p in plans if p.pk == values["plan_id"])
                task_create(
                    actor=actor,
                    code=str(values["task_code"]),
                    title=str(values["title"]),
                    lead_unit=lead_unit,
                    original_deadline=original_deadline,
                    coordinating_units=coordinating,
                    areas=areas,
                    plans=plans,
                    source_document=plan.source_document,
                    **{key: value for key, value in fields.items() if key != "title"},
                )
                created += 1
            else:
                data = {**fields, "lead_unit": lead_unit, "original_deadline": original_deadline}
                task_update(
                    actor=actor,
                    task=existing[planned.key],
                    data=data,
                    coordinating_units=coordinating,
                    areas=areas,
                    plans=plans,
                )
                updated += 1
            progress(100 * index / len(rows), f"Đã ghi {index}/{len(rows)} nhiệm vụ")
        return ApplyResult(
            message=f"Đã tạo {created} nhiệm vụ, cập nhật {updated} nhiệm vụ.",
            counts={"created": created, "updated": updated},
        )
