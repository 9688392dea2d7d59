"""The demo step of the index: simulated 2025, twelve monthly runs marked simulated, one official figure, once."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from chidao.apps.demo.service_index_seed import demo_service_index_seed
from chidao.apps.service_index.models import IndexRun, PublishedScore


@pytest.fixture
def organisation(db, data_root, settings):
    settings.CHIDAO_DEMO_INDEX_DOSSIERS = 3_000
    call_command("load_organisation", stdout=StringIO())


def test_the_demo_index_is_seeded_once(organisation) -> None:
    # when the step runs twice
    first = demo_service_index_seed()
    second = demo_service_index_seed()

    # then the first publishes, computes the twelve months of 2025 (all simulated) and enters 91,06 for 11/2025
    assert first.published
    assert len(first.computed) == 12
    runs = IndexRun.objects.filter(is_current=True)
    assert runs.count() == 12
    assert all(run.simulated for run in runs)
    official = PublishedScore.objects.get()
    assert (official.month, official.group_number, official.score, official.rank) == (
        "2025-11",
        0,
        Decimal("91.06"),
        5,
    )
    # and the second changes nothing
    assert (second.published, second.computed, second.official_entered) == (False, [], False)
    assert IndexRun.objects.count() == 12
