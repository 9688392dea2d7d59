"""Recording a meeting and its conclusions notice: the rules (date, ordinal, who may chair and attend), the
notice as a source document of the tasks, and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.apps.audit.models import AuditEvent
from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.services import meeting_attach_notice, meeting_create, meeting_update
from chidao.apps.programmes.models import SourceDocument
from tests.apps.meetings.conftest import MEETING_DAY, NOTICE_DAY, NOTICE_NUMBER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

LAST_MEETING_OF_2025 = dt.date(2025, 12, 26)


def secretariat(users_by_role):
    return users_by_role["secretariat"]


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# ---- meeting_create ---------------------------------------------------------------------------------------------


def test_a_meeting_is_recorded_with_its_people_and_named_by_its_ordinal(meeting, chair, deputy, member):
    # then
    assert meeting.title == "Phiên họp lần thứ nhất năm 2026"
    assert (meeting.chair, list(meeting.co_chairs.all()), list(meeting.attendees.all())) == (
        chair,
        [deputy],
        [member],
    )
    assert meeting.agenda_items() == ["Kết quả năm 2025", "Nhiệm vụ năm 2026"]
    event = AuditEvent.objects.get(action="meeting.create")
    assert (event.object_id, event.after["attendees"]) == (str(meeting.pk), [member.pk])


def test_a_meeting_without_ordinal_is_named_by_its_day(committee, users_by_role):
    # when
    meeting = meeting_create(
        actor=secretariat(users_by_role), committee=committee, held_on=LAST_MEETING_OF_2025
    )
    # then
    assert meeting.title == "Phiên họp ngày 26/12/2025"
    assert meeting.created_by == secretariat(users_by_role)


def test_the_ordinal_is_unique_in_the_committees_year(meeting, committee, users_by_role):
    # when a second "first meeting of 2026" is recorded
    with pytest.raises(ValidationError) as excinfo:
        meeting_create(
            actor=secretariat(users_by_role),
            committee=committee,
            held_on=dt.date(2026, 6, 2),
            sequence_in_year=1,
        )
    # then it is refused on the field, naming the meeting that has it
    assert "Năm 2026 đã có phiên họp lần thứ 1" in errors_of(excinfo)["sequence_in_year"][0]
    # and the same ordinal in another year is fine
    later = meeting_create(
        actor=secretariat(users_by_role), committee=committee, held_on=dt.date(2027, 3, 2), sequence_in_year=1
    )
    assert later.title == "Phiên họp lần thứ nhất năm 2027"


def test_a_meeting_before_the_committee_existed_is_refused(committee, users_by_role):
    with pytest.raises(ValidationError) as excinfo:
        meeting_create(actor=secretariat(users_by_role), committee=committee, held_on=dt.date(2025, 6, 30))
    assert "không hoạt động vào ngày 30/06/2025" in errors_of(excinfo)["held_on"][0]


@pytest.mark.parametrize(
    ("_case", "field"),
    [("chair", "chair"), ("co-chair", "co_chairs"), ("attendee", "attendees")],
)
def test_people_outside_the_committee_and_the_province_are_refused(
    committee, outsider, users_by_role, _case, field
):
    # given someone of another province in the role
    people = {"chair": outsider} if field == "chair" else {field: [outsider]}
    # when
    with pytest.raises(ValidationError) as excinfo:
        meeting_create(actor=secretariat(users_by_role), committee=committee, held_on=MEETING_DAY, **people)
    # then nothing is recorded and the field says why
    assert field in errors_of(excinfo)
    assert not Meeting.objects.exists()


def test_people_of_a_department_of_the_province_may_attend(committee, department, users_by_role):
    # given an official of a department (not on the committee)
    from tests.factories.organisation import PersonFactory

    official = PersonFactory(name="Lê Thị Hoa", unit=department)
    # when
    meeting = meeting_create(
        actor=secretariat(users_by_role), committee=committee, held_on=MEETING_DAY, attendees=[official]
    )
    # then
    assert list(meeting.attendees.all()) == [official]


def test_the_chair_is_not_also_a_co_chair(committee, chair, users_by_role):
    with pytest.raises(ValidationError) as excinfo:
        meeting_create(
            actor=secretariat(users_by_role),
            committee=committee,
            held_on=MEETING_DAY,
            chair=chair,
            co_chairs=[chair],
        )
    assert "co_chairs" in errors_of(excinfo)


def test_an_unknown_kind_is_refused(committee, users_by_role):
    with pytest.raises(ValidationError) as excinfo:
        meeting_create(
            actor=secretariat(users_by_role), committee=committee, held_on=MEETING_DAY, kind="secret"
        )
    assert "kind" in errors_of(excinfo)


# ---- meeting_update ------------------------------------------------------------------------------------------


def test_an_update_is_audited_only_when_something_changed(meeting, users_by_role, outsider, member):
    # when nothing changes
    meeting_update(actor=secretariat(users_by_role), meeting=meeting, data={"title": meeting.title})
    # then no row
    assert not AuditEvent.objects.filter(action="meeting.update").exists()

    # when the place and attendees change
    meeting_update(
        actor=secretariat(users_by_role),
        meeting=meeting,
        data={"location": "Hội trường tầng 3"},
        attendees=[],
    )
    # then one row with before and after
    event = AuditEvent.objects.get(action="meeting.update")
    assert (event.before["location"], event.after["location"]) == ("", "Hội trường tầng 3")
    assert (event.before["attendees"], event.after["attendees"]) == ([member.pk], [])


def test_an_update_keeps_its_own_ordinal_and_checks_the_others(meeting, committee, users_by_role):
    # given another meeting, the second of 2026
    second = meeting_create(
        actor=secretariat(users_by_role), committee=committee, held_on=dt.date(2026, 6, 2), sequence_in_year=2
    )
    # when the first is saved again with its own ordinal, then it is fine
    meeting_update(actor=secretariat(users_by_role), meeting=meeting, data={"sequence_in_year": 1})
    # when the second takes the first's ordinal, then it is refused
    with pytest.raises(ValidationError):
        meeting_update(actor=secretariat(users_by_role), meeting=second, data={"sequence_in_year": 1})


def test_a_field_that_is_not_editable_is_refused(meeting, users_by_role):
    with pytest.raises(ValidationError):
        meeting_update(actor=secretariat(users_by_role), meeting=meeting, data={"created_by": None})


# ---- meeting_attach_notice --------------------------------------------------------------------------------------


def test_the_notice_becomes_a_source_document_of_the_committee(noticed_meeting, committee):
    # then
    notice = noticed_meeting.conclusion_notice
    assert (notice.number_symbol, notice.issued_on, notice.kind, notice.issuer_level) == (
        NOTICE_NUMBER,
        NOTICE_DAY,
        SourceDocument.Kind.CONCLUSION_NOTICE,
        SourceDocument.IssuerLevel.STEERING_COMMITTEE,
    )
    assert notice.issuer_name == committee.name
    assert notice.title == "Thông báo kết luận phiên họp ngày 03/03/2026"
    # and the document and the link each have their audit row
    rows = AuditEvent.objects.filter(action="meeting.attach_notice").values_list("object_type", flat=True)
    assert sorted(rows) == ["meetings.meeting", "programmes.sourcedocument"]


def test_a_notice_already_recorded_is_linked_not_duplicated(meeting, users_by_role):
    # given the notice recorded earlier (e.g. as the source of tasks)
    existing = SourceDocument.objects.create(
        number_symbol=NOTICE_NUMBER,
        issued_on=NOTICE_DAY,
        kind=SourceDocument.Kind.CONCLUSION_NOTICE,
        issuer_level=SourceDocument.IssuerLevel.STEERING_COMMITTEE,
        issuer_name="Ban Chỉ đạo",
        title="Thông báo kết luận của Trưởng Ban",
    )
    # when it is recorded on the meeting
    notice = meeting_attach_notice(
        actor=secretariat(users_by_role), meeting=meeting, number_symbol=NOTICE_NUMBER, issued_on=NOTICE_DAY
    )
    # then it is the same document, with its title kept
    assert notice.pk == existing.pk
    assert SourceDocument.objects.count() == 1
    assert notice.title == "Thông báo kết luận của Trưởng Ban"


def test_the_notice_of_a_meeting_is_corrected_in_place(noticed_meeting, users_by_role):
    # given
    notice_id = noticed_meeting.conclusion_notice_id
    # when its number is corrected
    notice = meeting_attach_notice(
        actor=secretariat(users_by_role),
        meeting=noticed_meeting,
        number_symbol="16/TB-BCĐ",
        issued_on=NOTICE_DAY,
        title="Thông báo kết luận (bản sửa)",
    )
    # then the same document changed
    assert (notice.pk, notice.number_symbol, notice.title) == (
        notice_id,
        "16/TB-BCĐ",
        "Thông báo kết luận (bản sửa)",
    )
    assert SourceDocument.objects.count() == 1


def test_a_notice_before_the_meeting_is_refused(meeting, users_by_role):
    with pytest.raises(ValidationError) as excinfo:
        meeting_attach_notice(
            actor=secretariat(users_by_role),
            meeting=meeting,
            number_symbol=NOTICE_NUMBER,
            issued_on=MEETING_DAY - dt.timedelta(days=1),
        )
    assert "trước ngày họp 03/03/2026" in errors_of(excinfo)["issued_on"][0]
    assert not SourceDocument.objects.exists()


def test_the_notice_of_another_meeting_is_refused(noticed_meeting, committee, users_by_role):
    # given another meeting
    other = meeting_create(
        actor=secretariat(users_by_role),
        committee=committee,
        held_on=dt.date(2026, 3, 5),
        title="Phiên họp chuyên đề",
    )
    # when it is given the first meeting's notice
    with pytest.raises(ValidationError) as excinfo:
        meeting_attach_notice(
            actor=secretariat(users_by_role), meeting=other, number_symbol=NOTICE_NUMBER, issued_on=NOTICE_DAY
        )
    # then it is refused, naming the meeting that has it
    assert "Phiên họp lần thứ nhất năm 2026" in errors_of(excinfo)["number_symbol"][0]


def test_a_pdf_notice_is_kept_and_another_file_type_refused(meeting, users_by_role, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("thong-bao.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    text = SimpleUploadedFile("thong-bao.pdf", b"not a pdf at all", content_type="application/pdf")
    # when a text file named .pdf is sent, then it is refused by its content
    with pytest.raises(ValidationError) as excinfo:
        meeting_attach_notice(
            actor=secretariat(users_by_role),
            meeting=meeting,
            number_symbol=NOTICE_NUMBER,
            issued_on=NOTICE_DAY,
            file=text,
        )
    assert "không phải PDF hay Word" in errors_of(excinfo)["file"][0]
    assert not SourceDocument.objects.exists()
    # when a real PDF is sent, then it is stored under a neutral name
    notice = meeting_attach_notice(
        actor=secretariat(users_by_role),
        meeting=meeting,
        number_symbol=NOTICE_NUMBER,
        issued_on=NOTICE_DAY,
        file=pdf,
    )
    assert notice.file.name.endswith("thong-bao-ket-luan-20260303.pdf")
