"""The accounts importer end to end: 135 communes, re-import updates, every error reported, one-time passwords."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.audit.models import AuditEvent
from chidao.apps.exchange import exports, services
from chidao.apps.exchange.messages import MESSAGE_PLAN_MOVED
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import importer_by_code
from tests.apps.exchange.helpers import accounts_file

pytestmark = pytest.mark.django_db

ACCOUNTS = importer_by_code("accounts")


def upload(admin, file, importer=ACCOUNTS):
    return services.import_batch_upload(actor=admin, importer=importer, upload=file)


def stored_uploads(settings):
    folder = settings.MEDIA_ROOT / "imports"
    return sorted(folder.iterdir()) if folder.exists() else []


def commit(admin, batch, django_capture_on_commit_callbacks):
    # The job is handed to the (immediate, in tests) worker when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_batch_commit(actor=admin, batch=batch)
    batch.refresh_from_db()
    return outcome


def commune_rows(communes, first=1):
    """One officer per commune; half the units written by code, half by current name without diacritics."""
    rows = []
    for number, unit in enumerate(communes, start=first):
        unit_text = unit.code if number % 2 else unit.name.replace("Xã Thử Nghiệm Số", "xa thu nghiem so")
        rows.append(
            (
                f"Nguyễn Văn {number}",
                f"xa{number:03d}.canbo",
                f"xa{number:03d}@gialai.gov.vn",
                f"0912 345 {number:03d}",
                unit_text,
                "Cán bộ đơn vị",
            )
        )
    return rows


def test_one_officer_account_per_commune_for_135_communes(
    admin, communes, django_capture_on_commit_callbacks
):
    # Given a file with one officer for each of the 135 communes
    file = accounts_file(commune_rows(communes), title="DANH SÁCH TÀI KHOẢN CÁN BỘ XÃ")
    # When it is uploaded
    batch = upload(admin, file)
    # Then the preview counts 135 new accounts and nothing is written yet
    assert batch.state == ImportBatch.State.PREVIEWED
    assert batch.counts_summary == "135 mới / 0 thay đổi / 0 không đổi / 0 lỗi"
    assert batch.header_row == 3
    assert not User.objects.filter(username__startswith="xa").exists()
    # When the administrator commits
    outcome = commit(admin, batch, django_capture_on_commit_callbacks)
    # Then the job created 135 accounts that must change their password, each on its commune
    assert outcome.started
    assert batch.state == ImportBatch.State.APPLIED
    assert batch.job.state == "succeeded"
    assert batch.summary == {"created": 135, "updated": 0}
    created = User.objects.filter(username__startswith="xa").order_by("username")
    assert created.count() == 135
    assert all(user.must_change_password for user in created)
    first = created.first()
    assert (first.full_name, first.email, first.phone, first.unit) == (
        "Nguyễn Văn 1",
        "xa001@gialai.gov.vn",
        "0912345001",
        communes[0],
    )
    assignments = RoleAssignment.objects.filter(user__in=created, role="unit_officer", valid_to=None)
    assert sorted(a.unit_id for a in assignments) == sorted(unit.pk for unit in communes)
    assert AuditEvent.objects.filter(action="user.create").count() == 135
    assert AuditEvent.objects.filter(action="import.apply", object_id=str(batch.pk)).count() == 1


def test_temporary_passwords_are_handed_over_once(admin, communes, django_capture_on_commit_callbacks):
    # Given an applied import of three accounts
    batch = upload(admin, accounts_file(commune_rows(communes[:3])))
    commit(admin, batch, django_capture_on_commit_callbacks)
    # When the administrator takes the one-time sheet
    sheet = services.import_one_time_sheet_take(actor=admin, batch=batch)
    # Then it lists each account with a password that signs in, and the sheet is gone from the database
    assert sheet.columns[-1] == "Mật khẩu tạm thời"
    assert len(sheet.rows) == 3
    for _name, username, _unit, role, password in sheet.rows:
        assert User.objects.get(username=username).check_password(password)
        assert role == "Cán bộ đơn vị"
    batch.refresh_from_db()
    assert batch.secret_result == ""
    assert batch.secret_taken_at is not None
    assert AuditEvent.objects.filter(action="import.secrets_taken").count() == 1
    # And its .xlsx form carries the passwords as text
    workbook = openpyxl.load_workbook(io.BytesIO(exports.one_time_sheet_xlsx(sheet)))
    assert workbook.active.cell(6, 5).value == sheet.rows[0][4]
    # When asked a second time / Then it is refused
    with pytest.raises(ValidationError, match="đã được tải xuống một lần"):
        services.import_one_time_sheet_take(actor=admin, batch=batch)


def test_only_the_importing_administrator_gets_the_sheet(admin, communes, django_capture_on_commit_callbacks):
    from tests.factories.accounts import user_with_role

    batch = upload(admin, accounts_file(commune_rows(communes[:1])))
    commit(admin, batch, django_capture_on_commit_callbacks)
    other_admin = user_with_role("administrator", communes[0].parent, username="admin2")
    with pytest.raises(ValidationError, match="Chỉ người đã nhập tệp"):
        services.import_one_time_sheet_take(actor=other_admin, batch=batch)


def test_reimport_updates_instead_of_duplicating(admin, communes, django_capture_on_commit_callbacks):
    # Given three accounts imported earlier
    rows = commune_rows(communes[:3])
    commit(admin, upload(admin, accounts_file(rows)), django_capture_on_commit_callbacks)
    today = timezone.localdate()
    # When a file with the same usernames (other case) changes one e-mail, moves one officer and promotes him
    changed = [
        rows[0],
        (rows[1][0], rows[1][1].upper(), "moi@gialai.gov.vn", *rows[1][3:]),
        (rows[2][0], rows[2][1], rows[2][2], rows[2][3], communes[10].code, "Lãnh đạo đơn vị"),
    ]
    batch = upload(admin, accounts_file(changed))
    # Then the preview says 2 changed and 1 unchanged
    assert batch.counts_summary == "0 mới / 2 thay đổi / 1 không đổi / 0 lỗi"
    commit(admin, batch, django_capture_on_commit_callbacks)
    # And after commit there are still three accounts, updated in place
    assert User.objects.filter(username__startswith="xa").count() == 3
    assert batch.summary == {"created": 0, "updated": 2}
    assert batch.secret_result == ""
    assert User.objects.get(username="xa002.canbo").email == "moi@gialai.gov.vn"
    moved = User.objects.get(username="xa003.canbo")
    assert moved.unit == communes[10]
    in_force = RoleAssignment.objects.valid_on(today).filter(user=moved)
    assert [(a.role, a.unit_id) for a in in_force] == [("unit_head", communes[10].pk)]
    ended = RoleAssignment.objects.get(user=moved, role="unit_officer")
    assert (ended.unit_id, ended.valid_to) == (communes[2].pk, today)
    assert AuditEvent.objects.filter(action="user.import_update").count() == 2


def test_all_errors_are_reported_and_nothing_is_saved(admin, communes, province):
    from tests.factories.organisation import CommuneUnitFactory

    # Given a ward with the same bare name as a commune, and a file with one good row and many bad ones
    CommuneUnitFactory(parent=province, code="P001", name="Phường Thử Nghiệm Số 1")
    rows = [
        ("Nguyễn Văn An", "an.nguyen", "an@gialai.gov.vn", "0912345678", "X001", "Cán bộ đơn vị"),
        ("", "binh", "binh@", "12345", "Không Có Xã Này", "Giám đốc"),
        ("Lê Văn Cường", "cuong", "", "", "Thử Nghiệm Số 1", "Cán bộ đơn vị"),
        ("NguyÔn V¨n Dòng", "dung", "", "", "X002", "Lãnh đạo đơn vị"),
        ("Trần Thị E", "AN.NGUYEN", "", "", "X003", "Cán bộ đơn vị"),
        ("Lãnh Đạo", "leader", "", "", "X004", "Cán bộ đơn vị"),
    ]
    # When it is uploaded
    batch = upload(admin, accounts_file(rows))
    # Then every error is listed with its row and column header, and the file cannot be committed
    messages = [
        issue.message if issue.row_number is None else f"{issue.row_number}|{issue.column}|{issue.message}"
        for issue in batch.issues.all()
    ]
    assert messages[0].startswith("Tệp dùng bảng mã cũ TCVN3 (ABC) (1 ô, ví dụ dòng 5, cột “Họ và tên”")
    assert messages[1:] == [
        "3|Họ và tên|Không được để trống.",
        "3|Thư điện tử|Địa chỉ thư điện tử “binh@” không hợp lệ.",
        "3|Điện thoại|Số điện thoại “12345” không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định), bắt đầu bằng 0 hoặc +84.",
        "3|Đơn vị (mã hoặc tên hiện hành)|Không tìm thấy đơn vị “Không Có Xã Này” (theo mã hoặc tên hiện hành).",
        "3|Vai trò|“Giám đốc” không có trong danh sách: chọn một trong “Cán bộ đơn vị”, “Lãnh đạo đơn vị”, “Cán bộ dữ liệu”.",
        "4|Đơn vị (mã hoặc tên hiện hành)|“Thử Nghiệm Số 1” trùng tên với 2 đơn vị: “Phường Thử Nghiệm Số 1” (mã P001), “Xã Thử Nghiệm Số 1” (mã X001). Hãy ghi mã thay cho tên.",
        "5|Họ và tên|Ô dùng bảng mã cũ TCVN3 (ABC): “NguyÔn V¨n Dòng” (có lẽ là “Nguyễn Văn Dũng”). Hãy chuyển tệp sang Unicode rồi tải lên lại.",
        "6|Tên đăng nhập|Trùng với dòng 2; mỗi khóa chỉ được một dòng.",
        "7|Tên đăng nhập|Tài khoản “leader” giữ vai trò cấp tỉnh (Lãnh đạo); không sửa qua nhập tệp.",
    ]
    assert batch.counts_summary == "1 mới / 0 thay đổi / 0 không đổi / 5 lỗi"
    assert batch.blocking_reason.startswith("Tệp có lỗi chung")
    with pytest.raises(ValidationError):
        services.import_batch_commit(actor=admin, batch=batch)
    assert not User.objects.filter(username__in=["an.nguyen", "cuong"]).exists()


def test_all_or_nothing_refuses_a_file_with_one_bad_row(admin, communes):
    rows = [*commune_rows(communes[:2]), ("Lê Văn C", "c.le", "sai-email", "", "X003", "Cán bộ đơn vị")]
    batch = upload(admin, accounts_file(rows))
    assert batch.blocking_reason.startswith("Có 1 dòng lỗi. Loại nhập này chỉ lưu khi mọi dòng đều đúng")
    with pytest.raises(ValidationError, match="Có 1 dòng lỗi"):
        services.import_batch_commit(actor=admin, batch=batch)
    assert not User.objects.filter(username__startswith="xa").exists()


def test_keep_good_rows_saves_the_good_rows_with_the_reject_report(
    admin, communes, keep_good_importer, django_capture_on_commit_callbacks
):
    # Given the keep-good-rows mode and a file with two good rows and a bad one
    rows = [*commune_rows(communes[:2]), ("Lê Văn C", "c.le", "sai-email", "", "X003", "Cán bộ đơn vị")]
    batch = upload(admin, accounts_file(rows), keep_good_importer)
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 1 lỗi"
    assert batch.blocking_reason == ""
    # When committed
    commit(admin, batch, django_capture_on_commit_callbacks)
    # Then the good rows are saved and the bad one stays in the batch's reject report
    assert batch.state == ImportBatch.State.APPLIED
    assert set(
        User.objects.filter(username__in=["xa001.canbo", "xa002.canbo", "c.le"]).values_list(
            "username", flat=True
        )
    ) == {"xa001.canbo", "xa002.canbo"}
    report = openpyxl.load_workbook(io.BytesIO(exports.reject_report_xlsx(batch))).active
    assert [cell.value for cell in report[5]] == [
        "Họ và tên",
        "Tên đăng nhập",
        "Thư điện tử",
        "Điện thoại",
        "Đơn vị (mã hoặc tên hiện hành)",
        "Vai trò",
        exports.ROW_COLUMN,
        exports.ERROR_COLUMN,
    ]
    assert [cell.value for cell in report[6]] == [
        "Lê Văn C",
        "c.le",
        "sai-email",
        None,
        "X003",
        "Cán bộ đơn vị",
        "4",
        "Cột “Thư điện tử”: Địa chỉ thư điện tử “sai-email” không hợp lệ.",
    ]


def test_the_reject_report_uploads_again_once_corrected(admin, communes, keep_good_importer):
    # Given the reject report of a file with one bad row, corrected by the user in place
    rows = [("Lê Văn C", "c.le", "sai-email", "", "X003", "Cán bộ đơn vị")]
    batch = upload(admin, accounts_file(rows), keep_good_importer)
    report = openpyxl.load_workbook(io.BytesIO(exports.reject_report_xlsx(batch)))
    report.active.cell(6, 3).value = "c.le@gialai.gov.vn"
    buffer = io.BytesIO()
    report.save(buffer)
    # When uploaded again / Then it previews clean (the added columns are ignored)
    from tests.apps.exchange.helpers import upload_of

    again = upload(admin, upload_of(buffer.getvalue(), "bao-cao-loi.xlsx"), keep_good_importer)
    assert again.counts_summary == "1 mới / 0 thay đổi / 0 không đổi / 0 lỗi"


def test_data_changed_since_preview_refreshes_the_preview(
    admin, communes, django_capture_on_commit_callbacks
):
    from tests.factories.accounts import user_with_role

    # Given a previewed file of two new accounts
    batch = upload(admin, accounts_file(commune_rows(communes[:2])))
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 0 lỗi"
    # When someone creates one of those accounts before the commit
    user_with_role("unit_officer", communes[0], username="xa001.canbo", full_name="Người Khác")
    outcome = commit(admin, batch, django_capture_on_commit_callbacks)
    # Then nothing is started, the preview shows the new situation and says why
    assert not outcome.started
    assert outcome.message == MESSAGE_PLAN_MOVED
    assert batch.state == ImportBatch.State.PREVIEWED
    assert batch.counts_summary == "1 mới / 1 thay đổi / 0 không đổi / 0 lỗi"
    assert not User.objects.filter(username="xa002.canbo").exists()


def test_a_failure_inside_the_apply_step_leaves_the_previous_data(
    admin, communes, django_capture_on_commit_callbacks
):
    from chidao.apps.exchange.importers.accounts import AccountsImporter
    from chidao.apps.exchange.registry import replace_importer

    class BrokenAfterWritingImporter(AccountsImporter):
        code = "test_accounts_broken"

        def apply(self, rows, *, actor, progress):
            super().apply(rows, actor=actor, progress=progress)
            raise RuntimeError("Mất kết nối giữa chừng")

    # Given an existing account and a batch that updates it and creates another, with an apply step that fails
    commit(
        admin, upload(admin, accounts_file(commune_rows(communes[:1]))), django_capture_on_commit_callbacks
    )
    broken = BrokenAfterWritingImporter()
    replace_importer(broken)
    rows = [
        ("Tên Mới", "xa001.canbo", "", "", "X001", "Cán bộ đơn vị"),
        *commune_rows(communes[1:2], first=2),
    ]
    batch = upload(admin, accounts_file(rows), broken)
    # When committed, the job fails after the importer wrote
    commit(admin, batch, django_capture_on_commit_callbacks)
    # Then nothing of it is kept, the batch and its job are failed, and it can be committed again
    assert User.objects.get(username="xa001.canbo").full_name == "Nguyễn Văn 1"
    assert not User.objects.filter(username="xa002.canbo").exists()
    assert batch.state == ImportBatch.State.FAILED
    assert batch.job.state == "failed"
    assert "Mất kết nối giữa chừng" in batch.message
    replace_importer(type("FixedImporter", (AccountsImporter,), {"code": broken.code})())
    outcome = commit(admin, batch, django_capture_on_commit_callbacks)
    assert outcome.started
    assert batch.state == ImportBatch.State.APPLIED
    assert batch.attempts == 2
    assert User.objects.get(username="xa001.canbo").full_name == "Tên Mới"


def test_legacy_font_csv_is_refused_and_nothing_is_kept(admin, communes, settings):
    from tests.apps.exchange.helpers import upload_of

    # Given a CSV saved from a TCVN3 document
    content = "Hä vµ tªn,Tªn ®¨ng nhËp,§¬n vÞ,Vai trß\nNguyÔn V¨n An,an,X001,C¸n bé ®¬n vÞ\n".encode(
        "latin-1"
    )
    before = stored_uploads(settings)
    # When uploaded / Then the user is told to convert it, and no file or batch remains
    with pytest.raises(ValidationError) as error:
        upload(admin, upload_of(content, "tai-khoan.csv"))
    assert error.value.messages[0].startswith("Tệp dùng bảng mã cũ TCVN3 (ABC)")
    assert not ImportBatch.objects.exists()
    assert stored_uploads(settings) == before


@pytest.mark.parametrize(
    ("_case", "content", "name", "message"),
    [
        ("word file renamed", b"PK\x03\x04" + b"\x00" * 100, "tai-khoan.xlsx", "Tệp Excel bị hỏng"),
        (
            "old xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
            "tai-khoan.xls",
            "Tệp là bảng tính Excel cũ",
        ),
        ("image", bytes(range(256)) * 8, "anh.xlsx", "Không nhận ra loại tệp"),
    ],
)
def test_file_type_is_checked_by_content(admin, _case, content, name, message):
    from tests.apps.exchange.helpers import upload_of

    with pytest.raises(ValidationError, match=message):
        upload(admin, upload_of(content, name))


def test_size_limit_comes_from_settings(admin, communes, settings):
    settings.CHIDAO_IMPORT_MAX_BYTES = {"xlsx": 1000, "csv": 1000, "parquet": 1000}
    with pytest.raises(ValidationError, match="Tệp quá lớn"):
        upload(admin, accounts_file(commune_rows(communes[:5])))


def test_a_batch_whose_job_died_counts_as_failed_and_is_marked_so(admin, communes):
    from chidao.apps.exchange.selectors import batch_effective_state
    from chidao.apps.jobs.models import Job

    # Given a committed batch whose job was reaped (its worker was killed)
    batch = upload(admin, accounts_file(commune_rows(communes[:1])))
    services.import_batch_commit(actor=admin, batch=batch, enqueue=False)
    batch.refresh_from_db()
    Job.objects.filter(pk=batch.job_id).update(state="failed")
    batch.refresh_from_db()
    # Then it is shown failed, the periodic check marks it, and it can be committed again
    assert batch_effective_state(batch) == ImportBatch.State.FAILED
    assert [b.pk for b in services.import_batches_reconcile()] == [batch.pk]
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.FAILED
    assert services.import_batch_commit(actor=admin, batch=batch, enqueue=False).started


def test_a_command_run_batch_without_a_job_goes_stale(admin, communes):
    from chidao.apps.exchange.selectors import batch_effective_state

    batch = upload(admin, accounts_file(commune_rows(communes[:1])))
    ImportBatch.objects.filter(pk=batch.pk).update(state="applying", apply_started_at=timezone.now())
    batch.refresh_from_db()
    assert batch_effective_state(batch) == ImportBatch.State.APPLYING
    later = timezone.now() + dt.timedelta(hours=1)
    assert batch_effective_state(batch, later) == ImportBatch.State.FAILED
