"""Retention: versions of personal datasets older than their kind's period are deleted, each with an audit row."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pyarrow as pa
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chidao.apps.audit.models import AuditEvent
from chidao.apps.privacy.registry import register_personal_dataset
from chidao.apps.privacy.services import personal_data_purge_expired
from chidao.engines.duckdb import publish_dataset, read_current
from chidao.engines.duckdb.deletion import dataset_versions
from chidao.engines.duckdb.layout import DatasetPaths

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 1)
# population keeps 30 days (conftest): v1 is 59 days old, v2 31 days, v3 (published) 10 days
CREATED = [
    dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 1, 29, 8, 0, tzinfo=dt.UTC),
    dt.datetime(2026, 2, 19, 8, 0, tzinfo=dt.UTC),
]


def _publish_versions(root, name: str, rows_per_version: list[int], created: list[dt.datetime]) -> None:
    for rows, now in zip(rows_per_version, created, strict=True):
        table = pa.table(
            {"so_dinh_danh": [f"0790850{n:05d}" for n in range(rows)], "month": ["2026-01"] * rows}
        )
        publish_dataset(root, name, table, now=now)


@pytest.fixture
def population(tmp_path, settings, personal_data_settings, declared_datasets):
    settings.CHIDAO_DATA_ROOT = tmp_path
    register_personal_dataset("dan_cu", kind="population", title="Dữ liệu dân cư")
    _publish_versions(tmp_path, "dan_cu", [3, 4, 5], CREATED)
    return tmp_path


def _versions(root, name="dan_cu") -> list[str]:
    return [summary.version for summary in dataset_versions(root, name)]


def test_a_dry_run_lists_the_expired_versions_and_deletes_nothing(population):
    # when the purge runs as a dry run
    report = personal_data_purge_expired(as_of=AS_OF, dry_run=True)

    # then the two versions older than 30 days are listed, with their rows, and nothing is gone or logged
    assert [(p.version, p.row_count, p.whole_dataset) for p in report.purged] == [
        ("v000001", 3, False),
        ("v000002", 4, False),
    ]
    assert report.dry_run
    assert _versions(population) == ["v000001", "v000002", "v000003"]
    assert not AuditEvent.objects.filter(action="personal_data.purge").exists()


def test_the_purge_deletes_expired_versions_and_audits_each_with_counts(population, users_by_role):
    # when the purge runs
    actor = users_by_role["administrator"]
    report = personal_data_purge_expired(as_of=AS_OF, actor=actor)

    # then only the published version remains and each deletion has its audit row with counts
    assert _versions(population) == ["v000003"]
    assert read_current(DatasetPaths(population, "dan_cu")) == "v000003"
    events = AuditEvent.objects.filter(action="personal_data.purge").order_by("object_id")
    assert [(e.object_id, e.after["rows"], e.after["retention_days"]) for e in events] == [
        ("dan_cu/v000001", 3, 30),
        ("dan_cu/v000002", 4, 30),
    ]
    assert {e.actor for e in events} == {actor}
    assert len(report.purged) == 2


def test_a_version_exactly_at_the_end_of_its_retention_is_kept(population):
    # v000002 was created on 29/01/2026: 30 days later it is still within its 30 days
    report = personal_data_purge_expired(as_of=dt.date(2026, 2, 28), dry_run=True)

    assert [p.version for p in report.purged] == ["v000001"]


def test_a_published_version_past_retention_takes_the_whole_dataset(population):
    # when even the published version is older than 30 days
    report = personal_data_purge_expired(as_of=dt.date(2026, 6, 1))

    # then the dataset is gone, with one audit row per version
    assert _versions(population) == []
    assert read_current(DatasetPaths(population, "dan_cu")) is None
    assert [p.whole_dataset for p in report.purged] == [True, True, True]
    assert AuditEvent.objects.filter(action="personal_data.purge").count() == 3


def test_a_dataset_whose_kind_has_no_retention_is_skipped_and_reported(population, declared_datasets):
    register_personal_dataset("bao_hiem", kind="insurance")
    _publish_versions(population, "bao_hiem", [2], [CREATED[0]])

    report = personal_data_purge_expired(as_of=dt.date(2027, 1, 1))

    assert report.without_retention == ("bao_hiem",)
    assert _versions(population, "bao_hiem") == ["v000001"]


def test_undeclared_datasets_are_never_touched(population):
    _publish_versions(population, "ho_so", [2], [CREATED[0]])

    personal_data_purge_expired(as_of=dt.date(2027, 1, 1))

    assert _versions(population, "ho_so") == ["v000001"]


def test_the_command_dry_run_prints_the_plan(population):
    out = StringIO()

    call_command("purge_personal_data", "--as-of", "01/03/2026", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Sẽ xoá dan_cu/v000001: 3 dòng, tạo ngày 01/01/2026, loại population" in text
    assert "Sẽ xoá 2 phiên bản, 7 dòng dữ liệu cá nhân (tính đến 01/03/2026) — chạy thử" in text
    assert _versions(population) == ["v000001", "v000002", "v000003"]


def test_the_command_deletes_with_the_command_channel(population):
    call_command("purge_personal_data", "--as-of", "2026-03-01", stdout=StringIO())

    assert _versions(population) == ["v000003"]
    assert set(AuditEvent.objects.filter(action="personal_data.purge").values_list("channel", flat=True)) == {
        "command"
    }


def test_the_command_refuses_a_malformed_date(population):
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("purge_personal_data", "--as-of", "31/02/2026", stdout=StringIO())
