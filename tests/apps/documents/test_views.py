"""The documents pages: generate, follow the job, read the figures, download, record the number; scope and roles."""

from __future__ import annotations

import datetime as dt

import pytest

from chidao.apps.documents.models import GeneratedDocument
from chidao.apps.documents.services import briefing_request, document_mark_failed
from chidao.apps.jobs.runner import job_run
from tests.apps.documents.conftest import AS_OF

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


def ready_briefing(users_by_role, profile) -> GeneratedDocument:
    document = briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    job_run(document.job_id)
    document.refresh_from_db()
    return document


def test_the_secretariat_generates_a_briefing_and_follows_it(
    client, users_by_role, profile, today, django_capture_on_commit_callbacks
):
    client = signed_in(client, users_by_role["secretariat"])
    # given the form
    page = client.get("/documents/briefing/new/")
    assert page.status_code == 200
    assert "Ban Chỉ đạo (thử)" in page.content.decode()
    # when a date and the profile are sent (the job runs when the request's transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/documents/briefing/new/", {"as_of": "03/03/2026", "profile": profile.pk})
    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{document.pk}/"
    # then the document's page shows a draft, its figures, its downloads and the clerk's form
    html = client.get(response["Location"]).content.decode()
    assert "Dự thảo" in html
    assert "Số liệu trích dẫn trong văn bản" in html
    assert f"/documents/{document.pk}/download/docx/" in html
    assert f"/documents/{document.pk}/download/json/" in html
    assert 'id="issue"' in html
    # and the status card, asked by htmx once the job has ended, reloads the page
    status = client.get(f"/documents/{document.pk}/", {"part": "status"}, HTTP_HX_REQUEST="true")
    assert status["HX-Refresh"] == "true"


def test_a_running_document_polls_its_status(client, users_by_role, profile, today):
    document = briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    client = signed_in(client, users_by_role["leader"])
    html = client.get(
        f"/documents/{document.pk}/", {"part": "status"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "Đang chờ tạo" in html


def test_an_empty_briefing_form_says_what_is_missing(client, users_by_role, profile, today):
    response = signed_in(client, users_by_role["secretariat"]).post(
        "/documents/briefing/new/", {"profile": profile.pk}
    )
    assert response.status_code == 200
    assert "Chọn phiên họp hoặc ngày số liệu." in response.content.decode()


def test_urging_letters_lead_to_the_batchs_list(
    client, users_by_role, profile, overdue_tasks, today, django_capture_on_commit_callbacks
):
    client = signed_in(client, users_by_role["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/documents/urging/new/", {"as_of": "2026-03-03", "profile": profile.pk})
    letters = GeneratedDocument.objects.filter(kind=GeneratedDocument.Kind.URGING_LETTER)
    assert letters.count() == 2
    assert response["Location"] == f"/documents/?job={letters[0].job_id}"
    html = client.get(response["Location"]).content.decode()
    assert "Xã An Nhơn" in html
    assert "Phường Quy Nhơn" in html
    assert "every 2s" not in html  # both ready: the list no longer polls


def test_the_clerks_number_is_refused_when_taken_and_the_page_says_by_whom(
    client, users_by_role, profile, today
):
    first, second = ready_briefing(users_by_role, profile), ready_briefing(users_by_role, profile)
    client = signed_in(client, users_by_role["secretariat"])
    assert (
        client.post(f"/documents/{first.pk}/issue/", {"number": "5", "issued_on": "04/03/2026"}).status_code
        == 302
    )
    response = client.post(f"/documents/{second.pk}/issue/", {"number": "5", "issued_on": "05/03/2026"})
    assert response.status_code == 200
    assert f"Số 05/BC-BCĐ năm 2026 đã được dùng cho văn bản “{first.title}”" in response.content.decode()
    first.refresh_from_db()
    assert (first.issued_number, first.issued_on) == (5, dt.date(2026, 3, 4))
    assert "05/BC-BCĐ" in client.get("/documents/").content.decode()


def test_a_failed_document_offers_a_retry(
    client, users_by_role, profile, today, django_capture_on_commit_callbacks
):
    document = briefing_request(
        actor=users_by_role["secretariat"], meeting=None, as_of=AS_OF, profile=profile, enqueue=False
    )
    document_mark_failed(document_id=document.pk, error="Lỗi khi tạo văn bản: OSError: đĩa đầy")
    client = signed_in(client, users_by_role["secretariat"])
    html = client.get(f"/documents/{document.pk}/").content.decode()
    assert "OSError: đĩa đầy" in html
    assert f'action="/documents/{document.pk}/retry/"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/documents/{document.pk}/retry/")
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == GeneratedDocument.State.READY


def test_leaders_read_but_do_not_manage(client, users_by_role, profile, today):
    document = ready_briefing(users_by_role, profile)
    client = signed_in(client, users_by_role["leader"])
    html = client.get(f"/documents/{document.pk}/").content.decode()
    assert 'id="issue"' not in html
    assert (
        client.post(
            f"/documents/{document.pk}/issue/", {"number": "1", "issued_on": "04/03/2026"}
        ).status_code
        == 403
    )
    assert client.get(f"/documents/{document.pk}/download/docx/").status_code == 200


def test_unit_staff_see_their_letter_only(
    client, users_by_role, profile, overdue_tasks, commune, other_commune, today
):
    from chidao.apps.documents.services import urging_letters_request

    urging_letters_request(actor=users_by_role["secretariat"], as_of=AS_OF, profile=profile, enqueue=False)
    own = GeneratedDocument.objects.get(unit=commune)
    other = GeneratedDocument.objects.get(unit=other_commune)
    client = signed_in(client, users_by_role["unit_officer"])
    html = client.get("/documents/").content.decode()
    assert own.title in html
    assert other.title not in html
    assert client.get(f"/documents/{own.pk}/").status_code == 200
    assert client.get(f"/documents/{other.pk}/").status_code == 404
    assert client.post(f"/documents/{own.pk}/retry/").status_code == 403
    assert client.get(f"/documents/{own.pk}/download/exe/").status_code == 404
