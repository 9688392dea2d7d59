"""The lead unit's report work: evidence files checked by content and served only through the task's scope,
drafts, several tasks at once and the coordinating units' input."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes.models import ProgressReport, ReportContribution, ReportEvidence
from chidao.apps.programmes.services import report_submit
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

FAR_DEADLINE = dt.date(2099, 12, 31)
PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def draft_report(users_by_role, commune):
    task = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)
    return report_submit(actor=users_by_role["unit_officer"], task=task, percent=40, draft=True)


def upload(client, report, name: str, content: bytes, content_type: str = "application/octet-stream"):
    url = reverse("programmes:report-evidence", args=[report.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content, content_type=content_type)})


@pytest.mark.parametrize(
    ("_case", "name", "content", "kind", "served_as"),
    [
        ("pdf", "Quyết định 125.pdf", PDF_BYTES, ReportEvidence.Kind.FILE, "application/pdf"),
        (
            "docx",
            "Báo cáo.docx",
            docx_bytes(),
            ReportEvidence.Kind.FILE,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("png photo", "ảnh hiện trường.png", PNG_BYTES, ReportEvidence.Kind.PHOTO, "image/png"),
    ],
)
def test_an_officer_attaches_a_file_and_the_task_scope_downloads_it(
    client, users_by_role, draft_report, media, _case, name, content, kind, served_as
):
    # given the officer of the lead unit
    client.force_login(users_by_role["unit_officer"])
    # when they upload the file
    response = upload(client, draft_report, name, content)
    # then it is stored under MEDIA_ROOT with its name as the caption, its kind known, and an audit row
    assert response.status_code == 302
    evidence = ReportEvidence.objects.get(report=draft_report)
    assert (evidence.caption, evidence.kind) == (name, kind)
    assert (media / evidence.file.name).read_bytes() == content
    assert AuditEvent.objects.filter(action="report.evidence_add").count() == 1
    # and the unit head (who sees the task) downloads it with safe headers
    client.force_login(users_by_role["unit_head"])
    download = client.get(reverse("programmes:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == served_as
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("inline" if served_as.startswith("image/") else "attachment")
    assert b"".join(download.streaming_content) == content


def test_a_file_of_another_type_is_refused_by_its_content_naming_the_file(
    client, users_by_role, draft_report, media
):
    # given an HTML page sent under a PDF name and type
    name = "bao-cao.pdf"
    client.force_login(users_by_role["unit_officer"])
    # when it is uploaded
    response = upload(
        client, draft_report, name, b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    # then it is refused in Vietnamese, naming the file, and nothing is stored
    assert response.status_code == 200
    assert f"Tệp “{name}” không phải PDF" in response.content.decode()
    assert not ReportEvidence.objects.exists()
    assert not list(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("_case", "limits", "name", "content", "message"),
    [
        (
            "document over the file limit",
            {"EVIDENCE_MAX_FILE_BYTES": 100},
            "lớn.pdf",
            PDF_BYTES * 5,
            "Tệp “lớn.pdf”",
        ),
        (
            "photo over the image limit",
            {"EVIDENCE_MAX_IMAGE_BYTES": 50},
            "ảnh.png",
            PNG_BYTES,
            "Ảnh “ảnh.png”",
        ),
    ],
)
def test_an_oversized_file_is_refused(
    client, users_by_role, draft_report, media, settings, _case, limits, name, content, message
):
    # given limits smaller than the file
    for key, value in limits.items():
        setattr(settings, key, value)
    client.force_login(users_by_role["unit_officer"])
    # when it is uploaded
    response = upload(client, draft_report, name, content)
    # then it is refused, naming the file and the limit, and nothing is stored
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "vượt giới hạn" in response.content.decode()
    assert not ReportEvidence.objects.exists()


def test_a_download_outside_the_task_scope_is_404(client, users_by_role, other_commune, media):
    # given evidence on a report of another commune's task
    from tests.factories.accounts import user_with_role

    other_officer = user_with_role("unit_officer", other_commune, username="other_officer")
    task = make_task(lead_unit=other_commune, original_deadline=FAR_DEADLINE)
    report = report_submit(actor=other_officer, task=task, percent=10, draft=True)
    client.force_login(other_officer)
    upload(client, report, "kế hoạch.pdf", PDF_BYTES)
    evidence = ReportEvidence.objects.get(report=report)
    # when the officer and head of An Nhơn ask for it
    answers = {}
    for role in ("unit_officer", "unit_head"):
        client.force_login(users_by_role[role])
        answers[role] = client.get(reverse("programmes:evidence-download", args=[evidence.pk])).status_code
    # then it does not exist for them
    assert answers == {"unit_officer": 404, "unit_head": 404}


def test_evidence_cannot_be_added_to_a_report_another_role_acts_on(
    client, users_by_role, draft_report, media
):
    # given the unit head, who sees the task but does not report on it
    client.force_login(users_by_role["unit_head"])
    # when they try to upload
    response = upload(client, draft_report, "x.pdf", PDF_BYTES)
    # then it is forbidden
    assert response.status_code == 403
    assert not ReportEvidence.objects.exists()


# ---- drafts and "copy last period" ----------------------------------------------------------------------


@pytest.fixture
def own_task(commune):
    return make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)


def test_autosave_creates_then_updates_one_draft_and_reopening_the_form_restores_it(
    client, users_by_role, own_task, frozen_today
):
    # given the officer typing in the report form
    officer = users_by_role["unit_officer"]
    client.force_login(officer)
    url = reverse("programmes:report-draft", args=[own_task.pk])
    first_text, second_text = "Đã khảo sát 20 xã", "Đã khảo sát 35 xã"
    # when the form autosaves twice
    first = client.post(url, {"percent": 20, "result": first_text}, HTTP_HX_REQUEST="true")
    second = client.post(url, {"percent": 35, "result": second_text}, HTTP_HX_REQUEST="true")
    # then one draft holds the latest text and the answer says when it was saved (12:00 in Vietnam)
    drafts = ProgressReport.objects.filter(task=own_task, state=ProgressReport.State.DRAFT)
    assert [(d.percent, d.result) for d in drafts] == [(35, second_text)]
    assert "Đã lưu nháp lúc 12:00" in first.content.decode()
    assert "Đã lưu nháp lúc 12:00" in second.content.decode()
    assert AuditEvent.objects.filter(action="report.draft_save").count() == 1
    # and reopening the form gives it back
    restored = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert second_text in restored
    assert 'value="35"' in restored
    assert "Đã khôi phục bản nháp" in restored


def test_a_draft_is_spent_once_the_officer_submits_a_report(client, users_by_role, own_task, frozen_today):
    # given a draft, then a submitted report
    officer = users_by_role["unit_officer"]
    client.force_login(officer)
    url = reverse("programmes:report-draft", args=[own_task.pk])
    client.post(url, {"percent": 20, "result": "Nháp cũ"}, HTTP_HX_REQUEST="true")
    frozen_today.shift(dt.timedelta(minutes=5))
    report_submit(actor=officer, task=own_task, percent=30, result="Đã gửi")
    # when the form is reopened
    page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    # then the old draft is not restored
    assert "Nháp cũ" not in page


def test_sending_turns_the_draft_into_the_submitted_report_with_its_evidence(
    client, users_by_role, own_task, frozen_today, media
):
    # given a draft with an evidence file
    officer = users_by_role["unit_officer"]
    client.force_login(officer)
    client.post(reverse("programmes:report-draft", args=[own_task.pk]), {"percent": 20, "result": "Nháp"})
    draft = ProgressReport.objects.get()
    upload(client, draft, "kế hoạch.pdf", PDF_BYTES)
    # when the officer sends the form
    response = client.post(
        reverse("programmes:report-send", args=[own_task.pk]), {"percent": 60, "result": "Đã triển khai"}
    )
    # then the draft itself is the submitted report, still carrying its evidence
    assert response.status_code == 302
    sent = ProgressReport.objects.get()
    assert (sent.pk, sent.state, sent.percent, sent.result) == (
        draft.pk,
        ProgressReport.State.SUBMITTED,
        60,
        "Đã triển khai",
    )
    assert sent.evidence.count() == 1
    assert AuditEvent.objects.filter(action="report.draft_send").count() == 1


def test_sending_a_completion_without_its_evidence_document_is_refused(client, users_by_role, own_task):
    # given a draft
    client.force_login(users_by_role["unit_officer"])
    client.post(reverse("programmes:report-draft", args=[own_task.pk]), {"percent": 90})
    # when it is sent as complete without the document's number and date
    response = client.post(reverse("programmes:report-send", args=[own_task.pk]), {"percent": 100})
    # then it stays a draft and the form says why
    assert "Báo cáo hoàn thành phải có số, ký hiệu" in response.content.decode()
    assert ProgressReport.objects.get().state == ProgressReport.State.DRAFT


def test_an_invalid_autosave_saves_nothing_and_says_so(client, users_by_role, own_task):
    # given a percent out of range
    client.force_login(users_by_role["unit_officer"])
    # when the form autosaves
    response = client.post(reverse("programmes:report-draft", args=[own_task.pk]), {"percent": 140})
    # then
    assert "Chưa lưu được nháp" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_copy_last_period_prefills_from_the_units_latest_sent_report(
    client, users_by_role, own_task, frozen_today
):
    # given two sent reports and a later draft
    officer = users_by_role["unit_officer"]
    report_submit(actor=officer, task=own_task, percent=20, result="Quý I", difficulties="Thiếu kinh phí")
    frozen_today.shift(dt.timedelta(days=1))
    report_submit(
        actor=officer,
        task=own_task,
        percent=40,
        result="Quý II",
        difficulties="Thiếu nhân lực",
        proposals="Bổ sung biên chế",
    )
    report_submit(actor=officer, task=own_task, percent=45, result="Nháp quý III", draft=True)
    client.force_login(officer)
    # when "copy last period" is pressed
    page = client.get(reverse("programmes:report-copy-last", args=[own_task.pk]), HTTP_HX_REQUEST="true")
    text = page.content.decode()
    # then the latest sent report's texts fill the form, not the draft's nor the older report's
    assert ("Quý II" in text, "Thiếu nhân lực" in text, "Bổ sung biên chế" in text) == (True, True, True)
    assert "Nháp quý III" not in text
    assert "Thiếu kinh phí" not in text


def test_copy_last_period_without_a_previous_report_says_so(client, users_by_role, own_task):
    client.force_login(users_by_role["unit_officer"])
    page = client.get(reverse("programmes:report-copy-last", args=[own_task.pk]), HTTP_HX_REQUEST="true")
    assert "Chưa có báo cáo kỳ trước để chép." in page.content.decode()


# ---- one form for several tasks ----------------------------------------------------------------------------


def test_several_tasks_are_reported_in_one_form(client, users_by_role, commune, other_commune):
    # given two open tasks of the officer's commune, a confirmed-looking one elsewhere
    first = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)
    second = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)
    elsewhere = make_task(lead_unit=other_commune, original_deadline=FAR_DEADLINE)
    client.force_login(users_by_role["unit_officer"])
    url = reverse("programmes:reports-several")
    # when the page opens, then it lists only the commune's tasks
    page = client.get(url).content.decode()
    assert (first.code in page, second.code in page, elsewhere.code in page) == (True, True, False)
    # when the officer fills the first two rows
    response = client.post(
        url,
        {
            f"task-{first.pk}-percent": 60,
            f"task-{first.pk}-result": "Đã tập huấn",
            f"task-{second.pk}-percent": 30,
            f"task-{second.pk}-result": "",
        },
    )
    # then both reports are submitted, each with its audit row
    assert response.status_code == 302
    sent = ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED).order_by("task_id")
    assert [(r.task_id, r.percent, r.result) for r in sent] == [
        (first.pk, 60, "Đã tập huấn"),
        (second.pk, 30, ""),
    ]
    assert AuditEvent.objects.filter(action="report.submit").count() == 2


def test_a_refused_row_saves_none_and_shows_its_reason_on_its_row(client, users_by_role, commune):
    # given two tasks; the second is reported complete without the evidence a completion needs
    first = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)
    second = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE)
    client.force_login(users_by_role["unit_officer"])
    # when both rows are sent
    response = client.post(
        reverse("programmes:reports-several"),
        {f"task-{first.pk}-percent": 50, f"task-{second.pk}-percent": 100},
    )
    # then nothing is saved and the refused row says why
    text = response.content.decode()
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()
    assert "Chưa lưu báo cáo nào" in text
    assert "Báo cáo hoàn thành phải có số, ký hiệu" in text.split(f'id="row-{second.pk}"')[1]


@pytest.mark.parametrize(
    ("_case", "row", "message"),
    [
        ("percent out of range", {"percent": 140}, 'class="errorlist'),
        ("result without a percent", {"result": "Đã làm"}, "Nhập tiến độ (%) để báo cáo nhiệm vụ này."),
    ],
)
def test_a_badly_filled_row_is_shown_on_its_row(client, users_by_role, own_task, _case, row, message):
    client.force_login(users_by_role["unit_officer"])
    body = {f"task-{own_task.pk}-{key}": value for key, value in row.items()}
    response = client.post(reverse("programmes:reports-several"), body)
    row_html = response.content.decode().split(f'id="row-{own_task.pk}"')[1]
    assert message in row_html
    assert not ProgressReport.objects.exists()


# ---- coordinating units' input -------------------------------------------------------------------------------


@pytest.fixture
def coordinated(users_by_role, commune, other_commune, frozen_today):
    """A task of An Nhơn coordinated by Quy Nhơn, a draft report on it, and an officer of Quy Nhơn."""
    from tests.factories.accounts import user_with_role

    task = make_task(lead_unit=commune, original_deadline=FAR_DEADLINE, coordinating_units=[other_commune])
    report = report_submit(actor=users_by_role["unit_officer"], task=task, percent=40, draft=True)
    partner = user_with_role("unit_officer", other_commune, username="partner_officer")
    return task, report, partner


def test_the_lead_unit_asks_a_coordinating_unit_which_sends_its_input(
    client, users_by_role, other_commune, coordinated
):
    task, report, partner = coordinated
    input_text = "Phường Quy Nhơn đã hoàn thành phần dữ liệu dân cư."
    contributions_url = reverse("programmes:report-contributions", args=[report.pk])
    # given the lead unit's officer asking Quy Nhơn for input by 10/03/2026
    client.force_login(users_by_role["unit_officer"])
    asked = client.post(contributions_url, {"units": [other_commune.pk], "due_on": "10/03/2026"})
    assert asked.status_code == 302
    # then the report's page shows Quy Nhơn has not contributed yet
    waiting = client.get(contributions_url).content.decode()
    assert "Chưa góp ý" in waiting
    assert "Phường Quy Nhơn" in waiting
    # when the partner's officer opens the list and sends the text
    client.force_login(partner)
    listed = client.get(reverse("programmes:contribution-list")).content.decode()
    assert task.code in listed
    assert "10/03/2026" in listed
    contribution = ReportContribution.objects.get(report=report)
    sent = client.post(
        reverse("programmes:contribution-submit", args=[contribution.pk]), {"text": input_text}
    )
    assert sent.status_code == 302
    # then the report's page shows who contributed, with the text
    client.force_login(users_by_role["unit_officer"])
    page = client.get(contributions_url).content.decode()
    assert "Đã góp ý ngày 02/03/2026" in page
    assert input_text in page
    assert sorted(
        AuditEvent.objects.filter(action__startswith="contribution.").values_list("action", flat=True)
    ) == [
        "contribution.request",
        "contribution.submit",
    ]


@pytest.mark.parametrize(
    ("_case", "role"),
    [("lead unit officer", "unit_officer"), ("lead unit head", "unit_head"), ("secretariat", "secretariat")],
)
def test_only_officers_of_the_coordinating_unit_may_answer(
    client, users_by_role, other_commune, coordinated, _case, role
):
    # given a request to Quy Nhơn
    _task, report, _partner = coordinated
    contribution = ReportContribution.objects.create(
        report=report, unit=other_commune, due_on=dt.date(2026, 3, 10)
    )
    client.force_login(users_by_role[role])
    # when someone else answers it
    url = reverse("programmes:contribution-submit", args=[contribution.pk])
    answers = (client.get(url).status_code, client.post(url, {"text": "Không phải của tôi"}).status_code)
    # then the request does not exist for them and nothing is recorded
    assert answers == (404, 404)
    contribution.refresh_from_db()
    assert contribution.submitted_at is None


@pytest.mark.parametrize(
    ("_case", "body", "message"),
    [
        ("date in the past", {"due_on": "01/03/2026"}, "Hạn góp ý không được trước ngày hôm nay."),
        ("no unit", {"units": [], "due_on": "10/03/2026"}, 'class="errorlist'),
    ],
)
def test_a_request_needs_a_unit_and_a_date_not_past(
    client, users_by_role, other_commune, coordinated, _case, body, message
):
    _task, report, _partner = coordinated
    client.force_login(users_by_role["unit_officer"])
    data = {"units": [other_commune.pk], **body}
    response = client.post(reverse("programmes:report-contributions", args=[report.pk]), data)
    assert message in response.content.decode()
    assert not ReportContribution.objects.exists()


def test_a_unit_that_does_not_coordinate_cannot_be_asked(coordinated, users_by_role, department):
    from django.core.exceptions import ValidationError

    from chidao.apps.programmes.services.contributions import contributions_request

    _task, report, _partner = coordinated
    with pytest.raises(ValidationError, match="Không phải đơn vị phối hợp"):
        contributions_request(
            actor=users_by_role["unit_officer"],
            report=report,
            units=[department],
            due_on=dt.date(2026, 3, 10),
        )


def test_without_a_draft_the_form_is_left_as_it_is(client, users_by_role, own_task):
    # given an officer without a draft; when the form asks for it; then nothing is swapped in
    client.force_login(users_by_role["unit_officer"])
    response = client.get(reverse("programmes:report-draft", args=[own_task.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 204


def test_the_officers_of_an_asked_unit_are_notified_once_per_due_date(
    coordinated, users_by_role, other_commune
):
    import datetime as dt

    from chidao.apps.notifications.models import Notification
    from chidao.apps.programmes.services.contributions import contributions_request

    _task, report, partner = coordinated
    first_due = dt.date(2026, 3, 10)
    # when the lead unit asks Quy Nhơn twice with the same date, then once with a later date
    for due in (first_due, first_due, first_due + dt.timedelta(days=5)):
        contributions_request(
            actor=users_by_role["unit_officer"], report=report, units=[other_commune], due_on=due
        )
    # then the partner officer got exactly one notice per due date, linking to the requests page
    notices = Notification.objects.filter(recipient=partner, kind="task.contribution_request")
    assert notices.count() == 2
    assert all(n.link == "/programmes/contributions/" for n in notices)
    assert not Notification.objects.filter(recipient=users_by_role["unit_officer"]).exists()
