"""The task exports reopened with openpyxl: the annex layout with progress grouped by plan and lead unit (and
uploaded back without changes), the flat NQ 57 list, and the scope of the downloads."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from chidao.apps.exchange import services
from chidao.apps.exchange.registry import importer_by_code
from chidao.apps.programmes.exports import annex_export_xlsx, monitoring_export_xlsx, roman
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.selectors import TaskFilters
from tests.apps.exchange.helpers import upload_of
from tests.apps.programmes.conftest import DEADLINE, TODAY
from tests.factories.programmes import AreaFactory, PlanFactory, make_task

pytestmark = pytest.mark.django_db

HEADER_ROW = 5
ANNEX_HEADERS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Sản phẩm",
    "Ghi chú",
    "Kết quả, tiến độ",
    "Tiến độ (%)",
    "Tình trạng",
    "Mã kế hoạch",
    "Lĩnh vực",
]
PLAN_CODE = "KH-57"
PLAN_NAME = "Kế hoạch số 57/KH-UBND"
RESULT = "Đã ban hành Kế hoạch số 12/KH-UBND"
EVIDENCE = "Quyết định số 99/QĐ-UBND ngày 27/02/2026"


@pytest.fixture
def world(frozen_today, users_by_role, department, commune, other_commune):
    """A plan of NQ 57 with three tasks: the department's (with a report), the commune's, the other commune's."""
    area = AreaFactory()
    plan = PlanFactory(code=PLAN_CODE, name=PLAN_NAME, year=2025)
    department_task = make_task(
        code=f"{PLAN_CODE}-1",
        source_item="1",
        title="Ban hành kế hoạch chuyển đổi số",
        lead_unit=department,
        original_deadline=DEADLINE,
        deadline_text="Trước 13/03/2026",
        coordinating_units=[commune],
        product_description="Kế hoạch",
        plans=[plan],
        areas=[area],
    )
    ProgressReport.objects.create(
        task=department_task,
        percent=60,
        result=RESULT,
        state=ProgressReport.State.SUBMITTED,
        submitted_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC),
    )
    ProgressReport.objects.create(task=department_task, percent=70, result="Bản nháp", state="draft")
    commune_task = make_task(
        code=f"{PLAN_CODE}-2",
        source_item="2",
        title="Số hóa hồ sơ một cửa",
        lead_unit=commune,
        original_deadline=dt.date(2026, 2, 27),
        plans=[plan],
        areas=[area],
    )
    # the facts the report flow would have stored (tested in test_reports.py)
    Task.objects.filter(pk=department_task.pk).update(progress_percent=60, has_report=True)
    Task.objects.filter(pk=commune_task.pk).update(
        progress_percent=100,
        completed_on=dt.date(2026, 2, 27),
        completion_evidence=EVIDENCE,
        status_bucket=Task.Bucket.DONE_ON_TIME,
    )
    other_task = make_task(
        code=f"{PLAN_CODE}-3",
        source_item="3",
        title="Triển khai họp trực tuyến",
        lead_unit=other_commune,
        original_deadline=None,
        kind="recurring",
        deadline_text="Thường xuyên",
        plans=[plan],
        areas=[area],
    )
    return {"department": department_task, "commune": commune_task, "other": other_task, "plan": plan}


