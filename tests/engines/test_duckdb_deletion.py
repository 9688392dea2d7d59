"""Deleting dataset versions and whole datasets (retention), with the counts of what was removed."""

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from chidao.core.sql import Query
from chidao.engines.duckdb import DatasetError, Engine, EngineConfig, publish_dataset, read_current
from chidao.engines.duckdb.deletion import dataset_versions, delete_dataset, delete_dataset_version
from chidao.engines.duckdb.layout import DatasetPaths

DATASET = "ho_so"
FIRST = dt.datetime(2025, 1, 10, 8, 0, tzinfo=dt.UTC)
SECOND = dt.datetime(2025, 6, 10, 8, 0, tzinfo=dt.UTC)


def _dossiers(count: int) -> pa.Table:
    return pa.table({"so_ho_so": [f"HS-{n}" for n in range(count)], "month": ["2025-01"] * count})


def _two_versions(root: Path) -> None:
    publish_dataset(root, DATASET, _dossiers(3), now=FIRST)
    publish_dataset(root, DATASET, _dossiers(5), now=SECOND)


def test_dataset_versions_summarise_each_manifest(tmp_path: Path) -> None:
    _two_versions(tmp_path)

    summaries = dataset_versions(tmp_path, DATASET)

    assert [(s.version, s.created_at, s.row_count, s.file_count, s.is_current) for s in summaries] == [
        ("v000001", FIRST, 3, 1, False),
        ("v000002", SECOND, 5, 1, True),
    ]
    assert all(s.size_bytes > 0 for s in summaries)


def test_an_old_version_is_deleted_and_the_published_one_still_reads(tmp_path: Path) -> None:
    # given two versions, when the older one is deleted
    _two_versions(tmp_path)
    removed = delete_dataset_version(tmp_path, DATASET, "v000001")

    # then it is gone, its counts are reported, and the current version still answers
    assert (removed.version, removed.row_count) == ("v000001", 3)
    assert not (tmp_path / DATASET / "v000001").exists()
    count = Engine(EngineConfig(tmp_path)).run(Query("SELECT count(*) AS n FROM ho_so"))
    assert count.rows == ({"n": 5},)


@pytest.mark.parametrize(
    ("_case", "version", "message"),
    [
        ("the published version", "v000002", "đang công bố"),
        ("a version that does not exist", "v000009", "không có"),
    ],
)
def test_deleting_the_current_or_a_missing_version_is_refused(
    tmp_path: Path, _case: str, version: str, message: str
) -> None:
    _two_versions(tmp_path)

    with pytest.raises(DatasetError, match=message):
        delete_dataset_version(tmp_path, DATASET, version)
    assert read_current(DatasetPaths(tmp_path, DATASET)) == "v000002"


def test_deleting_a_dataset_removes_current_and_every_version(tmp_path: Path) -> None:
    # given two versions, when the dataset is deleted
    _two_versions(tmp_path)
    removed = delete_dataset(tmp_path, DATASET)

    # then both are reported, nothing of them remains and the engine no longer lists the dataset
    assert [(s.version, s.row_count) for s in removed] == [("v000001", 3), ("v000002", 5)]
    assert not list((tmp_path / DATASET).rglob("*.parquet"))
    assert Engine(EngineConfig(tmp_path)).datasets() == ()


def test_deleting_a_dataset_that_does_not_exist_removes_nothing(tmp_path: Path) -> None:
    assert delete_dataset(tmp_path, DATASET) == ()
