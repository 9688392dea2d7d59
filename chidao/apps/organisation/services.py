"""Writes to the organisation. Each service is atomic and leaves an audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import HeadAssignment, Person, Unit

UNIT_EDITABLE_FIELDS = ("name", "short_name", "email", "phone", "valid_to")


def _compute_path(parent: Unit | None) -> str:
    return f"{parent.path}{parent.pk}/" if parent is not None else "/"


@writes_audit("unit.create")
def unit_create(
    *,
    actor: Any,
    kind: str,
    code: str,
    name: str,
    parent: Unit | None,
    valid_from: dt.date,
    short_name: str = "",
    area_id: int | None = None,
) -> Unit:
    """Create a unit under `parent` (or a root)."""
    unit = Unit(
        kind=kind,
        code=code,
        name=name,
        short_name=short_name,
        parent=parent,
        area_id=area_id,
        valid_from=valid_from,
        path=_compute_path(parent),
    )
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, action="unit.create", obj=unit, after=snapshot(unit))
    return unit


@writes_audit("unit.update")
def unit_update(*, actor: Any, unit: Unit, data: dict[str, Any]) -> Unit:
    """Change the editable fields of a unit; unknown fields are refused."""
    unknown = set(data) - set(UNIT_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Trường này không được phép sửa."))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit)
    for field, value in data.items():
        setattr(unit, field, value)
    unit.full_clean()
    unit.save()
    after = snapshot(unit)
    if before != after:
        audit_record(actor=actor, action="unit.update", obj=unit, before=before, after=after)
    return unit


@writes_audit("head.assign")
def head_assign(
    *,
    actor: Any,
    unit: Unit,
    person: Person,
    role: str,
    title: str,
    valid_from: dt.date,
) -> HeadAssignment:
    """Appoint a head or deputy from a date; the previous head's assignment ends that day."""
    if role == HeadAssignment.Role.HEAD:
        for previous in HeadAssignment.objects.select_for_update().filter(
            unit=unit, role=HeadAssignment.Role.HEAD, valid_to__isnull=True, valid_from__lt=valid_from
        ):
            before = snapshot(previous)
            previous.valid_to = valid_from
            previous.save(update_fields=["valid_to", "updated_at"])
            audit_record(
                actor=actor, action="head.assign", obj=previous, before=before, after=snapshot(previous)
            )
    assignment = HeadAssignment.objects.create(
        unit=unit, person=person, role=role, title=title, valid_from=valid_from
    )
    audit_record(actor=actor, action="head.assign", obj=assignment, after=snapshot(assignment))
    return assignment
