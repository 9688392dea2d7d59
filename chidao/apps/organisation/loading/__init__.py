"""Loading Gia Lai's organisation: the 2025 administrative map, the unit tree, the province's heads, the committee.

One idempotent service: a second run with the same files changes nothing. The data file (NSO list) is
authoritative for areas and commune units; the defaults file for the departments' code, kind, name, short name
and parent. People, committee seats and dated appointments are only created when missing, so what users
record later (a real name replacing a placeholder, an ended seat) is never overwritten.
"""

from __future__ import annotations

from typing import Any

from chidao.apps.audit.services import audit_record, writes_audit
from chidao.apps.organisation.catalogue import admin_units_catalogue, admin_units_path
from chidao.apps.organisation.defaults import OrganisationDefaults, read_defaults
from chidao.apps.organisation.loading.people import committee_sync, person_get_or_create, province_head_ensure
from chidao.apps.organisation.loading.report import AREAS, HEADS, LOAD_ACTION, UNITS, LoadReport, Tally
from chidao.apps.organisation.loading.tree import areas_sync, unit_rows, units_sync

__all__ = ["LOAD_ACTION", "LoadReport", "Tally", "organisation_load"]


@writes_audit(LOAD_ACTION)
def organisation_load(*, actor: Any, defaults: OrganisationDefaults | None = None) -> LoadReport:
    """Bring areas, units, the province's heads and the committees in line with the data and defaults files."""
    catalogue = admin_units_catalogue()
    spec = defaults or read_defaults()
    meta = catalogue.metadata
    report = LoadReport(meta.source, admin_units_path().name, meta.effective_date, meta.build_date)
    areas = areas_sync(catalogue, report.tally(AREAS))
    units = units_sync(actor, unit_rows(catalogue, spec), areas, report.tally(UNITS))
    province_unit = units[spec.province.code]
    for head in spec.province.heads:
        person = person_get_or_create(actor, head.person, head.title, province_unit, report)
        province_head_ensure(
            actor, province_unit, person, head.role, head.title, head.valid_from, report.tally(HEADS)
        )
    for committee_spec in spec.committees:
        committee_sync(actor, committee_spec, spec, units, report)
    total = report.total
    if total.created or total.changed:
        audit_record(
            actor=actor,
            action=LOAD_ACTION,
            object_type="organisation.load",
            object_repr=f"Nạp cơ cấu tổ chức từ {report.data_file}",
            after={
                "source": report.source,
                "data_file": report.data_file,
                "effective_date": report.effective_date.isoformat(),
                "build_date": report.build_date.isoformat(),
                "counts": {k: [t.created, t.changed, t.unchanged] for k, t in report.tallies.items()},
            },
        )
    return report
