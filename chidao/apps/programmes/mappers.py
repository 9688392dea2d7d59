"""Between the ORM and the pure core: a stored task becomes core facts and records; a derived status becomes
the stored status columns. The only place that knows both shapes, so a change of the core contract is made here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from chidao.apps.programmes.models import Phase, Task, TaskExtension
from chidao.core.calendar import WorkingCalendar
from chidao.core.tasks.statistics import Phase as CorePhase
from chidao.core.tasks.statistics import TaskRecord
from chidao.core.tasks.status import (
    Bucket,
    DeadlineBasis,
    ExtensionFact,
    StatusPolicy,
    TaskFacts,
    TaskKind,
    TaskStatus,
    derive_status,
)

# The lead unit id recorded for a task that has none ("chưa rõ trách nhiệm").
NO_UNIT = 0

# The stored status columns, for bulk_update and update_fields.
STATUS_FIELDS = (
    "status_bucket",
    "status_flags",
    "working_days_late",
    "status_rule",
    "status_explanation",
    "status_as_of",
    "status_computed_at",
)

# A time-bound task whose deadline is not yet known ("chưa rõ thời gian") cannot be judged: it is counted as in
# progress within deadline and the missing "rõ thời gian" is shown beside it.
UNDATED_RULE = "S-00"
UNDATED_EXPLANATION = "Chưa rõ thời hạn: đang thực hiện, chưa thể đánh giá đúng hạn hay quá hạn."


def extension_facts(extensions: Iterable[TaskExtension]) -> tuple[ExtensionFact, ...]:
    """The approved extensions of a task, in approval order."""
    return tuple(
        ExtensionFact(old_deadline=e.old_deadline, new_deadline=e.new_deadline, approved_on=e.approved_on)
        for e in sorted(extensions, key=lambda e: (e.approved_on, e.pk or 0))
    )


def task_facts(task: Task) -> TaskFacts:
    """The core facts of a stored task (its extensions read through `task.extensions`, prefetched or not)."""
    extensions = extension_facts(task.extensions.all()) if task.pk else ()
    return TaskFacts(
        kind=TaskKind(task.kind),
        original_deadline=task.original_deadline,
        extensions=extensions,
        completed_on=task.completed_on,
        confirmed=task.confirmed_at is not None,
        returned=task.is_returned,
        suspended_on=task.suspended_on,
        stopped_on=task.stopped_on,
        progress_percent=task.progress_percent,
        has_report=task.has_report,
    )


def task_status(
    task: Task,
    *,
    as_of: dt.date,
    calendar: WorkingCalendar,
    policy: StatusPolicy | None = None,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
) -> TaskStatus:
    """The status the core derives for the task on `as_of`."""
    facts = task_facts(task)
    if facts.kind is TaskKind.TIME_BOUND and facts.original_deadline is None:
        return _undated_status(facts, as_of)
    return derive_status(facts, as_of=as_of, calendar=calendar, policy=policy or StatusPolicy(), basis=basis)


def _undated_status(facts: TaskFacts, as_of: dt.date) -> TaskStatus:
    decided = facts.stopped_on if facts.stopped_on and facts.stopped_on <= as_of else None
    if decided is not None:
        return TaskStatus(
            Bucket.STOPPED, frozenset(), None, 0, False, "S-01", "Dừng thực hiện theo quyết định."
        )
    if facts.suspended_on is not None and facts.suspended_on <= as_of:
        return TaskStatus(Bucket.SUSPENDED, frozenset(), None, 0, False, "S-02", "Tạm hoãn theo quyết định.")
    return TaskStatus(
        Bucket.IN_PROGRESS_ON_TIME, frozenset(), None, 0, True, UNDATED_RULE, UNDATED_EXPLANATION
    )


def encode_flags(status: TaskStatus) -> str:
    """Flags as the stored comma-wrapped text (",due_soon,returned,"), in a fixed order; empty without flags."""
    codes = sorted(str(flag) for flag in status.flags)
    return f",{','.join(codes)}," if codes else ""


def apply_status(task: Task, status: TaskStatus, *, as_of: dt.date, computed_at: dt.datetime) -> bool:
    """Copy the derived status onto the task's stored columns; True when a stored value changed (the
    timestamps aside)."""
    values = {
        "status_bucket": str(status.bucket),
        "status_flags": encode_flags(status),
        "working_days_late": status.working_days_late,
        "status_rule": status.rule,
        "status_explanation": status.explanation[:500],
    }
    changed = any(getattr(task, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(task, field, value)
    task.status_as_of = as_of
    task.status_computed_at = computed_at
    return changed


def task_record(task: Task) -> TaskRecord:
    """The core statistics record of a task; areas, plans, phases and extensions should be prefetched.

    A task without a lead unit is recorded under unit 0 (no unit has that id)."""
    return TaskRecord(
        task_id=task.pk,
        lead_unit_id=task.lead_unit_id or NO_UNIT,
        facts=task_facts(task),
        phase_codes=tuple(sorted(phase.code for phase in task.phases.all())),
        area_codes=tuple(sorted(area.code for area in task.areas.all())),
        plan_codes=tuple(sorted(plan.code for plan in task.plans.all())),
        assigned_on=task.assigned_on,
    )


def phase_window(phase: Phase) -> CorePhase:
    """The core's view of a phase."""
    return CorePhase(code=phase.code, name=phase.name, start=phase.start, end=phase.end)
