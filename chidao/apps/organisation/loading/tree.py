"""The administrative areas (bulk) and the unit tree, with materialised paths, from the data and defaults files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from chidao.apps.audit.services import audit_record, snapshot
from chidao.apps.organisation.defaults import OrganisationDefaults
from chidao.apps.organisation.loading.report import LOAD_ACTION, Tally
from chidao.apps.organisation.models import AdministrativeArea, Unit
from chidao.core.admin_units import AdminUnitsCatalogue, CommuneType

COMMUNE_KINDS = {
    CommuneType.XA: Unit.Kind.COMMUNE,
    CommuneType.PHUONG: Unit.Kind.WARD,
    CommuneType.DAC_KHU: Unit.Kind.SPECIAL_ZONE,
}


@dataclass(frozen=True)
class UnitRow:
    """One unit as the files describe it; parent and area by code."""

    code: str
    kind: str
    name: str
    short_name: str
    parent_code: str | None
    area_code: str | None
    valid_from: dt.date


def unit_rows(catalogue: AdminUnitsCatalogue, spec: OrganisationDefaults) -> list[list[UnitRow]]:
    """Units level by level (parents before children), so each level can take its parents' ids and paths."""
    province = spec.province
    root = UnitRow(
        province.code,
        Unit.Kind.PROVINCE,
        province.name,
        province.short_name,
        None,
        province.area_code,
        province.valid_from,
    )
    communes = [
        UnitRow(
            c.code,
            COMMUNE_KINDS[c.type],
            c.name,
            "",
            province.code,
            c.code,
            catalogue.metadata.effective_date,
        )
        for c in sorted(catalogue.communes.values(), key=lambda c: c.code)
        if c.province_code == province.area_code
    ]
    departments = [
        UnitRow(d.code, d.kind, d.name, d.short_name, province.code, None, province.valid_from)
        for d in spec.departments
    ]
    sub_units = [
        UnitRow(s.code, s.kind, s.name, s.short_name, d.code, None, province.valid_from)
        for d in spec.departments
        for s in d.sub_units
    ]
    return [[root], communes + departments, sub_units]


def areas_sync(catalogue: AdminUnitsCatalogue, tally: Tally) -> dict[str, AdministrativeArea]:
    """Provinces then communes, in bulk: 3,355 rows must load in about a second."""
    existing = {a.code: a for a in AdministrativeArea.objects.all()}
    provinces = (
        (
            p.code,
            {
                "level": AdministrativeArea.Level.PROVINCE,
                "name": p.name,
                "division_type": p.type.value,
                "province_id": None,
            },
        )
        for p in catalogue.provinces.values()
    )
    _bulk_sync(AdministrativeArea, existing, provinces, tally)
    province_ids = {
        code: a.pk for code, a in existing.items() if a.level == AdministrativeArea.Level.PROVINCE
    }
    communes = (
        (
            c.code,
            {
                "level": AdministrativeArea.Level.COMMUNE,
                "name": c.name,
                "division_type": c.type.value,
                "province_id": province_ids[c.province_code],
            },
        )
        for c in catalogue.communes.values()
    )
    _bulk_sync(AdministrativeArea, existing, communes, tally)
    return existing


def _bulk_sync(
    model: type[AdministrativeArea],
    existing: dict[str, AdministrativeArea],
    wanted: Iterable[tuple[str, dict[str, Any]]],
    tally: Tally,
) -> None:
    """Create missing rows and update differing ones; `existing` is updated with the created rows."""
    to_create: list[AdministrativeArea] = []
    to_update: list[AdministrativeArea] = []
    fields: set[str] = set()
    for code, values in wanted:
        row = existing.get(code)
        if row is None:
            row = model(code=code, **values)
            row.refresh_name_keys()
            to_create.append(row)
            tally.add(created=True)
            continue
        differing = [name for name, value in values.items() if getattr(row, name) != value]
        if differing:
            for name in differing:
                setattr(row, name, values[name])
            row.refresh_name_keys()
            fields.update(differing)
            to_update.append(row)
        tally.add(changed=bool(differing))
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields | {"name_sort", "name_search"}), batch_size=500)
    existing.update({row.code: row for row in to_create})
    if any(row.pk is None for row in to_create):
        # Backends that do not return ids from bulk inserts: read them back.
        ids = dict(model.objects.filter(code__in=[r.code for r in to_create]).values_list("code", "pk"))
        for row in to_create:
            row.pk = ids[row.code]


def units_sync(
    actor: Any, levels: list[list[UnitRow]], areas: dict[str, AdministrativeArea], tally: Tally
) -> dict[str, Unit]:
    """Create or correct the units level by level; a unit whose path moves takes its subtree with it."""
    codes = [row.code for level in levels for row in level]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    for level in levels:
        to_create: list[Unit] = []
        for row in level:
            parent = units[row.parent_code] if row.parent_code else None
            values: dict[str, Any] = {
                "kind": row.kind,
                "name": row.name,
                "short_name": row.short_name,
                "parent_id": parent.pk if parent else None,
                "area_id": areas[row.area_code].pk if row.area_code else None,
                "path": f"{parent.path}{parent.pk}/" if parent else "/",
                "valid_from": row.valid_from,
            }
            unit = units.get(row.code)
            if unit is None:
                unit = Unit(code=row.code, **values)
                unit.refresh_name_keys()
                to_create.append(unit)
                tally.add(created=True)
                continue
            differing = {name: value for name, value in values.items() if getattr(unit, name) != value}
            if differing:
                _update_unit(actor, unit, differing)
            tally.add(changed=bool(differing))
        created = Unit.objects.bulk_create(to_create)
        for unit in created:
            if unit.pk is None:
                unit.pk = Unit.objects.get(code=unit.code).pk
            units[unit.code] = unit
            audit_record(actor=actor, action=LOAD_ACTION, obj=unit, after=snapshot(unit))
    return units


def _update_unit(actor: Any, unit: Unit, differing: dict[str, Any]) -> None:
    before = snapshot(unit)
    old_subtree = f"{unit.path}{unit.pk}/"
    for name, value in differing.items():
        setattr(unit, name, value)
    unit.save()
    new_subtree = f"{unit.path}{unit.pk}/"
    if new_subtree != old_subtree:
        for descendant in Unit.objects.filter(path__startswith=old_subtree):
            descendant.path = new_subtree + descendant.path[len(old_subtree) :]
            descendant.save(update_fields=["path"])
    audit_record(actor=actor, action=LOAD_ACTION, obj=unit, before=before, after=snapshot(unit))
