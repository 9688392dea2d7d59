"""The body of the "documents.generate" job: read the dashboard's data as of each document's date (as the user who
asked for it sees them), build the report model, draw the DOCX, PDF and XLSX files and keep them.

Not a service: it runs for seconds to minutes outside any transaction so its progress shows; each write is an
audited service (start, store, fail). A document that fails keeps its error and the others go on; the job then
fails too, so both the job page and the document page offer to run it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import groupby

from chidao.apps.dashboard.selectors import DashboardData, DashboardFilters, dashboard_data
from chidao.apps.documents.mappers import briefing_inputs, urging_inputs
from chidao.apps.documents.models import GeneratedDocument
from chidao.apps.documents.rendering import FILE_FORMATS, RenderedFiles, renderer
from chidao.apps.documents.selectors import documents_for_generation, phase_windows
from chidao.apps.documents.services import document_generation_start, document_mark_failed, document_store
from chidao.core.documents.briefing import build_briefing
from chidao.core.documents.model import Document, document_to_json
from chidao.core.documents.urging import build_urging_letter
from chidao.core.documents.wording import upper_first
from chidao.core.numbers import format_date

logger = logging.getLogger("chidao.documents")

Progress = Callable[[float, str], None]
FORMAT_NAMES = {"docx": "tệp DOCX", "pdf": "tệp PDF", "xlsx": "phụ lục XLSX"}


class GenerationFailed(Exception):
    """Some documents of the job could not be generated (each keeps its own error)."""


def _no_check() -> None:
    return None


def build_document(document: GeneratedDocument, data: DashboardData) -> Document:
    """The report model of `document` from the dashboard's data for its date."""
    if document.kind == GeneratedDocument.Kind.BRIEFING:
        return build_briefing(briefing_inputs(data, document=document, phase_windows=phase_windows()))
    return build_urging_letter(urging_inputs(data, document=document))


def document_title(document: GeneratedDocument, model: Document) -> str:
    """The list's title: a briefing's summary; a letter's subject and its addressee."""
    if document.kind == GeneratedDocument.Kind.BRIEFING:
        return f"Báo cáo: {model.summary}"
    subject = upper_first(model.header.subject_line.removeprefix("V/v ").strip())
    addressee = model.addressees[0] if model.addressees else ""
    return f"{subject}: {addressee}" if addressee else subject


def _failure(error: BaseException) -> str:
    return f"Lỗi khi tạo văn bản: {type(error).__name__}: {error}"


class _Steps:
    """ "Bước x/n: …" progress over the whole job."""

    def __init__(self, total: int, progress: Progress) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress

    def next(self, message: str) -> None:
        self.done += 1
        self.progress((self.done - 1) * 100 / self.total, f"Bước {self.done}/{self.total}: {message}")


def documents_generate(
    *,
    document_ids: list[int],
    job_id: int,
    progress: Progress,
    check_cancelled: Callable[[], None] = _no_check,
) -> str:
    """Generate the job's documents (those still queued or failed); raise GenerationFailed if any failed."""
    documents = [
        document
        for document in documents_for_generation(document_ids)
        if document_generation_start(document_id=document.pk, job_id=job_id) is not None
    ]
    if not documents:
        return "Không có văn bản nào cần tạo"
    documents.sort(key=lambda d: (d.created_by_id or 0, d.as_of, d.pk))
    groups = [list(group) for _, group in groupby(documents, key=lambda d: (d.created_by_id, d.as_of))]
    steps = _Steps(len(groups) + len(documents) * (1 + len(FILE_FORMATS)), progress)
    failed: list[str] = []
    for group in groups:
        first = group[0]
        steps.next(f"Đọc số liệu của bảng điều hành ngày {format_date(first.as_of)}")
        try:
            if first.created_by is None:
                raise PermissionError("Văn bản không ghi người yêu cầu tạo.")
            data = dashboard_data(first.created_by, DashboardFilters(as_of=first.as_of))
        except Exception as error:
            logger.exception("Dashboard data for documents %s failed", [d.pk for d in group])
            for document in group:
                document_mark_failed(document_id=document.pk, error=_failure(error))
                failed.append(document.title)
            steps.done += len(group) * (1 + len(FILE_FORMATS))
            continue
        for document in group:
            check_cancelled()
            if not _generate_one(document, data, steps):
                failed.append(document.title)
    if failed:
        raise GenerationFailed(f"{len(failed)}/{len(documents)} văn bản bị lỗi: {'; '.join(failed)[:200]}")
    return f"Đã tạo {len(documents)} văn bản"


def _generate_one(document: GeneratedDocument, data: DashboardData, steps: _Steps) -> bool:
    try:
        steps.next(f"Dựng nội dung — {document.title}")
        model = build_document(document, data)
        drawn: dict[str, bytes] = {}
        for file_format in FILE_FORMATS:
            steps.next(f"Tạo {FORMAT_NAMES[file_format]} — {document.title}")
            drawn[file_format] = renderer(file_format)(model)
        document_store(
            document_id=document.pk,
            title=document_title(document, model),
            model_json=document_to_json(model),
            files=RenderedFiles(**drawn),
        )
    except Exception as error:
        logger.exception("Document %s failed", document.pk)
        document_mark_failed(document_id=document.pk, error=_failure(error))
        return False
    return True
