"""Drawing a report model into its files (DOCX, PDF, XLSX annexes) with the Django-free renderers, and the names
the files are stored and downloaded under."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from chidao.apps.documents.models import GeneratedDocument
from chidao.core.documents.model import Document
from chidao.core.text import fold_for_search

__all__ = ["FILE_FORMATS", "FORMAT_LABELS", "RenderedFiles", "download_name", "render_files", "renderer"]

FORMAT_LABELS = {"docx": "DOCX", "pdf": "PDF", "xlsx": "XLSX (phụ lục)", "json": "JSON (mô hình báo cáo)"}
FILE_FORMATS = ("docx", "pdf", "xlsx")


def renderer(file_format: str) -> Callable[[Document], bytes]:
    """The engine's renderer of a format, imported when first needed: matplotlib and fpdf2 load only in the
    processes that draw documents (the worker), not in every web process at start-up."""
    if file_format == "docx":
        from chidao.engines.documents.docx import render_docx

        return render_docx
    if file_format == "pdf":
        from chidao.engines.documents.pdf import render_pdf

        return render_pdf
    if file_format == "xlsx":
        from chidao.engines.documents.annexes import render_xlsx

        return render_xlsx
    raise ValueError(f"Không có định dạng {file_format!r}")


@dataclass(frozen=True)
class RenderedFiles:
    docx: bytes
    pdf: bytes
    xlsx: bytes


def render_files(document: Document, before_each: Callable[[str], None] | None = None) -> RenderedFiles:
    """The three files of a document; `before_each(format)` is called before each renderer (for progress)."""
    drawn: dict[str, bytes] = {}
    for file_format in FILE_FORMATS:
        if before_each is not None:
            before_each(file_format)
        drawn[file_format] = renderer(file_format)(document)
    return RenderedFiles(**drawn)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_for_search(text)).strip("-")[:60]


def download_name(document: GeneratedDocument, file_format: str) -> str:
    """An ASCII name that says what the file is: "bao-cao-03-03-2026.docx", "cong-van-don-doc-so-xay-dung-….pdf";
    an issued document carries its number ("bao-cao-so-05-bc-bcd-27-02-2026.docx")."""
    if document.issued_number is not None and document.issued_on is not None:
        kind = "bao-cao" if document.kind == GeneratedDocument.Kind.BRIEFING else "cong-van"
        base = (
            f"{kind}-so-{document.issued_number:02d}-{_slug(document.symbol)}-{document.issued_on:%d-%m-%Y}"
        )
    elif document.kind == GeneratedDocument.Kind.BRIEFING:
        base = f"du-thao-bao-cao-{document.as_of:%d-%m-%Y}"
    else:
        unit = _slug(document.unit.name) if document.unit is not None else "don-vi"
        base = f"du-thao-cong-van-don-doc-{unit}-{document.as_of:%d-%m-%Y}"
    return f"{base}.{file_format}"
