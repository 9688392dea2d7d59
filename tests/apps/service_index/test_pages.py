"""The index pages for each role and scope: dashboard, unit, drill-down (+ .xlsx), official scores, compute."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chidao.apps.service_index.models import PublishedScore
from chidao.apps.service_index.services import published_score_save
from tests.factories.organisation import HeadAssignmentFactory, PersonFactory

pytestmark = pytest.mark.django_db
PROVINCE_ROLES = ("leader", "secretariat", "auditor", "administrator")
UNIT_ROLES = ("unit_head", "unit_officer", "data_officer")


def page(client, user, url: str):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("role", PROVINCE_ROLES)
def test_province_roles_see_the_dashboard(client, users_by_role, computed, index_units, role: str) -> None:
    # given the commune's head appointed
    HeadAssignmentFactory(unit=index_units["XA1"], person=PersonFactory(name="Lê Văn Xã"), title="Chủ tịch")

    # when the dashboard opens
    response = page(client, users_by_role[role], reverse("service_index:dashboard"))

    # then the recomputed total, both rank tables with the head, and the comparison are shown
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="recomputed-total"' in body
    assert "Xếp hạng xã, phường" in body
    assert "Chủ tịch Lê Văn Xã" in body
    assert "Nhóm 1 chỉ lấy từ số liệu công bố" in body


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_unit_staff_land_on_their_unit(client, users_by_role, computed, index_units, role: str) -> None:
    response = page(client, users_by_role[role], reverse("service_index:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("service_index:unit-detail", args=[index_units["XA1"].pk])


@pytest.mark.parametrize("role", UNIT_ROLES)
def test_unit_staff_see_their_unit_and_nothing_else(
    client, users_by_role, computed, index_units, role: str
) -> None:
    user = users_by_role[role]

    own = page(client, user, reverse("service_index:unit-detail", args=[index_units["XA1"].pk]))
    other = client.get(reverse("service_index:unit-detail", args=[index_units["XA2"].pk]))
    drill = client.get(reverse("service_index:drill-down", args=[index_units["XA2"].pk, "2.1"]))
    export = client.get(reverse("service_index:drill-down-export", args=[index_units["XA2"].pk, "2.1"]))

    assert own.status_code == 200
    assert (other.status_code, drill.status_code, export.status_code) == (404, 404, 404)


def test_the_unit_page_shows_counts_points_unconfirmed_marks_and_the_gap(
    client, users_by_role, computed, index_units
) -> None:
    response = page(
        client, users_by_role["leader"], reverse("service_index:unit-detail", args=[index_units["XA1"].pk])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-indicator="2.1"' in body
    assert "50,00%" in body  # 2 of 4, Vietnamese decimal comma
    assert "chưa xác nhận" in body
    assert 'id="gap"' in body
    assert "chưa có số liệu công bố" in body


def test_drill_down_lists_exactly_the_costing_dossiers(client, users_by_role, computed, index_units) -> None:
    # when the leader opens 2.1 of XA1
    url = reverse("service_index:drill-down", args=[index_units["XA1"].pk, "2.1"]) + "?period=2026-03"
    response = page(client, users_by_role["leader"], url)

    # then the late dossiers HS-2 (finished after the appointment) and HS-4 (two supplements) are listed, no others
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="drill-row"') == 2
    assert "HS-2" in body
    assert "HS-4" in body
    assert "HS-1" not in body


def test_province_drill_down_covers_every_unit(client, users_by_role, computed, index_units) -> None:
    url = reverse("service_index:drill-down", args=[index_units["province"].pk, "3.3"])
    body = page(client, users_by_role["leader"], url).content.decode()

    # 3.3 (online submission): HS-3, HS-4 of XA1 and HS-5, HS-6 of XA2 were direct
    assert body.count('class="drill-row"') == 4


def test_drill_down_exports_xlsx(client, users_by_role, computed, index_units) -> None:
    url = reverse("service_index:drill-down-export", args=[index_units["XA1"].pk, "2.1"])
    response = page(client, users_by_role["leader"], url)

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "HS-2" in values
    assert "HS-4" in values
    assert "HS-1" not in values


def test_a_published_only_indicator_has_no_drill_down(client, users_by_role, computed, index_units) -> None:
    url = reverse("service_index:drill-down", args=[index_units["XA1"].pk, "1.2"])

    assert page(client, users_by_role["leader"], url).status_code == 404


def test_the_official_score_is_shown_beside_the_recomputed_one(
    client, users_by_role, computed, index_units
) -> None:
    published_score_save(
        actor=None,
        unit=index_units["province"],
        month="2026-03",
        group_number=0,
        score=Decimal("91.06"),
        source_document="Thông báo tháng 3/2026",
    )

    body = page(client, users_by_role["leader"], reverse("service_index:dashboard")).content.decode()

    assert "91,06/100" in body


def test_no_run_yet_says_so(client, users_by_role, index_units) -> None:
    body = page(client, users_by_role["leader"], reverse("service_index:dashboard")).content.decode()

    assert 'id="no-run"' in body


def test_the_secretariat_enters_an_official_score(client, users_by_role, index_units) -> None:
    client.force_login(users_by_role["secretariat"])
    response = client.post(
        reverse("service_index:official-scores"),
        {
            "unit": index_units["province"].pk,
            "month": "2025-11",
            "group_number": 0,
            "score": "91,06",
            "rank": 5,
            "rank_of": 34,
            "source_document": "Cổng DVCQG, 30/11/2025",
        },
    )

    assert response.status_code == 302
    score = PublishedScore.objects.get()
    assert (score.score, score.rank, score.origin) == (Decimal("91.06"), 5, "entered")


@pytest.mark.parametrize("role", ["leader", "auditor", "unit_head"])
def test_other_roles_may_not_enter_official_scores(client, users_by_role, index_units, role: str) -> None:
    client.force_login(users_by_role[role])

    response = client.post(reverse("service_index:official-scores"), {"month": "2025-11"})

    assert response.status_code == 403


def test_compute_starts_a_job(client, users_by_role, published, index_units) -> None:
    client.force_login(users_by_role["administrator"])

    response = client.post(reverse("service_index:compute"), {"period": "2026-03"})

    assert response.status_code == 302
    assert "/jobs/" in response["Location"]


def test_compute_is_refused_to_the_leader(client, users_by_role, index_units) -> None:
    client.force_login(users_by_role["leader"])

    assert client.post(reverse("service_index:compute"), {"period": "2026-03"}).status_code == 403


def test_a_split_commune_marks_its_months_before_the_reorganisation_as_estimates(
    client, users_by_role, computed, province
) -> None:
    # given a commune formed partly from parts of old communes (crosswalk "Nhập một phần"), with an official
    # total of 05/2025
    from chidao.apps.organisation.models import AdministrativeArea
    from tests.factories.organisation import CommuneUnitFactory

    area = AdministrativeArea.objects.create(
        level="commune", code="00004", name="Xã Tách", division_type="Xã"
    )
    split = CommuneUnitFactory(parent=province, name="Xã Tách", code="XT", area=area)
    published_score_save(
        actor=None,
        unit=split,
        month="2025-05",
        group_number=0,
        score=Decimal(80),
        source_document="Thông báo",
    )

    # when its page opens
    body = page(
        client, users_by_role["leader"], reverse("service_index:unit-detail", args=[split.pk])
    ).content.decode()

    # then the note and the month's mark say "ước tính"
    assert 'id="estimated-note"' in body
    assert "(ước tính)" in body


@pytest.mark.parametrize(
    ("name", "marker"),
    [("service_index:dashboard", 'id="recomputed-total"'), ("service_index:unit-detail", 'id="unit-total"')],
)
def test_htmx_gets_only_the_content(
    client, users_by_role, computed, index_units, name: str, marker: str
) -> None:
    # given the period picker asking with htmx
    args = [index_units["XA1"].pk] if name == "service_index:unit-detail" else []
    client.force_login(users_by_role["leader"])

    response = client.get(reverse(name, args=args), {"period": "2026-03"}, HTTP_HX_REQUEST="true")

    # then the partial comes back, without the page around it
    body = response.content.decode()
    assert marker in body
    assert "<html" not in body


def test_htmx_pages_through_the_drill_down(client, users_by_role, computed, index_units) -> None:
    client.force_login(users_by_role["leader"])
    url = reverse("service_index:drill-down", args=[index_units["XA1"].pk, "2.1"])

    body = client.get(url, {"period": "2026-03", "page": "1"}, HTTP_HX_REQUEST="true").content.decode()

    assert body.count('class="drill-row"') == 2
    assert "<html" not in body
