"""What the meeting briefing is built from: plain, dated figures with their labels (no Django, no clock).

The documents app fills these from the dashboard's data (`chidao.apps.documents.mappers`), so every figure of a
briefing is the dashboard's for the same date. A section whose data does not exist yet (the service index, data
quality) is None and the briefing says "chưa có dữ liệu" — it never invents a figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from chidao.core.documents.profile import IssueMark, IssuerProfile

__all__ = [
    "AreaResult",
    "AttentionUnit",
    "BriefingInputs",
    "Comparison",
    "CountChange",
    "LastYearCompletions",
    "LeagueEntry",
    "OpenDirective",
    "PhaseResult",
    "ProvidedSection",
    "StatusCounts",
    "TaskItem",
]


@dataclass(frozen=True)
class StatusCounts:
    """Tasks by bucket as of the date (the seed's shape: 103 = 25 recurring + 69 done + 9 in progress + 0 overdue).

    Suspended and stopped tasks are outside `total`; `on_time_share` is done on time / tasks with a deadline.
    """

    total: int
    recurring: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    overdue: int
    suspended: int = 0
    stopped: int = 0
    on_time_share: Decimal | None = None

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def time_bound(self) -> int:
        return self.total - self.recurring


@dataclass(frozen=True)
class CountChange:
    """How an area's counts moved since the compared date (current minus previous)."""

    total: int
    done: int
    overdue: int


@dataclass(frozen=True)
class LastYearCompletions:
    """Tasks completed between 1/1 and 31/12 of `year` (the seed's "hoàn thành 30 nhiệm vụ trong năm 2025")."""

    year: int
    on_time: int
    late: int

    @property
    def total(self) -> int:
        return self.on_time + self.late


@dataclass(frozen=True)
class AreaResult:
    """One area of work with the words the briefing uses for it.

    `label` follows "Đối với …" ("việc thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW của Bộ Chính trị"),
    `short_label` follows "Trong triển khai …" ("Đề án 06"), `assigned_by` follows "tổng số nhiệm vụ …"
    ("Trung ương giao tỉnh"; empty for none).
    """

    code: str
    label: str
    short_label: str
    counts: StatusCounts
    assigned_by: str = ""
    last_year: LastYearCompletions | None = None
    change: CountChange | None = None


@dataclass(frozen=True)
class PhaseResult:
    """A window of the programme: its time-bound tasks, done as of the date and done by its last day."""

    code: str
    name: str  # "Giai đoạn cấp bách"
    start: date
    end: date
    total: int
    done: int
    done_within_phase: int


@dataclass(frozen=True)
class Comparison:
    """The date the changes are counted from: the previous meeting's (`is_meeting`) or a chosen day."""

    since: date
    is_meeting: bool = True


@dataclass(frozen=True)
class TaskItem:
    """A task in a list of overdue or due-soon tasks."""

    code: str
    title: str
    deadline: date | None
    working_days_late: int = 0


@dataclass(frozen=True)
class AttentionUnit:
    """A lead unit that needs attention, with its head as of the date ("" when none is recorded)."""

    unit_id: int
    unit_name: str
    head_name: str
    overdue: tuple[TaskItem, ...] = ()
    due_soon: tuple[TaskItem, ...] = ()
    missing_reports: int = 0


@dataclass(frozen=True)
class OpenDirective:
    """An explanation request or a direction not answered yet."""

    kind_label: str  # "Yêu cầu giải trình", "Ý kiến chỉ đạo"
    text: str
    task_code: str
    unit_name: str
    created_on: date
    due_on: date | None = None


@dataclass(frozen=True)
class LeagueEntry:
    """A line of the league table of lead units."""

    rank: int
    unit_name: str
    head_name: str
    tasks: int
    done_on_time: int
    done_late: int
    in_progress_on_time: int
    overdue: int
    on_time_rate: Decimal | None
    missing_reports: int


@dataclass(frozen=True)
class ProvidedSection:
    """A section written from data the tasks do not hold (service index, data quality): its paragraphs and the
    figures they quote (keys relative to the section)."""

    paragraphs: tuple[str, ...]
    figures: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BriefingInputs:
    """Everything the meeting briefing says, as of `as_of`."""

    profile: IssuerProfile
    as_of: date
    areas: tuple[AreaResult, ...]
    phases: tuple[PhaseResult, ...] = ()
    meeting_date: date | None = None
    meeting_title: str = ""  # "Phiên họp lần thứ nhất năm 2026"
    comparison: Comparison | None = None
    attention: tuple[AttentionUnit, ...] = ()
    open_directives: tuple[OpenDirective, ...] = ()
    league: tuple[LeagueEntry, ...] = ()
    proposals: tuple[str, ...] = ()
    service_index: ProvidedSection | None = None
    data_quality: ProvidedSection | None = None
    issue: IssueMark = field(default_factory=IssueMark)
    symbol: str = ""  # "BC-BCĐ"; empty: "BC-" + the profile's abbreviation
    # How many units the body names under "Tồn tại, hạn chế" (the annex lists them all).
    attention_limit: int = 10
