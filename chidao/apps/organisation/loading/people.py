"""The province's dated heads and the committees: seats, placeholder people, standing agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from chidao.apps.audit.services import audit_record, snapshot
from chidao.apps.organisation.defaults import PLACEHOLDER_PERSON_NAME, CommitteeSpec, OrganisationDefaults
from chidao.apps.organisation.loading.report import (
    COMMITTEES,
    LOAD_ACTION,
    MEMBERSHIPS,
    PEOPLE,
    STANDING_AGENCIES,
    LoadReport,
    Tally,
)
from chidao.apps.organisation.models import (
    Committee,
    CommitteeMembership,
    CommitteeStandingAgency,
    HeadAssignment,
    Person,
    Unit,
)
from chidao.apps.organisation.services import head_assign


def person_get_or_create(actor: Any, name: str, title: str, unit: Unit, report: LoadReport) -> Person:
    """The person of that name in that unit, created when missing (placeholders are told apart by title)."""
    people = Person.objects.filter(name=name, unit=unit)
    if name == PLACEHOLDER_PERSON_NAME:
        people = people.filter(title=title)
    person = people.order_by("pk").first()
    if person is None:
        person = Person.objects.create(name=name, title=title, unit=unit)
        audit_record(actor=actor, action=LOAD_ACTION, obj=person, after=snapshot(person))
        report.tally(PEOPLE).add(created=True)
    else:
        _count_known_person(person.pk, report)
    report.people_seen.add(person.pk)
    return person


def _count_known_person(person_id: int, report: LoadReport) -> None:
    """Count an existing person as unchanged, once, however many seats they hold."""
    if person_id not in report.people_seen:
        report.tally(PEOPLE).add()
        report.people_seen.add(person_id)


def province_head_ensure(
    actor: Any, unit: Unit, person: Person, role: str, title: str, valid_from: dt.date, tally: Tally
) -> None:
    """A dated head or deputy appointment, made through the organisation's own service when missing."""
    exists = HeadAssignment.objects.filter(
        unit=unit, person=person, role=role, valid_from=valid_from
    ).exists()
    tally.add(created=not exists)
    if not exists:
        head_assign(actor=actor, unit=unit, person=person, role=role, title=title, valid_from=valid_from)


def committee_sync(
    actor: Any,
    spec: CommitteeSpec,
    defaults: OrganisationDefaults,
    units: dict[str, Unit],
    report: LoadReport,
) -> None:
    """The committee record, its seats (named members, then one seat per department head) and standing agencies."""
    values: dict[str, Any] = {
        "name": spec.name,
        "short_name": spec.short_name,
        "nature": spec.nature,
        "parent_unit_id": units[spec.parent_unit_code].pk,
        "establishing_decision": spec.establishing_decision,
        "valid_from": spec.valid_from,
    }
    committee = Committee.objects.filter(code=spec.code).first()
    tally = report.tally(COMMITTEES)
    if committee is None:
        committee = Committee.objects.create(code=spec.code, **values)
        audit_record(actor=actor, action=LOAD_ACTION, obj=committee, after=snapshot(committee))
        tally.add(created=True)
    else:
        differing = {name: value for name, value in values.items() if getattr(committee, name) != value}
        if differing:
            before = snapshot(committee)
            for name, value in differing.items():
                setattr(committee, name, value)
            committee.save()
            audit_record(
                actor=actor, action=LOAD_ACTION, obj=committee, before=before, after=snapshot(committee)
            )
        tally.add(changed=bool(differing))

    seats: list[tuple[str, str, str, Unit]] = [
        (m.role, m.person, m.position, units[m.unit_code]) for m in spec.members
    ]
    if spec.members_from_department_heads:
        seats += [
            (CommitteeMembership.Role.MEMBER, PLACEHOLDER_PERSON_NAME, d.head_title, units[d.code])
            for d in defaults.departments
            if d.head_title
        ]
    memberships = report.tally(MEMBERSHIPS)
    for role, name, position, unit in seats:
        seat = CommitteeMembership.objects.filter(
            committee=committee, role=role, position_text=position
        ).first()
        if seat is not None:
            memberships.add()
            _count_known_person(seat.person_id, report)
            continue
        person = person_get_or_create(
            actor, name, position if name == PLACEHOLDER_PERSON_NAME else _title_of(position), unit, report
        )
        membership = CommitteeMembership.objects.create(
            committee=committee, person=person, role=role, position_text=position, valid_from=spec.valid_from
        )
        audit_record(actor=actor, action=LOAD_ACTION, obj=membership, after=snapshot(membership))
        memberships.add(created=True)

    agencies = report.tally(STANDING_AGENCIES)
    for agency in spec.standing_agencies:
        wanted = {"area_name": agency.area_name, "unit_id": units[agency.unit_code].pk}
        current = CommitteeStandingAgency.objects.filter(
            committee=committee, area_code=agency.area_code, valid_to__isnull=True
        ).first()
        if current is None:
            current = CommitteeStandingAgency.objects.create(
                committee=committee, area_code=agency.area_code, valid_from=spec.valid_from, **wanted
            )
            audit_record(actor=actor, action=LOAD_ACTION, obj=current, after=snapshot(current))
            agencies.add(created=True)
            continue
        differing = {name: value for name, value in wanted.items() if getattr(current, name) != value}
        if differing:
            before = snapshot(current)
            for name, value in differing.items():
                setattr(current, name, value)
            current.save()
            audit_record(actor=actor, action=LOAD_ACTION, obj=current, before=before, after=snapshot(current))
        agencies.add(changed=bool(differing))


def _title_of(position: str) -> str:
    """The government title in a committee position: "Chủ tịch UBND tỉnh, Trưởng Ban" -> "Chủ tịch UBND tỉnh"."""
    return position.split(",", 1)[0].strip()
