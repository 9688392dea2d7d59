"""The demo's service index (development and demonstrations only): a SMALL simulated dossier set for the 12
months of 2025 over the province's communes and departments, the index computed for each month, and the one
official figure the facts give — Gia Lai 91,06/100 at 30/11/2025, 5th of 34 (facts §1.5) — entered as
"Chính thức" for 2025-11 (total only). The rest of the official table stays empty: it is never synthesised.

The simulated dossiers carry the source system "MOPHONG-…", so every run on them is marked "dữ liệu mô
phỏng". Idempotent: the datasets are published only when the data root has no dossiers yet (real dossiers
are never overwritten), a month already computed is not computed again, the official figure is entered once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from django.conf import settings

from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.conf import data_root
from chidao.apps.service_index import analytics
from chidao.apps.service_index.computing import index_compute
from chidao.apps.service_index.models import IndexRun, PublishedScore
from chidao.apps.service_index.periods import parse_period
from chidao.apps.service_index.services import published_score_save
from chidao.simulation.dossiers import publish_simulated
from chidao.simulation.spec import spec_for_units

COMMAND_ACTOR: Final = "manage.py seed_demo"
DEMO_YEAR: Final = 2025
DEMO_SEED: Final = 766
DEFAULT_DOSSIERS: Final = 60_000
# The demo's "export" was taken on 15/01/2026: every 2025 month is complete.
DEMO_NOW: Final = dt.datetime(2026, 1, 15, 8, 0, tzinfo=dt.UTC)
OFFICIAL_MONTH: Final = "2025-11"
OFFICIAL_TOTAL: Final = Decimal("91.06")
OFFICIAL_RANK: Final = (5, 34)
OFFICIAL_SOURCE: Final = (
    "Gia Lai đạt 91,06/100 điểm, xếp thứ 5/34 (tính đến 30/11/2025) — "
    "https://www.vietnam.vn/en/gia-lai-dat-91-06-100-diem-trong-bo-chi-so-phuc-vu-nguoi-dan-doanh-nghiep"
)
COMMUNE_KINDS: Final = (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)


@dataclass
class IndexSeedResult:
    """What the step did."""

    published: bool = False
    dossiers: int = 0
    computed: list[str] = field(default_factory=list)
    official_entered: bool = False
    skipped: str = ""


def _units() -> list[tuple[str, str]]:
    day = dt.date(DEMO_YEAR, 12, 31)
    units = Unit.objects.filter(valid_from__lte=day).exclude(valid_to__lte=day)
    pairs = [
        (code, "commune") for code in units.filter(kind__in=COMMUNE_KINDS).values_list("code", flat=True)
    ]
    pairs += [
        (code, "department")
        for code in units.filter(kind=Unit.Kind.DEPARTMENT).values_list("code", flat=True)
    ]
    return sorted(pairs)


def _dossiers_present() -> tuple[bool, bool]:
    """(any dossiers published, the dossiers are simulated)."""
    with analytics.index_engine().session() as session:
        if analytics.DOSSIERS not in session.versions:
            return False, False
        return True, analytics.is_simulated(session, parse_period(str(DEMO_YEAR)))


def demo_service_index_seed(*, actor: Any = COMMAND_ACTOR) -> IndexSeedResult:
    """Publish the simulated 2025 dossiers (once), compute each month (once), enter the official figure."""
    result = IndexSeedResult()
    province = Unit.objects.filter(kind=Unit.Kind.PROVINCE, parent__isnull=True).order_by("pk").first()
    pairs = _units()
    if province is None or not pairs:
        result.skipped = "chưa có cơ cấu tổ chức"
        return result
    present, simulated = _dossiers_present()
    if present and not simulated:
        result.skipped = "kho dữ liệu đã có hồ sơ thật; không sinh dữ liệu mô phỏng"
        return result
    if not present:
        dossiers = int(getattr(settings, "CHIDAO_DEMO_INDEX_DOSSIERS", DEFAULT_DOSSIERS))
        spec = spec_for_units(
            pairs, seed=DEMO_SEED, year=DEMO_YEAR, dossiers=dossiers, as_of=DEMO_NOW.replace(tzinfo=None)
        )
        publish_simulated(data_root(), spec, now=DEMO_NOW)
        result.published = True
        result.dossiers = dossiers
    done = set(
        IndexRun.objects.filter(
            is_current=True, state=IndexRun.State.SUCCEEDED, period_kind=IndexRun.PeriodKind.MONTH
        ).values_list("period_code", flat=True)
    )
    for month in range(1, 13):
        code = f"{DEMO_YEAR}-{month:02d}"
        if code not in done:
            index_compute(actor=actor, period=code, now=DEMO_NOW)
            result.computed.append(code)
    if not PublishedScore.objects.filter(unit=province, month=OFFICIAL_MONTH, group_number=0).exists():
        published_score_save(
            actor=actor,
            unit=province,
            month=OFFICIAL_MONTH,
            group_number=0,
            score=OFFICIAL_TOTAL,
            rank=OFFICIAL_RANK[0],
            rank_of=OFFICIAL_RANK[1],
            source_document=OFFICIAL_SOURCE,
        )
        result.official_entered = True
    return result
