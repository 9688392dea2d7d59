"""The demo's committee meetings (development and demonstrations only): the meeting of 03/03/2026 that the seed
describes, with its conclusions notice "…/TB-BCĐ" of 09/03/2026 (already seeded with its tasks by tasks_seed),
and an earlier meeting invented for the demo (26/12/2025), so that a briefing for 03/03/2026 can compare "so với
phiên họp ngày 26/12/2025". Everything goes through the audited meetings services; a meeting that exists (same
committee, day and title) is left alone, so a second run changes nothing. See docs/domain/demo-scenario.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from chidao.apps.audit.services import audit_record, writes_audit
from chidao.apps.demo.tasks_scenario import PROVINCE_CODE, iso_day, scenario_data
from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.services import meeting_attach_notice, meeting_create
from chidao.apps.organisation.models import Committee, CommitteeMembership, Person
from chidao.apps.programmes.models import SourceDocument

COMMAND_ACTOR = "manage.py seed_demo"
SECRETARIAT_USERNAME = "thuongtruc"


@dataclass
class MeetingsSeedResult:
    """What the seed did: meetings created and meetings already there; why nothing was done, if so."""

    created: int = 0
    existing: int = 0
    skipped: str = ""


def _members_on(committee: Committee, day: Any) -> list[Person]:
    """The committee's ordinary members on the day (the department heads' seats), as the meeting's attendees."""
    seats = (
        CommitteeMembership.objects.filter(committee=committee, role=CommitteeMembership.Role.MEMBER)
        .filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .select_related("person")
        .order_by("pk")
    )
    return [seat.person for seat in seats]


def _notice(key: str) -> SourceDocument | None:
    row = next(document for document in scenario_data("reference")["documents"] if document["key"] == key)
    return SourceDocument.objects.filter(
        number_symbol=row["number_symbol"], issued_on=iso_day(row["issued_on"])
    ).first()


@writes_audit("demo.seed_meetings", label="Tạo phiên họp trình diễn")
def demo_meetings_seed(*, actor: Any = COMMAND_ACTOR) -> MeetingsSeedResult:
    """Seed the demo's meetings (after the organisation, the accounts and the tasks), in one transaction."""
    data = scenario_data("meetings")
    committee = Committee.objects.filter(code=data["committee"]).first()
    if committee is None:
        return MeetingsSeedResult(skipped=f"không có Ban Chỉ đạo mã {data['committee']}")
    secretariat = get_user_model().objects.filter(username=SECRETARIAT_USERNAME, is_demo=True).first()
    recorder = secretariat or actor
    people = {p.name: p for p in Person.objects.filter(unit__code=PROVINCE_CODE)}
    result = MeetingsSeedResult()
    for spec in data["meetings"]:
        held_on = iso_day(spec["held_on"])
        if Meeting.objects.filter(committee=committee, held_on=held_on, title=spec["title"]).exists():
            result.existing += 1
            continue
        meeting = meeting_create(
            actor=recorder,
            committee=committee,
            held_on=held_on,
            title=spec["title"],
            sequence_in_year=spec["sequence_in_year"],
            kind=spec["kind"],
            form=spec["form"],
            chair=people.get(spec["chair"]),
            co_chairs=[people[name] for name in spec["co_chairs"] if name in people],
            attendees=_members_on(committee, held_on),
            other_attendees=spec["other_attendees"],
            agenda="\n".join(spec["agenda"]),
            proposals="\n".join(spec["proposals"]),
        )
        notice = _notice(spec["notice"]) if spec["notice"] else None
        if notice is not None and notice.issued_on is not None:
            # The notice and its tasks (BCD-2026-…) were seeded with the tasks: the meeting is linked to them.
            meeting_attach_notice(
                actor=recorder,
                meeting=meeting,
                number_symbol=notice.number_symbol,
                issued_on=notice.issued_on,
                title=notice.title,
            )
        result.created += 1
    if result.created:
        audit_record(
            actor=actor,
            action="demo.seed_meetings",
            object_type="meetings.meeting",
            object_repr=f"Phiên họp trình diễn: {result.created} phiên họp mới",
            after={"created": result.created},
        )
    return result
