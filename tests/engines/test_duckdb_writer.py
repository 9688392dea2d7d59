"""Publishing datasets: month layout on disk, manifest, sources, month replacement."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from chidao.core.sql import Query
from chidao.engines.duckdb import (
    DatasetError,
    DatasetPaths,
    DatasetWriter,
    Engine,
    EngineConfig,
    publish_dataset,
    read_current,
    read_manifest,
    replace_months,
)
from chidao.engines.duckdb.manifest import sha256_of_file

NOW = dt.datetime(2025, 3, 14, 8, 30, tzinfo=dt.UTC)
DATASET = "dan_cu"


PEOPLE_SCHEMA = pa.schema([("ma_dinh_danh", pa.string()), ("họ_tên", pa.string()), ("month", pa.string())])


def _people(rows: list[tuple[str, str, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [dict(zip(PEOPLE_SCHEMA.names, row, strict=True)) for row in rows], schema=PEOPLE_SCHEMA
    )


PEOPLE = [
    ("001", "Nguyễn Văn An", "2025-01"),
    ("002", "Trần Thị Bình", "2025-01"),
    ("003", "Rơ Châm H'Bia", "2025-02"),
]


def _read_all(root: Path) -> list[tuple[str, str, str]]:
    rows = Engine(EngineConfig(root)).run(
        Query('SELECT ma_dinh_danh, "họ_tên", month FROM dan_cu ORDER BY ma_dinh_danh')
    )
    return [(row["ma_dinh_danh"], row["họ_tên"], row["month"]) for row in rows.rows]


def test_publish_lays_out_one_directory_per_month(tmp_path: Path) -> None:
    # given three people over two months, when published
    manifest = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)

    # then the version holds month=YYYY-MM/part-N.parquet files and CURRENT names it
    version_dir = tmp_path / DATASET / manifest.version
    parquet = sorted(path.relative_to(version_dir).as_posix() for path in version_dir.rglob("*.parquet"))
    assert manifest.version == "v000001"
    assert parquet == ["month=2025-01/part-0.parquet", "month=2025-02/part-0.parquet"]
    assert (tmp_path / DATASET / "CURRENT").read_text() == "v000001\n"


def test_publish_writes_a_complete_manifest(tmp_path: Path) -> None:
    # given a published dataset
    manifest = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)

    # when its manifest is read back from disk
    on_disk = json.loads((tmp_path / DATASET / "v000001" / "manifest.json").read_text(encoding="utf-8"))
    reread = read_manifest(DatasetPaths(tmp_path, DATASET), "v000001")

    # then it records dataset, version, time, rows, months, columns and file checksums
    assert reread == manifest
    assert on_disk["created_at"] == "2025-03-14T08:30:00+00:00"
    assert manifest.row_count == 3
    assert manifest.months == ("2025-01", "2025-02")
    assert manifest.rows_by_month() == {"2025-01": 2, "2025-02": 1}
    assert [(c.name, c.type) for c in manifest.columns] == [
        ("ma_dinh_danh", "VARCHAR"),
        ("họ_tên", "VARCHAR"),
        ("month", "VARCHAR"),
    ]
    for file in manifest.files:
        assert file.sha256 == sha256_of_file(tmp_path / DATASET / "v000001" / file.path)


def test_published_rows_read_back_verbatim(tmp_path: Path) -> None:
    # given published rows with Vietnamese names, when read through the engine
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)

    # then every row comes back unchanged, month included
    assert _read_all(tmp_path) == PEOPLE


@pytest.mark.parametrize(
    "_case",
    ["arrow table", "record batch reader", "iterable of batches", "duckdb relation"],
)
def test_publish_accepts_every_source_kind(_case: str, tmp_path: Path) -> None:
    # given the same rows as a different kind of source
    table = _people(PEOPLE)
    connection = duckdb.connect()
    sources = {
        "arrow table": table,
        "record batch reader": pa.RecordBatchReader.from_batches(
            table.schema, table.to_batches(max_chunksize=1)
        ),
        "iterable of batches": iter(table.to_batches(max_chunksize=2)),
        "duckdb relation": connection.from_arrow(table),
    }

    # when published
    manifest = publish_dataset(tmp_path, DATASET, sources[_case], now=NOW)

    # then all rows arrive
    assert manifest.row_count == len(PEOPLE)
    assert _read_all(tmp_path) == PEOPLE


def test_publish_from_a_query_over_input_files(tmp_path: Path) -> None:
    # given a CSV export in an input directory and a parameterised query over it
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dan_cu.csv").write_text(
        "ma,ten,thang\n001,Nguyễn Văn An,2025-01\n002,Trần Thị Bình,2025-01\n999,Bỏ qua,2025-01\n",
        encoding="utf-8",
    )
    query = Query(
        'SELECT ma AS ma_dinh_danh, ten AS "họ_tên", thang AS month'
        " FROM read_csv(?, all_varchar = true) WHERE ma <> ?",
        (str(inbox / "dan_cu.csv"), "999"),
    )

    # when published with the input directory opened to the writer
    manifest = publish_dataset(tmp_path / "data", DATASET, query, now=NOW, input_directories=[inbox])

    # then only the selected rows are in the dataset
    assert manifest.row_count == 2
    assert _read_all(tmp_path / "data") == PEOPLE[:2]


def test_query_source_cannot_read_outside_its_input_directories(tmp_path: Path) -> None:
    # given a query over a file the writer was not given access to
    outside = tmp_path / "outside.csv"
    outside.write_text("month\n2025-01\n", encoding="utf-8")
    query = Query("SELECT * FROM read_csv(?)", (str(outside),))

    # when published without that directory, then DuckDB's sandbox refuses the read
    with pytest.raises(duckdb.PermissionException):
        publish_dataset(tmp_path / "data", DATASET, query, now=NOW)


@pytest.mark.parametrize(
    ("_case", "month", "message"),
    [
        ("missing month", None, "NULL"),
        ("day instead of month", "2025-01-15", "2025-01-15"),
        ("month 13", "2025-13", "2025-13"),
        ("slash", "2025/01", "2025/01"),
    ],
)
def test_publish_refuses_rows_without_a_valid_month(
    _case: str, month: str | None, message: str, tmp_path: Path
) -> None:
    # given one row whose month is not YYYY-MM, when published
    table = pa.table({"ma_dinh_danh": ["001", "002"], "month": ["2025-01", month]})
    with pytest.raises(DatasetError, match=message):
        publish_dataset(tmp_path, DATASET, table, now=NOW)

    # then nothing is published and the staging area is cleaned up
    assert read_current(DatasetPaths(tmp_path, DATASET)) is None
    assert list((tmp_path / DATASET / "_staging").iterdir()) == []


@pytest.mark.parametrize(
    ("_case", "table", "message"),
    [
        ("no month column", pa.table({"ma": ["1"]}), "cột 'month'"),
        ("month as a date", pa.table({"month": [dt.date(2025, 1, 1)]}), "DATE"),
        ("only the month column", pa.table({"month": ["2025-01"]}), "ít nhất một cột"),
        (
            "no rows",
            pa.table({"ma": pa.array([], pa.string()), "month": pa.array([], pa.string())}),
            "Không có",
        ),
    ],
)
def test_publish_refuses_unusable_sources(_case: str, table: pa.Table, message: str, tmp_path: Path) -> None:
    # given a source that cannot be split by month, when published, then it is refused
    with pytest.raises(DatasetError, match=message):
        publish_dataset(tmp_path, DATASET, table, now=NOW)


def test_publish_requires_a_timezone_aware_time(tmp_path: Path) -> None:
    # given a naive datetime, when publishing, then it is refused (manifests record absolute times)
    with pytest.raises(DatasetError, match="múi giờ"):
        publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=dt.datetime(2025, 3, 14, 8, 30))


@pytest.mark.parametrize("_case", ["upper case", "path traversal", "dash", "empty"])
def test_dataset_names_are_restricted(_case: str, tmp_path: Path) -> None:
    # given a dataset name that could escape the data root or need quoting
    names = {"upper case": "DanCu", "path traversal": "../etc", "dash": "dan-cu", "empty": ""}

    # when publishing under it, then it is refused before touching the disk
    with pytest.raises(DatasetError, match="Tên bộ dữ liệu"):
        publish_dataset(tmp_path, names[_case], _people(PEOPLE), now=NOW)
    assert list(tmp_path.iterdir()) == []


def test_replace_months_replaces_only_the_declared_month(tmp_path: Path) -> None:
    # given a dataset over two months
    first = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)
    correction = [("004", "Ksor Y Đêm", "2025-02"), ("005", "Đinh Văn Hùng", "2025-02")]

    # when February is re-imported
    second = replace_months(tmp_path, DATASET, _people(correction), months=["2025-02"], now=NOW)

    # then January is untouched, February is exactly the correction, and provenance is recorded
    assert _read_all(tmp_path) == [*PEOPLE[:2], *correction]
    assert second.version == "v000002"
    assert second.based_on == first.version
    assert second.replaced_months == ("2025-02",)
    assert second.rows_by_month() == {"2025-01": 2, "2025-02": 2}


def test_replace_months_shares_untouched_files_with_the_previous_version(tmp_path: Path) -> None:
    # given a dataset over two months, when February is replaced
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)
    replace_months(
        tmp_path, DATASET, _people([("004", "Ksor Y Đêm", "2025-02")]), months=["2025-02"], now=NOW
    )

    # then January's file is the same inode (hard link), February's is new
    january = "month=2025-01/part-0.parquet"
    february = "month=2025-02/part-0.parquet"
    dataset_dir = tmp_path / DATASET
    assert (dataset_dir / "v000001" / january).samefile(dataset_dir / "v000002" / january)
    assert not (dataset_dir / "v000001" / february).samefile(dataset_dir / "v000002" / february)


def test_replace_months_with_no_rows_removes_the_month(tmp_path: Path) -> None:
    # given a dataset over two months, when February is replaced by an empty import
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)
    manifest = replace_months(tmp_path, DATASET, _people([]), months=["2025-02"], now=NOW)

    # then only January remains
    assert manifest.months == ("2025-01",)
    assert _read_all(tmp_path) == PEOPLE[:2]


def test_replace_months_refuses_rows_of_undeclared_months(tmp_path: Path) -> None:
    # given a correction for February that also carries a January row
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)
    correction = _people([("004", "Ksor Y Đêm", "2025-02"), ("009", "Lạc tháng", "2025-01")])

    # when only February is declared, then it is refused and the data is unchanged
    with pytest.raises(DatasetError, match="2025-01"):
        replace_months(tmp_path, DATASET, correction, months=["2025-02"], now=NOW)
    assert read_current(DatasetPaths(tmp_path, DATASET)) == "v000001"
    assert _read_all(tmp_path) == PEOPLE


def test_replace_months_refuses_a_different_schema(tmp_path: Path) -> None:
    # given a dataset and a correction with an extra column
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW)
    correction = _people([("004", "Ksor Y Đêm", "2025-02")]).append_column("ghi_chu", pa.array(["mới"]))

    # when replacing, then it is refused: mixed schemas would break every reader
    with pytest.raises(DatasetError, match="Cấu trúc cột"):
        replace_months(tmp_path, DATASET, correction, months=["2025-02"], now=NOW)


def test_replace_months_on_a_new_dataset_publishes_it(tmp_path: Path) -> None:
    # given no dataset yet, when a month is "replaced"
    manifest = replace_months(tmp_path, DATASET, _people(PEOPLE[:2]), months=["2025-01"], now=NOW)

    # then it becomes the first version
    assert manifest.version == "v000001"
    assert manifest.based_on is None
    assert _read_all(tmp_path) == PEOPLE[:2]


def test_writer_outside_with_block_is_refused(tmp_path: Path) -> None:
    # given a writer not entered as a context manager, when staging, then it is refused (no lock held)
    writer = DatasetWriter(tmp_path, DATASET, now=NOW)
    with pytest.raises(DatasetError, match="with"):
        writer.stage(_people(PEOPLE))


def test_replace_months_leaving_nothing_is_refused(tmp_path: Path) -> None:
    # given no dataset yet, when a month is "replaced" by an empty import
    with pytest.raises(DatasetError, match="không còn dòng nào"):
        replace_months(tmp_path, DATASET, _people([]), months=["2025-01"], now=NOW)

    # then nothing is published
    assert read_current(DatasetPaths(tmp_path, DATASET)) is None
