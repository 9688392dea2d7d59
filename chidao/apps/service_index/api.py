"""Service index API: runs, scores per unit and period, sub-indicator values, the costing rows (paginated) and
the official scores, through the same selectors as the pages and with the same scope (404 outside it).

Mount: ``api.add_router("/v1/service-index/", router)`` in chidao/api/urls.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from chidao.api.schemas import ErrorOut
from chidao.apps.accounts.access import units_visible_to
from chidao.apps.service_index import selectors
from chidao.apps.service_index.models import IndexRun, IndexValue, UnitScore

router = Router(tags=["Chỉ số phục vụ người dân, doanh nghiệp"])

# 401 signed out; 403 an account without a role; 404 outside the scope, an unknown period or indicator;
# 422 a malformed parameter.
_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RunOut(Schema):
    """A current run of a period."""

    period_kind: str
    period_code: str
    config_version: str
    formula_version: str
    dataset_versions: dict[str, str]
    simulated: bool = Field(description="Tính trên dữ liệu mô phỏng")
    cutoff: dt.datetime | None
    finished_at: dt.datetime | None


class GroupScoreOut(Schema):
    """One group (0 = total) of a unit."""

    group_number: int
    score: Decimal
    max_points: Decimal


class UnitScoreOut(Schema):
    """A unit's total, band and groups in a period."""

    unit_id: int
    unit_code: str
    unit_name: str
    total: Decimal
    band_code: str
    band_name: str
    band_confirmed: bool
    complete: bool
    dossiers: int
    groups: list[GroupScoreOut]


class ValueOut(Schema):
    """One sub-indicator: counts, rate (null = N/A or not published), points."""

    indicator_id: str
    group_number: int
    source_kind: str
    status: str
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    points: Decimal
    max_points: Decimal
    threshold: Decimal
    points_confirmed: bool
    note: str


class CostingPageOut(Schema):
    """One page of the rows that cost points."""

    indicator_id: str
    unit_id: int
    period_code: str
    page: int
    page_size: int
    has_next: bool
    columns: list[str]
    rows: list[dict[str, Any]]


class OfficialOut(Schema):
    """An official score of the monthly notice."""

    unit_id: int
    unit_name: str
    month: str
    group_number: int
    score: Decimal
    max_points: Decimal
    rank: int | None
    rank_of: int | None
    source_document: str
    origin: str


class PeriodParams(Schema):
    period: str | None = Field(
        None, description="2026-02, 2026-Q1 hoặc 2026; mặc định: tháng gần nhất đã tính"
    )


class CostingParams(PeriodParams):
    page: int = Field(1, ge=1)


class OfficialParams(Schema):
    month: str | None = Field(None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")


def _run(user: Any, period: str | None) -> IndexRun:
    selectors.require_role(user)
    run = selectors.run_for(period)
    if run is None:
        from django.http import Http404

        raise Http404("Chưa tính chỉ số.")
    return run


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


@router.get("/runs", response={200: list[RunOut], **_ERRORS}, summary="Các kỳ đã tính")
def list_runs(request: HttpRequest) -> list[IndexRun]:
    """The current run of every computed period, latest first."""
    selectors.require_role(request.user)  # type: ignore[arg-type]
    return list(selectors.current_runs()[:200])


@router.get("/scores", response={200: list[UnitScoreOut], **_ERRORS}, summary="Điểm các đơn vị trong kỳ")
def list_scores(request: HttpRequest, params: Query[PeriodParams]) -> list[dict[str, Any]]:
    """Total, band and group scores of every unit the caller may see, in the period."""
    run = _run(request.user, params.period)
    visible = units_visible_to(request.user)  # type: ignore[arg-type]
    scores = UnitScore.objects.filter(run=run, unit__in=visible).select_related("unit").order_by("unit__code")
    by_unit: dict[int, dict[str, Any]] = {}
    for score in scores:
        entry = by_unit.setdefault(
            score.unit_id,
            {
                "unit_id": score.unit_id,
                "unit_code": score.unit.code,
                "unit_name": score.unit.name,
                "groups": [],
            },
        )
        if score.group_number == 0:
            entry.update(
                total=score.score,
                band_code=score.band_code,
                band_name=score.band_name,
                band_confirmed=score.band_confirmed,
                complete=score.complete,
                dossiers=score.dossiers,
            )
        else:
            entry["groups"].append(
                {"group_number": score.group_number, "score": score.score, "max_points": score.max_points}
            )
    return list(by_unit.values())


@router.get(
    "/units/{unit_id}/values",
    response={200: list[ValueOut], **_ERRORS},
    summary="Giá trị các chỉ số thành phần của một đơn vị",
)
def list_values(request: HttpRequest, unit_id: int, params: Query[PeriodParams]) -> list[dict[str, Any]]:
    """Every sub-indicator of the unit in the period, with numerator and denominator; 404 outside the scope."""
    run = _run(request.user, params.period)
    unit = selectors.unit_for_index(request.user, unit_id)  # type: ignore[arg-type]
    values = IndexValue.objects.filter(run=run, unit=unit).order_by("group_number", "indicator_id")
    return [
        {
            "indicator_id": value.indicator_id,
            "group_number": value.group_number,
            "source_kind": value.source_kind,
            "status": value.status,
            "numerator": value.numerator,
            "denominator": value.denominator,
            "rate": value.rate,
            "points": value.points,
            "max_points": value.max_points,
            "threshold": value.threshold,
            "points_confirmed": value.confirmed,
            "note": value.note,
        }
        for value in values
    ]


@router.get(
    "/units/{unit_id}/indicators/{indicator_id}/costing",
    response={200: CostingPageOut, **_ERRORS},
    summary="Hồ sơ làm mất điểm (phân trang)",
)
def costing_rows(
    request: HttpRequest, unit_id: int, indicator_id: str, params: Query[CostingParams]
) -> dict[str, Any]:
    """The rows of the indicator that cost the unit points (province: every unit), 50 a page."""
    run = _run(request.user, params.period)
    page = selectors.drill_down(request.user, unit_id, indicator_id, run, params.page)  # type: ignore[arg-type]
    return {
        "indicator_id": indicator_id,
        "unit_id": page.unit.pk,
        "period_code": run.period_code,
        "page": page.page,
        "page_size": selectors.PAGE_SIZE,
        "has_next": page.has_next,
        "columns": list(page.columns),
        "rows": [{key: _json_value(value) for key, value in row.items()} for row in page.rows],
    }


@router.get("/official", response={200: list[OfficialOut], **_ERRORS}, summary="Điểm chính thức")
def list_official(request: HttpRequest, params: Query[OfficialParams]) -> list[dict[str, Any]]:
    """Official scores of the units the caller may see (one month, or all), latest month first."""
    scores = selectors.published_scores(request.user, params.month)[:2000]  # type: ignore[arg-type]
    return [
        {
            "unit_id": score.unit_id,
            "unit_name": score.unit.name,
            "month": score.month,
            "group_number": score.group_number,
            "score": score.score,
            "max_points": score.max_points,
            "rank": score.rank,
            "rank_of": score.rank_of,
            "source_document": score.source_document,
            "origin": score.origin,
        }
        for score in scores
    ]
