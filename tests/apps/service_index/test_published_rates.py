"""Published group-1 rates (1.1–1.4, "lấy từ số liệu công bố"): stored per unit and month, entered on the
official page, imported with the monthly notice, and scored by index_compute (3.3 × the 1.4 sync rate).

Hand check for XA1, March 2026 (configuration 766-2022-v1: 1.1 = 5 points, 1.2 = 4, 1.3 = 4, 1.4 = 5, all
proportional to the rate; 3.3 = 6 points, full at 50 %):
- 1.1 = 90 % → 90 × 5 / 100 = 4,50; 1.2 = 100 % → 4,00; 1.3 = 75 % → 75 × 4 / 100 = 3,00;
  1.4 = 80 % → 80 × 5 / 100 = 4,00; group 1 = 15,50 of 18.
- 3.3 = 2 of 4 online = 50 %, × 1.4 (80 %) = 40,00 % → 40 × 6 / 50 = 4,80 (6,00 without the sync rate).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.exchange import services as exchange_services
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import importer_by_code
from chidao.apps.service_index.computing import index_compute
from chidao.apps.service_index.models import IndexValue, PublishedRate, UnitScore
from chidao.apps.service_index.services import published_rate_save
from tests.apps.exchange.helpers import upload_of, xlsx_bytes

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 4, 20, 1, 0, tzinfo=dt.UTC)
NOTICE = "Thông báo tháng 03/2026"
XA1_RATES = {"1.1": "90", "1.2": "100", "1.3": "75", "1.4": "80"}


def enter_rates(unit, rates, month="2026-03") -> None:
    for indicator_id, rate in rates.items():
        published_rate_save(
            actor=None,
            unit=unit,
            month=month,
            indicator_id=indicator_id,
            rate=Decimal(rate),
            source_document=NOTICE,
        )


def value(run, code: str, indicator_id: str) -> IndexValue:
    return IndexValue.objects.get(run=run, unit__code=code, indicator_id=indicator_id)


def test_group_one_earns_points_from_the_published_rates(published, index_units) -> None:
    # given XA1's four published rates of March 2026
    enter_rates(index_units["XA1"], XA1_RATES)

    # when the month is computed
    run = index_compute(actor=None, period="2026-03", now=NOW)

    # then each rate is scored with the configuration's points, as computed by hand
    points = {key: value(run, "XA1", key).points for key in XA1_RATES}
    assert points == {
        "1.1": Decimal("4.50"),
        "1.2": Decimal("4.00"),
        "1.3": Decimal("3.00"),
        "1.4": Decimal("4.00"),
    }
    first = value(run, "XA1", "1.1")
    assert (first.rate, first.status, first.source_kind) == (Decimal("90.00"), "ok", "published")
    assert (first.numerator, first.denominator) == (None, None)
    assert first.note == f"Lấy từ số liệu công bố: {NOTICE}."
    group = UnitScore.objects.get(run=run, unit=index_units["XA1"], group_number=1)
    assert (group.score, group.complete) == (Decimal("15.50"), True)


def test_three_three_is_multiplied_by_the_published_sync_rate(published, index_units) -> None:
    # given XA1's published 1.4 of 80 % (XA2 has none)
    enter_rates(index_units["XA1"], {"1.4": "80"})

    # when the month is computed
    run = index_compute(actor=None, period="2026-03", now=NOW)

    # then XA1's 3.3 is 50 % × 80 % = 40 % (4,80 points), XA2's is its own rate with the note
    sync = value(run, "XA1", "3.3")
    assert (sync.numerator, sync.denominator, sync.rate, sync.points) == (
        2,
        4,
        Decimal("40.00"),
        Decimal("4.80"),
    )
    assert "1.4 = 80.00%" in sync.note
    other = value(run, "XA2", "3.3")
    assert other.rate == Decimal("0.00")
    assert "Chưa nhân tỷ lệ đồng bộ 1.4" in other.note


def test_without_a_published_rate_nothing_is_synthesised(published, index_units) -> None:
    # given only 1.1 for XA1, and nothing for XA2 or the province
    enter_rates(index_units["XA1"], {"1.1": "90"})

    # when the month is computed
    run = index_compute(actor=None, period="2026-03", now=NOW)

    # then the missing rates stay "chưa có số liệu công bố" without points, and group 1 is incomplete
    missing = value(run, "XA1", "1.2")
    assert (missing.rate, missing.status, missing.points) == (None, "not_published", Decimal("0.00"))
    assert UnitScore.objects.get(run=run, unit=index_units["XA1"], group_number=1).score == Decimal("4.50")
    assert not UnitScore.objects.get(run=run, unit=index_units["XA1"], group_number=1).complete
    assert value(run, "XA2", "1.1").status == "not_published"
    # the province gets no rate from its units' rates
    assert IndexValue.objects.get(run=run, unit=index_units["province"], indicator_id="1.1").rate is None


def test_a_quarter_does_not_average_monthly_rates(published, index_units) -> None:
    # given XA1's rates of March
    enter_rates(index_units["XA1"], XA1_RATES)

    # when the first quarter is computed
    run = index_compute(actor=None, period="2026-Q1", now=NOW)

    # then the quarter has no published rate (the notice publishes months)
    assert value(run, "XA1", "1.1").status == "not_published"
    assert value(run, "XA1", "3.3").rate == Decimal("50.00")


def test_another_month_rate_is_not_used(published, index_units) -> None:
    enter_rates(index_units["XA1"], XA1_RATES, month="2026-02")

    run = index_compute(actor=None, period="2026-03", now=NOW)

    assert value(run, "XA1", "1.4").status == "not_published"


def test_a_rate_is_saved_corrected_and_audited(index_units, users_by_role) -> None:
    # given a secretary entering 1.4 of XA1, then correcting it
    user = users_by_role["secretariat"]
    unit = index_units["XA1"]
    published_rate_save(
        actor=user, unit=unit, month="2026-03", indicator_id="1.4", rate=Decimal("80"), source_document=NOTICE
    )
    published_rate_save(
        actor=user,
        unit=unit,
        month="2026-03",
        indicator_id="1.4",
        rate=Decimal("85.5"),
        source_document=NOTICE,
    )

    # then one record holds the corrected rate, and both writes are in the trail
    record = PublishedRate.objects.get(unit=unit, month="2026-03", indicator_id="1.4")
    assert (record.rate, record.origin, record.entered_by) == (Decimal("85.50"), "entered", user)
    events = AuditEvent.objects.filter(action="service_index.published_rate_save").order_by("pk")
    assert events.count() == 2
    assert events.last().before["rate"] == "80.00"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"indicator_id": "2.1"}, "indicator_id"),
        ({"rate": Decimal("100.01")}, "rate"),
        ({"rate": Decimal("-1")}, "rate"),
        ({"month": "2026-Q1"}, "month"),
        ({"source_document": " "}, "source_document"),
    ],
)
def test_bad_rates_are_refused(index_units, changes, field) -> None:
    arguments = {
        "actor": None,
        "unit": index_units["XA1"],
        "month": "2026-03",
        "indicator_id": "1.1",
        "rate": Decimal("90"),
        "source_document": NOTICE,
        **changes,
    }

    with pytest.raises(ValidationError) as error:
        published_rate_save(**arguments)

    assert field in error.value.message_dict
    assert not PublishedRate.objects.exists()


def test_the_secretariat_enters_a_rate_on_the_official_page(client, users_by_role, index_units) -> None:
    # given the secretariat on the official page
    client.force_login(users_by_role["secretariat"])

    # when it posts the rate form
    response = client.post(
        reverse("service_index:official-scores"),
        {
            "form_kind": "rate",
            "unit": index_units["XA1"].pk,
            "month": "2026-03",
            "indicator_id": "1.4",
            "rate": "80,5",
            "source_document": NOTICE,
        },
    )

    # then the rate is stored and listed, labelled as taken from the published figures
    assert response.status_code == 302
    assert PublishedRate.objects.get().rate == Decimal("80.50")
    body = client.get(reverse("service_index:official-scores")).content.decode()
    assert 'id="rate-form"' in body
    assert "80,50%" in body
    assert "lấy từ số liệu công bố" in body


def test_a_bad_rate_form_is_shown_again_without_saving(client, users_by_role, index_units) -> None:
    client.force_login(users_by_role["secretariat"])

    response = client.post(
        reverse("service_index:official-scores"),
        {
            "form_kind": "rate",
            "unit": index_units["XA1"].pk,
            "month": "2026-03",
            "indicator_id": "1.4",
            "rate": "120",
        },
    )

    assert response.status_code == 200
    assert not PublishedRate.objects.exists()


@pytest.mark.parametrize("role", ["leader", "unit_officer", "auditor"])
def test_other_roles_may_not_enter_rates(client, users_by_role, index_units, role: str) -> None:
    client.force_login(users_by_role[role])

    response = client.post(
        reverse("service_index:official-scores"), {"form_kind": "rate", "month": "2026-03"}
    )

    assert response.status_code == 403


def test_unit_staff_see_only_their_units_rates(client, users_by_role, index_units) -> None:
    # given rates of XA1 and XA2
    enter_rates(index_units["XA1"], {"1.1": "91"})
    enter_rates(index_units["XA2"], {"1.1": "72"})

    # when XA1's officer opens the official page
    client.force_login(users_by_role["unit_officer"])
    body = client.get(reverse("service_index:official-scores")).content.decode()

    # then only XA1's rate is listed
    assert "91,00%" in body
    assert "72,00%" not in body


def test_the_unit_page_shows_the_published_rate(client, users_by_role, published, index_units) -> None:
    enter_rates(index_units["XA1"], XA1_RATES)
    index_compute(actor=None, period="2026-03", now=NOW)
    client.force_login(users_by_role["leader"])

    body = client.get(reverse("service_index:unit-detail", args=[index_units["XA1"].pk])).content.decode()

    assert "90,00%" in body
    assert f"Lấy từ số liệu công bố: {NOTICE}." in body
    assert "Nhóm 1 tính từ các tỷ lệ 1.1–1.4 lấy từ số liệu công bố." in body


NOTICE_HEADERS = (
    "Đơn vị",
    "Tháng",
    "Tổng điểm",
    "Chỉ số 1.1 (%)",
    "Tỷ lệ 1.2",
    "Chỉ số 1.3",
    "Chỉ số 1.4",
    "Nguồn",
)


def notice_import(user, rows, django_capture_on_commit_callbacks) -> ImportBatch:
    importer = importer_by_code("service_index_published_scores")
    batch = exchange_services.import_batch_upload(
        actor=user, importer=importer, upload=upload_of(xlsx_bytes([NOTICE_HEADERS, *rows]), "thong-bao.xlsx")
    )
    with django_capture_on_commit_callbacks(execute=True):
        exchange_services.import_batch_commit(actor=user, batch=batch)
    batch.refresh_from_db()
    return batch


def test_the_notice_importer_reads_the_rate_columns(
    users_by_role, index_units, django_capture_on_commit_callbacks
) -> None:
    # given a notice with XA1's total and four rates, and XA2 with only a rate of 1.4
    rows = [
        ("XA1", "2026-03", "88,5", "90", "100", "75", "80", NOTICE),
        ("XA2", "2026-03", None, None, None, None, "66,25", NOTICE),
    ]

    # when the secretariat imports it
    batch = notice_import(users_by_role["secretariat"], rows, django_capture_on_commit_callbacks)

    # then the rates are stored as imported, beside the total
    assert batch.state == ImportBatch.State.APPLIED
    stored = {
        (rate.unit.code, rate.indicator_id): rate.rate
        for rate in PublishedRate.objects.select_related("unit")
    }
    assert stored == {
        ("XA1", "1.1"): Decimal("90.00"),
        ("XA1", "1.2"): Decimal("100.00"),
        ("XA1", "1.3"): Decimal("75.00"),
        ("XA1", "1.4"): Decimal("80.00"),
        ("XA2", "1.4"): Decimal("66.25"),
    }
    assert set(PublishedRate.objects.values_list("origin", flat=True)) == {"imported"}


def test_a_rate_above_100_is_a_rejected_row(users_by_role, index_units) -> None:
    # given a notice whose only row has a rate of 101 %
    rows = [("XA1", "2026-03", None, "101", None, None, None, NOTICE)]
    importer = importer_by_code("service_index_published_scores")

    # when it is uploaded
    batch = exchange_services.import_batch_upload(
        actor=users_by_role["secretariat"],
        importer=importer,
        upload=upload_of(xlsx_bytes([NOTICE_HEADERS, *rows]), "thong-bao.xlsx"),
    )

    # then the preview reports the row and nothing is stored
    assert batch.error_count == 1
    assert not PublishedRate.objects.exists()
