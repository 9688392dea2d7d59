"""Atomic publishing: readers never see half a dataset, killed writers leave the old data intact."""

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from chidao.core.sql import Query, count_rows
from chidao.engines.duckdb import (
    DatasetBusyError,
    DatasetError,
    DatasetPaths,
    DatasetWriter,
    Engine,
    EngineConfig,
    collect_garbage,
    publish_dataset,
    read_current,
)
from chidao.engines.duckdb.layout import dataset_lock, swap_current

NOW = dt.datetime(2025, 3, 14, 8, 30, tzinfo=dt.UTC)
DATASET = "ho_so"
REPO_ROOT = Path(__file__).resolve().parents[2]


def _dossiers(count: int, month: str = "2025-01") -> pa.Table:
    return pa.table({"ma_ho_so": [f"HS{i:04d}" for i in range(count)], "month": [month] * count})


def _count(engine: Engine) -> int:
    return int(engine.run(count_rows(DATASET)).rows[0]["row_count"])


def test_open_session_keeps_its_version_while_a_new_one_is_published(tmp_path: Path) -> None:
    # given a published dataset of 2 rows and a reader session opened on it
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)
    engine = Engine(EngineConfig(tmp_path))
    with engine.session() as reader:
        # when a writer stages and publishes 5 rows while the session is open
        with DatasetWriter(tmp_path, DATASET, now=NOW) as writer:
            staged = writer.stage(_dossiers(5))
            during = reader.run(count_rows(DATASET)).rows[0]["row_count"]
            writer.publish(staged)
        after = reader.run(count_rows(DATASET)).rows[0]["row_count"]

        # then the session saw its own version throughout
        assert (during, after) == (2, 2)
        assert reader.versions == {DATASET: "v000001"}

    # and a new session sees the new version, which CURRENT names
    assert _count(engine) == 5
    assert (tmp_path / DATASET / "CURRENT").read_text() == "v000002\n"


def test_staged_but_unpublished_version_is_invisible(tmp_path: Path) -> None:
    # given a published dataset of 2 rows
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)
    engine = Engine(EngineConfig(tmp_path))

    # when a writer stages 5 rows and stops without publishing (the with block ends)
    with DatasetWriter(tmp_path, DATASET, now=NOW) as writer:
        writer.stage(_dossiers(5))
        readers_count_meanwhile = _count(engine)

    # then readers see the old data during and after, and the clean abort removed the staging
    assert readers_count_meanwhile == 2
    assert _count(engine) == 2
    assert list((tmp_path / DATASET / "_staging").iterdir()) == []


