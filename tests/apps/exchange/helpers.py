"""Building spreadsheets for the import tests, and test-only importers."""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.apps.exchange.importers.accounts import AccountsImporter
from chidao.core.importing import ImportMode

ACCOUNT_HEADERS = (
    "Họ và tên",
    "Tên đăng nhập",
    "Thư điện tử",
    "Điện thoại",
    "Đơn vị (mã hoặc tên hiện hành)",
    "Vai trò",
)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, title: str | None = None) -> bytes:
    """A workbook whose first sheet holds ``rows`` (after an optional title row and an empty row)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_of(content: bytes, name: str = "tai-khoan.xlsx") -> SimpleUploadedFile:
    """An uploaded file as the form hands it to the service."""
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def accounts_file(rows: Sequence[Sequence[object]], **options: object) -> SimpleUploadedFile:
    """An accounts spreadsheet with the six headers and ``rows``."""
    return upload_of(xlsx_bytes([ACCOUNT_HEADERS, *rows], **options))  # type: ignore[arg-type]


class KeepGoodAccountsImporter(AccountsImporter):
    """The accounts importer in keep-good-rows mode, to test that mode against a database target."""

    code = "test_accounts_keep_good"
    title = "Tài khoản (thử nghiệm: giữ các dòng đúng)"
    mode = ImportMode.KEEP_GOOD_ROWS
