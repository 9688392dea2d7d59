"""Querying: hostile names stay names, hostile values stay values, the sandbox and limits hold."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from chidao.core.sql import Query, and_, in_list, quote_identifier, select_columns, where_equals
from chidao.engines.duckdb import (
    DatasetError,
    Engine,
    EngineConfig,
    ForbiddenStatementError,
    ResultTooLargeError,
    publish_dataset,
)

NOW = dt.datetime(2025, 3, 14, 8, 30, tzinfo=dt.UTC)
DATASET = "bao_hiem"
HOSTILE_VALUE = "x'); DROP TABLE bao_hiem; --"
HOSTILE_COLUMNS = ('a"b', "x; DROP TABLE y", "họ_tên", "SELECT")
ROWS = [
    {"ma_so": "BH01", "so_tien": Decimal("1250000.50"), "ghi_chu": HOSTILE_VALUE, "month": "2025-01"},
    {"ma_so": "BH02", "so_tien": Decimal("980000.00"), "ghi_chu": "bình thường", "month": "2025-01"},
    {"ma_so": "BH03", "so_tien": Decimal("15.25"), "ghi_chu": None, "month": "2025-02"},
]
SCHEMA = pa.schema(
    [
        ("ma_so", pa.string()),
        ("so_tien", pa.decimal128(18, 2)),
        ("ghi_chu", pa.string()),
        ("month", pa.string()),
    ]
)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    publish_dataset(tmp_path, DATASET, pa.Table.from_pylist(ROWS, schema=SCHEMA), now=NOW)
    return Engine(EngineConfig(tmp_path, memory_limit="256MiB", threads=1, max_rows=10))


def test_hostile_column_names_round_trip_as_names(tmp_path: Path) -> None:
    # given a dataset whose column names contain quotes, SQL and Vietnamese
    values = {name: f"giá trị {index}" for index, name in enumerate(HOSTILE_COLUMNS)}
    table = pa.table({**{name: [value] for name, value in values.items()}, "month": ["2025-01"]})
    publish_dataset(tmp_path, DATASET, table, now=NOW)

    # when selected through the builder
    result = Engine(EngineConfig(tmp_path)).run(select_columns(DATASET, HOSTILE_COLUMNS))

    # then each column comes back under its exact name with its value
    assert result.columns == HOSTILE_COLUMNS
    assert result.rows == (values,)


def test_hostile_value_is_bound_and_returned_verbatim(engine: Engine) -> None:
    # given a value full of quotes and SQL, when used as a filter and selected back
    result = engine.run(
        Query(
            'SELECT ?::VARCHAR AS "echo", ma_so FROM bao_hiem WHERE ghi_chu = ?',
            (HOSTILE_VALUE, HOSTILE_VALUE),
        )
    )

    # then it matched as plain data, came back unchanged, and the dataset is intact
    assert result.rows == ({"echo": HOSTILE_VALUE, "ma_so": "BH01"},)
    assert engine.run(Query("SELECT count(*) AS n FROM bao_hiem")).rows == ({"n": 3},)


def test_builders_run_unchanged_on_the_engine(engine: Engine) -> None:
    # given a builder query with equality, IN, NULL handling and ordering
    query = select_columns(
        DATASET,
        ["ma_so", "so_tien"],
        where=and_(in_list("month", ["2025-01", "2025-02"]), where_equals("ghi_chu", None)),
        order_by=["ma_so"],
    )

    # when run, then exact decimal values come back
    assert engine.run(query).rows == ({"ma_so": "BH03", "so_tien": Decimal("15.25")},)


def test_named_parameters_bind_by_name(engine: Engine) -> None:
    # given a code-constant query with $name parameters
    query = Query(
        "SELECT ma_so FROM bao_hiem WHERE month = $thang AND so_tien > $toi_thieu ORDER BY ma_so",
        {"thang": "2025-01", "toi_thieu": Decimal("1000000")},
    )

    # when run, then the values are bound by name
    assert engine.run(query).rows == ({"ma_so": "BH01"},)


def test_result_carries_timing_count_and_versions(engine: Engine) -> None:
    # given a query, when run
    result = engine.run(Query("SELECT ma_so FROM bao_hiem ORDER BY ma_so"))

    # then the result says how many rows, how long, and which version answered
    assert result.row_count == 3
    assert result.elapsed_ms >= 0
    assert result.versions == {DATASET: "v000001"}


def test_arrow_result_and_stream_return_all_rows(engine: Engine) -> None:
    # given a query over the whole dataset
    query = Query("SELECT ma_so, month FROM bao_hiem ORDER BY ma_so")

    # when fetched as a table and streamed in batches of one row
    arrow = engine.run_arrow(query)
    batches = list(engine.stream(query, batch_rows=1))

    # then both hold the same rows, the stream in several batches
    assert arrow.table.column("ma_so").to_pylist() == ["BH01", "BH02", "BH03"]
    assert arrow.row_count == 3
    assert pa.Table.from_batches(batches).equals(arrow.table)
    assert len(batches) == 3


def test_run_refuses_results_bigger_than_max_rows(engine: Engine) -> None:
    # given max_rows = 10, when a query returns 11 rows, then it is refused and stream() suggested
    with pytest.raises(ResultTooLargeError, match="stream"):
        engine.run(Query("SELECT * FROM range(11)"))
    assert engine.run(Query("SELECT * FROM range(10)")).row_count == 10


def test_run_refuses_duplicate_column_names(engine: Engine) -> None:
    # given two result columns with the same name, then run() refuses rather than drop one
    with pytest.raises(DatasetError, match="trùng tên"):
        engine.run(Query("SELECT ma_so, ma_so FROM bao_hiem"))


@pytest.mark.parametrize(
    ("_case", "sql"),
    [
        ("copy out", "COPY (SELECT * FROM bao_hiem) TO 'stolen.csv'"),
        ("attach", "ATTACH 'other.db'"),
        ("two statements", "SELECT 1; SELECT 2"),
        ("select then drop", "SELECT 1; DROP VIEW bao_hiem"),
        ("set", "SET threads = 64"),
        ("install", "INSTALL httpfs"),
        ("create", "CREATE TABLE t AS SELECT 1"),
        ("call", "CALL pragma_version()"),
    ],
)
def test_only_a_single_select_runs(_case: str, sql: str, engine: Engine) -> None:
    # given a statement that is not one SELECT, when run or explained, then DuckDB's own parser classifies it and it is refused
    with pytest.raises(ForbiddenStatementError):
        engine.run(Query(sql))
    with pytest.raises(ForbiddenStatementError):
        engine.explain(Query(sql))


@pytest.mark.parametrize(
    ("_case", "sql"),
    [
        ("system file", "SELECT * FROM read_csv('/etc/passwd')"),
        ("parent of data root", "SELECT * FROM glob(?)"),
    ],
)
def test_sandbox_refuses_files_outside_the_data_root(_case: str, sql: str, engine: Engine) -> None:
    # given a SELECT reaching for files outside the data root, then DuckDB refuses the access
    outside = str(engine.config.data_root.parent / "*")
    params = (outside,) if "?" in sql else ()
    with pytest.raises(duckdb.PermissionException, match="disabled by configuration"):
        engine.run(Query(sql, params))


def test_memory_limit_and_threads_are_applied_and_locked(engine: Engine) -> None:
    # given an engine configured with 256MiB and 1 thread, when the settings are read back
    result = engine.run(
        Query(
            "SELECT current_setting('memory_limit') AS memory_limit, current_setting('threads') AS threads,"
            " current_setting('enable_external_access') AS external,"
            " current_setting('lock_configuration') AS locked"
        )
    )

    # then they are the configured ones, external access is off and the configuration locked
    assert result.rows == ({"memory_limit": "256.0 MiB", "threads": 1, "external": False, "locked": True},)


def test_temp_directory_is_applied(tmp_path: Path) -> None:
    # given an engine with a spill directory, when the setting is read back
    spill = tmp_path / "spill"
    engine = Engine(EngineConfig(tmp_path / "data", temp_directory=spill))
    result = engine.run(Query("SELECT current_setting('temp_directory') AS temp_directory"))

    # then DuckDB uses it
    assert result.rows == ({"temp_directory": str(spill)},)


@pytest.mark.parametrize(
    ("_case", "config"),
    [
        ("memory without unit", {"memory_limit": "2"}),
        ("memory with sql", {"memory_limit": "2GB'; SET threads=64; --"}),
        ("zero threads", {"threads": 0}),
        ("zero max rows", {"max_rows": 0}),
    ],
)
def test_engine_refuses_bad_settings(_case: str, config: dict[str, object], tmp_path: Path) -> None:
    # given settings that DuckDB would misread, when the engine is created, then it is refused
    with pytest.raises(DatasetError):
        Engine(EngineConfig(tmp_path, **config))  # type: ignore[arg-type]


def test_data_root_with_glob_characters_is_refused(tmp_path: Path) -> None:
    # given a data root whose path would change the meaning of the Parquet glob
    root = tmp_path / "data[1]"

    # when publishing into it or opening a session on it, then both are refused
    with pytest.raises(DatasetError, match="không được phép"):
        publish_dataset(root, DATASET, pa.Table.from_pylist(ROWS, schema=SCHEMA), now=NOW)
    with pytest.raises(DatasetError, match="không được phép"):
        Engine(EngineConfig(root)).session()


def test_dataset_view_sql_reads_the_current_version(engine: Engine) -> None:
    # given a published dataset, when its view statement is built
    sql = engine.dataset_view_sql(DATASET)

    # then it is a quoted view over the current version's month partitions
    version_dir = engine.config.data_root.resolve() / DATASET / "v000001"
    expected = (
        f"CREATE OR REPLACE VIEW {quote_identifier(DATASET)} AS SELECT * FROM read_parquet("  # noqa: S608 - expected text
        f"'{version_dir}/month=*/part-*.parquet', hive_partitioning = true, hive_types = {{'month': VARCHAR}})"
    )
    assert sql == expected


def test_explain_returns_the_plan(engine: Engine) -> None:
    # given a filtered query, when explained, then the plan mentions the Parquet scan
    plan = engine.explain(select_columns(DATASET, ["ma_so"], where=where_equals("month", "2025-01")))
    assert "READ_PARQUET" in plan.upper()


def test_closed_session_refuses_queries(engine: Engine) -> None:
    # given a closed session, when used, then it says so
    session = engine.session()
    session.close()
    with pytest.raises(DatasetError, match="đã đóng"):
        session.run(Query("SELECT 1"))
