"""The organisation API: PATCH a unit (status codes, error body, audit row) and a complete OpenAPI schema."""

from __future__ import annotations

import json

import pytest

from chidao.api.urls import api
from chidao.apps.audit.models import AuditEvent
from chidao.apps.organisation.models import Unit

pytestmark = pytest.mark.django_db

NEW_PHONE = "0256 3822 111"


def unit_url(unit: Unit | int) -> str:
    pk = unit.pk if isinstance(unit, Unit) else unit
    return f"/api/v1/organisation/units/{pk}"


def patch(client, unit: Unit | int, body: dict):
    return client.patch(unit_url(unit), data=json.dumps(body), content_type="application/json")


def test_patch_changes_the_phone_and_writes_an_api_audit_row(client, users_by_role, commune):
    # given
    client.force_login(users_by_role["administrator"])
    # when
    response = patch(client, commune, {"phone": NEW_PHONE})
    # then
    assert response.status_code == 200
    assert response.json()["phone"] == NEW_PHONE
    commune.refresh_from_db()
    assert commune.phone == NEW_PHONE
    event = AuditEvent.objects.get(action="unit.update", object_id=str(commune.pk))
    assert event.channel == AuditEvent.Channel.API
    assert (event.before["phone"], event.after["phone"]) == ("", NEW_PHONE)


def test_patch_leaves_omitted_fields_alone_and_null_clears_an_optional_one(client, users_by_role, commune):
    # given a unit with a short name and an e-mail
    commune.short_name = "AN"
    commune.email = "annhon@gialai.gov.vn"
    commune.save()
    client.force_login(users_by_role["secretariat"])
    # when
    response = patch(client, commune, {"short_name": None})
    # then
    assert response.status_code == 200
    commune.refresh_from_db()
    assert (commune.short_name, commune.email) == ("", "annhon@gialai.gov.vn")


def test_a_leader_gets_403_in_the_api_error_format(client, users_by_role, commune):
    client.force_login(users_by_role["leader"])
    response = patch(client, commune, {"phone": NEW_PHONE})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert set(response.json()) == {"message", "code", "extra"}


@pytest.mark.parametrize(
    ("_case", "role", "target"),
    [
        ("unit head, another commune", "unit_head", "other_commune"),
        ("administrator, no such unit", "administrator", "missing"),
    ],
)
def test_a_unit_outside_the_scope_or_missing_is_404(
    client, users_by_role, other_commune, _case, role, target
):
    client.force_login(users_by_role[role])
    unit = other_commune if target == "other_commune" else 987_654
    response = patch(client, unit, {"phone": NEW_PHONE})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_signed_out_is_401(client, commune):
    response = patch(client, commune, {"phone": NEW_PHONE})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("_case", "body", "status", "field"),
    [
        ("bad e-mail, refused by the model", {"email": "khong-phai-thu"}, 400, "email"),
        ("null name becomes blank, refused by the model", {"name": None}, 400, "name"),
        ("empty name, refused by the schema", {"name": ""}, 422, "name"),
        ("letters in phone", {"phone": "gọi 0256"}, 422, "phone"),
        ("a field that cannot be changed", {"code": "X"}, 422, "code"),
    ],
)
def test_invalid_input_is_refused_and_changes_nothing(
    client, users_by_role, commune, _case, body, status, field
):
    # given
    client.force_login(users_by_role["administrator"])
    # when
    response = patch(client, commune, body)
    # then
    assert response.status_code == status
    assert response.json()["code"] == "invalid"
    assert field in json.dumps(response.json()["extra"])
    assert not AuditEvent.objects.exists()


def test_a_unit_head_may_patch_their_own_commune(client, users_by_role, commune):
    client.force_login(users_by_role["unit_head"])
    response = patch(client, commune, {"name": "Xã An Nhơn Mới"})
    assert response.status_code == 200
    assert response.json()["name"] == "Xã An Nhơn Mới"


def test_every_organisation_operation_documents_its_error_responses_with_the_error_schema():
    # given
    schema = json.loads(
        json.dumps(api.get_openapi_schema())
    )  # as a client reads it: status codes are strings
    unit_path = schema["paths"]["/api/v1/organisation/units/{unit_id}"]
    organisation_paths = {
        p: ops for p, ops in schema["paths"].items() if p.startswith("/api/v1/organisation/")
    }
    # then every operation answers 401 when signed out, with the shared error body
    assert organisation_paths
    for path, operations in organisation_paths.items():
        for method, operation in operations.items():
            assert "401" in operation["responses"], f"{method.upper()} {path}"
            for status, response in operation["responses"].items():
                if not status.startswith("2"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorOut"), f"{method.upper()} {path} {status}"
    assert set(unit_path["patch"]["responses"]) == {"200", "400", "401", "403", "404", "422"}
    assert set(unit_path["get"]["responses"]) == {"200", "401", "404"}


def test_the_patch_schema_lists_exactly_the_editable_fields():
    schema = api.get_openapi_schema()
    patch_schema = schema["components"]["schemas"]["UnitPatch"]
    assert set(patch_schema["properties"]) == {"name", "short_name", "email", "phone"}
    assert patch_schema.get("additionalProperties") is False
    assert {"email", "phone"} <= set(schema["components"]["schemas"]["UnitOut"]["properties"])
