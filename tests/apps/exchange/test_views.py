"""The import pages: administrators only (404 for others), upload → preview → commit → result and downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from chidao.apps.accounts.models import User
from chidao.apps.exchange.models import ImportBatch
from tests.apps.exchange.helpers import ACCOUNT_HEADERS, upload_of, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD_ROW = ("Nguyễn Văn An", "an.nguyen", "an@gialai.gov.vn", "0912345678", "X001", "Cán bộ đơn vị")
BAD_ROW = ("Trần Thị Bình", "binh.tran", "binh@", "", "X002", "Cán bộ đơn vị")


def upload_page(client, content, name="tai-khoan.xlsx"):
    return client.post(reverse("exchange:upload"), {"importer": "accounts", "file": upload_of(content, name)})


@pytest.mark.parametrize("role", ["leader", "auditor", "unit_head", "unit_officer"])
def test_everyone_but_administrators_gets_404(client, users_by_role, communes, role):
    # Given a batch of the administrator and another role signed in
    client.force_login(users_by_role["administrator"])
    batch_url = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW])).url
    client.force_login(users_by_role[role])
    # When they open any import page / Then it does not exist for them
    assert client.get(reverse("exchange:upload")).status_code == 404
    assert client.get(reverse("exchange:importer-template", args=["accounts"])).status_code == 404
    assert client.get(batch_url).status_code == 404
    assert client.post(batch_url + "commit/").status_code == 404


def test_the_secretariat_imports_annexes_only(client, users_by_role, communes):
    # Given a batch of the administrator and the secretariat signed in (it may import a plan's annex)
    client.force_login(users_by_role["administrator"])
    batch_url = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW])).url
    client.force_login(users_by_role["secretariat"])
    # When it opens the import pages / Then it has the upload page, but not accounts nor others' batches
    assert client.get(reverse("exchange:upload")).status_code == 200
    assert client.get(reverse("exchange:importer-template", args=["accounts"])).status_code == 404
    assert client.get(batch_url).status_code == 404
    assert client.post(batch_url + "commit/").status_code == 404


def test_the_data_officer_imports_the_service_index_data_only(client, users_by_role, communes):
    # Given a batch of the administrator and the data officer signed in (the dossier, procedure, feedback files)
    client.force_login(users_by_role["administrator"])
    batch_url = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW])).url
    client.force_login(users_by_role["data_officer"])
    # When he opens the import pages / Then he has the upload page with his importers, but not accounts nor
    # another's batch
    page = client.get(reverse("exchange:upload"))
    assert page.status_code == 200
    choices = [value for value, _label in page.context["form"].fields["importer"].choices]
    assert "service_index_dossiers" in choices
    assert "accounts" not in choices
    assert client.get(reverse("exchange:importer-template", args=["accounts"])).status_code == 404
    assert client.get(batch_url).status_code == 404
    assert client.post(batch_url + "commit/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("exchange:upload"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_another_administrator_does_not_see_my_batch(client, admin, communes, province):
    from tests.factories.accounts import user_with_role

    client.force_login(admin)
    batch_url = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW])).url
    client.force_login(user_with_role("administrator", province, username="admin2"))
    assert client.get(batch_url).status_code == 404


def test_upload_preview_commit_and_download_once(client, admin, communes, django_capture_on_commit_callbacks):
    client.force_login(admin)
    # Given the upload page with the importer and its template
    page = client.get(reverse("exchange:upload"))
    assert page.status_code == 200
    assert "Tài khoản người dùng" in page.content.decode()
    template = client.get(reverse("exchange:importer-template", args=["accounts"]))
    header = [
        cell.value
        for cell in openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content))).active[5]
    ]
    assert header == list(ACCOUNT_HEADERS)
    # When a file is uploaded / Then the preview shows the counts and nothing is saved
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW]))
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "Kết quả xem trước" in preview
    assert "<strong>1</strong> mới" in preview
    assert "Nhập dữ liệu" in preview
    assert not User.objects.filter(username="an.nguyen").exists()
    # When committed / Then the account exists and the page offers the one-time sheet
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("exchange:batch-commit", args=[batch.pk])).status_code == 302
    assert User.objects.filter(username="an.nguyen").exists()
    result = client.get(response.url).content.decode()
    assert "Đã nhập" in result
    assert "Tải danh sách mật khẩu tạm thời (một lần)" in result
    # When the sheet is downloaded / Then it holds the password; a second time it is gone
    sheet_url = reverse("exchange:batch-one-time-sheet", args=[batch.pk])
    download = client.post(sheet_url)
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert download["Cache-Control"] == "no-store"
    rows = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    password = rows.cell(6, 5).value
    assert User.objects.get(username="an.nguyen").check_password(password)
    again = client.post(sheet_url, follow=True)
    assert "đã được tải xuống một lần" in again.content.decode()
    assert "Tải danh sách mật khẩu tạm thời (một lần)" not in again.content.decode()


def test_preview_lists_errors_with_row_and_column_and_the_reject_report(client, admin, communes):
    client.force_login(admin)
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW, BAD_ROW]))
    page = client.get(response.url).content.decode()
    # Then the error table names row 3 and column “Thư điện tử” (C), and commit is not offered
    assert "<td>3</td><td>Thư điện tử (C)</td><td>binh@</td>" in page
    assert "Có 1 dòng lỗi." in page
    batch = ImportBatch.objects.get()
    assert reverse("exchange:batch-commit", args=[batch.pk]) not in page
    report = client.get(reverse("exchange:batch-reject-report", args=[batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert sheet.cell(6, 2).value == "binh.tran"


def test_htmx_gets_only_the_issue_rows(client, admin, communes):
    client.force_login(admin)
    rows = [(f"Người {n}", f"nguoi{n}", "sai", "", "X001", "Cán bộ đơn vị") for n in range(60)]
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, *rows]))
    partial = client.get(response.url, {"part": "issues", "page": 2}, headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<h1>" not in text
    assert "Trang 2/2" in text


def test_upload_errors_stay_on_the_form(client, admin, communes):
    client.force_login(admin)
    content = "Hä vµ tªn,Tªn ®¨ng nhËp\nNguyÔn V¨n An,an\n".encode("latin-1")
    response = upload_page(client, content, "tai-khoan.csv")
    assert response.status_code == 200
    assert "Tệp dùng bảng mã cũ TCVN3 (ABC)" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_discard(client, admin, communes):
    client.force_login(admin)
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW]))
    batch = ImportBatch.objects.get()
    assert client.post(reverse("exchange:batch-discard", args=[batch.pk])).status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DISCARDED
    assert not batch.stored_file
    assert "Nhập dữ liệu</button>" not in client.get(response.url).content.decode()


def test_pages_have_no_inline_script_or_style(client, admin, communes):
    client.force_login(admin)
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW, BAD_ROW]))
    for page in (client.get(reverse("exchange:upload")), client.get(response.url)):
        html = page.content.decode()
        assert "<script>" not in html
        assert " style=" not in html
        assert "hx-on" not in html


def test_the_status_card_polls_while_the_job_runs_then_reloads_the_page(client, admin, communes):
    from chidao.apps.exchange import services

    client.force_login(admin)
    response = upload_page(client, xlsx_bytes([ACCOUNT_HEADERS, GOOD_ROW]))
    batch = ImportBatch.objects.get()
    # Given a committed batch whose job has not run yet
    services.import_batch_commit(actor=admin, batch=batch, enqueue=False)
    # When the page polls its status / Then it gets the polling card only
    card = client.get(response.url, {"part": "status"}, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in card.content.decode()
    assert "<h1>" not in card.content.decode()
    # When the batch is finished / Then the poll asks htmx to reload the whole page
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.APPLIED)
    done = client.get(response.url, {"part": "status"}, headers={"HX-Request": "true"})
    assert done.headers["HX-Refresh"] == "true"
