"""Writes of the import machinery: upload and preview, commit (starts a job), apply, failure, discard, and
the one-time download of secrets. Every function is an audited service.

The apply step is ``runner.import_batch_run``: it re-reads the stored file, checks its sha256, validates and plans
again, and only then writes everything in ONE transaction (``import_batch_apply_plan``): the importer's
writes, the batch marked applied and its reject report (the stored issues) together. A failure or a killed
process leaves the data as it was and the batch failed, ready to be committed again.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from chidao.apps.accounts.crypto import decrypt_text, encrypt_text
from chidao.apps.accounts.services import security_event
from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.exchange import conf
from chidao.apps.exchange.messages import MESSAGE_FILE_CHANGED, MESSAGE_PLAN_MOVED, failure_message
from chidao.apps.exchange.models import ImportBatch, ImportIssueRecord
from chidao.apps.exchange.planning import build_plan, file_sha256, stored_path
from chidao.apps.exchange.registry import Importer, OneTimeSheet, Progress, importer_by_code
from chidao.apps.exchange.selectors import batch_effective_state
from chidao.apps.jobs.services import job_start
from chidao.core.importing import ImportPlan
from chidao.engines.tabular import TabularError, detect_format, open_table

logger = logging.getLogger("chidao.exchange")

APPLY_JOB_KIND = "exchange.import_apply"
# Issues kept per batch for the page and the reject report; the counts stay exact beyond it.
MAX_STORED_ISSUES = 20_000
BATCH_AUDIT_FIELDS = [
    "importer",
    "mode",
    "original_name",
    "sha256",
    "size",
    "file_format",
    "state",
    "new_count",
    "changed_count",
    "unchanged_count",
    "error_count",
    "attempts",
    "message",
]


@dataclass(frozen=True)
class CommitOutcome:
    """The result of pressing "commit": the job started, or the preview refreshed (with the reason)."""

    batch: ImportBatch
    started: bool
    message: str


def _audit(batch: ImportBatch) -> dict[str, Any] | None:
    return snapshot(batch, fields=BATCH_AUDIT_FIELDS)


def _importer_of(batch: ImportBatch) -> Importer:
    importer = importer_by_code(batch.importer)
    if importer is None:
        raise ValidationError(f"Loại dữ liệu nhập “{batch.importer}” không còn được hỗ trợ.")
    return importer


def _store_preview(batch: ImportBatch, plan: ImportPlan) -> None:
    counts = plan.counts
    batch.new_count, batch.changed_count = counts.new, counts.changed
    batch.unchanged_count, batch.error_count = counts.unchanged, counts.errors
    batch.fingerprint = plan.fingerprint
    batch.header_row = plan.header_row
    batch.blocking_reason = plan.blocking_reason[:500]
    batch.previewed_at = timezone.now()
    batch.state = ImportBatch.State.PREVIEWED
    batch.save()
    batch.issues.all().delete()
    issues = plan.issues
    records = [
        ImportIssueRecord(
            batch=batch,
            position=position,
            row_number=issue.row_number,
            column=issue.column[:255],
            column_letter=issue.column_letter,
            message=issue.message,
            value=issue.value[:500],
        )
        for position, issue in enumerate(issues[:MAX_STORED_ISSUES], start=1)
    ]
    if len(issues) > MAX_STORED_ISSUES:
        records.append(
            ImportIssueRecord(
                batch=batch,
                position=MAX_STORED_ISSUES + 1,
                message=f"… và {len(issues) - MAX_STORED_ISSUES} lỗi khác (chỉ lưu {MAX_STORED_ISSUES} lỗi đầu).",
            )
        )
    ImportIssueRecord.objects.bulk_create(records, batch_size=1000)


@writes_audit("import.upload", label="Tải lên tệp nhập dữ liệu")
def import_batch_upload(*, actor: Any, importer: Importer, upload: UploadedFile) -> ImportBatch:
    """Store an uploaded file under MEDIA_ROOT/imports/ with its sha256, check its type by content, preview it.

    Raises ValidationError (Vietnamese) for a file too big, of a type the importer does not take, damaged,
    or in a legacy font encoding (CSV); nothing is kept then.
    """
    size = int(upload.size or 0)
    if size > conf.max_upload_bytes():
        raise ValidationError(_too_big(size, conf.max_upload_bytes()))
    batch = ImportBatch(
        importer=importer.code,
        mode=importer.mode.value,
        created_by=actor,
        original_name=(upload.name or "tep-nhap")[:255],
        size=size,
        sha256="",
        file_format="",
    )
    batch.stored_file.save(upload.name or "tep-nhap", upload, save=False)
    try:
        path = stored_path(batch)
        file_format = detect_format(path)
        if size > conf.max_upload_bytes(file_format):
            raise ValidationError(_too_big(size, conf.max_upload_bytes(file_format)))
        if file_format not in importer.formats:
            accepted = ", ".join(sorted(fmt.label for fmt in importer.formats))
            raise ValidationError(
                f"Loại dữ liệu này chỉ nhận tệp {accepted}; tệp tải lên là {file_format.label}."
            )
        batch.file_format = file_format.value
        batch.sha256 = file_sha256(path)
        with open_table(path) as source:
            batch.sheet_name = source.sheet_name[:100]
            batch.encoding = source.encoding[:40]
        batch.save()
        plan = build_plan(batch, importer, actor=actor)
        _store_preview(batch, plan)
    except TabularError as error:
        batch.stored_file.delete(save=False)
        raise ValidationError(error.message) from None
    except BaseException:
        batch.stored_file.delete(save=False)
        raise
    audit_record(actor=actor, action="import.upload", obj=batch, after=_audit(batch))
    return batch


def _too_big(size: int, limit: int) -> str:
    return (
        f"Tệp quá lớn ({size / conf.MEGABYTE:.1f} MB); giới hạn là {limit / conf.MEGABYTE:.0f} MB. "
        "Hãy chia thành nhiều tệp."
    ).replace(".", ",", 1)


@writes_audit("import.commit", label="Xác nhận nhập dữ liệu")
def import_batch_commit(*, actor: Any, batch: ImportBatch, enqueue: bool = True) -> CommitOutcome:
    """Check the file and the plan again and start the apply job; a plan that moved refreshes the preview.

    Allowed for a previewed batch, or a failed one (retry). ``enqueue=False`` leaves the job queued for the
    caller to run in-process (command line, tests).
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    state = batch_effective_state(batch)
    if state not in (ImportBatch.State.PREVIEWED, ImportBatch.State.FAILED):
        raise ValidationError("Lượt nhập này đang chạy, đã xong hoặc đã hủy; không thể nhập lại.")
    importer = _importer_of(batch)
    if file_sha256(stored_path(batch)) != batch.sha256:
        raise ValidationError(MESSAGE_FILE_CHANGED)
    before = _audit(batch)
    plan = build_plan(batch, importer, actor=actor)
    if plan.fingerprint != batch.fingerprint:
        _store_preview(batch, plan)
        batch.message = MESSAGE_PLAN_MOVED
        batch.save(update_fields=["message", "updated_at"])
        audit_record(actor=actor, action="import.commit", obj=batch, before=before, after=_audit(batch))
        return CommitOutcome(batch, started=False, message=MESSAGE_PLAN_MOVED)
    if not plan.can_apply:
        raise ValidationError(plan.blocking_reason)
    job = job_start(actor=actor, kind=APPLY_JOB_KIND, parameters={"batch_id": batch.pk}, enqueue=enqueue)
    batch.job = job
    batch.state = ImportBatch.State.QUEUED
    batch.attempts += 1
    batch.message = "Đang chờ tác vụ nền nhập dữ liệu."
    batch.save(update_fields=["job", "state", "attempts", "message", "updated_at"])
    audit_record(actor=actor, action="import.commit", obj=batch, before=before, after=_audit(batch))
    return CommitOutcome(batch, started=True, message=batch.message)


