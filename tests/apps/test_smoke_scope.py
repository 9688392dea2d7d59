"""A commune officer sees their own unit and gets 404 for another unit, on the web and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_commune_officer_gets_404_for_another_units_page_and_api_object(
    client, users_by_role, commune, other_commune
):
    # given
    client.force_login(users_by_role["unit_officer"])
    # when
    own_page = client.get(reverse("organisation:unit-detail", args=[commune.pk]))
    other_page = client.get(reverse("organisation:unit-detail", args=[other_commune.pk]))
    other_api = client.get(f"/api/v1/organisation/units/{other_commune.pk}")
    # then
    assert own_page.status_code == 200
    assert other_page.status_code == 404
    assert other_api.status_code == 404
    assert other_api.json()["code"] == "not_found"


def test_leader_sees_every_unit(client, users_by_role, other_commune):
    client.force_login(users_by_role["leader"])
    response = client.get(reverse("organisation:unit-detail", args=[other_commune.pk]))
    assert response.status_code == 200
    assert other_commune.name in response.content.decode()
