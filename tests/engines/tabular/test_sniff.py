"""File types are recognised by content; renamed and unsupported files get a clear message."""

from __future__ import annotations

import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from chidao.engines.tabular import TabularError, TabularFormat, detect_format


def test_formats_by_content_whatever_the_name(tmp_path):
    # Given an xlsx, a parquet and a csv file, all named ".bin"
    xlsx = tmp_path / "a.bin"
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    workbook.save(xlsx)
    parquet = tmp_path / "b.bin"
    pq.write_table(pa.table({"a": [1]}), parquet)
    text = tmp_path / "c.bin"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    # When the formats are detected / Then each is recognised
    assert detect_format(xlsx) is TabularFormat.XLSX
    assert detect_format(parquet) is TabularFormat.PARQUET
    assert detect_format(text) is TabularFormat.CSV


@pytest.mark.parametrize(
    ("_case", "content", "message_start"),
    [
        ("old xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Tệp là bảng tính Excel cũ (.xls)"),
        ("empty", b"", "Tệp rỗng"),
        ("binary", bytes(range(256)) * 4, "Không nhận ra loại tệp"),
        ("broken zip", b"PK\x03\x04garbage", "Tệp Excel bị hỏng"),
    ],
)
def test_unsupported_files(tmp_path, _case, content, message_start):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    with pytest.raises(TabularError) as error:
        detect_format(path)
    assert error.value.message.startswith(message_start)


def test_zip_that_is_not_a_workbook(tmp_path):
    # Given a Word-like zip renamed to .xlsx
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    # When detected / Then it is refused as not a workbook
    with pytest.raises(TabularError, match="không phải bảng tính Excel"):
        detect_format(path)
