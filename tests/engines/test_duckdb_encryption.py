"""Datasets holding personal data are encrypted at rest and readable only with their key."""

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chidao.core.sql import Query
from chidao.engines.duckdb import DatasetError, Engine, EngineConfig, publish_dataset, replace_months
from chidao.engines.duckdb.encryption import (
    ENCRYPTION_FILE,
    DatasetEncryptionKey,
    DatasetKeyError,
    check_readable,
    read_encryption_marker,
)

NOW = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
DATASET = "dan_cu"
PERSONAL_ID = "079085001123"
KEY = DatasetEncryptionKey.from_material("x9Qz1Jc3bG8rFv0nKs2mTq5wYh7uLp4dEa6iOo3yRt0=")
OTHER_KEY = DatasetEncryptionKey.from_material("khoa-khac-cho-thu-nghiem-xoay-vong-khoa-0123456789")
SCHEMA = pa.schema([("so_dinh_danh", pa.string()), ("ho_ten", pa.string()), ("month", pa.string())])
PEOPLE = [
    (PERSONAL_ID, "Nguyễn Văn An", "2025-12"),
    ("064190002456", "Rơ Châm H'Bia", "2025-12"),
    ("052301003789", "Trần Thị Bình", "2026-01"),
]
SELECT_ALL = Query("SELECT so_dinh_danh, ho_ten, month FROM dan_cu ORDER BY so_dinh_danh")


def _people(rows: list[tuple[str, str, str]]) -> pa.Table:
    return pa.Table.from_pylist([dict(zip(SCHEMA.names, row, strict=True)) for row in rows], schema=SCHEMA)


def _rows(root: Path, *keys: DatasetEncryptionKey) -> list[tuple[str, str, str]]:
    result = Engine(EngineConfig(root, encryption_keys=keys)).run(SELECT_ALL)
    return [(row["so_dinh_danh"], row["ho_ten"], row["month"]) for row in result.rows]


def _parquet_bytes(root: Path) -> bytes:
    return b"".join(path.read_bytes() for path in sorted((root / DATASET).rglob("*.parquet")))


def test_encrypted_dataset_round_trips_with_its_key(tmp_path: Path) -> None:
    # given a register published with a key
    manifest = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)

    # when read back by an engine holding the key, then every row comes back and the manifest is complete
    assert _rows(tmp_path, KEY) == sorted(PEOPLE)
    assert manifest.row_count == len(PEOPLE)
    assert manifest.rows_by_month() == {"2025-12": 2, "2026-01": 1}
    assert [column.name for column in manifest.columns] == ["so_dinh_danh", "ho_ten", "month"]


def test_encrypted_files_do_not_contain_a_personal_id_in_clear(tmp_path: Path) -> None:
    # given the same rows published in clear and encrypted
    clear_root, encrypted_root = tmp_path / "clear", tmp_path / "encrypted"
    publish_dataset(clear_root, DATASET, _people(PEOPLE), now=NOW)
    publish_dataset(encrypted_root, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)

    # then the clear files show the ID (the check can fail), the encrypted ones show neither ID nor name
    assert PERSONAL_ID.encode() in _parquet_bytes(clear_root)
    encrypted = _parquet_bytes(encrypted_root)
    assert PERSONAL_ID.encode() not in encrypted
    assert "Nguyễn Văn An".encode() not in encrypted
    assert b"so_dinh_danh" not in encrypted  # the footer (schema, statistics) is encrypted too


def test_an_encrypted_file_cannot_be_read_without_the_key(tmp_path: Path) -> None:
    # given an encrypted version
    manifest = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    part = tmp_path / DATASET / manifest.version / "month=2025-12" / "part-0.parquet"

    # when DuckDB or pyarrow open a file directly, without the key, then both refuse
    with pytest.raises(duckdb.Error, match="encrypted"):
        duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(part)]).fetchall()
    with pytest.raises(OSError, match="encrypted"):
        pq.read_table(part)


@pytest.mark.parametrize(
    ("_case", "keys"),
    [("no key configured", ()), ("only another key", (OTHER_KEY,))],
)
def test_an_engine_without_the_key_cannot_read_the_dataset_but_reads_the_others(
    tmp_path: Path, _case: str, keys: tuple[DatasetEncryptionKey, ...]
) -> None:
    # given an encrypted register and a clear dataset beside it
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    clear = pa.table({"so_ho_so": ["HS-1"], "month": ["2026-01"]})
    publish_dataset(tmp_path, "ho_so", clear, now=NOW)
    engine = Engine(EngineConfig(tmp_path, encryption_keys=keys))

    # when the register is queried, then the engine names the missing key
    with pytest.raises(DatasetKeyError, match=f"{KEY.key_id}"):
        engine.run(SELECT_ALL)
    # and the clear dataset is still readable in a session
    with engine.session() as session:
        assert session.run(Query("SELECT so_ho_so FROM ho_so")).rows == ({"so_ho_so": "HS-1"},)
        assert set(session.unreadable) == {DATASET}
        assert set(session.versions) == {DATASET, "ho_so"}


