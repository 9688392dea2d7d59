"""The annex of a plan imported through the exchange framework: all or nothing, every bad row reported with its
row and column, deadlines kept as written, units by code, current name or old commune, re-import updates."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from chidao.apps.audit.models import AuditEvent
from chidao.apps.exchange import services
from chidao.apps.exchange.models import ImportBatch
from chidao.apps.exchange.registry import importer_by_code
from chidao.apps.programmes.importers.layout import product_type_of, task_code
from chidao.apps.programmes.importers.units import split_unit_list
from chidao.apps.programmes.models import Task
from tests.apps.exchange.helpers import upload_of, xlsx_bytes
from tests.factories.accounts import user_with_role
from tests.factories.organisation import UnitFactory
from tests.factories.programmes import AreaFactory, PlanFactory

pytestmark = pytest.mark.django_db

ANNEX = importer_by_code("task-annex")
PLAN_CODE = "KH-57"
HEADERS = (
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Sản phẩm",
    "Ghi chú",
    "Mã kế hoạch",
    "Lĩnh vực",
)
TITLE = "PHỤ LỤC NHIỆM VỤ (Kèm theo Kế hoạch số 57/KH-UBND ngày 20/6/2025 của UBND tỉnh)"
# Row numbers as Excel shows them: title (1), empty (2), header (3), data from 4.
FIRST_DATA_ROW = 4
GOOD_ROWS = (
    ("I", "NHIỆM VỤ ĐỘT PHÁ VỀ THỂ CHẾ", "", "", "", "", "", "", ""),
    (
        1,
        "Ban hành kế hoạch chuyển đổi số năm 2026",
        "SKHCN",
        "XA1; Phường Quy Nhơn",
        "Quý II/2026",
        "Kế hoạch của UBND tỉnh",
        "",
        PLAN_CODE,
        "nq57",
    ),
    (2, "Duy trì cổng dịch vụ công", "Sở Khoa học và Công nghệ", "", "Thường xuyên", "", "", PLAN_CODE, ""),
    (
        3,
        "Số hóa hồ sơ một cửa cấp xã",
        "xa an nhon",
        "Sở Khoa học và Công nghệ, Phường Quy Nhơn",
        "6 tháng đầu năm 2026",
        "Cơ sở dữ liệu hồ sơ",
        "Phối hợp Công an tỉnh",
        PLAN_CODE,
        "",
    ),
    (4, "Báo cáo sơ kết", "SKHCN", "", dt.date(2026, 3, 31), "Báo cáo", "", PLAN_CODE, ""),
    (5, "Triển khai nền tảng họp trực tuyến", "XA2", "", 46203, "Hệ thống họp trực tuyến", "", PLAN_CODE, ""),
    (6, "Đánh giá mức độ trưởng thành số", "SKHCN", "", "Năm 2026", "", "", PLAN_CODE, ""),
)
TASK_COUNT = 6


def annex_upload(rows, name="phu-luc.xlsx"):
    return upload_of(xlsx_bytes([HEADERS, *rows], title=TITLE), name=name)


@pytest.fixture
def secretariat(users_by_role, department, commune, other_commune):
    return users_by_role["secretariat"]


@pytest.fixture
def plan(db):
    AreaFactory()
    return PlanFactory(code=PLAN_CODE, name="Kế hoạch số 57/KH-UBND", year=2025)


def preview(user, rows, name="phu-luc.xlsx"):
    return services.import_batch_upload(actor=user, importer=ANNEX, upload=annex_upload(rows, name))


def commit(user, batch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.import_batch_commit(actor=user, batch=batch)
    batch.refresh_from_db()
    return outcome


def issues_of(batch):
    return {(issue.row_number, issue.column) for issue in batch.issues.all()}


def test_a_good_annex_imports_once_and_twice_without_duplicates(
    secretariat, plan, department, commune, other_commune, django_capture_on_commit_callbacks
):
    # given an annex with a heading row and six tasks written the ways real annexes write them
    # when it is previewed
    batch = preview(secretariat, GOOD_ROWS)
    # then six tasks are new (the heading row is skipped) and nothing is written yet
    assert batch.counts_summary == f"{TASK_COUNT} mới / 0 thay đổi / 0 không đổi / 0 lỗi"
    assert not Task.objects.exists()

    # when the secretariat commits
    assert commit(secretariat, batch, django_capture_on_commit_callbacks).started
    # then each task has its code (plan code + STT), its units and its deadline as written
    assert batch.state == ImportBatch.State.APPLIED
    assert batch.summary == {"created": TASK_COUNT, "updated": 0}
    tasks = {task.code: task for task in Task.objects.all()}
    assert sorted(tasks) == [task_code(PLAN_CODE, str(n)) for n in range(1, TASK_COUNT + 1)]
    first = tasks["KH-57-1"]
    assert (first.lead_unit, first.deadline_text, first.original_deadline) == (
        department,
        "Quý II/2026",
        dt.date(2026, 6, 30),
    )
    assert set(first.coordinating_units.all()) == {commune, other_commune}
    assert [p.code for p in first.plans.all()] == [PLAN_CODE]
    assert [a.code for a in first.areas.all()] == ["nq57"]
    assert first.product_type == Task.ProductType.DOCUMENT
    assert first.source_item == "1"
    recurring = tasks["KH-57-2"]
    assert (recurring.kind, recurring.original_deadline, recurring.deadline_text) == (
        Task.Kind.RECURRING,
        None,
        "Thường xuyên",
    )
    half_year = tasks["KH-57-3"]
    assert (half_year.lead_unit, half_year.original_deadline, half_year.content) == (
        commune,
        dt.date(2026, 6, 30),
        "Phối hợp Công an tỉnh",
    )
    assert set(half_year.coordinating_units.all()) == {department, other_commune}
    assert (tasks["KH-57-4"].deadline_text, tasks["KH-57-4"].original_deadline) == (
        "31/03/2026",
        dt.date(2026, 3, 31),
    )
    # an Excel date serial is kept as the date it stands for
    assert (tasks["KH-57-5"].deadline_text, tasks["KH-57-5"].original_deadline) == (
        "30/06/2026",
        dt.date(2026, 6, 30),
    )
    assert tasks["KH-57-6"].original_deadline == dt.date(2026, 12, 31)
    # every creation went through the audited service
    assert AuditEvent.objects.filter(action="task.create").count() == TASK_COUNT

    # when the same file is uploaded again
    again = preview(secretariat, GOOD_ROWS)
    # then nothing is new or changed, and it cannot be committed
    assert again.counts_summary == f"0 mới / 0 thay đổi / {TASK_COUNT} không đổi / 0 lỗi"
    assert again.blocking_reason

    # when one deadline is changed in the file
    changed_rows = list(GOOD_ROWS)
    changed_rows[1] = (*GOOD_ROWS[1][:4], "Quý III/2026", *GOOD_ROWS[1][5:])
    update = preview(secretariat, changed_rows)
    assert update.counts_summary == f"0 mới / 1 thay đổi / {TASK_COUNT - 1} không đổi / 0 lỗi"
    commit(secretariat, update, django_capture_on_commit_callbacks)
    # then the task is updated in place, never duplicated
    assert Task.objects.count() == TASK_COUNT
    first.refresh_from_db()
    assert (first.deadline_text, first.original_deadline) == ("Quý III/2026", dt.date(2026, 9, 30))
    assert AuditEvent.objects.filter(action="task.update").count() == 1


def test_a_wrong_annex_reports_every_bad_row_and_saves_nothing(
    secretariat, plan, province, django_capture_on_commit_callbacks
):
    # given two units sharing a name, and an annex with one problem on each of seven rows
    UnitFactory(parent=province, name="Trung tâm Chuyển đổi số", code="TTCDS1")
    UnitFactory(parent=province, name="Trung tâm Chuyển đổi số", code="TTCDS2")
    rows = (
        (1, "Nhiệm vụ đúng", "SKHCN", "", "Quý II/2026", "", "", PLAN_CODE, ""),
        (2, "Đơn vị không có", "Sở Không Tồn Tại", "", "Quý II/2026", "", "", PLAN_CODE, ""),
        (3, "Thời hạn sai", "SKHCN", "", "Quý V/2026", "", "", PLAN_CODE, ""),
        (4, "", "SKHCN", "", "Năm 2026", "", "", PLAN_CODE, ""),
        (1, "STT trùng dòng 4", "SKHCN", "", "Năm 2026", "", "", PLAN_CODE, ""),
        (6, "Kế hoạch không có", "SKHCN", "", "Năm 2026", "", "", "KH-KHONG-CO", ""),
        (7, "Tên trùng hai đơn vị", "Trung tâm Chuyển đổi số", "", "Năm 2026", "", "", PLAN_CODE, ""),
        (8, "Phối hợp sai", "SKHCN", "XA1; Xã Không Có", "Năm 2026", "", "", PLAN_CODE, ""),
        (9, "Thiếu chủ trì", "", "", "Năm 2026", "", "", PLAN_CODE, ""),
    )
    # when it is previewed
    batch = preview(secretariat, rows)
    # then every bad row is reported at its row and column (as written in the file)
    row = FIRST_DATA_ROW
    assert issues_of(batch) == {
        (row + 1, "Cơ quan chủ trì"),
        (row + 2, "Thời hạn"),
        (row + 3, "Nội dung nhiệm vụ"),
        (row + 4, "STT"),
        (row + 5, "Mã kế hoạch"),
        (row + 6, "Cơ quan chủ trì"),
        (row + 7, "Cơ quan phối hợp"),
        (row + 8, "Cơ quan chủ trì"),
    }
    assert batch.counts_summary == "1 mới / 0 thay đổi / 0 không đổi / 8 lỗi"
    # the ambiguous name lists both candidates with their codes
    ambiguous = batch.issues.get(row_number=row + 6).message
    assert "(mã TTCDS1)" in ambiguous
    assert "(mã TTCDS2)" in ambiguous
    assert "Trùng với dòng 4" in batch.issues.get(row_number=row + 4).message
    # and nothing can be saved: the commit is refused, no task exists
    assert batch.blocking_reason.startswith("Có 8 dòng lỗi")
    with pytest.raises(ValidationError, match="Có 8 dòng lỗi"):
        services.import_batch_commit(actor=secretariat, batch=batch)
    assert not Task.objects.exists()


def test_the_plan_written_once_is_carried_down(secretariat, plan):
    # given an annex whose plan code is only on its heading row, and a second file with no plan at all
    carried = (
        ("I", "NHIỆM VỤ ĐỘT PHÁ", "", "", "", "", "", PLAN_CODE, ""),
        (1, "Nhiệm vụ một", "SKHCN", "", "Năm 2026", "", "", "", ""),
        (2, "Nhiệm vụ hai", "XA1", "", "Năm 2026", "", "", "", ""),
    )
    missing = tuple((*row[:7], "", "") for row in carried[1:])
    # when both are previewed
    batch = preview(secretariat, carried)
    without = preview(secretariat, missing, name="thieu-ke-hoach.xlsx")
    # then the first has two new tasks of the plan, the second an error on each row at the plan column
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 0 lỗi"
    assert issues_of(without) == {(FIRST_DATA_ROW, "Mã kế hoạch"), (FIRST_DATA_ROW + 1, "Mã kế hoạch")}


@pytest.mark.parametrize(
    ("_case", "role", "allowed"),
    [
        ("secretariat keeps the task lists", "secretariat", True),
        ("administrator", "administrator", True),
        ("leader reads, does not import", "leader", False),
        ("unit officer", "unit_officer", False),
    ],
)
def test_who_may_import_an_annex(users_by_role, _case, role, allowed):
    assert ANNEX.may_use(users_by_role[role]) is allowed


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("semicolons", "Sở Tài chính; Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
        ("commas", "Sở Tài chính, Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
        ("semicolons win over commas", "Sở A, B; Sở C", ["Sở A, B", "Sở C"]),
        (
            "commas inside an old district kept",
            "Xã Ia Kha (huyện Ia Grai, cũ), Sở Nội vụ",
            ["Xã Ia Kha (huyện Ia Grai, cũ)", "Sở Nội vụ"],
        ),
        ("empty", "  ", []),
    ],
)
def test_coordinating_units_are_split_on_semicolons_or_commas(_case, text, expected):
    assert split_unit_list(text) == expected


@pytest.mark.parametrize(
    ("_case", "product", "expected"),
    [
        ("a plan is a document", "Kế hoạch của UBND tỉnh", "document"),
        ("a database", "Cơ sở dữ liệu đất đai", "data"),
        ("a system", "Hệ thống thông tin báo cáo", "system"),
        ("a report", "Báo cáo kết quả", "report"),
        ("anything else", "Lớp tập huấn", "other"),
        ("nothing", "", ""),
    ],
)
def test_the_product_type_comes_from_the_products_first_words(_case, product, expected):
    assert product_type_of(product) == expected


@pytest.fixture
def gia_lai(db):
    call_command("load_organisation", stdout=StringIO())


def test_an_old_commune_needs_its_old_district_and_ambiguity_lists_the_candidates(gia_lai):
    from chidao.apps.organisation.models import Unit

    # given the real organisation of Gia Lai and a secretariat user
    province = Unit.objects.get(kind=Unit.Kind.PROVINCE)
    secretariat = user_with_role("secretariat", province, username="thuong_truc")
    department = Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).first()
    PlanFactory(code=PLAN_CODE)
    rows = (
        (
            1,
            "Nhiệm vụ của phường",
            "Phường Đống Đa (thành phố Pleiku cũ)",
            "",
            "Năm 2026",
            "",
            "",
            PLAN_CODE,
            "",
        ),
        (2, "Tên cũ không kèm huyện", "Phường Đống Đa", "", "Năm 2026", "", "", PLAN_CODE, ""),
        (3, "Phối hợp", department.code, "Phường Đống Đa (Quy Nhơn cũ)", "Năm 2026", "", "", PLAN_CODE, ""),
    )
    # when the annex is previewed
    batch = preview(secretariat, rows)
    # then the old ward with its old district resolves, the bare old name is an error listing both wards
    assert issues_of(batch) == {(FIRST_DATA_ROW + 1, "Cơ quan chủ trì")}
    message = batch.issues.get().message
    assert "“Phường Thống Nhất” (mã 23584)" in message
    assert "“Phường Quy Nhơn” (mã 21583)" in message
    assert batch.counts_summary == "2 mới / 0 thay đổi / 0 không đổi / 1 lỗi"