@writes_audit("import.apply_start", label="Bắt đầu nhập dữ liệu")
def import_batch_mark_applying(*, batch_id: int, job_id: int | None = None) -> ImportBatch:
    """Mark a queued (or failed, when retried) batch as applying under job ``job_id``, in its own transaction."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if batch.state not in (ImportBatch.State.QUEUED, ImportBatch.State.FAILED, ImportBatch.State.APPLYING):
        raise ValidationError(
            f"Lượt nhập #{batch.pk} không ở trạng thái chờ nhập ({batch.get_state_display()})."
        )
    before = _audit(batch)
    batch.state = ImportBatch.State.APPLYING
    batch.apply_started_at = timezone.now()
    batch.job_id = job_id
    batch.message = "Đang kiểm tra lại tệp trước khi ghi."
    batch.save(update_fields=["state", "apply_started_at", "job", "message", "updated_at"])
    audit_record(actor=None, action="import.apply_start", obj=batch, before=before, after=_audit(batch))
    return batch


@writes_audit("import.apply", label="Nhập dữ liệu từ tệp")
def import_batch_apply_plan(
    *, batch: ImportBatch, importer: Importer, plan: ImportPlan, progress: Progress
) -> ImportBatch:
    """The one transaction of an import: the importer's writes, the batch applied, its reject report kept."""
    actor = batch.created_by
    before = _audit(batch)
    result = importer.apply(plan.to_apply, actor=actor, progress=progress)
    batch.state = ImportBatch.State.APPLIED
    batch.applied_at = timezone.now()
    batch.message = result.message[:500]
    batch.summary = dict(result.counts)
    if result.one_time_sheet is not None:
        batch.secret_result = encrypt_text(_sheet_json(result.one_time_sheet))
    batch.save()
    audit_record(actor=actor, action="import.apply", obj=batch, before=before, after=_audit(batch))
    return batch


