"""Requesting, generating, retrying and numbering documents, in the small fixture world: the job builds the files,
a failure keeps its message and can be retried, numbers are unique within the year's series."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from chidao.apps.accounts.models import RoleAssignment
from chidao.apps.audit.models import AuditEvent
from chidao.apps.documents import services
from chidao.apps.documents.generation import GenerationFailed
from chidao.apps.documents.models import GeneratedDocument
from chidao.apps.documents.selectors import documents_visible_to, effective_state
from chidao.apps.jobs.models import Job
from chidao.apps.jobs.runner import job_run
from chidao.core.documents.model import document_from_json
from tests.apps.documents.conftest import AS_OF
from tests.apps.documents.files import docx_text, docx_texts, pdf_text

pytestmark = pytest.mark.django_db


def generate(document: GeneratedDocument) -> GeneratedDocument:
    job_run(document.job_id)
    document.refresh_from_db()
    return document


def briefing(users_by_role, profile, as_of=AS_OF) -> GeneratedDocument:
    return generate(
        services.briefing_request(
            actor=users_by_role["secretariat"], meeting=None, as_of=as_of, profile=profile, enqueue=False
        )
    )


def test_a_briefing_is_generated_by_one_job_with_its_files(users_by_role, profile, today):
    # when the secretariat asks for a briefing as of 03/03/2026 and its job runs
    document = services.briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    assert document.state == GeneratedDocument.State.QUEUED
    job = Job.objects.get(pk=document.job_id)
    assert (job.kind, job.parameters) == ("documents.generate", {"document_ids": [document.pk]})
    document = generate(document)

    # then it is a draft with its report model and three files, and the job reported its steps
    assert document.state == GeneratedDocument.State.READY
    assert document.title == "Báo cáo: Tình hình, kết quả thực hiện nhiệm vụ đến ngày 03/03/2026"
    model = document_from_json(document.model_json)
    assert model.header.number_line.endswith("/BC-BCĐ")
    assert all(getattr(document, name) for name in ("docx", "pdf", "xlsx"))
    assert "BAN CHỈ ĐẠO THỬ NGHIỆM" in docx_text(document.docx.read())
    assert "Chưa có nhiệm vụ nào được giao đến ngày 03/03/2026." in pdf_text(document.pdf.read())
    job.refresh_from_db()
    assert (job.state, job.progress) == (Job.State.SUCCEEDED, 100)
    assert job.message == "Đã tạo 1 văn bản"
    # and each step left its audit row
    actions = set(AuditEvent.objects.filter(object_id=str(document.pk)).values_list("action", flat=True))
    assert {"document.briefing_request", "document.generate_start", "document.generate"} <= actions


def test_only_the_secretariat_requests_documents(users_by_role, profile, today):
    for role in ("leader", "auditor", "administrator", "unit_officer"):
        with pytest.raises(PermissionDenied):
            services.briefing_request(actor=users_by_role[role], meeting=None, as_of=AS_OF, profile=profile)


def test_figures_of_a_day_not_yet_come_are_refused(users_by_role, profile, today):
    with pytest.raises(ValidationError, match="chưa đến"):
        services.briefing_request(
            actor=users_by_role["secretariat"], meeting=None, as_of=dt.date(2026, 12, 31), profile=profile
        )


def test_urging_letters_go_to_each_unit_with_overdue_tasks_in_one_job(
    users_by_role, profile, overdue_tasks, commune, other_commune, today
):
    # when the secretariat asks for the urging letters as of 03/03/2026
    letters = services.urging_letters_request(
        actor=users_by_role["secretariat"], as_of=AS_OF, profile=profile, enqueue=False
    )
    # then there is one per commune, one job for both, each due back 5 working days after today (10/03)
    assert {letter.unit_id for letter in letters} == {commune.pk, other_commune.pk}
    assert len({letter.job_id for letter in letters}) == 1
    assert {letter.reply_by for letter in letters} == {dt.date(2026, 3, 17)}
    job_run(letters[0].job_id)
    letter = GeneratedDocument.objects.get(unit=commune)
    assert letter.state == GeneratedDocument.State.READY
    assert letter.symbol == "BCĐ-SKHCN"
    model = document_from_json(letter.model_json)
    assert model.addressees == ("Xã An Nhơn",)
    assert model.header.subject_line == "V/v đôn đốc thực hiện nhiệm vụ quá hạn"
    text = pdf_text(letter.pdf.read())
    assert "Kính gửi: Xã An Nhơn" in text
    assert overdue_tasks["commune"].code in text
    assert "trước ngày 17/03/2026" in text
    assert letter.title == "Đôn đốc thực hiện nhiệm vụ quá hạn: Xã An Nhơn"


def test_urging_letters_for_one_unit_or_none(users_by_role, profile, overdue_tasks, commune, province, today):
    letters = services.urging_letters_request(
        actor=users_by_role["secretariat"], as_of=AS_OF, profile=profile, unit_ids=[commune.pk], enqueue=False
    )
    assert [letter.unit_id for letter in letters] == [commune.pk]
    with pytest.raises(ValidationError):
        services.urging_letters_request(
            actor=users_by_role["secretariat"], as_of=AS_OF, profile=profile, unit_ids=[province.pk]
        )
    with pytest.raises(ValidationError, match="không có đơn vị chủ trì nào"):
        services.urging_letters_request(
            actor=users_by_role["secretariat"], as_of=dt.date(2026, 1, 5), profile=profile
        )


def test_a_failed_job_leaves_the_document_failed_and_a_retry_works(users_by_role, profile, today):
    # given a briefing requested by the secretariat, whose role ends before the job runs
    secretariat = users_by_role["secretariat"]
    document = services.briefing_request(
        actor=secretariat, meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    assignment = RoleAssignment.objects.get(user=secretariat, role="secretariat")
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_to=today)

    # when the job runs, it fails: the requester may no longer read the figures
    with pytest.raises(GenerationFailed):
        job_run(document.job_id)
    document.refresh_from_db()

    # then the document is failed with its message, and so is the job
    assert document.state == GeneratedDocument.State.FAILED
    assert "Lỗi khi tạo văn bản: PermissionDenied" in document.error
    assert Job.objects.get(pk=document.job_id).state == Job.State.FAILED

    # when the role is given back and the secretariat retries
    RoleAssignment.objects.filter(pk=assignment.pk).update(valid_to=None)
    secretariat.refresh_from_db()
    retried = services.document_retry(actor=secretariat, document=document, enqueue=False)
    assert retried.job_id != document.job_id
    generate(retried)

    # then the document is ready and its error is gone
    assert (retried.state, retried.error) == (GeneratedDocument.State.READY, "")
    with pytest.raises(ValidationError, match="Chỉ tạo lại được văn bản bị lỗi"):
        services.document_retry(actor=secretariat, document=retried, enqueue=False)


def test_a_document_whose_job_died_counts_as_failed(users_by_role, profile, today):
    document = services.briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    Job.objects.filter(pk=document.job_id).update(
        state=Job.State.FAILED, message="Tiến trình xử lý bị dừng đột ngột"
    )
    document.refresh_from_db()
    assert effective_state(document) == GeneratedDocument.State.FAILED
    retried = generate(
        services.document_retry(actor=users_by_role["secretariat"], document=document, enqueue=False)
    )
    assert retried.state == GeneratedDocument.State.READY


def test_a_ready_document_is_not_rebuilt_by_a_rerun_of_its_job(users_by_role, profile, today):
    document = briefing(users_by_role, profile)
    model = document.model_json
    Job.objects.filter(pk=document.job_id).update(state=Job.State.QUEUED)
    job_run(document.job_id)
    document.refresh_from_db()
    assert (document.state, document.model_json) == (GeneratedDocument.State.READY, model)
    assert Job.objects.get(pk=document.job_id).message == "Không có văn bản nào cần tạo"


# ---- the clerk's number -------------------------------------------------------------------------------------


def test_recording_the_number_stamps_the_files(users_by_role, profile, today):
    document = briefing(users_by_role, profile)
    issued = services.document_record_issue(
        actor=users_by_role["secretariat"], document=document, number=5, issued_on=dt.date(2026, 3, 4)
    )
    assert (issued.state, issued.issued_number, issued.issued_year) == (
        GeneratedDocument.State.ISSUED,
        5,
        2026,
    )
    texts = docx_texts(issued.docx.read())
    assert "Số: 05/BC-BCĐ" in texts
    assert "Gia Lai, ngày 04 tháng 3 năm 2026" in texts
    assert "Số: 05/BC-BCĐ" in pdf_text(issued.pdf.read())
    assert document_from_json(issued.model_json).header.number_line == "Số: 05/BC-BCĐ"


def test_a_number_is_unique_within_the_years_series(users_by_role, profile, today):
    clerk = users_by_role["secretariat"]
    first = services.document_record_issue(
        actor=clerk, document=briefing(users_by_role, profile), number=5, issued_on=dt.date(2026, 3, 4)
    )
    second = briefing(users_by_role, profile)

    # when the same number is given again in 2026, the message names the document holding it
    with pytest.raises(ValidationError) as refused:
        services.document_record_issue(actor=clerk, document=second, number=5, issued_on=dt.date(2026, 3, 5))
    message = " ".join(refused.value.messages)
    assert f"Số 05/BC-BCĐ năm 2026 đã được dùng cho văn bản “{first.title}” (mã {first.pk})" in message
    second.refresh_from_db()
    assert (second.state, second.issued_number) == (GeneratedDocument.State.READY, None)

    # and the next number is fine, as is the same number in the series of another year
    assert services.document_record_issue(
        actor=clerk, document=second, number=6, issued_on=dt.date(2026, 3, 5)
    )
    third = briefing(users_by_role, profile, as_of=dt.date(2025, 12, 30))
    with time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        services.document_record_issue(actor=clerk, document=third, number=5, issued_on=dt.date(2027, 1, 4))


def test_only_a_draft_or_issued_document_gets_a_number(users_by_role, profile, today):
    document = services.briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    with pytest.raises(ValidationError, match="chưa tạo xong"):
        services.document_record_issue(
            actor=users_by_role["secretariat"], document=document, number=1, issued_on=dt.date(2026, 3, 4)
        )
    ready = generate(document)
    with pytest.raises(ValidationError, match="không được sau"):
        services.document_record_issue(
            actor=users_by_role["secretariat"], document=ready, number=1, issued_on=dt.date(2026, 3, 11)
        )
    with pytest.raises(PermissionDenied):
        services.document_record_issue(
            actor=users_by_role["leader"], document=ready, number=1, issued_on=dt.date(2026, 3, 4)
        )


# ---- who sees what -----------------------------------------------------------------------------------------


def test_unit_staff_see_only_the_letters_to_their_unit(users_by_role, profile, overdue_tasks, commune, today):
    services.urging_letters_request(
        actor=users_by_role["secretariat"], as_of=AS_OF, profile=profile, enqueue=False
    )
    report = services.briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    everything = set(GeneratedDocument.objects.values_list("pk", flat=True))
    for role in ("leader", "secretariat", "auditor", "administrator"):
        assert set(documents_visible_to(users_by_role[role]).values_list("pk", flat=True)) == everything
    own_letter = GeneratedDocument.objects.get(unit=commune).pk
    for role in ("unit_head", "unit_officer", "data_officer"):
        assert list(documents_visible_to(users_by_role[role]).values_list("pk", flat=True)) == [own_letter]
    assert report.pk not in documents_visible_to(users_by_role["unit_officer"]).values_list("pk", flat=True)
