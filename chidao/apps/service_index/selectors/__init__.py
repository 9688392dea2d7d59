"""Reads of the service index, always through the user's scope (404 outside it).

- the current run of a period and the periods that have one;
- the province dashboard: totals and groups (official beside recomputed), trend by month, rank tables;
- a unit: every sub-indicator, official vs recomputed per group, the gap to the next band, its trend;
- the drill-down (in `drilldown`): the dossiers (or feedback, procedures) that cost points, from the engine.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Final, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import units_visible_to, user_scope
from chidao.apps.accounts.models import User
from chidao.apps.organisation.catalogue import admin_units_catalogue
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_get_for_user, unit_head_names_as_of
from chidao.apps.service_index import analytics
from chidao.apps.service_index.models import IndexRun, IndexValue, PublishedRate, PublishedScore, UnitScore
from chidao.apps.service_index.periods import Period, parse_period
from chidao.core.admin_units import old_communes_of
from chidao.core.admin_units_model import MergeKind
from chidao.core.service_index.catalogue import GROUPS, INDICATORS, Basis
from chidao.core.service_index.counts import Counts
from chidao.core.service_index.gap import GapResult, gap_to_next_band

# The 2025 reorganisation took effect on 01/07/2025: a commune made of parts of old communes has no exact
# figures before that month, only estimates.
REORGANISED_FROM: Final = "2025-07"
GROUP_ONE_REASON: Final = (
    "Nhóm 1 chỉ lấy từ số liệu công bố (không tính lại được từ hồ sơ): chưa có đủ tỷ lệ công bố 1.1–1.4 "
    "của tháng nên phần tính lại thiếu điểm nhóm này."
)
GROUP_ONE_PUBLISHED: Final = "Nhóm 1 tính từ các tỷ lệ 1.1–1.4 lấy từ số liệu công bố."
SIMULATED_REASON: Final = "Số liệu tính lại là dữ liệu mô phỏng."
COMMUNE_KINDS: Final = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)
DEPARTMENT_KINDS: Final = (Unit.Kind.DEPARTMENT, Unit.Kind.AGENCY)
_Published = TypeVar("_Published", PublishedScore, PublishedRate)


def require_role(user: User) -> None:
    """403 for a signed-in account holding no role today."""
    if not user_scope(user).roles:
        raise PermissionDenied("Tài khoản chưa được phân quyền.")


def sees_province(user: User) -> bool:
    """Province-wide roles see the province dashboard and every unit."""
    return user_scope(user).all_units


def home_unit(user: User) -> Unit | None:
    """The unit a unit-scoped user lands on (the top of their scope)."""
    scope = user_scope(user)
    for path in scope.unit_paths:
        unit_id = int(path.rstrip("/").rsplit("/", 1)[-1])
        return Unit.objects.filter(pk=unit_id).first()
    return None


def province_unit() -> Unit | None:
    """The province (UBND tỉnh), root of the organisation."""
    return Unit.objects.filter(kind=Unit.Kind.PROVINCE, parent__isnull=True).order_by("pk").first()


# Runs -------------------------------------------------------------------------------------------------


def current_runs(kind: str | None = None) -> QuerySet[IndexRun]:
    """The current succeeded run of every period (of one kind), latest period first."""
    runs = IndexRun.objects.filter(is_current=True, state=IndexRun.State.SUCCEEDED)
    if kind:
        runs = runs.filter(period_kind=kind)
    return runs.order_by("-period_code")


def run_for(period: str | None) -> IndexRun | None:
    """The current run of ``period`` (a code); without one, the latest month's (None when nothing ran).

    404 for a malformed or never computed period.
    """
    if not period:
        return current_runs(IndexRun.PeriodKind.MONTH).first() or current_runs().first()
    try:
        parsed = parse_period(period)
    except Exception:
        raise Http404("Kỳ không hợp lệ.") from None
    run = current_runs().filter(period_kind=parsed.kind, period_code=parsed.code).first()
    if run is None:
        raise Http404("Chưa tính chỉ số cho kỳ này.")
    return run


def period_of(run: IndexRun) -> Period:
    """The run's period."""
    return parse_period(run.period_code)


# Official vs recomputed ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """One group (0 = total) of one unit: official, recomputed, difference and its reason where known."""

    group_number: int
    name: str
    max_points: Decimal
    official: Decimal | None
    recomputed: Decimal | None
    rank: int | None
    rank_of: int | None
    source: str
    reason: str

    @property
    def difference(self) -> Decimal | None:
        """Recomputed − official, when both exist."""
        if self.official is None or self.recomputed is None:
            return None
        return self.recomputed - self.official


def _reason(group_number: int, simulated: bool, official: Decimal | None, group_one_complete: bool) -> str:
    reasons = []
    if group_number in (0, 1):
        reasons.append(GROUP_ONE_PUBLISHED if group_one_complete else GROUP_ONE_REASON)
    if simulated and official is not None:
        reasons.append(SIMULATED_REASON)
    return " ".join(reasons)