@writes_audit("import.fail", label="Nhập dữ liệu thất bại")
def import_batch_mark_failed(*, batch_id: int, message: str) -> ImportBatch:
    """Record that applying failed (nothing was written); the batch can be committed again."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    before = _audit(batch)
    batch.state = ImportBatch.State.FAILED
    batch.message = message[:500]
    batch.save(update_fields=["state", "message", "updated_at"])
    audit_record(actor=None, action="import.fail", obj=batch, before=before, after=_audit(batch))
    return batch


@writes_audit("import.refresh", label="Cập nhật bản xem trước")
def import_batch_refresh_preview(*, batch_id: int, plan: ImportPlan, message: str) -> ImportBatch:
    """Put a batch back to preview with a new plan (the data moved between commit and apply)."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    before = _audit(batch)
    _store_preview(batch, plan)
    batch.message = message[:500]
    batch.save(update_fields=["message", "updated_at"])
    audit_record(actor=None, action="import.refresh", obj=batch, before=before, after=_audit(batch))
    return batch


@writes_audit("import.reconcile", label="Đánh dấu lượt nhập bị dừng")
def import_batches_reconcile() -> list[ImportBatch]:
    """Mark failed the batches left queued or applying by a job that died (killed process, reaped job)."""
    failed = []
    for batch in ImportBatch.objects.select_for_update().filter(
        state__in=(ImportBatch.State.QUEUED, ImportBatch.State.APPLYING)
    ):
        if batch_effective_state(batch) == ImportBatch.State.FAILED:
            before = _audit(batch)
            batch.state = ImportBatch.State.FAILED
            batch.message = failure_message(SystemExit())
            batch.save(update_fields=["state", "message", "updated_at"])
            audit_record(actor=None, action="import.reconcile", obj=batch, before=before, after=_audit(batch))
            failed.append(batch)
    return failed


@writes_audit("import.discard", label="Hủy lượt nhập")
def import_batch_discard(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Drop a batch that was not applied: its stored file is deleted, the row stays for the record."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch_effective_state(batch) not in (ImportBatch.State.PREVIEWED, ImportBatch.State.FAILED):
        raise ValidationError("Chỉ hủy được lượt nhập chưa ghi dữ liệu.")
    before = _audit(batch)
    batch.state = ImportBatch.State.DISCARDED
    batch.message = "Đã hủy, không ghi dữ liệu."
    if batch.stored_file:
        batch.stored_file.delete(save=False)
    batch.save()
    audit_record(actor=actor, action="import.discard", obj=batch, before=before, after=_audit(batch))
    return batch


def _sheet_json(sheet: OneTimeSheet) -> str:
    return json.dumps(
        {"title": sheet.title, "columns": list(sheet.columns), "rows": [list(row) for row in sheet.rows]},
        ensure_ascii=False,
    )


@writes_audit("import.secrets_taken", label="Tải danh sách mật khẩu tạm thời")
def import_one_time_sheet_take(*, actor: Any, batch: ImportBatch) -> OneTimeSheet:
    """Hand over the batch's one-time sheet (temporary passwords) to the importing user, once; then forget it.

    Raises ValidationError when it was already taken (or there is none).
    """
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.created_by_id != getattr(actor, "pk", None):
        raise ValidationError("Chỉ người đã nhập tệp mới tải được danh sách này.")
    if not batch.secret_result:
        raise ValidationError(
            "Danh sách mật khẩu tạm thời đã được tải xuống một lần và đã bị xóa khỏi hệ thống."
        )
    data = json.loads(decrypt_text(batch.secret_result))
    batch.secret_result = ""
    batch.secret_taken_at = timezone.now()
    batch.save(update_fields=["secret_result", "secret_taken_at", "updated_at"])
    rows = tuple(tuple(str(cell) for cell in row) for row in data["rows"])
    audit_record(
        actor=actor,
        action="import.secrets_taken",
        obj=batch,
        after={"rows": len(rows), "taken_at": batch.secret_taken_at.isoformat()},
    )
    security_event("import.secrets_taken", batch=batch.pk, username=actor.username, rows=len(rows))
    return OneTimeSheet(title=str(data["title"]), columns=tuple(data["columns"]), rows=rows)
