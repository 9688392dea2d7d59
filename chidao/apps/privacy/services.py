"""Writing services of personal data protection: logging a reveal, purging datasets past their retention.

Both leave an audit row besides their own effect; neither writes a personal value anywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.apps.audit.context import current_context
from chidao.apps.audit.services import audit_record, writes_audit
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.conf import data_root as configured_data_root
from chidao.apps.privacy.conf import personal_data_settings
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.purpose import clean_purpose
from chidao.apps.privacy.registry import PersonalDataset, personal_datasets
from chidao.core.masking import PersonalFieldKind, mask_personal_data_in_text
from chidao.engines.duckdb.deletion import (
    VersionSummary,
    dataset_versions,
    delete_dataset,
    delete_dataset_version,
)
from chidao.engines.duckdb.layout import DatasetError

logger = logging.getLogger("chidao.privacy")

_CONTEXT_CHANNELS = {"web", "api", "command", "system"}


@writes_audit("personal_data.reveal", label="Xem dữ liệu cá nhân đầy đủ")
def personal_data_access_record(
    *,
    actor: Any,
    object_type: str,
    object_id: str,
    field_kinds: Iterable[PersonalFieldKind | str],
    unit: Unit | None,
    purpose: str,
    purpose_note: str,
    channel: str = "",
    record_count: int = 1,
) -> PersonalDataAccess:
    """Log that `actor` was shown unmasked personal data, with the stated purpose (validated here).

    The caller has already decided that the actor may see it (PersonalDataPolicy); the channel defaults to
    the request's (web or API) and is "export" for files.
    """
    purpose, note = clean_purpose(purpose, purpose_note)
    kinds = [str(PersonalFieldKind(kind)) for kind in dict.fromkeys(field_kinds)]
    if not kinds:
        raise ValidationError({"field_kinds": _("Không có trường dữ liệu cá nhân nào được hiện.")})
    context = current_context()
    access = PersonalDataAccess.objects.create(
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor)[:200] if actor is not None else "",
        unit=unit,
        object_type=object_type[:80],
        object_id=str(object_id)[:64],
        field_kinds=kinds,
        purpose=purpose,
        purpose_note=note,
        channel=channel or (context.channel if context.channel in _CONTEXT_CHANNELS else "system"),
        record_count=record_count,
        ip_address=context.ip_address,
        request_id=context.request_id,
    )
    audit_record(
        actor=actor,
        action="personal_data.reveal",
        object_type=access.object_type,
        object_id=access.object_id,
        object_repr=f"{access.object_type} #{access.object_id}" if access.object_id else access.object_type,
        after={
            "access_id": access.pk,
            "field_kinds": kinds,
            "purpose": purpose,
            # The note is free text: an officer might type an ID into it.
            "purpose_note": mask_personal_data_in_text(note),
            "channel": access.channel,
            "record_count": record_count,
            "unit": unit.pk if unit is not None else None,
        },
    )
    return access


@dataclass(frozen=True)
class PurgedVersion:
    """One dataset version deleted (or, in a dry run, to be deleted) because its retention ran out."""

    dataset: str
    kind: str
    version: str
    created_at: dt.datetime
    row_count: int
    file_count: int
    size_bytes: int
    whole_dataset: bool


@dataclass(frozen=True)
class PurgeReport:
    """What a purge did: deletions, datasets whose kind has no retention period, and failures."""

    as_of: dt.date
    dry_run: bool
    purged: tuple[PurgedVersion, ...]
    without_retention: tuple[str, ...]
    failures: tuple[tuple[str, str], ...]


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _expired_plan(
    dataset: PersonalDataset, versions: tuple[VersionSummary, ...], retention_days: int, as_of: dt.date
) -> tuple[PurgedVersion, ...]:
    expired = [v for v in versions if (as_of - _local_date(v.created_at)).days > retention_days]
    # A published version past its retention takes the whole dataset with it: what was published earlier is
    # older still, and a register nobody re-imported for that long is a stale copy of personal data.
    whole = any(v.is_current for v in expired)
    chosen = versions if whole else tuple(v for v in expired if not v.is_current)
    return tuple(
        PurgedVersion(
            v.dataset, dataset.kind, v.version, v.created_at, v.row_count, v.file_count, v.size_bytes, whole
        )
        for v in chosen
    )


def _audit_purge(actor: Any, purged: PurgedVersion, *, retention_days: int, as_of: dt.date) -> None:
    audit_record(
        actor=actor,
        action="personal_data.purge",
        object_type="engine.dataset_version",
        object_id=f"{purged.dataset}/{purged.version}",
        object_repr=f"Bộ dữ liệu {purged.dataset}, phiên bản {purged.version}",
        after={
            "kind": purged.kind,
            "retention_days": retention_days,
            "as_of": as_of.isoformat(),
            "created_at": purged.created_at.isoformat(),
            "rows": purged.row_count,
            "files": purged.file_count,
            "size_bytes": purged.size_bytes,
            "whole_dataset": purged.whole_dataset,
        },
    )


def _carry_out(
    root: Path,
    actor: Any,
    plan: tuple[PurgedVersion, ...],
    *,
    retention_days: int,
    as_of: dt.date,
    done: list[PurgedVersion],
) -> None:
    if plan and plan[0].whole_dataset:
        delete_dataset(root, plan[0].dataset)
        for version in plan:
            _audit_purge(actor, version, retention_days=retention_days, as_of=as_of)
            done.append(version)
        return
    for version in plan:
        delete_dataset_version(root, version.dataset, version.version)
        _audit_purge(actor, version, retention_days=retention_days, as_of=as_of)
        done.append(version)


@writes_audit("personal_data.purge", label="Xoá dữ liệu cá nhân hết thời hạn lưu trữ")
def personal_data_purge_expired(
    *, as_of: dt.date, actor: Any = None, dry_run: bool = False, data_root: Path | None = None
) -> PurgeReport:
    """Delete every version of a personal dataset older than its kind's retention period, one audit row each.

    A version is expired when more than `retention_days` whole days passed between its creation (local date)
    and `as_of`. A failing dataset is reported and the others still run, so versions already deleted keep
    their audit rows. With `dry_run` nothing is deleted or written; the report lists what would be.
    """
    root = Path(data_root) if data_root is not None else configured_data_root()
    retention = personal_data_settings().retention_days
    purged: list[PurgedVersion] = []
    without_retention: list[str] = []
    failures: list[tuple[str, str]] = []
    for dataset in personal_datasets():
        if dataset.kind not in retention:
            without_retention.append(dataset.name)
            continue
        days = retention[dataset.kind]
        try:
            plan = _expired_plan(dataset, dataset_versions(root, dataset.name), days, as_of)
            if dry_run:
                purged.extend(plan)
            else:
                _carry_out(root, actor, plan, retention_days=days, as_of=as_of, done=purged)
        except DatasetError as exc:
            logger.error("Không xoá được dữ liệu hết hạn của %s: %s", dataset.name, exc)
            failures.append((dataset.name, str(exc)))
    return PurgeReport(as_of, dry_run, tuple(purged), tuple(without_retention), tuple(failures))