def test_a_rotated_key_still_reads_versions_of_the_previous_key(tmp_path: Path) -> None:
    # given a version written with the old key
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=OTHER_KEY)

    # when the engine holds the new key first and the old one after it, then the version is readable
    assert _rows(tmp_path, KEY, OTHER_KEY) == sorted(PEOPLE)

    # and a full publish with the new key rotates the dataset to it
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    assert _rows(tmp_path, KEY) == sorted(PEOPLE)


def test_the_marker_names_the_key_but_never_holds_it(tmp_path: Path) -> None:
    manifest = publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    version_dir = tmp_path / DATASET / manifest.version

    marker = read_encryption_marker(version_dir)
    text = (version_dir / ENCRYPTION_FILE).read_text(encoding="utf-8")

    assert marker is not None
    assert (marker.algorithm, marker.key_id) == ("AES_GCM_V1", KEY.key_id)
    assert KEY.secret.hex() not in text
    assert json.loads(text)["key_id"] == KEY.key_id


def test_a_month_of_an_encrypted_dataset_is_replaced_with_the_same_key(tmp_path: Path) -> None:
    # given an encrypted register, when January is corrected with the same key
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    corrected = [("052301003789", "Trần Thị Bình (đã sửa)", "2026-01")]
    replace_months(tmp_path, DATASET, _people(corrected), months=["2026-01"], now=NOW, encryption_key=KEY)

    # then December is kept (hard-linked, still encrypted) and January is the corrected row
    assert _rows(tmp_path, KEY) == sorted([*PEOPLE[:2], *corrected])


@pytest.mark.parametrize(
    ("_case", "key"),
    [("without a key", None), ("with another key", OTHER_KEY)],
)
def test_a_month_replacement_that_would_mix_keys_is_refused(
    tmp_path: Path, _case: str, key: DatasetEncryptionKey | None
) -> None:
    # given a register encrypted with KEY
    publish_dataset(tmp_path, DATASET, _people(PEOPLE), now=NOW, encryption_key=KEY)
    corrected = _people([("052301003789", "Trần Thị Bình", "2026-01")])

    # when a month is replaced in clear or under another key, then it is refused and nothing changes
    with pytest.raises(DatasetKeyError, match="công bố lại toàn bộ"):
        replace_months(tmp_path, DATASET, corrected, months=["2026-01"], now=NOW, encryption_key=key)
    assert _rows(tmp_path, KEY) == sorted(PEOPLE)


def test_the_encrypted_writer_refuses_null_and_malformed_months(tmp_path: Path) -> None:
    rows = _people([(PERSONAL_ID, "Nguyễn Văn An", "2025-13"), ("064190002456", "Rơ Châm H'Bia", None)])  # type: ignore[list-item]

    with pytest.raises(DatasetError, match=r"2025-13, NULL|NULL, 2025-13"):
        publish_dataset(tmp_path, DATASET, rows, now=NOW, encryption_key=KEY)
    assert not (tmp_path / DATASET / "CURRENT").exists()


def test_each_dataset_gets_its_own_key_and_the_repr_hides_the_secret() -> None:
    assert KEY.dataset_key("dan_cu") != KEY.dataset_key("ho_so")
    assert len(KEY.dataset_key("dan_cu")) == 32
    assert KEY.secret.hex() not in repr(KEY)
    assert KEY.key_id in repr(KEY)
    assert DatasetEncryptionKey.from_material(" x9Qz1Jc3bG8rFv0nKs2mTq5wYh7uLp4dEa6iOo3yRt0= ") == KEY


def test_a_short_key_material_is_refused() -> None:
    with pytest.raises(DatasetKeyError, match="quá ngắn"):
        DatasetEncryptionKey.from_material("mat-khau-ngan")


@pytest.mark.parametrize(
    ("_case", "sql", "refused"),
    [
        ("quoted, from a builder", 'SELECT count(*) FROM "dan_cu"', True),
        ("bare name, lower case from", "select * from dan_cu where month = ?", True),
        ("joined", 'SELECT 1 FROM ho_so JOIN "dan_cu" USING (ma)', True),
        ("another dataset whose name starts alike", "SELECT * FROM dan_cu_2024", False),
        ("a column named like the dataset", 'SELECT "dan_cu" FROM ho_so', False),
    ],
)
def test_only_queries_reading_the_locked_dataset_are_refused(_case: str, sql: str, refused: bool) -> None:
    # given a session that could not open dan_cu, when a query is checked, then only reads of it are refused
    unreadable = {DATASET: "thiếu khoá"}
    if refused:
        with pytest.raises(DatasetKeyError, match="thiếu khoá"):
            check_readable(sql, unreadable)
    else:
        check_readable(sql, unreadable)
