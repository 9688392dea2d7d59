"""The engine over the index datasets, configured from the settings, and the evaluation of a period.

Reads only: the computation (services) and the drill-down (selectors) open sessions here. Simulated data
is recognised by its source system ("MOPHONG-…", as chidao.simulation writes it) or the setting
``CHIDAO_SERVICE_INDEX_SIMULATED`` (for an installation running on generated data only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.conf import settings

from chidao.apps.privacy.conf import data_root, dataset_encryption_keys
from chidao.apps.service_index.periods import Period
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.service_index.config import IndexConfig, default_config
from chidao.core.service_index.relations import Evaluation, Sources
from chidao.core.service_index.schema import HO_SO, PHAN_ANH, THU_TUC
from chidao.core.service_index.timeliness import cutoff_after
from chidao.core.sql import Query
from chidao.engines.duckdb import Engine, EngineConfig, Session

SOURCES: Final = Sources()
SIMULATED_PREFIXES: Final = ("mophong", "mo-phong", "mo_phong", "simulat")
DOSSIERS: Final = HO_SO.name
PROCEDURES: Final = THU_TUC.name
FEEDBACK: Final = PHAN_ANH.name


def index_engine(max_rows: int = 100_000) -> Engine:
    """An engine over the data root with the configured resources and the dataset keys."""
    resources: dict[str, Any] = dict(getattr(settings, "CHIDAO_DUCKDB", {}) or {})
    return Engine(
        EngineConfig(
            data_root(),
            memory_limit=str(resources.get("memory_limit", "2GB")),
            threads=int(resources.get("threads", 2)),
            max_rows=max_rows,
            encryption_keys=dataset_encryption_keys(),
        )
    )


def index_config() -> IndexConfig:
    """The configuration in force (the packaged 2022-766 v1)."""
    return default_config()


def catalogue_month(session: Session, period: Period) -> str | None:
    """The latest procedure-catalogue snapshot at or before the period's last month (None without one)."""
    if PROCEDURES not in session.versions:
        return None
    rows = session.run(
        Query(f"SELECT max(month) AS month FROM {PROCEDURES} WHERE month <= ?", (period.months[-1],))  # noqa: S608
    ).rows
    month = rows[0]["month"] if rows else None
    if month is None:
        rows = session.run(Query(f"SELECT min(month) AS month FROM {PROCEDURES}")).rows  # noqa: S608
        month = rows[0]["month"] if rows else None
    return str(month) if month else None


def evaluation_for(
    session: Session,
    period: Period,
    *,
    now: dt.datetime,
    unit_codes: tuple[str, ...] | None = None,
    config: IndexConfig | None = None,
) -> Evaluation:
    """The evaluation of the period: its months, judged as of its end (or ``now`` while it runs)."""
    chosen = config or index_config()
    return Evaluation(
        period.months,
        chosen.timeliness_policy(working_calendar()),
        catalogue_month=catalogue_month(session, period),
        cutoff=cutoff_after(period.last_day, now),
        now=now,
        unit_codes=unit_codes,
    )


def is_simulated(session: Session, period: Period) -> bool:
    """Whether the period's dossiers come from the generator (or the installation says all data is)."""
    if getattr(settings, "CHIDAO_SERVICE_INDEX_SIMULATED", False):
        return True
    if DOSSIERS not in session.versions:
        return False
    placeholders = ", ".join("?" for _ in period.months)
    rows = session.run(
        Query(
            f"SELECT DISTINCT lower(source_system) AS source FROM {DOSSIERS} WHERE month IN ({placeholders})",  # noqa: S608
            period.months,
        )
    ).rows
    return any(str(row["source"] or "").startswith(SIMULATED_PREFIXES) for row in rows)