def sheet_of(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def rows_of(sheet, first=HEADER_ROW):
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_the_annex_export_is_grouped_by_plan_and_lead_unit_with_progress(world, users_by_role, department):
    # when the secretariat exports the annex of the plan
    content = annex_export_xlsx(users_by_role["secretariat"], TaskFilters(plan=PLAN_CODE), as_of=TODAY)
    # then the header block names the unit, the title and the date of the figures
    sheet = sheet_of(content)
    assert sheet["A1"].value == "BAN CHỈ ĐẠO TỈNH GIA LAI"
    assert sheet["A2"].value == "Phụ lục nhiệm vụ và kết quả thực hiện"
    assert sheet["A3"].value == "Số liệu tính đến ngày 02/03/2026"
    rows = rows_of(sheet)
    assert rows[0] == ANNEX_HEADERS
    # a heading for the plan, then one per lead unit, each followed by its tasks
    assert [row[:2] for row in rows[1:] if not row[2]] == [
        ["I", PLAN_NAME],
        [None, "Cơ quan chủ trì: Phường Quy Nhơn"],
        [None, "Cơ quan chủ trì: Sở Khoa học và Công nghệ"],
        [None, "Cơ quan chủ trì: Xã An Nhơn"],
    ]
    task_rows = {row[0]: row for row in rows[1:] if row[2]}
    # the latest sent report's result (not the draft), the progress and the status label
    assert task_rows["1"] == [
        "1",
        "Ban hành kế hoạch chuyển đổi số",
        department.name,
        "Xã An Nhơn",
        "Trước 13/03/2026",
        "Kế hoạch",
        None,
        RESULT,
        60,
        "Đang thực hiện trong hạn",
        PLAN_CODE,
        "nq57",
    ]
    assert task_rows["3"][4] == "Thường xuyên"
    assert task_rows["3"][9] == "Thường xuyên"
    # without a report, the evidence of completion is the result
    assert task_rows["2"][7] == EVIDENCE


def test_an_exported_annex_uploads_back_unchanged(world, users_by_role, settings):
    # given the annex exported by the secretariat
    secretariat = users_by_role["secretariat"]
    content = annex_export_xlsx(secretariat, TaskFilters(plan=PLAN_CODE), as_of=TODAY)
    # when it is uploaded as an annex
    batch = services.import_batch_upload(
        actor=secretariat, importer=importer_by_code("task-annex"), upload=upload_of(content, "xuat.xlsx")
    )
    # then its heading rows are skipped and every task is found unchanged
    assert batch.counts_summary == "0 mới / 0 thay đổi / 3 không đổi / 0 lỗi"


def test_the_monitoring_export_has_one_row_per_task_with_dates(world, users_by_role):
    # when the flat NQ 57 list is exported
    content = monitoring_export_xlsx(users_by_role["leader"], TaskFilters(area="nq57"), as_of=TODAY)
    sheet = sheet_of(content)
    rows = rows_of(sheet)
    # then one row per task, ordered by code, with real dates and progress numbers
    assert rows[0][:6] == [
        "Mã nhiệm vụ",
        "Tên nhiệm vụ",
        "Lĩnh vực",
        "Kế hoạch, chương trình",
        "Đơn vị chủ trì",
        "Thời hạn",
    ]
    by_code = {row[0]: row for row in rows[1:]}
    assert list(by_code) == [f"{PLAN_CODE}-1", f"{PLAN_CODE}-2", f"{PLAN_CODE}-3"]
    done = by_code[f"{PLAN_CODE}-2"]
    assert done[5] == dt.datetime(2026, 2, 27)
    assert done[8] == dt.datetime(2026, 2, 27)
    assert done[9] == EVIDENCE
    assert by_code[f"{PLAN_CODE}-1"][6:8] == ["Đang thực hiện trong hạn", 60]
    assert by_code[f"{PLAN_CODE}-3"][5] is None
    assert sheet.cell(row=HEADER_ROW + 1, column=6).number_format == "dd/mm/yyyy"


@pytest.mark.parametrize(
    ("_case", "role", "expected_codes"),
    [
        ("unit officer: the tasks its commune leads or coordinates", "unit_officer", ["KH-57-1", "KH-57-2"]),
        ("leader: every task", "leader", ["KH-57-1", "KH-57-2", "KH-57-3"]),
    ],
)
def test_the_downloads_hold_only_the_tasks_the_user_may_see(
    world, client, users_by_role, _case, role, expected_codes
):
    # when the user downloads the flat list
    client.force_login(users_by_role[role])
    response = client.get(reverse("programmes_exports:monitoring"))
    # then it is an .xlsx attachment with only the visible tasks
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = rows_of(sheet_of(b"".join(response.streaming_content)), first=HEADER_ROW + 1)
    assert [row[0] for row in rows] == expected_codes


def test_the_annex_download_is_filtered_by_plan(world, client, users_by_role):
    # given a task of another plan
    other_plan = PlanFactory(code="KH-06", name="Kế hoạch Đề án 06")
    make_task(
        code="KH-06-1",
        lead_unit=world["department"].lead_unit,
        original_deadline=DEADLINE,
        plans=[other_plan],
    )
    client.force_login(users_by_role["secretariat"])
    # when the annex of the first plan is downloaded
    response = client.get(reverse("programmes_exports:annex"), {"plan": PLAN_CODE})
    # then only its tasks are in it, with the filter named under the title
    sheet = sheet_of(b"".join(response.streaming_content))
    assert sheet["A4"].value == f"Lọc: kế hoạch {PLAN_NAME}"
    codes = [row[10] for row in rows_of(sheet, first=HEADER_ROW + 1) if row[2]]
    assert codes == [PLAN_CODE] * 3


@pytest.mark.parametrize(
    ("_case", "number", "expected"), [("one", 1, "I"), ("four", 4, "IV"), ("fourteen", 14, "XIV")]
)
def test_groups_are_numbered_in_roman_numerals(_case, number, expected):
    assert roman(number) == expected


def test_the_export_reads_in_a_fixed_number_of_queries(world, users_by_role, commune):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given the export of three tasks, measured (the user's scope is read once per user object, before)
    leader = users_by_role["leader"]
    annex_export_xlsx(leader, TaskFilters(plan=PLAN_CODE), as_of=TODAY)
    with CaptureQueriesContext(connection) as three:
        annex_export_xlsx(leader, TaskFilters(plan=PLAN_CODE), as_of=TODAY)
    # when ten more tasks of the plan, each with coordinating units and an area, are added
    for number in range(4, 14):
        make_task(
            code=f"{PLAN_CODE}-{number}",
            lead_unit=commune,
            original_deadline=DEADLINE,
            coordinating_units=[world["department"].lead_unit],
            plans=[world["plan"]],
            areas=[AreaFactory()],
        )
    with CaptureQueriesContext(connection) as thirteen:
        annex_export_xlsx(leader, TaskFilters(plan=PLAN_CODE), as_of=TODAY)
    # then the number of queries did not grow
    assert len(thirteen) == len(three)
