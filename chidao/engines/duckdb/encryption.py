"""Encryption at rest of dataset versions that hold personal data (Parquet modular encryption, AES-GCM).

pyarrow writes the files (AES-256-GCM through OpenSSL, a fresh random nonce for every encrypted module, footer
encrypted too, so statistics cannot leak values) and DuckDB reads them after ``PRAGMA add_parquet_key``.
DuckDB 2.0 cannot write encrypted Parquet securely on its own: without the httpfs extension its crypto module
(mbedtls) is read-only, and the ``force_mbedtls_unsafe`` escape hatch is refused here on purpose.

One master key comes from the caller (the Django layer reads it from the environment). Each dataset gets its
own AES key derived from it with HKDF-SHA256, so a key handed to one tool opens one dataset only. A version
written encrypted carries ``encryption.json`` (algorithm and key id, never the key); a reader without the
matching key cannot open that dataset.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyarrow.parquet.encryption as pqe

from chidao.engines.duckdb.layout import MONTH_COLUMN, DatasetError, check_dataset_name, is_month

ENCRYPTION_FILE = "encryption.json"
"""The marker of an encrypted version, beside manifest.json: {"format", "algorithm", "key_id"}."""

ALGORITHM = "AES_GCM_V1"
_MARKER_FORMAT = 1
_MIN_MATERIAL_CHARACTERS = 32
# Changing a label makes every encrypted dataset unreadable: they are part of the keys.
_MASTER_INFO = b"chidao.engines.dataset-encryption.v1"
_DATASET_INFO = b"chidao.engines.dataset-key.v1:"
_KEY_ID_INFO = b"chidao.engines.dataset-key-id.v1"


class DatasetKeyError(DatasetError):
    """A dataset is encrypted and this reader or writer has no key that opens it (or a key is malformed)."""


def _hkdf_sha256(material: bytes, info: bytes, length: int = 32) -> bytes:
    # RFC 5869 with an all-zero salt; the standard library is enough and keeps the engine dependency-light.
    pseudo_random_key = hmac.new(b"\x00" * 32, material, hashlib.sha256).digest()
    output, block, counter = b"", b"", 1
    while len(output) < length:
        block = hmac.new(pseudo_random_key, block + info + bytes([counter]), hashlib.sha256).digest()
        output += block
        counter += 1
    return output[:length]


@dataclass(frozen=True, repr=False)
class DatasetEncryptionKey:
    """A 256-bit master key for encrypting datasets; its repr shows the key id, never the secret."""

    secret: bytes

    def __post_init__(self) -> None:
        if not isinstance(self.secret, bytes) or len(self.secret) != 32:
            raise DatasetKeyError("Khoá mã hoá bộ dữ liệu phải dài đúng 32 byte.")

    @classmethod
    def from_material(cls, material: str) -> DatasetEncryptionKey:
        """Derive the master key from the configured secret text (e.g. a Fernet key of 44 characters)."""
        text = str(material).strip()
        if len(text) < _MIN_MATERIAL_CHARACTERS:
            raise DatasetKeyError(
                f"Khoá mã hoá dữ liệu quá ngắn: cần ít nhất {_MIN_MATERIAL_CHARACTERS} ký tự ngẫu nhiên."
            )
        return cls(_hkdf_sha256(text.encode("utf-8"), _MASTER_INFO))

    @property
    def key_id(self) -> str:
        """A public fingerprint (16 hex digits) telling which key encrypted a version; reveals nothing of it."""
        return hmac.new(self.secret, _KEY_ID_INFO, hashlib.sha256).hexdigest()[:16]

    def dataset_key(self, dataset: str) -> bytes:
        """The AES-256 key of one dataset."""
        return _hkdf_sha256(self.secret, _DATASET_INFO + check_dataset_name(dataset).encode("ascii"))

    def __repr__(self) -> str:
        return f"DatasetEncryptionKey(key_id={self.key_id!r})"


@dataclass(frozen=True)
class EncryptionMarker:
    """What ``encryption.json`` says about a version: the algorithm and which key encrypted it."""

    algorithm: str
    key_id: str


def read_encryption_marker(version_directory: Path) -> EncryptionMarker | None:
    """The marker of a version directory, or None when the version is stored in clear."""
    try:
        document = json.loads((version_directory / ENCRYPTION_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if not isinstance(document, dict) or document.get("format") != _MARKER_FORMAT:
        raise DatasetError(f"Tệp {ENCRYPTION_FILE} của {version_directory.name} không đúng định dạng.")
    return EncryptionMarker(str(document["algorithm"]), str(document["key_id"]))


def write_encryption_marker(directory: Path, key: DatasetEncryptionKey) -> None:
    """Write and fsync the marker of a staged version, before it can be published."""
    document = {"format": _MARKER_FORMAT, "algorithm": ALGORITHM, "key_id": key.key_id}
    with open(directory / ENCRYPTION_FILE, "x", encoding="utf-8") as handle:
        handle.write(json.dumps(document, indent=2) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def key_for_marker(
    marker: EncryptionMarker, keys: Sequence[DatasetEncryptionKey]
) -> DatasetEncryptionKey | None:
    """The key among ``keys`` (current first, then older ones kept for rotation) that encrypted the version."""
    return next((key for key in keys if key.key_id == marker.key_id), None)


def parquet_key_name(dataset: str) -> str:
    """The name under which a dataset's key is registered in a DuckDB connection."""
    return "chidao_" + check_dataset_name(dataset)


