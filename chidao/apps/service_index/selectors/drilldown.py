"""The drill-down of the service index: the rows (dossiers, feedback, procedures) that cost a unit points, read
from the engine for the run's period, paginated on screen and streamed to the .xlsx export."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from django.http import Http404

from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.service_index import analytics
from chidao.apps.service_index.models import IndexRun, IndexValue
from chidao.apps.service_index.selectors import drillable, period_of, unit_for_index
from chidao.core.service_index.catalogue import indicator
from chidao.core.service_index.queries import costing_dossiers_query

PAGE_SIZE: Final = 50
MAX_DRILL_ROWS: Final = 10_000
EXPORT_MAX_ROWS: Final = 1_000_000


@dataclass(frozen=True)
class DrillPage:
    """One page of the rows that cost points, with the stored counts they explain."""

    run: IndexRun
    unit: Unit
    indicator_id: str
    indicator_name: str
    value: IndexValue | None
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    page: int
    has_next: bool
    dataset_versions: dict[str, str]

    @property
    def has_previous(self) -> bool:
        """Whether there is a page before this one."""
        return self.page > 1


def _drill_target(user: User, unit_id: int, indicator_id: str) -> tuple[Unit, tuple[str, ...] | None]:
    unit = unit_for_index(user, unit_id)
    if not drillable(indicator_id):
        raise Http404("Chỉ số này không có danh sách hồ sơ để xem chi tiết.")
    unit_codes = None if unit.parent_id is None and unit.kind == Unit.Kind.PROVINCE else (unit.code,)
    return unit, unit_codes


def drill_down(user: User, unit_id: int, indicator_id: str, run: IndexRun, page: int = 1) -> DrillPage:
    """Page ``page`` of the rows of ``indicator_id`` that cost the unit points (province: every unit)."""
    unit, unit_codes = _drill_target(user, unit_id, indicator_id)
    page = max(1, page)
    offset = (page - 1) * PAGE_SIZE
    if offset >= MAX_DRILL_ROWS:
        raise Http404("Trang vượt quá giới hạn; hãy tải tệp .xlsx để xem toàn bộ.")
    engine = analytics.index_engine()
    with engine.session() as session:
        evaluation = analytics.evaluation_for(
            session, period_of(run), now=run.started_at, unit_codes=unit_codes
        )
        result = session.run(
            costing_dossiers_query(indicator_id, analytics.SOURCES, evaluation, limit=offset + PAGE_SIZE + 1)
        )
        versions = dict(session.versions)
    rows = list(result.rows[offset:])
    return DrillPage(
        run,
        unit,
        indicator_id,
        indicator(indicator_id).name,
        IndexValue.objects.filter(run=run, unit=unit, indicator_id=indicator_id).first(),
        result.columns,
        rows[:PAGE_SIZE],
        page,
        len(rows) > PAGE_SIZE,
        versions,
    )


def drill_down_export(
    user: User, unit_id: int, indicator_id: str, run: IndexRun
) -> tuple[Unit, list[str], Iterator[tuple[Any, ...]]]:
    """Every costing row (up to EXPORT_MAX_ROWS) for the .xlsx export, streamed from the engine."""
    unit, unit_codes = _drill_target(user, unit_id, indicator_id)
    engine = analytics.index_engine()
    with engine.session() as session:
        evaluation = analytics.evaluation_for(
            session, period_of(run), now=run.started_at, unit_codes=unit_codes
        )
    stream = engine.stream(
        costing_dossiers_query(indicator_id, analytics.SOURCES, evaluation, limit=EXPORT_MAX_ROWS)
    )
    first = next(stream, None)
    names = list(first.schema.names) if first is not None else []

    def rows() -> Iterator[tuple[Any, ...]]:
        if first is None:
            return
        yield from (tuple(row.values()) for row in first.to_pylist())
        for batch in stream:
            yield from (tuple(row.values()) for row in batch.to_pylist())

    return unit, names, rows()
