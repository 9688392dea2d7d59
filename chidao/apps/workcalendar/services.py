"""Writes of the override table: create, update, delete, each audited, each making the calendar rebuild."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.workcalendar.models import CalendarOverride
from chidao.apps.workcalendar.selectors import forget_working_calendar
from chidao.core.calendar import Confidence, DayKind

AUDITED_FIELDS = ["start", "end", "kind", "name", "legal_basis", "note", "confidence"]
# A decision on days off covers days or weeks (Tết is nine days); a longer range is a typing mistake.
MAX_RANGE_DAYS = 31


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    start, end = data["start"], data["end"]
    errors: dict[str, str] = {}
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise ValidationError("Ngày bắt đầu và ngày kết thúc phải là ngày.")
    if start > end:
        errors["end"] = f"Ngày kết thúc {end:%d/%m/%Y} trước ngày bắt đầu {start:%d/%m/%Y}."
    elif (end - start).days + 1 > MAX_RANGE_DAYS:
        errors["end"] = f"Một điều chỉnh không quá {MAX_RANGE_DAYS} ngày; hãy tách thành nhiều điều chỉnh."
    if data["kind"] not in {kind.value for kind in DayKind}:
        errors["kind"] = "Loại điều chỉnh không hợp lệ."
    if data["confidence"] not in {confidence.value for confidence in Confidence}:
        errors["confidence"] = "Mức chắc chắn không hợp lệ."
    for field, label in (("name", "Tên"), ("legal_basis", "Căn cứ")):
        data[field] = str(data[field]).strip()
        if not data[field]:
            errors[field] = f"{label} không được để trống."
    if errors:
        raise ValidationError(errors)
    return data


def _rebuild_on_commit() -> None:
    transaction.on_commit(forget_working_calendar)


@writes_audit("calendar_override.create", label="Thêm điều chỉnh lịch làm việc")
def calendar_override_create(
    *,
    actor: Any,
    start: dt.date,
    end: dt.date,
    kind: str,
    name: str,
    legal_basis: str,
    note: str = "",
    confidence: str = Confidence.CONFIRMED.value,
) -> CalendarOverride:
    """Record a late decision on working days (e.g. a notice changing the days off); it wins from now on."""
    data = _validated(
        {
            "start": start,
            "end": end,
            "kind": kind,
            "name": name,
            "legal_basis": legal_basis,
            "note": note,
            "confidence": confidence,
        }
    )
    user = actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    override = CalendarOverride.objects.create(created_by=user, **data)
    audit_record(
        actor=actor, action="calendar_override.create", obj=override, after=snapshot(override, AUDITED_FIELDS)
    )
    _rebuild_on_commit()
    return override


@writes_audit("calendar_override.update", label="Sửa điều chỉnh lịch làm việc")
def calendar_override_update(
    *, actor: Any, override: CalendarOverride, data: dict[str, Any]
) -> CalendarOverride:
    """Change an override's dates, kind or texts; an unchanged save writes nothing."""
    override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    before = snapshot(override, AUDITED_FIELDS)
    unknown = set(data) - set(AUDITED_FIELDS)
    if unknown:
        raise ValidationError(f"Không sửa được các trường: {', '.join(sorted(unknown))}")
    merged = _validated({field: data.get(field, getattr(override, field)) for field in AUDITED_FIELDS})
    for field, value in merged.items():
        setattr(override, field, value)
    after = snapshot(override, AUDITED_FIELDS)
    if after == before:
        return override
    override.save()
    audit_record(actor=actor, action="calendar_override.update", obj=override, before=before, after=after)
    _rebuild_on_commit()
    return override


@writes_audit("calendar_override.delete", label="Xóa điều chỉnh lịch làm việc")
def calendar_override_delete(*, actor: Any, override: CalendarOverride) -> None:
    """Remove an override: its dates follow the pinned data (or earlier overrides) again."""
    override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    audit_record(
        actor=actor,
        action="calendar_override.delete",
        obj=override,
        before=snapshot(override, AUDITED_FIELDS),
    )
    override.delete()
    _rebuild_on_commit()
