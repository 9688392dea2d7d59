"""Exports: masked by default; with reveal, whole for in-scope rows only, and one access row per export."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.policy import policy_for
from tests.apps.privacy.urls import CITIZENS, COLUMNS

pytestmark = pytest.mark.django_db

PURPOSE = {"purpose": "data_cleaning", "purpose_note": "Rà soát số điện thoại sai tháng 01/2026"}
ROWS = [
    {"ho_ten": c.name, "so_dinh_danh": c.personal_id, "dien_thoai": c.phone, "ngay_sinh": c.birth_date}
    for c in CITIZENS.values()
]


def _units(commune, other_commune):
    return {"XA1": commune, "XA2": other_commune}


def _export(policy, units, **options):
    with policy.export(object_type="test.citizen", field_kinds=COLUMNS.values(), **options) as export:
        rows = [
            export.show_row(row, COLUMNS, unit=units[citizen.unit_code])
            for row, citizen in zip(ROWS, CITIZENS.values(), strict=True)
        ]
    return export, rows


def test_a_revealed_export_shows_in_scope_rows_whole_and_logs_once(
    users_by_role, commune, other_commune, personal_data_settings
):
    # given a data officer of one commune exporting citizens of two communes, with a stated purpose
    officer = users_by_role["data_officer"]
    export, rows = _export(policy_for(officer), _units(commune, other_commune), reveal=True, **PURPOSE)

    # then the two citizens of the officer's commune are whole, the other commune's one is masked
    assert [row["so_dinh_danh"] for row in rows] == ["079085001123", "064190002456", "052******789"]
    assert [row["ngay_sinh"] for row in rows] == ["12/03/1985", "01/07/1990", "**/**/2001"]
    assert rows[0]["ho_ten"] == "Nguyễn Văn An"  # other columns are untouched

    # and one access row tells how many records were shown whole, through the export channel
    access = PersonalDataAccess.objects.get()
    assert export.access == access
    assert (access.actor, access.channel, access.record_count) == (officer, "export", 2)
    assert (access.object_type, access.object_id) == ("test.citizen", "")
    assert AuditEvent.objects.get(action="personal_data.reveal").after["record_count"] == 2


@pytest.mark.parametrize(
    ("_case", "role", "options"),
    [
        ("data officer without reveal", "data_officer", {}),
        ("leader without reveal", "leader", {}),
    ],
)
def test_an_export_without_reveal_is_masked_and_not_logged(
    users_by_role, commune, other_commune, personal_data_settings, _case, role, options
):
    _, rows = _export(policy_for(users_by_role[role]), _units(commune, other_commune), **options)

    assert [row["dien_thoai"] for row in rows] == ["091****678", "098****321", "090****222"]
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["leader", "auditor", "administrator", "unit_head"])
def test_only_a_data_officer_may_export_whole_values(users_by_role, commune, other_commune, role):
    with pytest.raises(PermissionDenied):
        _export(policy_for(users_by_role[role]), _units(commune, other_commune), reveal=True, **PURPOSE)
    assert not PersonalDataAccess.objects.exists()


def test_a_revealed_export_needs_a_purpose_before_the_first_row(users_by_role, commune, other_commune):
    with pytest.raises(ValidationError) as raised:
        _export(policy_for(users_by_role["data_officer"]), _units(commune, other_commune), reveal=True)

    assert set(raised.value.message_dict) == {"purpose", "purpose_note"}
    assert not PersonalDataAccess.objects.exists()


def test_a_failed_export_still_logs_what_it_showed(users_by_role, commune, other_commune):
    # given an export that breaks after the first row
    policy = policy_for(users_by_role["data_officer"])
    export = policy.export(object_type="test.citizen", field_kinds=COLUMNS.values(), reveal=True, **PURPOSE)
    with pytest.raises(OSError, match="đĩa đầy"), export as running:  # noqa: PT012 - it fails mid-export
        running.show_row(ROWS[0], COLUMNS, unit=commune)
        raise OSError("đĩa đầy")

    # then the one record already shown whole is in the log
    assert PersonalDataAccess.objects.get().record_count == 1


@pytest.mark.usefixtures("record_pages")
def test_the_export_page_writes_csv_and_logs_one_row(client, users_by_role, other_commune):
    # given a data officer, when the export is downloaded with reveal and a purpose
    client.force_login(users_by_role["data_officer"])
    response = client.get(reverse("test-citizen-export"), {"reveal": "1", **PURPOSE})

    # then the in-scope citizens are whole in the file (the other commune is not visible at all)
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response.status_code == 200
    assert rows[1][1:] == ["079085001123", "0912345678", "12/03/1985"]
    assert len(rows) == 3
    assert PersonalDataAccess.objects.get().record_count == 2

    # and without a purpose the export is refused
    assert client.get(reverse("test-citizen-export"), {"reveal": "1"}).status_code == 400