def comparisons(run: IndexRun, unit: Unit) -> list[Comparison]:
    """Total and the five groups of ``unit``: official score of the month (if entered) beside the run's."""
    scores = {score.group_number: score for score in UnitScore.objects.filter(run=run, unit=unit)}
    official: dict[int, PublishedScore] = {}
    if run.period_kind == IndexRun.PeriodKind.MONTH:
        official = {
            score.group_number: score
            for score in PublishedScore.objects.filter(unit=unit, month=run.period_code)
        }
    rows = []
    names = {0: "Tổng điểm", **{group.number: group.name for group in GROUPS}}
    maxima = {0: Decimal(100), **{group.number: group.max_points for group in GROUPS}}
    for number in range(6):
        published = official.get(number)
        score = scores.get(number)
        rows.append(
            Comparison(
                number,
                names[number],
                maxima[number],
                published.score if published else None,
                score.score if score else None,
                published.rank if published else None,
                published.rank_of if published else None,
                published.source_document if published else "",
                _reason(
                    number,
                    run.simulated,
                    published.score if published else None,
                    bool(scores.get(1) and scores[1].complete),
                ),
            )
        )
    return rows


# Trend ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _partially_merged_codes() -> frozenset[str]:
    try:
        catalogue = admin_units_catalogue()
    except Exception:  # the catalogue file is optional in some installations
        return frozenset()
    return frozenset(
        code
        for code in catalogue.links_by_new_code
        if any(entry.kind is MergeKind.PARTIAL for entry in old_communes_of(catalogue, code))
    )


def is_split_commune(unit: Unit) -> bool:
    """A commune made (partly) of parts of old communes: its months before 07/2025 are estimates."""
    if not unit.is_commune_level or unit.area is None:
        return False
    return unit.area.code.zfill(5) in _partially_merged_codes()


@dataclass(frozen=True)
class TrendPoint:
    """One month: recomputed total, official total, whether the figure is an estimate."""

    month: str
    recomputed: Decimal | None
    official: Decimal | None
    estimated: bool


def trend(unit: Unit, *, months: int = 12) -> list[TrendPoint]:
    """The unit's totals by month over the current monthly runs (oldest first)."""
    runs = list(current_runs(IndexRun.PeriodKind.MONTH)[:months])
    recomputed = {
        row["run__period_code"]: row["score"]
        for row in UnitScore.objects.filter(run__in=runs, unit=unit, group_number=0).values(
            "run__period_code", "score"
        )
    }
    official = {
        row["month"]: row["score"]
        for row in PublishedScore.objects.filter(unit=unit, group_number=0).values("month", "score")
    }
    month_codes = sorted({run.period_code for run in runs} | set(official))[-months:]
    split = is_split_commune(unit)
    return [
        TrendPoint(month, recomputed.get(month), official.get(month), split and month < REORGANISED_FROM)
        for month in month_codes
    ]


# Rank tables ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    """A unit in a rank table."""

    rank: int
    unit_id: int
    unit_name: str
    head_name: str
    recomputed: Decimal
    band_name: str
    official: Decimal | None
    dossiers: int
    complete: bool

    @property
    def difference(self) -> Decimal | None:
        """Recomputed − official, when both exist."""
        return None if self.official is None else self.recomputed - self.official


def rank_table(run: IndexRun, kinds: Sequence[str], as_of: dt.date) -> list[RankRow]:
    """Units of these kinds ranked by recomputed total (ties share the better rank), heads named."""
    totals = list(
        UnitScore.objects.filter(run=run, group_number=0, unit__kind__in=kinds)
        .select_related("unit")
        .order_by("-score", "unit__name_sort")
    )
    heads = unit_head_names_as_of([row.unit_id for row in totals], as_of)
    official: dict[int, Decimal] = {}
    if run.period_kind == IndexRun.PeriodKind.MONTH:
        official = dict(
            PublishedScore.objects.filter(
                month=run.period_code, group_number=0, unit_id__in=[row.unit_id for row in totals]
            ).values_list("unit_id", "score")
        )
    rows: list[RankRow] = []
    for position, total in enumerate(totals, start=1):
        rank = rows[-1].rank if rows and rows[-1].recomputed == total.score else position
        rows.append(
            RankRow(
                rank,
                total.unit_id,
                total.unit.name,
                heads.get(total.unit_id, ""),
                total.score,
                total.band_name,
                official.get(total.unit_id),
                total.dossiers,
                total.complete,
            )
        )
    return rows


# Province dashboard -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceOverview:
    """What the province dashboard shows for one run."""

    run: IndexRun
    period: Period
    province: Unit
    total: UnitScore | None
    groups: list[UnitScore]
    comparisons: list[Comparison]
    trend: list[TrendPoint]
    communes: list[RankRow]
    departments: list[RankRow]


