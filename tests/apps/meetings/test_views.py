"""The meeting pages: list, page, create and edit, the notice, and conclusions → tasks (paste, preview, create),
with 404 outside the scope and 403 inside it without the secretariat's role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.apps.meetings.models import Meeting
from chidao.apps.programmes.models import Task
from tests.apps.meetings.conftest import MEETING_DAY, NOTICE_NUMBER
from tests.factories.programmes import make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

PASTED = """THÔNG BÁO KẾT LUẬN
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Xã An Nhơn xây dựng Kế hoạch chuyển đổi số năm 2026, hoàn thành trước 30/4/2026.
2. Xã An Nhơn kết nối dữ liệu với Trung tâm giám sát, điều hành thông minh trong Quý II/2026.
"""


def signed_in(client, users_by_role, role):
    client.force_login(users_by_role[role])
    return client


def detail_url(meeting):
    return reverse("meetings:meeting-detail", args=[meeting.pk])


def conclusions_url(meeting):
    return reverse("meetings:meeting-conclusions", args=[meeting.pk])


def row_data(rows, *, areas, step):
    """The POST of the rows form: management form, one prefix per row, the batch's areas and the step."""
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "areas": [area.pk for area in areas],
        "step": step,
    }
    for index, row in enumerate(rows):
        data.update({f"form-{index}-{name}": value for name, value in row.items()})
    return data


@pytest.fixture
def good_rows(department, commune, authority):
    return [
        {
            "item": "1",
            "title": "Xây dựng Kế hoạch chuyển đổi số năm 2026",
            "lead_unit": department.pk,
            "coordinating_units": [commune.pk],
            "deadline": "trước 30/4/2026",
            "product_type": "document",
            "product_description": "Kế hoạch của UBND tỉnh",
            "authority": authority.pk,
        },
        {
            "item": "2",
            "title": "Kết nối dữ liệu với Trung tâm giám sát, điều hành thông minh",
            "lead_unit": commune.pk,
            "deadline": "Quý II/2026",
            "product_type": "system",
            "product_description": "Kết nối đã vận hành",
            "authority": authority.pk,
        },
    ]


# ---- list and page -----------------------------------------------------------------------------------------------


def test_the_list_shows_the_meetings_to_the_leader_and_none_to_a_unit_without_tasks(
    client, meeting, users_by_role
):
    # when
    leader_page = signed_in(client, users_by_role, "leader").get(reverse("meetings:meeting-list"))
    # then
    assert leader_page.status_code == 200
    assert "Phiên họp lần thứ nhất năm 2026" in leader_page.content.decode()
    assert 'id="meeting-create-link"' not in leader_page.content.decode()
    # when a unit officer whose unit got nothing opens it, then the list is empty
    officer_page = signed_in(client, users_by_role, "unit_officer").get(reverse("meetings:meeting-list"))
    assert officer_page.status_code == 200
    assert "Chưa có phiên họp nào." in officer_page.content.decode()


def test_the_list_filtered_by_year_answers_htmx_with_the_rows_only(client, meeting, users_by_role):
    # when
    response = signed_in(client, users_by_role, "secretariat").get(
        reverse("meetings:meeting-list"), {"year": "2025"}, HTTP_HX_REQUEST="true"
    )
    # then
    body = response.content.decode()
    assert "<html" not in body
    assert 'id="meeting-table"' in body
    assert "Phiên họp lần thứ nhất năm 2026" not in body


def test_the_page_shows_people_agenda_proposals_notice_and_tasks(
    client, noticed_meeting, commune, users_by_role
):
    # given a task from the notice
    task = make_task(
        lead_unit=commune,
        original_deadline=dt.date(2026, 6, 30),
        source_document=noticed_meeting.conclusion_notice,
        source_item="1",
        title="Kết nối dữ liệu các xã",
    )
    # when the leader opens the meeting
    response = signed_in(client, users_by_role, "leader").get(detail_url(noticed_meeting))
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert "Phạm Anh Tuấn – Chủ tịch UBND tỉnh" in body
    assert "Nguyễn Văn Thành – Giám đốc Sở Khoa học và Công nghệ" in body
    assert "<li>Nhiệm vụ năm 2026</li>" in body
    assert 'id="proposals"' in body
    assert f"<strong>{NOTICE_NUMBER}</strong> ngày 09/03/2026" in body
    assert reverse("programmes:task-detail", args=[task.pk]) in body
    assert response.context["documents"] == []
    # and the leader has no recording buttons
    assert 'id="meeting-edit-link"' not in body


