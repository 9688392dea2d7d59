"""The demo scenario of the steering tasks, on Gia Lai's real organisation (development and demonstrations only).

As of 03/03/2026 the figures of the committee's meeting come out of the statistics, computed from the facts
this seed replays: NQ 57, 103 tasks assigned by the Centre = 25 recurring + 69 completed + 9 in progress within
deadline + 0 overdue; urgent phase 16/16; breakthrough phase 25/25; Project 06, 30 tasks completed in 2025. Around
them, the province's own tasks for departments and communes are late, overdue, returned, extended or suspended.
Everything goes through the audited programmes services; the scenario (tasks_scenario.py, data/*.json) is
described in docs/domain/demo-scenario.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.demo.tasks_scenario import (
    PROVINCE_CODE,
    TaskSpec,
    da06_specs,
    iso_day,
    nq57_specs,
    person_for,
    province_specs,
    scenario_data,
)
from chidao.apps.organisation.models import Person, Unit
from chidao.apps.programmes import services
from chidao.apps.programmes.models import (
    Area,
    Authority,
    Phase,
    Plan,
    PlanGroup,
    ProgressReport,
    SourceDocument,
    Task,
    TaskDirective,
)
from chidao.apps.programmes.selectors import commune_units_under
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.periods import Cadence
from chidao.core.tasks.recurring import ReportDeadlineRule, expected_periods, report_due_on

COMMAND_ACTOR = "manage.py seed_demo"
DEMO_COMMUNE_CODE = "21583"  # Phường Quy Nhơn
# Who plays each step where a demo account exists (others act as the command).
UNIT_ACCOUNTS = {
    "SKHCN": ("canbo.skhcn", "giamdoc.skhcn"),
    DEMO_COMMUNE_CODE: ("canbo.quynhon", "chutich.quynhon"),
}


@dataclass
class TasksSeedResult:
    """What the seed did: tasks created and tasks already there (by code)."""

    created: int = 0
    existing: int = 0
    codes: list[str] = field(default_factory=list)


class _Seeder:
    """Replays the scenario through the services, inside the seed's transaction."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.today = timezone.localdate()
        self.calendar = working_calendar()
        self.users = {u.username: u for u in get_user_model().objects.filter(is_demo=True)}
        self.people = {p.name: p for p in Person.objects.filter(unit__code=PROVINCE_CODE)}
        self.units = {u.code: u for u in Unit.objects.all()}
        self.areas = {a.code: a for a in Area.objects.all()}
        self.authorities = {a.code: a for a in Authority.objects.all()}
        self.phases = {p.code: p for p in Phase.objects.all()}
        self.plans = {p.code: p for p in Plan.objects.all()}
        self.groups = {(g.plan.code, g.code): g for g in PlanGroup.objects.select_related("plan")}
        self.documents = self._documents()
        self.backdated = 0
        self.evidence_number = 0

    def _documents(self) -> dict[str, SourceDocument]:
        found = {}
        for row in scenario_data("reference")["documents"]:
            found[row["key"]] = SourceDocument.objects.get(
                number_symbol=row["number_symbol"], issued_on=iso_day(row["issued_on"])
            )
        return found

    def user(self, username: str) -> Any:
        return self.users.get(username, self.actor)

    def reporter(self, unit: Unit) -> tuple[Any, Any]:
        officer, head = UNIT_ACCOUNTS.get(unit.code, ("", ""))
        return self.user(officer), self.user(head)

    def create(self, spec: TaskSpec) -> Task:
        lead = self.units[spec.lead]
        source = self.documents[spec.source]
        task = services.task_create(
            actor=self.user("thuongtruc"),
            code=spec.code,
            title=spec.title,
            content=f"{spec.title} theo {source.get_kind_display()} số {source.number_symbol}"
            f" ngày {source.issued_on:%d/%m/%Y}.",
            lead_unit=lead,
            original_deadline=spec.deadline,
            coordinating_units=[self.units[code] for code in spec.coordinating],
            areas=[self.areas[code] for code in spec.areas],
            plans=[self.plans[spec.plan]],
            phases=[self.phases[code] for code in spec.phases],
            source_document=source,
            source_item=spec.source_item,
            origin=spec.origin,
            kind=Task.Kind.RECURRING if spec.cadence else Task.Kind.TIME_BOUND,
            cadence=spec.cadence,
            responsible_person=self.people.get(spec.person) if spec.person else None,
            assigned_on=spec.assigned,
            deadline_text=spec.deadline_text,
            product_type=spec.product[0] if spec.product else "",
            product_description=spec.product[1] if spec.product else "",
            authority=self.authorities[spec.authority] if spec.authority else None,
            plan_group=self.groups.get((spec.plan, spec.group)),
        )
        for outcome in spec.outcomes:
            self.replay(task, outcome)
        if spec.cadence:
            self.periodic_reports(task, spec)
        return task

    def replay(self, task: Task, outcome: str) -> None:
        """One step of a task's story: a report, its review, an extension, a decision or a directive."""
        step, _, value = outcome.partition(":")
        if step == "none":
            return
        officer, head = self.reporter(task.lead_unit) if task.lead_unit else (self.actor, self.actor)
        secretariat = self.user("thuongtruc")
        if step in ("progress", "submitted"):
            report = services.report_submit(
                actor=officer, task=task, percent=int(value), result="Đang triển khai theo kế hoạch."
            )
            if step == "progress":
                services.report_approve_by_head(actor=head, report=report)
            return
        if step == "extend":
            services.task_extend(
                actor=secretariat, task=task, new_deadline=iso_day(value),
                reason="Đơn vị đề nghị gia hạn do chờ bố trí kinh phí.", requested_by=officer if getattr(officer, "pk", None) else None,
            )  # fmt: skip
            return
        if step == "suspend":
            services.task_suspend(
                actor=secretariat, task=task, on=iso_day(value),
                decision_text=f"Văn bản của UBND tỉnh ngày {iso_day(value):%d/%m/%Y} tạm hoãn để điều chỉnh kế hoạch",
            )  # fmt: skip
            return
        if step in ("explain", "direct"):
            explain = step == "explain"
            services.directive_create(
                actor=secretariat if explain else self.user("chutich"),
                task=task,
                kind=TaskDirective.Kind.EXPLANATION_REQUEST if explain else TaskDirective.Kind.DIRECTION,
                text="Đề nghị giải trình lý do chậm tiến độ và đề xuất giải pháp khắc phục."
                if explain
                else "Tập trung hoàn thành trước ngày 31/3/2026, báo cáo kết quả tại phiên họp quý II.",
                due_on=iso_day(value),
            )
            return
        evidence = iso_day(value)
        if evidence > self.today:  # a story that has not happened yet: the task stays open
            return
        self.evidence_number += 1
        suffix = task.lead_unit.code if task.lead_unit and not task.lead_unit.code.isdigit() else "UBND"
        report = services.report_submit(
            actor=officer,
            task=task,
            percent=100,
            result="Đã hoàn thành, có văn bản kèm theo.",
            evidence_number=f"{100 + self.evidence_number}/BC-{suffix}",
            evidence_date=evidence,
        )
        report = services.report_approve_by_head(actor=head, report=report)
        if step == "done":
            services.report_confirm(actor=secretariat, report=report)
        elif step == "returned":
            services.report_return(
                actor=secretariat,
                report=report,
                reason="Văn bản chứng minh chưa thể hiện đủ sản phẩm đã giao.",
            )

    def periodic_reports(self, task: Task, spec: TaskSpec) -> None:
        """A recurring task's reports for the periods already due: most on time, some late, a few missing."""
        officer, head = self.reporter(self.units[spec.lead])
        rule = ReportDeadlineRule()
        periods = expected_periods(Cadence(spec.cadence), spec.assigned, self.today)
        for index, period in enumerate(periods):
            due_on = report_due_on(period, rule, self.calendar)
            pattern = (int(spec.code[-2:]) * 7 + index * 3) % 10
            submitted_on = (
                due_on - dt.timedelta(days=pattern % 3) if pattern < 7 else due_on + dt.timedelta(5)
            )
            if pattern == 9 or submitted_on > self.today:
                continue  # missing
            report = services.report_submit(
                actor=officer, task=task, percent=min(95, period.end.month * 100 // 12),
                result=f"Báo cáo {period.label_vi}.", period_label=period.code, period_end=period.end,
            )  # fmt: skip
            services.report_approve_by_head(actor=head, report=report)
            self.backdate(report, submitted_on)

    def backdate(self, report: ProgressReport, submitted_on: dt.date) -> None:
        """The services stamp the moment they run; the replayed report is moved to the day the story says."""
        moment = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9)))
        ProgressReport.objects.filter(pk=report.pk).update(submitted_at=moment, head_approved_at=moment)
        self.backdated += 1

    def communes(self, result: TasksSeedResult) -> None:
        """One task given to every commune-level unit at once, then each commune's own story."""
        row = scenario_data("province")["communes"]
        if Task.objects.filter(code=row["code"]).exists():
            result.existing += 1 + Task.objects.filter(parent__code=row["code"]).count()
            return
        parent = self.create(
            TaskSpec(
                code=row["code"], title=row["title"], lead=row["lead"], areas=tuple(row["areas"]),
                plan="CCHC-CDS-2026", source="kh-2026", assigned=iso_day(row["assigned"]),
                deadline=iso_day(row["deadline"]), deadline_text=row["deadline_text"],
                product=(row["product"][0], row["product"][1]), authority=row["authority"],
                person=person_for(row["lead"]), origin=Task.Origin.PROVINCE,
            )
        )  # fmt: skip
        # The communes whose one-stop desk failed the inspection: every third one, and Phường Quy Nhơn.
        communes = [
            unit
            for index, unit in enumerate(
                commune_units_under(self.units[PROVINCE_CODE], iso_day(row["assigned"]))
            )
            if index % 3 == 0 or unit.code == DEMO_COMMUNE_CODE
        ]
        children = services.task_assign_many(actor=self.user("thuongtruc"), parent=parent, units=communes)
        cycle = row["outcome_cycle"]
        for index, child in enumerate(sorted(children, key=lambda c: c.code)):
            self.replay(child, cycle[index % len(cycle)])
        result.created += 1 + len(children)
        result.codes.append(parent.code)


