"""Applying a committed batch: the body of the "exchange.import_apply" job and of `manage.py run_import`.

Not a service: it spans three transactions, each an audited service — mark the batch applying, then (after
validating everything again) write it all in ONE transaction, or mark it failed. A killed process stops
inside the second transaction, which the database rolls back; the batch then shows failed once its job is
reaped (see selectors.batch_effective_state) and can be committed again.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError

from chidao.apps.exchange.messages import MESSAGE_FILE_CHANGED, MESSAGE_PLAN_MOVED, failure_message
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.planning import build_plan, file_sha256, stored_path
from chidao.apps.exchange.registry import Progress, importer_by_code, no_progress
from chidao.apps.exchange.services import (
    import_batch_apply_plan,
    import_batch_mark_applying,
    import_batch_mark_failed,
    import_batch_refresh_preview,
)

logger = logging.getLogger("chidao.exchange")


class ImportStale(Exception):
    """The data changed between preview and apply: the batch went back to preview, nothing was written."""


def import_batch_run(
    *, batch_id: int, job_id: int | None = None, progress: Progress = no_progress
) -> ImportBatch:
    """Apply a committed batch: validate everything first, then write in one transaction.

    Not a service itself (it spans three transactions); each step it calls is. Raises ImportStale when the
    plan moved since preview, and re-raises any failure after marking the batch failed.
    """
    batch = import_batch_mark_applying(batch_id=batch_id, job_id=job_id)
    try:
        importer = importer_by_code(batch.importer)
        if importer is None:
            raise ValidationError(f"Loại dữ liệu nhập “{batch.importer}” không còn được hỗ trợ.")
        if file_sha256(stored_path(batch)) != batch.sha256:
            raise ValidationError(MESSAGE_FILE_CHANGED)
        plan = build_plan(batch, importer, actor=batch.created_by, progress=progress)
        if plan.fingerprint != batch.fingerprint:
            import_batch_refresh_preview(batch_id=batch.pk, plan=plan, message=MESSAGE_PLAN_MOVED)
            raise ImportStale(MESSAGE_PLAN_MOVED)
        if not plan.can_apply:
            raise ValidationError(plan.blocking_reason)
        progress(60, "Đang ghi dữ liệu (một giao dịch: hoặc ghi tất cả, hoặc không ghi gì)")
        batch = import_batch_apply_plan(batch=batch, importer=importer, plan=plan, progress=no_progress)
    except ImportStale:
        raise
    except BaseException as error:
        message = failure_message(error)
        try:
            import_batch_mark_failed(batch_id=batch_id, message=message)
        except Exception:
            logger.exception("Could not mark import batch %s failed", batch_id)
        raise
    progress(100, batch.message)
    return batch