def test_a_unit_officer_sees_his_tasks_but_not_the_secretariats_proposals(
    client, noticed_meeting, commune, other_commune, users_by_role
):
    # given the notice gave one task to the officer's commune and one to another
    own = make_task(
        lead_unit=commune,
        original_deadline=dt.date(2026, 6, 30),
        source_document=noticed_meeting.conclusion_notice,
    )
    make_task(
        lead_unit=other_commune,
        original_deadline=dt.date(2026, 6, 30),
        source_document=noticed_meeting.conclusion_notice,
    )
    # when
    response = signed_in(client, users_by_role, "unit_officer").get(detail_url(noticed_meeting))
    # then
    assert response.status_code == 200
    assert response.context["tasks"] == [own]
    assert 'id="proposals"' not in response.content.decode()


@pytest.mark.parametrize("role", ["unit_officer", "unit_head", "data_officer"])
def test_a_meeting_outside_the_scope_is_404(client, meeting, users_by_role, role):
    assert signed_in(client, users_by_role, role).get(detail_url(meeting)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, meeting):
    response = client.get(detail_url(meeting))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# ---- create and edit ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["leader", "auditor", "administrator", "unit_officer"])
def test_only_the_secretariat_may_create_a_meeting(client, committee, users_by_role, role):
    assert signed_in(client, users_by_role, role).get(reverse("meetings:meeting-create")).status_code == 403


def test_the_secretariat_creates_a_meeting(client, committee, chair, deputy, users_by_role):
    # given the form, with the committee chosen for him
    page = signed_in(client, users_by_role, "secretariat").get(reverse("meetings:meeting-create"))
    assert page.context["form"].initial["committee"] == committee
    # when
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "committee": committee.pk,
            "held_on": "03/03/2026",
            "sequence_in_year": "1",
            "kind": "regular",
            "form": "hybrid",
            "chair": chair.pk,
            "co_chairs": [deputy.pk],
            "agenda": "Kết quả năm 2025\n\nNhiệm vụ năm 2026\n",
        },
    )
    # then
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(meeting)
    assert (meeting.title, meeting.held_on, meeting.chair, meeting.agenda_items()) == (
        "Phiên họp lần thứ nhất năm 2026",
        MEETING_DAY,
        chair,
        ["Kết quả năm 2025", "Nhiệm vụ năm 2026"],
    )


def test_a_service_refusal_is_shown_on_its_field(client, meeting, committee, users_by_role):
    # when a second "first meeting of 2026" is sent
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("meetings:meeting-create"),
        {
            "committee": committee.pk,
            "held_on": "2026-06-02",
            "sequence_in_year": "1",
            "kind": "regular",
            "form": "online",
        },
    )
    # then the form comes back with the message on the ordinal
    assert response.status_code == 200
    assert "sequence_in_year" in response.context["form"].errors
    assert Meeting.objects.count() == 1


def test_the_secretariat_edits_a_meeting(client, meeting, committee, users_by_role):
    # given
    edit = reverse("meetings:meeting-edit", args=[meeting.pk])
    page = signed_in(client, users_by_role, "secretariat").get(edit)
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update({"location": "Hội trường UBND tỉnh", "held_on": "2026-03-03", "committee": committee.pk})
    # when
    response = client.post(edit, data)
    # then
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.location == "Hội trường UBND tỉnh"
    assert meeting.attendees.count() == 1


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("unit_officer", 404)])
def test_others_may_not_edit(client, meeting, users_by_role, role, status):
    response = signed_in(client, users_by_role, role).get(reverse("meetings:meeting-edit", args=[meeting.pk]))
    assert response.status_code == status


# ---- the notice ---------------------------------------------------------------------------------------------------


def test_the_secretariat_records_the_notice_with_its_file_and_others_download_it(
    client, meeting, users_by_role, settings, tmp_path
):
    # given
    settings.MEDIA_ROOT = tmp_path
    url = reverse("meetings:meeting-notice", args=[meeting.pk])
    page = signed_in(client, users_by_role, "secretariat").get(url)
    assert "03/03/2026" in page.context["form"].initial["title"]
    # when
    response = client.post(
        url,
        {
            "number_symbol": NOTICE_NUMBER,
            "issued_on": "09/03/2026",
            "title": "Thông báo kết luận",
            "file": SimpleUploadedFile("tb.pdf", b"%PDF-1.7 notice", content_type="application/pdf"),
        },
    )
    # then
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.conclusion_notice.number_symbol == NOTICE_NUMBER
    # and the leader downloads the file as an attachment that the browser may not sniff
    download = signed_in(client, users_by_role, "leader").get(
        reverse("meetings:notice-file", args=[meeting.pk])
    )
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == b"%PDF-1.7 notice"
    # while a unit officer whose unit got no task does not find it
    assert (
        signed_in(client, users_by_role, "unit_officer")
        .get(reverse("meetings:notice-file", args=[meeting.pk]))
        .status_code
        == 404
    )


