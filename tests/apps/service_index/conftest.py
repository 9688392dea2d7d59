"""A tiny published dataset under a temporary data root, and the units it names (XA1, XA2, SKHCN).

March 2026, judged at 01/04/2026 00:00 (hand-checkable):
- XA1: 4 dossiers of TH — HS-1 early, HS-2 late (finished 12/03 after the appointment 10/03), HS-3 still
  processing before its appointment (20/04), HS-4 with two supplement requests (late): 2.1 = 2 of 4.
  HS-1 and HS-2 were submitted online (channel 2): 3.3 = 2 of 4.
- XA2: 2 dossiers of TH, both early and direct: 2.1 = 2 of 2, 3.3 = 0 of 2.
- SKHCN: 1 dossier of TT (toàn trình), early, online: 2.1 = 1 of 1, 3.3 = 1 of 1, TT = 1 of 1.
Province: 2.1 = 5 of 7, 3.3 = 3 of 7 (sums); procedures TH, TT.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from chidao.core.service_index.records import DossierRecord, ProcedureRecord
from tests.engines.service_index.datasets import publish

MONTH = "2026-03"
RECEIVED = datetime(2026, 3, 2, 8)
APPOINTMENT = datetime(2026, 3, 10)
NOW = datetime(2026, 4, 20, 8, 0)
CATALOGUE = (
    ProcedureRecord("TH", snapshot_month=MONTH),
    ProcedureRecord("TT", snapshot_month=MONTH, online_level="toan_trinh"),
)


def dossier(code: str, unit: str, procedure: str = "TH", **changes) -> DossierRecord:
    changes.setdefault("appointment_at", APPOINTMENT)
    changes.setdefault("finished_at", datetime(2026, 3, 5))
    return DossierRecord(code, procedure, unit, RECEIVED, **changes)


DOSSIERS = (
    dossier("HS-1", "XA1", channel=2),
    dossier("HS-2", "XA1", channel=2, finished_at=datetime(2026, 3, 12)),
    dossier("HS-3", "XA1", finished_at=None, appointment_at=datetime(2026, 4, 20)),
    dossier("HS-4", "XA1", supplement_count=2, first_supplement_requested_at=datetime(2026, 3, 3)),
    dossier("HS-5", "XA2"),
    dossier("HS-6", "XA2"),
    dossier("HS-7", "SKHCN", "TT", channel=2),
)


@pytest.fixture
def data_root(tmp_path, settings):
    """An empty data root the app reads (CHIDAO_DATA_ROOT)."""
    root = tmp_path / "data"
    root.mkdir()
    settings.CHIDAO_DATA_ROOT = root
    return root


@pytest.fixture
def published(data_root):
    """The tiny March 2026 dataset, published."""
    publish(data_root, DOSSIERS, CATALOGUE)
    return data_root


@pytest.fixture
def index_units(province, commune, other_commune):
    """The units the dataset names: XA1, XA2 and the department SKHCN."""
    from tests.factories.organisation import UnitFactory

    department = UnitFactory(parent=province, name="Sở Khoa học và Công nghệ", code="SKHCN")
    return {"province": province, "XA1": commune, "XA2": other_commune, "SKHCN": department}


@pytest.fixture
def computed(published, index_units):
    """The index of March 2026 computed (as of 20/04/2026)."""
    import datetime as dt

    from chidao.apps.service_index.computing import index_compute

    return index_compute(actor=None, period=MONTH, now=dt.datetime(2026, 4, 20, 1, 0, tzinfo=dt.UTC))