def encryption_option(dataset: str) -> str:
    """The ``read_parquet`` option that decrypts a dataset (the key name is a checked identifier)."""
    return f", encryption_config = {{footer_key: '{parquet_key_name(dataset)}'}}"


def register_parquet_key(
    connection: duckdb.DuckDBPyConnection, dataset: str, key: DatasetEncryptionKey
) -> None:
    """Give the connection the dataset's key so ``read_parquet(..., encryption_config)`` can decrypt it.

    PRAGMA takes no parameters, so the key is a literal; it is base64 (no quote can appear in it) and the
    error, should DuckDB refuse it, is replaced by one that does not repeat the statement and its key.
    """
    literal = base64.b64encode(key.dataset_key(dataset)).decode("ascii")
    try:
        connection.execute(f"PRAGMA add_parquet_key('{parquet_key_name(dataset)}', '{literal}')")
    except duckdb.Error:
        raise DatasetKeyError(f"DuckDB không nhận khoá của bộ dữ liệu {dataset!r}.") from None


def _properties(dataset: str, key: DatasetEncryptionKey) -> Any:
    return pqe.create_encryption_properties(key.dataset_key(dataset), encryption_algorithm=ALGORITHM)


def write_encrypted_months(
    relation: duckdb.DuckDBPyRelation,
    directory: Path,
    dataset: str,
    key: DatasetEncryptionKey,
    *,
    batch_rows: int = 122_880,
    file_name: str = "part-0.parquet",
) -> None:
    """Write ``relation`` as ``directory/month=YYYY-MM/part-0.parquet`` files, encrypted, in one pass.

    The same layout as DuckDB's hive-partitioned COPY (the month column lives in the directory name, not in
    the files). NULL or malformed months are refused with the writer's usual message, after the scan so the
    message lists them all.
    """
    writers: dict[str, Any] = {}
    invalid: set[str] = set()
    properties = _properties(dataset, key)
    try:
        for batch in relation.to_arrow_reader(batch_rows):
            table = pa.Table.from_batches([batch])
            months = table.column(MONTH_COLUMN)
            for month in pc.unique(months).to_pylist():
                if month is None or not is_month(month):
                    invalid.add("NULL" if month is None else str(month))
                    continue
                part = table.filter(pc.equal(months, month)).drop_columns([MONTH_COLUMN])
                if month not in writers:
                    target = directory / f"{MONTH_COLUMN}={month}" / file_name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    writers[month] = pq.ParquetWriter(
                        str(target), part.schema, compression="snappy", encryption_properties=properties
                    )
                writers[month].write_table(part)
    finally:
        for writer in writers.values():
            writer.close()
    if invalid:
        raise DatasetError(f"Giá trị tháng không hợp lệ (cần YYYY-MM): {', '.join(sorted(invalid))}.")


def version_file_rows(
    connection: duckdb.DuckDBPyConnection, directory: Path, dataset: str, key: DatasetEncryptionKey | None
) -> dict[str, int]:
    """Row count of each ``month=*/*.parquet`` file of a staged version, keyed by absolute path.

    Encrypted files are counted by pyarrow: DuckDB's parquet_file_metadata cannot decrypt a footer.
    """
    if key is None:
        rows = connection.execute(
            "SELECT file_name, num_rows FROM parquet_file_metadata(?)", [str(directory / "*" / "*.parquet")]
        ).fetchall()
        return {str(name): int(count) for name, count in rows}
    decryption = pqe.create_decryption_properties(key.dataset_key(dataset))
    return {
        str(path): int(pq.ParquetFile(str(path), decryption_properties=decryption).metadata.num_rows)
        for path in sorted(directory.glob("*/*.parquet"))
    }


def check_same_encryption(previous_directory: Path, key: DatasetEncryptionKey | None, dataset: str) -> None:
    """Refuse to hard-link files of a version encrypted otherwise than the new one (a version is one key)."""
    marker = read_encryption_marker(previous_directory)
    previous_key_id = None if marker is None else marker.key_id
    new_key_id = None if key is None else key.key_id
    if previous_key_id != new_key_id:
        raise DatasetKeyError(
            f"Phiên bản {previous_directory.name} của {dataset!r} được lưu với khoá mã hoá khác "
            "(hoặc không mã hoá); hãy công bố lại toàn bộ bộ dữ liệu thay vì thay thế từng tháng."
        )


def check_readable(sql: str, unreadable: Mapping[str, str]) -> None:
    """Name the missing key when a query reads an encrypted dataset this session could not open.

    Only for a clear message: without the key the session has no view of the dataset at all. Only a name
    right after FROM or JOIN counts, so a column that happens to share the dataset's name does not.
    """
    for dataset, message in unreadable.items():
        name = re.escape(dataset)
        if re.search(rf'\b(?:FROM|JOIN)\s+(?:{name}|"{name}")(?![\w"])', sql, re.IGNORECASE):
            raise DatasetKeyError(message)