def _reference(actor: Any) -> None:
    """Areas, authorities, phases, source documents and plans (by code; existing rows are left alone)."""
    data = scenario_data("reference")
    created: list[Any] = []
    for model, rows in ((Area, data["areas"]), (Authority, data["authorities"])):
        for row in rows:
            obj, made = model.objects.get_or_create(code=row["code"], defaults=row)
            created += [obj] if made else []
    for row in data["phases"]:
        defaults = {"name": row["name"], "start": iso_day(row["start"]), "end": iso_day(row["end"])}
        phase, made = Phase.objects.get_or_create(code=row["code"], defaults=defaults)
        created += [phase] if made else []
    documents = {}
    for row in data["documents"]:
        fields = {k: v for k, v in row.items() if k not in ("key", "number_symbol", "issued_on")}
        document, made = SourceDocument.objects.get_or_create(
            number_symbol=row["number_symbol"], issued_on=iso_day(row["issued_on"]), defaults=fields
        )
        documents[row["key"]] = document
        created += [document] if made else []
    for row in data["plans"]:
        defaults = {"name": row["name"], "source_document": documents[row["document"]], "year": row["year"]}
        plan, made = Plan.objects.get_or_create(
            code=row["code"], defaults={**defaults, "issuer_name": row["issuer_name"]}
        )
        created += [plan] if made else []
        for order, group in enumerate(row["groups"], start=1):
            plan_group, made = PlanGroup.objects.get_or_create(
                plan=plan, code=group["code"], defaults={"name": group["name"], "order": order}
            )
            created += [plan_group] if made else []
    for obj in created:
        audit_record(actor=actor, action="demo.seed_tasks", obj=obj, after=snapshot(obj))


@writes_audit("demo.seed_tasks", label="Tạo nhiệm vụ trình diễn")
def demo_tasks_seed(*, actor: Any = COMMAND_ACTOR) -> TasksSeedResult:
    """Seed the steering tasks of the demo (after load_organisation and the demo accounts), in one transaction;
    a task whose code exists is left alone, so a second run changes nothing."""
    _reference(actor)
    seeder = _Seeder(actor)
    result = TasksSeedResult()
    existing = set(Task.objects.values_list("code", flat=True))
    for spec in (*nq57_specs(), *da06_specs(), *province_specs()):
        if spec.code in existing:
            result.existing += 1
            continue
        seeder.create(spec)
        result.created += 1
        result.codes.append(spec.code)
    seeder.communes(result)
    if result.created:
        audit_record(
            actor=actor,
            action="demo.seed_tasks",
            object_type="programmes.task",
            object_repr=f"Nhiệm vụ trình diễn: {result.created} nhiệm vụ mới",
            after={"created": result.created, "backdated_reports": seeder.backdated},
        )
    return result
