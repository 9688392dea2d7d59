"""The service-index API: scores, values, costing rows (paginated) and official scores, scoped to the caller."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.apps.service_index.api_urls")]
BASE = "/api/v1/service-index"


def get(client, user, url: str):
    client.force_login(user)
    return client.get(BASE + url)


def test_runs_list_the_computed_periods(client, users_by_role, computed) -> None:
    response = get(client, users_by_role["leader"], "/runs")

    assert response.status_code == 200
    assert [run["period_code"] for run in response.json()] == ["2026-03"]


def test_province_roles_get_every_unit(client, users_by_role, computed) -> None:
    response = get(client, users_by_role["auditor"], "/scores?period=2026-03")

    assert response.status_code == 200
    assert {row["unit_code"] for row in response.json()} == {"52", "XA1", "XA2", "SKHCN"}
    assert all(len(row["groups"]) == 5 for row in response.json())


def test_unit_staff_get_their_unit_only(client, users_by_role, computed, index_units) -> None:
    user = users_by_role["unit_officer"]

    scores = get(client, user, "/scores")
    other = client.get(f"{BASE}/units/{index_units['XA2'].pk}/values")
    other_costing = client.get(f"{BASE}/units/{index_units['XA2'].pk}/indicators/2.1/costing")

    assert [row["unit_code"] for row in scores.json()] == ["XA1"]
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    assert other_costing.status_code == 404


def test_values_carry_numerator_and_denominator(client, users_by_role, computed, index_units) -> None:
    response = get(
        client, users_by_role["unit_head"], f"/units/{index_units['XA1'].pk}/values?period=2026-03"
    )

    values = {row["indicator_id"]: row for row in response.json()}
    assert (values["2.1"]["numerator"], values["2.1"]["denominator"], values["2.1"]["rate"]) == (
        2,
        4,
        "50.00",
    )
    assert values["1.2"]["source_kind"] == "published"


def test_costing_rows_are_paginated(client, users_by_role, computed, index_units) -> None:
    response = get(
        client, users_by_role["leader"], f"/units/{index_units['XA1'].pk}/indicators/2.1/costing?page=1"
    )

    body = response.json()
    assert response.status_code == 200
    assert [row["dossier_code"] for row in body["rows"]] == ["HS-2", "HS-4"]
    assert body["has_next"] is False
    assert (
        get(
            client, users_by_role["leader"], f"/units/{index_units['XA1'].pk}/indicators/2.1/costing?page=2"
        ).json()["rows"]
        == []
    )


def test_unknown_period_and_indicator_are_not_found(client, users_by_role, computed, index_units) -> None:
    user = users_by_role["leader"]

    assert get(client, user, "/scores?period=2019-01").status_code == 404
    assert get(client, user, f"/units/{index_units['XA1'].pk}/indicators/1.2/costing").status_code == 404


def test_signed_out_callers_are_refused(client, computed) -> None:
    response = client.get(BASE + "/scores")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
