"""A generated DOCX opens in an office suite: LibreOffice converts it to PDF headless and the text is there.

Needs /usr/bin/soffice (Debian's libreoffice-writer-nogui; `make test` installs it). Without it the test is skipped
on a developer's machine and fails in CI (CI=true), where a missing office suite must not pass unnoticed.
Deselect with `-m "not slow"`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from chidao.core.documents.model import Section, Table
from chidao.engines.documents.docx import render_docx
from tests.engines.documents import samples

pytestmark = pytest.mark.slow


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) không có trên máy CI: apt-get install libreoffice-writer-nogui")
    pytest.skip("LibreOffice (soffice) is not installed")


def test_docx_converts_to_pdf_in_libreoffice(tmp_path: Path):
    # Given the briefing as a DOCX on disk and a private LibreOffice profile (no clash with a running instance)
    program = soffice()
    source = tmp_path / "bao-cao.docx"
    rows = tuple((str(n), f"Đơn vị số {n}", str(n * 3)) for n in range(1, 61))
    long_table = Table(title="Bảng dài", columns=("STT", "Đơn vị chủ trì", "Số nhiệm vụ"), rows=rows)
    document = samples.briefing()
    document = replace(document, sections=(*document.sections, Section("", (long_table,))))
    source.write_bytes(render_docx(document))
    profile = (tmp_path / "profile").as_uri()
    # When LibreOffice converts it headless
    result = subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    # Then a PDF comes out, several pages long, whose text has the title, summary, figures and the signer
    converted = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0, result.stderr
    assert converted.exists(), result.stdout + result.stderr
    reader = PdfReader(converted)
    assert len(reader.pages) >= 2
    pages = [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    for expected in (
        samples.TITLE,
        samples.SUMMARY,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "88,5%",
        "Lâm Hải Giang",
    ):
        assert expected in text
    # And the long table's header row is repeated on the page it continues on
    last_rows = next(page for page in pages if "60 Đơn vị số 60 180" in page)
    assert re.match(r"\d+ STT Đơn vị chủ trì Số nhiệm vụ ", last_rows)
    # And the page is A4 portrait, the annex landscape, as the DOCX says
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert round(float(first.width) * 25.4 / 72) == 210
    assert round(float(last.width) * 25.4 / 72) == 297