def test_a_notice_dated_before_the_meeting_is_refused_on_the_form(client, meeting, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").post(
        reverse("meetings:meeting-notice", args=[meeting.pk]),
        {"number_symbol": NOTICE_NUMBER, "issued_on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert "issued_on" in response.context["form"].errors


def test_a_notice_without_file_has_no_download(client, noticed_meeting, users_by_role):
    response = signed_in(client, users_by_role, "leader").get(
        reverse("meetings:notice-file", args=[noticed_meeting.pk])
    )
    assert response.status_code == 404


# ---- conclusions → tasks --------------------------------------------------------------------------------------------


def test_without_a_notice_the_page_asks_for_it_first(client, meeting, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").get(conclusions_url(meeting))
    assert response.status_code == 200
    assert response.context["step"] == "no_notice"
    assert reverse("meetings:meeting-notice", args=[meeting.pk]) in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("auditor", 403), ("unit_officer", 404)])
def test_only_the_secretariat_gives_conclusions(client, noticed_meeting, users_by_role, role, status):
    assert signed_in(client, users_by_role, role).get(conclusions_url(noticed_meeting)).status_code == status


def test_pasted_conclusions_are_read_into_proposed_rows(
    client, noticed_meeting, department, commune, users_by_role
):
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting), {"step": "read", "text": PASTED}
    )
    # then two rows are proposed, with lead unit, coordinating unit, deadline and product filled in
    assert response.status_code == 200
    forms = [form for form, _notes in response.context["rows"]]
    proposed = [(f.initial["item"], f.initial["lead_unit"], f.initial["deadline"]) for f in forms[:2]]
    assert proposed == [("1", department.pk, "trước 30/4/2026"), ("2", commune.pk, "trong Quý II/2026")]
    assert forms[0].initial["coordinating_units"] == [commune.pk]
    assert forms[0].initial["product_type"] == "document"
    # and spare rows follow, and nothing is created yet
    assert len(forms) == 4
    assert not Task.objects.exists()


def test_nothing_numbered_in_the_paste_is_said(client, noticed_meeting, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting), {"step": "read", "text": "Ban Chỉ đạo ghi nhận kết quả."}
    )
    assert "Không thấy kết luận nào được đánh số" in response.content.decode()


def test_empty_rows_can_be_asked_for(client, noticed_meeting, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").get(
        conclusions_url(noticed_meeting), {"rows": "3"}
    )
    assert len(response.context["rows"]) == 3


def test_the_check_shows_what_will_be_created(client, noticed_meeting, good_rows, areas, users_by_role):
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting), row_data(good_rows, areas=areas, step="check")
    )
    # then the codes and deadlines are listed, and nothing is created yet
    body = response.content.decode()
    assert "Sẵn sàng tạo 2 nhiệm vụ" in body
    assert "TB-03-03-2026-1" in body
    assert "30/04/2026 (trước 30/4/2026)" in body
    assert not Task.objects.exists()


def test_the_rows_become_tasks_and_blank_rows_are_ignored(
    client, noticed_meeting, good_rows, areas, users_by_role
):
    # when two rows and a blank one are sent
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting),
        row_data([*good_rows, {"authority": ""}], areas=areas, step="create"),
    )
    # then two tasks exist and the meeting's page lists them
    assert response.status_code == 302
    assert response["Location"] == detail_url(noticed_meeting) + "#tasks"
    assert sorted(Task.objects.values_list("code", flat=True)) == ["TB-03-03-2026-1", "TB-03-03-2026-2"]
    page = client.get(detail_url(noticed_meeting))
    assert len(page.context["tasks"]) == 2


def test_a_bad_row_creates_nothing_and_the_message_is_on_its_field(
    client, noticed_meeting, good_rows, areas, users_by_role
):
    # given the second row without lead unit
    rows = [good_rows[0], {**good_rows[1], "lead_unit": ""}]
    # when
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting), row_data(rows, areas=areas, step="create")
    )
    # then nothing is created; the second row's form carries the message on its field, the first none
    assert response.status_code == 200
    assert not Task.objects.exists()
    forms = [form for form, _notes in response.context["rows"]]
    assert forms[0].errors == {}
    assert forms[1].errors == {"lead_unit": ["Chưa chọn đơn vị chủ trì."]}
    assert "Dòng 2 – Đơn vị chủ trì: Chưa chọn đơn vị chủ trì." in response.content.decode()


def test_no_area_chosen_is_said_on_the_areas(client, noticed_meeting, good_rows, users_by_role):
    response = signed_in(client, users_by_role, "secretariat").post(
        conclusions_url(noticed_meeting), row_data(good_rows, areas=[], step="create")
    )
    assert response.context["batch"].errors == {"areas": ["Chọn ít nhất một lĩnh vực cho các nhiệm vụ."]}
    assert not Task.objects.exists()
