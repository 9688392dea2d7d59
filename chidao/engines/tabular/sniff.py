"""Recognising a file's type by its content, never by its name: a renamed file is caught here."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from chidao.engines.tabular.errors import TabularError
from chidao.engines.tabular.source import TabularFormat

_ZIP_MAGIC: Final = b"PK\x03\x04"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PARQUET_MAGIC: Final = b"PAR1"
_TEXT_SAMPLE_BYTES: Final = 64 * 1024


def detect_format(path: Path) -> TabularFormat:
    """The format of the file at ``path`` from its bytes; TabularError for anything else.

    .xlsx is a ZIP holding xl/workbook.xml; Parquet starts and ends with "PAR1"; CSV is text without NUL
    bytes except as UTF-16. Old .xls and password-protected workbooks (OLE containers) get their own message.
    """
    size = path.stat().st_size
    if size == 0:
        raise TabularError("Tệp rỗng (0 byte).")
    with path.open("rb") as stream:
        head = stream.read(_TEXT_SAMPLE_BYTES)
        stream.seek(max(0, size - 4))
        tail = stream.read(4)
    if head.startswith(_ZIP_MAGIC):
        _check_xlsx_container(path)
        return TabularFormat.XLSX
    if head.startswith(_OLE_MAGIC):
        raise TabularError(
            "Tệp là bảng tính Excel cũ (.xls) hoặc bảng tính có đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu "
            "nếu có, chọn Lưu thành (Save As) dạng “Sổ làm việc Excel (.xlsx)” rồi tải lên lại."
        )
    if head.startswith(_PARQUET_MAGIC) and tail == _PARQUET_MAGIC:
        return TabularFormat.PARQUET
    if _looks_like_text(head):
        return TabularFormat.CSV
    raise TabularError("Không nhận ra loại tệp: chỉ nhận bảng tính Excel (.xlsx), CSV hoặc Parquet.")


def _check_xlsx_container(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise TabularError("Tệp Excel bị hỏng (không mở được dạng nén .xlsx).") from None
    if "xl/workbook.xml" not in names:
        raise TabularError(
            "Tệp là tệp nén nhưng không phải bảng tính Excel (.xlsx) (ví dụ tệp Word hoặc .zip đổi tên)."
        )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    if b"\x00" in head:
        # UTF-16 without BOM: every other byte of ASCII text is NUL.
        even_nuls = head[0::2].count(0)
        odd_nuls = head[1::2].count(0)
        half = max(1, len(head) // 2)
        return max(even_nuls, odd_nuls) > half * 0.3 and min(even_nuls, odd_nuls) < half * 0.05
    control = sum(1 for byte in head if byte < 0x20 and byte not in (0x09, 0x0A, 0x0D))
    return control <= len(head) * 0.01
