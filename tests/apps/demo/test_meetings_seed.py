"""The demo's committee meetings: the meeting of 03/03/2026 with its conclusions notice and the tasks already
seeded from it, and the earlier meeting of 26/12/2025 that a briefing compares with; a second seed changes
nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from chidao.apps.accounts.models import User
from chidao.apps.audit.models import AuditEvent
from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.selectors import meeting_held_on, meeting_tasks_for_user, meetings_before
from chidao.apps.programmes.models import SourceDocument, Task

MEETING_DAY = dt.date(2026, 3, 3)
PREVIOUS_MEETING_DAY = dt.date(2025, 12, 26)
SEED_DAY = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
CONCLUSION_TASKS = ["BCD-2026-01", "BCD-2026-02", "BCD-2026-03", "BCD-2026-04"]


def seed() -> str:
    out = StringIO()
    with time_machine.travel(SEED_DAY, tick=False):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_the_demo_meetings_are_seeded_with_the_notice_and_its_tasks_once(db):
    # given the organisation
    call_command("load_organisation", stdout=StringIO())

    # when the demo is seeded
    output = seed()

    # then the first meeting of 2026 is there as the press reported it
    meeting = Meeting.objects.get(held_on=MEETING_DAY)
    assert (meeting.title, meeting.sequence_in_year, meeting.form) == (
        "Phiên họp lần thứ nhất năm 2026",
        1,
        Meeting.Form.HYBRID,
    )
    assert meeting.chair.name == "Phạm Anh Tuấn"
    assert [person.name for person in meeting.co_chairs.all()] == ["Lâm Hải Giang"]
    assert meeting.attendees.exists()
    assert len(meeting.agenda_items()) == 5
    assert meeting.proposal_items()
    # with the notice of 09/03/2026 that the tasks seed recorded, not a copy of it
    notice = meeting.conclusion_notice
    assert (notice.number_symbol, notice.issued_on) == ("…/TB-BCĐ", dt.date(2026, 3, 9))
    assert SourceDocument.objects.filter(kind=SourceDocument.Kind.CONCLUSION_NOTICE).count() == 1
    # and its page lists the tasks already given from it, none duplicated
    chair = User.objects.get(username="chutich")
    codes = sorted(task.code for task in meeting_tasks_for_user(chair, meeting))
    assert codes == CONCLUSION_TASKS
    assert Task.objects.filter(source_document=notice).count() == len(CONCLUSION_TASKS)
    # and the briefing of 03/03/2026 finds the meeting before it (an invention of the demo)
    assert meeting_held_on(MEETING_DAY) == meeting
    previous = meetings_before(MEETING_DAY).first()
    assert previous is not None
    assert (previous.held_on, previous.title, previous.conclusion_notice) == (
        PREVIOUS_MEETING_DAY,
        "Phiên họp quý IV năm 2025",
        None,
    )
    assert previous.held_on.weekday() < 5  # a working day
    # recorded by the secretariat's demo account, and said by the command
    assert meeting.created_by == User.objects.get(username="thuongtruc")
    assert "Phiên họp trình diễn: 2 mới / 0 đã có." in output

    # when the demo is seeded again
    counts = (Meeting.objects.count(), AuditEvent.objects.count())
    again = seed()

    # then nothing changed
    assert (Meeting.objects.count(), AuditEvent.objects.count()) == counts
    assert "Phiên họp trình diễn: 0 mới / 2 đã có." in again
