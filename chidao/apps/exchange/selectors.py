"""Reads of the import machinery, through the user: importers they may use, their own batches (404 otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.exchange import conf
from chidao.apps.exchange.models import ImportBatch, ImportIssueRecord
from chidao.apps.exchange.registry import Importer, all_importers, importer_by_code

_ACTIVE = (ImportBatch.State.QUEUED, ImportBatch.State.APPLYING)
_JOB_DEAD = ("failed", "cancelled")


def importers_for_user(user: Any) -> list[Importer]:
    """The importers ``user`` may use (an empty list hides the import pages: 404)."""
    return [importer for importer in all_importers() if importer.may_use(user)]


def importer_get_for_user(user: Any, code: str) -> Importer:
    """The importer ``code`` if the user may use it; 404 otherwise, so its existence is not revealed."""
    importer = importer_by_code(code)
    if importer is None or not importer.may_use(user):
        raise Http404("Không tìm thấy loại dữ liệu nhập")
    return importer


def batches_for_user(user: Any, *, limit: int = 20) -> list[ImportBatch]:
    """The user's latest batches of importers they may still use."""
    allowed = {importer.code for importer in importers_for_user(user)}
    batches = ImportBatch.objects.filter(created_by=user, importer__in=allowed).select_related("job")
    return list(batches.order_by("-created_at", "-id")[:limit])


def batch_get_for_user(user: Any, batch_id: int) -> ImportBatch:
    """A batch of the user's own, for an importer they may still use; 404 for anyone else."""
    try:
        batch = ImportBatch.objects.select_related("job", "created_by").get(pk=batch_id, created_by=user)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy lượt nhập") from None
    importer_get_for_user(user, batch.importer)
    return batch


def batch_issues(batch: ImportBatch) -> QuerySet[ImportIssueRecord]:
    """The issues of a batch in report order (file issues first, then by row and column)."""
    return batch.issues.order_by("position")


def batch_effective_state(batch: ImportBatch, now: dt.datetime | None = None) -> str:
    """The batch's state as the user should see it: a batch whose job died (failed, cancelled, reaped) or
    that has been applying without a job for longer than ``conf.stale_after()`` has failed."""
    if batch.state not in _ACTIVE:
        return str(batch.state)
    job = batch.job
    if job is not None:
        return str(ImportBatch.State.FAILED) if job.state in _JOB_DEAD else str(batch.state)
    started = batch.apply_started_at or batch.updated_at
    moment = now or timezone.now()
    if started is not None and moment - started > conf.stale_after():
        return str(ImportBatch.State.FAILED)
    return str(batch.state)
