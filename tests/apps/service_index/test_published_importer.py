"""The monthly notice importer: unit by code or name, group scores and total, re-import replaces, bad rows kept out."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chidao.apps.exchange import services
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import importer_by_code
from chidao.apps.service_index.models import PublishedScore
from tests.apps.exchange.helpers import upload_of, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADERS = (
    "Đơn vị",
    "Tháng",
    "Nhóm 1",
    "Nhóm 2",
    "Nhóm 3",
    "Nhóm 4",
    "Nhóm 5",
    "Tổng điểm",
    "Xếp hạng",
    "Nguồn",
)
NOTICE = "Thông báo tháng 11/2025"


def run_import(user, rows, django_capture_on_commit_callbacks):
    importer = importer_by_code("service_index_published_scores")
    batch = services.import_batch_upload(
        actor=user, importer=importer, upload=upload_of(xlsx_bytes([HEADERS, *rows]), "thong-bao.xlsx")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_batch_commit(actor=user, batch=batch)
    batch.refresh_from_db()
    return batch


def test_the_notice_is_imported(users_by_role, index_units, django_capture_on_commit_callbacks) -> None:
    # given a notice with the province's total and rank, and a commune's groups and total (by name)
    rows = [
        ("52", "2025-11", None, None, None, None, None, "91,06", 5, NOTICE),
        ("Xã An Nhơn", "2025-11", 15, 19.5, 20, 18, 16, "88,5", None, NOTICE),
    ]

    # when the secretariat imports it
    batch = run_import(users_by_role["secretariat"], rows, django_capture_on_commit_callbacks)

    # then one total for the province and six scores for the commune, all marked imported
    assert batch.state == ImportBatch.State.APPLIED
    province = PublishedScore.objects.get(unit=index_units["province"], month="2025-11")
    assert (province.group_number, province.score, province.rank) == (0, Decimal("91.06"), 5)
    assert PublishedScore.objects.filter(unit=index_units["XA1"]).count() == 6
    assert set(PublishedScore.objects.values_list("origin", flat=True)) == {"imported"}


def test_reimporting_a_month_replaces_its_figures(
    users_by_role, index_units, django_capture_on_commit_callbacks
) -> None:
    run_import(
        users_by_role["secretariat"],
        [("52", "2025-11", *[None] * 5, "90", 6, NOTICE)],
        django_capture_on_commit_callbacks,
    )

    run_import(
        users_by_role["secretariat"],
        [("52", "2025-11", *[None] * 5, "91,06", 5, NOTICE)],
        django_capture_on_commit_callbacks,
    )

    assert PublishedScore.objects.get().score == Decimal("91.06")


def test_bad_rows_are_left_out(users_by_role, index_units, django_capture_on_commit_callbacks) -> None:
    rows = [
        ("52", "2025-11", *[None] * 5, "91,06", 5, NOTICE),
        ("Không có", "2025-11", *[None] * 5, "80", None, NOTICE),
        ("XA2", "2025-11", 30, None, None, None, None, None, None, NOTICE),  # group 1 above its 18
    ]

    run_import(users_by_role["secretariat"], rows, django_capture_on_commit_callbacks)

    assert list(PublishedScore.objects.values_list("unit__code", flat=True)) == ["52"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("administrator", True), ("secretariat", True), ("leader", False), ("data_officer", False)],
)
def test_who_may_import(users_by_role, index_units, role: str, allowed: bool) -> None:
    assert importer_by_code("service_index_published_scores").may_use(users_by_role[role]) is allowed
