"""The league table of lead units (departments, communes): how each handles the tasks it leads.

Rows carry their counts so the page can show how the rate was reached; names and heads as of the
date come from the organisation app. Definitions and ordering: docs/domain/task-statistics.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.tasks.recurring import ReportSummary
from chidao.core.tasks.statistics import TaskRecord, UnitId, rate
from chidao.core.tasks.status import DEFAULT_POLICY, Bucket, DeadlineBasis, StatusPolicy, derive_status

__all__ = ["LeagueRow", "compute_league_table"]

DAYS_QUANTUM: Final = Decimal("0.1")
_NO_REPORTS: Final[Mapping[UnitId, ReportSummary]] = MappingProxyType({})


@dataclass(frozen=True)
class LeagueRow:
    """One lead unit's line: its counted tasks by outcome, rates and missing periodic reports.

    ``on_time_rate`` = done on time / (done + overdue); ``average_working_days_late`` is the mean over
    the unit's late tasks (done late, overdue, or kept late days of a late extension), 1 decimal.
    ``rank`` is 1 for the best; equal lines share a rank (1, 1, 3).
    """

    unit_id: UnitId
    rank: int
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


class _UnitTally:
    def __init__(self) -> None:
        self.by_bucket = dict.fromkeys(Bucket, 0)
        self.days_late: list[int] = []

    def row(self, unit_id: UnitId, reports: ReportSummary) -> LeagueRow:
        counts = self.by_bucket
        done = counts[Bucket.DONE_ON_TIME] + counts[Bucket.DONE_LATE]
        average = (
            (Decimal(sum(self.days_late)) / len(self.days_late)).quantize(
                DAYS_QUANTUM, rounding=ROUND_HALF_UP
            )
            if self.days_late
            else None
        )
        return LeagueRow(
            unit_id=unit_id,
            rank=0,
            tasks=sum(count for bucket, count in counts.items() if bucket.counted),
            recurring=counts[Bucket.RECURRING],
            done_on_time=counts[Bucket.DONE_ON_TIME],
            done_late=counts[Bucket.DONE_LATE],
            in_progress_on_time=counts[Bucket.IN_PROGRESS_ON_TIME],
            overdue=counts[Bucket.IN_PROGRESS_OVERDUE],
            on_time_rate=rate(counts[Bucket.DONE_ON_TIME], done + counts[Bucket.IN_PROGRESS_OVERDUE]),
            average_working_days_late=average,
            late_tasks=len(self.days_late),
            missing_reports=reports.missing,
            late_reports=reports.late,
        )


def _ordering_key(row: LeagueRow) -> tuple[int, Decimal, int, Decimal, int, int]:
    # Best first: a higher on-time rate, fewer overdue tasks, fewer days late, fewer missing
    # reports, then more tasks handled. A unit without a rate goes after those with one.
    return (
        row.on_time_rate is None,
        -(row.on_time_rate or Decimal(0)),
        row.overdue,
        row.average_working_days_late or Decimal(0),
        row.missing_reports,
        -row.tasks,
    )


def compute_league_table(
    records: Iterable[TaskRecord],
    *,
    as_of: date,
    calendar: WorkingCalendar,
    policy: StatusPolicy = DEFAULT_POLICY,
    basis: DeadlineBasis = DeadlineBasis.CURRENT,
    report_summaries: Mapping[UnitId, ReportSummary] = _NO_REPORTS,
) -> tuple[LeagueRow, ...]:
    """One row per lead unit as of ``as_of``, best first; ``report_summaries`` gives each unit's periodic reports.

    A unit with report obligations but no counted task still gets a row. Tasks assigned after
    ``as_of`` are left out, as in ``compute_statistics``.
    """
    tallies: dict[UnitId, _UnitTally] = {}
    for record in records:
        if record.assigned_on is not None and record.assigned_on > as_of:
            continue
        status = derive_status(record.facts, as_of=as_of, calendar=calendar, policy=policy, basis=basis)
        tally = tallies.setdefault(record.lead_unit_id, _UnitTally())
        tally.by_bucket[status.bucket] += 1
        late = status.bucket in (Bucket.DONE_LATE, Bucket.IN_PROGRESS_OVERDUE) or status.working_days_late > 0
        if status.counted and late:
            tally.days_late.append(status.working_days_late)
    for unit_id in report_summaries:
        tallies.setdefault(unit_id, _UnitTally())
    rows = sorted(
        (
            tally.row(unit_id, report_summaries.get(unit_id, ReportSummary()))
            for unit_id, tally in tallies.items()
        ),
        key=lambda row: (_ordering_key(row), str(row.unit_id)),
    )
    ranked: list[LeagueRow] = []
    for position, row in enumerate(rows, start=1):
        tied = ranked and _ordering_key(ranked[-1]) == _ordering_key(row)
        ranked.append(replace(row, rank=ranked[-1].rank if tied else position))
    return tuple(ranked)