def test_killed_writer_leaves_orphan_staging_previous_current_and_no_lock(tmp_path: Path) -> None:
    # given a published dataset of 2 rows
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)

    # when another process stages a new version and is killed (SIGKILL) before publishing
    script = textwrap.dedent(
        f"""
        import datetime as dt, os, signal
        from pathlib import Path
        import pyarrow as pa
        from chidao.engines.duckdb import DatasetWriter
        now = dt.datetime(2025, 3, 14, tzinfo=dt.UTC)
        with DatasetWriter(Path({str(tmp_path)!r}), {DATASET!r}, now=now) as writer:
            writer.stage(pa.table({{"ma_ho_so": ["X"] * 5, "month": ["2025-01"] * 5}}))
            os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, check=False, timeout=60)

    # then the orphan staging stays, CURRENT still names the old version, and the lock was released
    assert completed.returncode == -9
    assert [path.name.split("-")[0] for path in (tmp_path / DATASET / "_staging").iterdir()] == ["v000002"]
    assert read_current(DatasetPaths(tmp_path, DATASET)) == "v000001"
    assert _count(Engine(EngineConfig(tmp_path))) == 2
    assert (
        publish_dataset(tmp_path, DATASET, _dossiers(3), now=NOW, lock_timeout_seconds=1).version == "v000002"
    )


def test_crash_between_rename_and_swap_keeps_previous_current(tmp_path: Path) -> None:
    # given a published dataset, and a writer that moved its version into place but died before the swap
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)
    paths = DatasetPaths(tmp_path, DATASET)
    # (the first half of DatasetWriter.publish, done by hand, then the process "dies")
    with DatasetWriter(tmp_path, DATASET, now=NOW) as writer:
        staged = writer.stage(_dossiers(5))
        os.rename(staged.directory, paths.version_directory(staged.manifest.version))
    (paths.directory / "CURRENT.tmp-999-dead").write_text("v0000", encoding="ascii")

    # when readers and the next writer come
    count_after_crash = _count(Engine(EngineConfig(tmp_path)))
    next_manifest = publish_dataset(tmp_path, DATASET, _dossiers(7), now=NOW)

    # then readers kept the old data, and the next publish skips the orphan version number
    assert count_after_crash == 2
    assert next_manifest.version == "v000003"
    assert _count(Engine(EngineConfig(tmp_path))) == 7


def test_swap_current_refuses_a_version_that_does_not_exist(tmp_path: Path) -> None:
    # given a published dataset, when CURRENT is pointed at a missing version
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)
    paths = DatasetPaths(tmp_path, DATASET)
    with pytest.raises(DatasetError, match="không tồn tại"):
        swap_current(paths, "v000009")

    # then CURRENT is unchanged and no temporary file is left
    assert read_current(paths) == "v000001"
    assert sorted(path.name for path in paths.directory.iterdir() if path.is_file()) == [".lock", "CURRENT"]


def test_corrupt_current_is_reported_not_guessed(tmp_path: Path) -> None:
    # given a CURRENT file naming garbage
    publish_dataset(tmp_path, DATASET, _dossiers(2), now=NOW)
    (tmp_path / DATASET / "CURRENT").write_text("v00000\x00", encoding="ascii")

    # when a session opens, then it refuses rather than reading some other version
    with pytest.raises(DatasetError, match="CURRENT"):
        Engine(EngineConfig(tmp_path)).session()


def test_garbage_collection_keeps_the_n_most_recent_versions(tmp_path: Path) -> None:
    # given four published versions and one killed writer's staging
    for count in (1, 2, 3, 4):
        publish_dataset(tmp_path, DATASET, _dossiers(count), now=NOW)
    orphan = tmp_path / DATASET / "_staging" / "v000005-deadbeef"
    orphan.mkdir()

    # when collecting garbage keeping 2 versions
    report = collect_garbage(tmp_path, DATASET, keep=2)

    # then the two newest versions stay, the rest and the orphan go, and reading still works
    remaining = sorted(path.name for path in (tmp_path / DATASET).iterdir() if path.name.startswith("v"))
    assert report.kept_versions == ("v000003", "v000004")
    assert report.removed_versions == ("v000001", "v000002")
    assert report.removed_staging == ("v000005-deadbeef",)
    assert remaining == ["v000003", "v000004"]
    assert _count(Engine(EngineConfig(tmp_path))) == 4


def test_garbage_collection_removes_versions_newer_than_current(tmp_path: Path) -> None:
    # given a version moved into place by a writer that died before swapping CURRENT
    publish_dataset(tmp_path, DATASET, _dossiers(1), now=NOW)
    paths = DatasetPaths(tmp_path, DATASET)
    with DatasetWriter(tmp_path, DATASET, now=NOW) as writer:
        staged = writer.stage(_dossiers(2))
        os.rename(staged.directory, paths.version_directory(staged.manifest.version))

    # when collecting garbage, then the unpublished version is removed and CURRENT's kept
    report = collect_garbage(tmp_path, DATASET, keep=3)
    assert report.kept_versions == ("v000001",)
    assert report.removed_versions == ("v000002",)


@pytest.mark.parametrize(("_case", "keep"), [("zero", 0), ("negative", -1), ("bool", True)])
def test_garbage_collection_refuses_to_keep_nothing(_case: str, keep: int, tmp_path: Path) -> None:
    # given a published dataset, when asked to keep fewer than 1 version, then it is refused
    publish_dataset(tmp_path, DATASET, _dossiers(1), now=NOW)
    with pytest.raises(DatasetError, match="≥ 1"):
        collect_garbage(tmp_path, DATASET, keep=keep)


def test_second_writer_waits_for_the_lock_then_gives_up(tmp_path: Path) -> None:
    # given a writer holding the dataset lock
    paths = DatasetPaths(tmp_path, DATASET)
    # when another writer tries with a short timeout, then it reports the dataset busy
    with dataset_lock(paths, timeout_seconds=1), pytest.raises(DatasetBusyError, match="đang được ghi"):
        publish_dataset(tmp_path, DATASET, _dossiers(1), now=NOW, lock_timeout_seconds=0.1)

    # and once the lock is free it publishes
    assert publish_dataset(tmp_path, DATASET, _dossiers(1), now=NOW).version == "v000001"


def test_unknown_dataset_is_not_a_view(tmp_path: Path) -> None:
    # given an empty data root, when querying a dataset that was never published
    engine = Engine(EngineConfig(tmp_path))

    # then DuckDB does not find it (no view is invented)
    with pytest.raises(duckdb.CatalogException, match="ho_so"):
        engine.run(Query("SELECT * FROM ho_so"))
    assert engine.datasets() == ()