def province_overview(user: User, run: IndexRun) -> ProvinceOverview:
    """The province's scores, comparisons, trend and rank tables; 404 for unit-scoped users."""
    require_role(user)
    province = province_unit()
    if province is None or not sees_province(user):
        raise Http404("Không tìm thấy.")
    scores = list(UnitScore.objects.filter(run=run, unit=province).order_by("group_number"))
    as_of = min(period_of(run).last_day, timezone.localdate())
    return ProvinceOverview(
        run,
        period_of(run),
        province,
        next((score for score in scores if score.group_number == 0), None),
        [score for score in scores if score.group_number > 0],
        comparisons(run, province),
        trend(province),
        rank_table(run, COMMUNE_KINDS, as_of),
        rank_table(run, DEPARTMENT_KINDS, as_of),
    )


# Unit page --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupView:
    """A group of a unit with its sub-indicators."""

    number: int
    name: str
    score: Decimal | None
    max_points: Decimal
    values: list[IndexValue]


@dataclass(frozen=True)
class UnitOverview:
    """What the unit page shows for one run."""

    run: IndexRun
    period: Period
    unit: Unit
    head_name: str
    total: UnitScore | None
    groups: list[GroupView]
    extras: list[IndexValue]
    comparisons: list[Comparison]
    gap: GapResult | None
    trend: list[TrendPoint]
    split_commune: bool
    drillable: frozenset[str] = field(default_factory=frozenset)


def unit_for_index(user: User, unit_id: int) -> Unit:
    """The unit if the user may see it (404 otherwise)."""
    require_role(user)
    return unit_get_for_user(user, unit_id)


def counts_of(run: IndexRun, unit: Unit) -> dict[str, Counts]:
    """The stored numerators and denominators of a unit, by indicator id."""
    return {
        value.indicator_id: Counts(value.numerator, value.denominator)
        for value in IndexValue.objects.filter(run=run, unit=unit, numerator__isnull=False)
        if value.numerator is not None and value.denominator is not None
    }


def drillable(indicator_id: str) -> bool:
    """Whether the indicator has a list of costing rows (recomputed from dossiers, feedback or procedures)."""
    item = INDICATORS.get(indicator_id)
    return bool(item and item.recomputed and (item.counted or item.basis is Basis.PROCEDURE))


def unit_overview(user: User, unit_id: int, run: IndexRun) -> UnitOverview:
    """A unit's sub-indicators, groups, official vs recomputed, gap to the next band and trend."""
    unit = unit_for_index(user, unit_id)
    values = list(IndexValue.objects.filter(run=run, unit=unit).order_by("group_number", "indicator_id"))
    scores = {score.group_number: score for score in UnitScore.objects.filter(run=run, unit=unit)}
    groups = [
        GroupView(
            group.number,
            group.name,
            scores[group.number].score if group.number in scores else None,
            group.max_points,
            [value for value in values if value.group_number == group.number],
        )
        for group in GROUPS
    ]
    gap = None
    if values:
        gap = gap_to_next_band(counts_of(run, unit), analytics.index_config())
    as_of = min(period_of(run).last_day, timezone.localdate())
    return UnitOverview(
        run,
        period_of(run),
        unit,
        unit_head_names_as_of([unit.pk], as_of).get(unit.pk, ""),
        scores.get(0),
        groups,
        [value for value in values if value.group_number == 0],
        comparisons(run, unit),
        gap,
        trend(unit),
        is_split_commune(unit),
        frozenset(value.indicator_id for value in values if drillable(value.indicator_id)),
    )


# Published scores -------------------------------------------------------------------------------------


def _published_in_scope(
    user: User, published: QuerySet[_Published], month: str | None
) -> QuerySet[_Published]:
    require_role(user)
    if month:
        published = published.filter(month=month)
    if user_scope(user).all_units:
        return published
    return published.filter(unit__in=units_visible_to(user))


def published_scores(user: User, month: str | None = None) -> QuerySet[PublishedScore]:
    """Official scores of units in the user's scope, latest month first."""
    return _published_in_scope(user, PublishedScore.objects.select_related("unit"), month)


def published_rates(user: User, month: str | None = None) -> QuerySet[PublishedRate]:
    """Published rates of group 1 (1.1–1.4) of units in the user's scope, latest month first."""
    return _published_in_scope(user, PublishedRate.objects.select_related("unit"), month)


def unit_scores(run: IndexRun, unit_ids: Sequence[int]) -> dict[int, dict[int, UnitScore]]:
    """Scores of several units in a run, by unit id then group number."""
    by_unit: dict[int, dict[int, UnitScore]] = defaultdict(dict)
    for score in UnitScore.objects.filter(run=run, unit_id__in=unit_ids):
        by_unit[score.unit_id][score.group_number] = score
    return dict(by_unit)


# The drill-down reads the engine and lives in its own module; re-exported so callers keep one import.
from chidao.apps.service_index.selectors.drilldown import (  # noqa: E402
    EXPORT_MAX_ROWS,
    MAX_DRILL_ROWS,
    PAGE_SIZE,
    DrillPage,
    drill_down,
    drill_down_export,
)

__all__ = ["EXPORT_MAX_ROWS", "MAX_DRILL_ROWS", "PAGE_SIZE", "DrillPage", "drill_down", "drill_down_export"]
