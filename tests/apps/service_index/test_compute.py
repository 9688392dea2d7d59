"""index_compute on a tiny published dataset: hand-checked counts, province = sum of units, atomic runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from chidao.apps.jobs.models import Job
from chidao.apps.service_index.computing import IndexDataMissing, index_compute
from chidao.apps.service_index.models import IndexRun, IndexValue, UnitScore
from chidao.core.service_index.catalogue import INDICATORS, Basis
from tests.apps.service_index.conftest import CATALOGUE, DOSSIERS
from tests.engines.service_index.datasets import publish

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 20, 1, 0, tzinfo=dt.UTC)


def counts(run: IndexRun, code: str, indicator_id: str) -> tuple[int | None, int | None]:
    value = IndexValue.objects.get(run=run, unit__code=code, indicator_id=indicator_id)
    return value.numerator, value.denominator


def test_counts_per_unit_are_the_hand_computed_ones(computed) -> None:
    # given the March dataset computed (conftest describes each dossier)
    run = computed

    # then each unit's 2.1 and 3.3 are as counted by hand, and the run records what it read
    assert run.state == IndexRun.State.SUCCEEDED
    assert run.is_current
    assert counts(run, "XA1", "2.1") == (2, 4)
    assert counts(run, "XA1", "3.3") == (2, 4)
    assert counts(run, "XA2", "2.1") == (2, 2)
    assert counts(run, "XA2", "3.3") == (0, 2)
    assert counts(run, "SKHCN", "TT") == (1, 1)
    assert set(run.dataset_versions) == {"ho_so", "thu_tuc"}
    assert run.config_version
    assert run.formula_version


def test_rates_and_points_are_stored_with_their_counts(computed) -> None:
    value = IndexValue.objects.get(run=computed, unit__code="XA1", indicator_id="2.1")

    assert value.rate == Decimal("50.00")
    assert value.points <= value.max_points
    assert value.source_kind == IndexValue.SourceKind.RECOMPUTED


def test_zero_denominators_are_not_applicable(computed) -> None:
    # no feedback dataset: 5.2 has no denominator anywhere
    value = IndexValue.objects.get(run=computed, unit__code="XA1", indicator_id="5.2")

    assert (value.numerator, value.denominator, value.rate, value.status) == (0, 0, None, "na")
    assert value.points == 0


def test_group_one_is_published_only(computed) -> None:
    value = IndexValue.objects.get(run=computed, unit__code="XA1", indicator_id="1.2")

    assert value.source_kind == IndexValue.SourceKind.PUBLISHED
    assert (value.numerator, value.denominator, value.rate) == (None, None, None)


def test_province_per_dossier_counts_are_the_sum_of_its_units(computed, index_units) -> None:
    # given every per-dossier indicator of the run
    province = index_units["province"]
    per_dossier = [key for key, item in INDICATORS.items() if item.basis is Basis.DOSSIER and item.counted]

    # then the province's numerator and denominator are the sums over the three units
    for key in per_dossier:
        units = IndexValue.objects.filter(run=computed, indicator_id=key).exclude(unit=province)
        total = IndexValue.objects.get(run=computed, unit=province, indicator_id=key)
        assert total.numerator == sum(value.numerator for value in units), key
        assert total.denominator == sum(value.denominator for value in units), key
    assert counts(computed, "52", "2.1") == (5, 7)
    assert UnitScore.objects.get(run=computed, unit=province, group_number=0).dossiers == 7


def test_province_per_procedure_counts_distinct_procedures(computed, index_units) -> None:
    # 3.2 (online services with a dossier): per-procedure, TH is used by XA1 and XA2 but counts once
    province = IndexValue.objects.get(run=computed, unit=index_units["province"], indicator_id="3.2")
    units = IndexValue.objects.filter(run=computed, indicator_id="3.2").exclude(unit=index_units["province"])

    assert province.denominator == 1  # TT is the one online service
    assert sum(value.denominator or 0 for value in units) == 1


def test_scores_stay_within_their_maxima(computed) -> None:
    for score in UnitScore.objects.filter(run=computed):
        assert Decimal(0) <= score.score <= score.max_points
    for value in IndexValue.objects.filter(run=computed, rate__isnull=False):
        assert Decimal(0) <= value.rate <= Decimal(100)


def test_a_new_run_replaces_the_current_one(computed) -> None:
    again = index_compute(actor=None, period="2026-03", now=NOW)

    computed.refresh_from_db()
    assert again.is_current
    assert not computed.is_current


def test_a_failed_run_keeps_the_previous_results(computed, data_root) -> None:
    # given the dossier dataset removed (the engine then sees no ho_so)
    (data_root / "ho_so" / "CURRENT").unlink()

    # when the index is computed again
    with pytest.raises(IndexDataMissing):
        index_compute(actor=None, period="2026-03", now=NOW)

    # then the failed run is recorded, the previous run is still current with its values
    failed = IndexRun.objects.exclude(pk=computed.pk).get()
    assert failed.state == IndexRun.State.FAILED
    assert "ho_so" in failed.message
    assert not failed.values.exists()
    computed.refresh_from_db()
    assert computed.is_current
    assert computed.values.exists()


def test_a_quarter_and_a_year_read_their_months(published, index_units) -> None:
    quarter = index_compute(actor=None, period="2026-Q1", now=NOW)
    year = index_compute(actor=None, period="2026", now=NOW)

    assert counts(quarter, "XA1", "2.1") == (2, 4)
    assert counts(year, "52", "2.1") == (5, 7)
    assert (quarter.period_kind, year.period_kind) == ("quarter", "year")


def test_another_month_has_no_dossiers(published, index_units) -> None:
    run = index_compute(actor=None, period="2026-02", now=NOW)

    assert counts(run, "52", "2.1") == (0, 0)


def test_a_unit_subset_is_stored_but_not_current(computed) -> None:
    run = index_compute(actor=None, period="2026-03", units=["XA1"], now=NOW)

    assert not run.is_current
    assert set(run.values.values_list("unit__code", flat=True)) == {"XA1"}


@pytest.mark.parametrize("period", ["2026-13", "2026-Q5", "26", ""])
def test_bad_periods_are_refused(period: str) -> None:
    with pytest.raises(ValidationError):
        index_compute(actor=None, period=period, now=NOW)


def test_the_command_computes_a_period_as_a_job(published, index_units) -> None:
    # when compute_index runs for March 2026
    out = StringIO()
    call_command("compute_index", "--period", "2026-03", stdout=out)

    # then the run is current, attached to a succeeded job, and the province's total is printed
    run = IndexRun.objects.get(is_current=True)
    assert run.job is not None
    assert run.job.state == Job.State.SUCCEEDED
    assert "UBND tỉnh Gia Lai:" in out.getvalue()


def test_the_command_reports_a_failure(data_root, index_units) -> None:
    with pytest.raises(CommandError, match="ho_so"):
        call_command("compute_index", "--period", "2026-03", stdout=StringIO())


def test_the_command_refuses_a_bad_period(db) -> None:
    with pytest.raises(CommandError, match="Kỳ không hợp lệ"):
        call_command("compute_index", "--period", "2026-13", stdout=StringIO())


def test_simulated_dossiers_mark_the_run(data_root, index_units) -> None:
    # given the March dossiers exported by the simulator's source system
    publish(data_root, [replace(record, source_system="MOPHONG-MOTCUA") for record in DOSSIERS], CATALOGUE)

    run = index_compute(actor=None, period="2026-03", now=NOW)

    assert run.simulated
