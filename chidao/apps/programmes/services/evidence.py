"""Evidence files on a progress report: documents (PDF, Word, Excel) and photos, their type checked by CONTENT
(never by the name or the browser's word), their size limited, stored under MEDIA_ROOT (never served directly:
see report_views.evidence_download)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.programmes.models import ProgressReport, ReportEvidence

MEBIBYTE = 1024 * 1024
# Defaults when the settings do not name a limit: a scanned decision fits in 20 MB; a photo resized in the
# browser (1600 px, JPEG 0.8) weighs well under 1 MB, so 5 MB only lets through a photo sent without resizing.
DEFAULT_MAX_FILE_BYTES = 20 * MEBIBYTE
DEFAULT_MAX_IMAGE_BYTES = 5 * MEBIBYTE
EDITABLE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED)

_PDF = "pdf"
_DOCX = "docx"
_XLSX = "xlsx"
_JPEG = "jpeg"
_PNG = "png"
_IMAGE_TYPES = frozenset({_JPEG, _PNG})
# The stored file's extension is chosen from the detected content, so the download answers with the content
# type below, whatever the uploaded name said.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def _max_file_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


def _max_image_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES))


def _detect_type(head: bytes, upload: UploadedFile) -> str | None:
    """The file's type from its first bytes; Office files are zip archives told apart by their parts."""
    if head.startswith(b"%PDF-"):
        return _PDF
    if head.startswith(b"\xff\xd8\xff"):
        return _JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _PNG
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return _DOCX
        if "xl/workbook.xml" in names:
            return _XLSX
    return None


def _megabytes(size: int) -> str:
    return f"{size / MEBIBYTE:.1f}".replace(".", ",")


@writes_audit("report.evidence_add", label="Đính kèm minh chứng vào báo cáo")
def report_evidence_add(*, actor: Any, report: ProgressReport, upload: UploadedFile) -> ReportEvidence:
    """Attach a PDF, Word, Excel, JPEG or PNG file to a draft or submitted report; a file of another type (by
    content) or too big is refused with a Vietnamese message naming it, and nothing is stored."""
    name = (upload.name or "tệp").rsplit("/", 1)[-1][:200]
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.state not in EDITABLE_STATES:
        raise ValidationError(
            f"Báo cáo đang ở trạng thái “{report.get_state_display()}”, không đính kèm thêm minh chứng được."
        )
    size = int(upload.size or 0)
    if size > _max_file_bytes():
        raise ValidationError(
            f"Tệp “{name}” nặng {_megabytes(size)} MB, vượt giới hạn {_megabytes(_max_file_bytes())} MB."
        )
    upload.seek(0)
    kind = _detect_type(upload.read(16), upload)
    if kind is None:
        raise ValidationError(
            f"Tệp “{name}” không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh JPEG, PNG: không nhận."
        )
    if kind in _IMAGE_TYPES and size > _max_image_bytes():
        raise ValidationError(
            f"Ảnh “{name}” nặng {_megabytes(size)} MB, vượt giới hạn {_megabytes(_max_image_bytes())} MB "
            "cho ảnh: hãy chọn ảnh qua biểu mẫu để trình duyệt tự thu nhỏ."
        )
    upload.seek(0)
    evidence = ReportEvidence(
        report=report,
        kind=ReportEvidence.Kind.PHOTO if kind in _IMAGE_TYPES else ReportEvidence.Kind.FILE,
        caption=name,
    )
    # Stored under a neutral name: the user's file name is kept as the caption only.
    evidence.file.save(f"bao-cao-{report.pk}.{kind if kind != _JPEG else 'jpg'}", upload, save=False)
    evidence.save()
    audit_record(actor=actor, action="report.evidence_add", obj=evidence, after=snapshot(evidence))
    return evidence
