"""For the demo, the briefing of the meeting of 03/03/2026 holds the seed's figures for NQ 57, the phases and
Project 06 — read back from the DOCX (header, tables, numbers), from the PDF's text and from the report model's
JSON — and every figure it quotes equals the dashboard's for the same date. Urging letters go to their units only.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from chidao.apps.accounts.models import User
from chidao.apps.dashboard.selectors import DashboardData, DashboardFilters, dashboard_data
from chidao.apps.documents.models import DocumentProfile, GeneratedDocument
from chidao.apps.documents.selectors import documents_for_meeting
from chidao.apps.documents.services import briefing_request, urging_letters_request
from chidao.apps.jobs.runner import job_run
from chidao.apps.meetings.models import Meeting
from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.models import Task
from chidao.core.documents.model import document_from_json
from chidao.core.numbers import format_date, format_number, format_percent
from tests.apps.documents.files import docx_tables, docx_text, pdf_text

MEETING_DAY = dt.date(2026, 3, 3)
# Seeded on the day the demo was written, under a pinned clock (as tests/apps/demo/test_tasks_seed.py does).
SEED_DAY = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
SEED_SENTENCE = (
    "Đối với việc thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW của Bộ Chính trị, tổng số nhiệm vụ Trung ương"
    " giao tỉnh là 103 nhiệm vụ, trong đó có 25 nhiệm vụ thường xuyên. Đến nay, tỉnh đã hoàn thành 69 nhiệm vụ;"
    " 9 nhiệm vụ đang thực hiện trong hạn và không có nhiệm vụ quá hạn."
)
URGENT = (
    "Trong giai đoạn cấp bách (từ ngày 19/06/2025 đến ngày 30/06/2025), tỉnh đã hoàn thành 16/16 nhiệm vụ."
)
BREAKTHROUGH = (
    "Trong giai đoạn đột phá (từ ngày 01/07/2025 đến ngày 31/12/2025), tỉnh đã hoàn thành 25/25 nhiệm vụ."
)
PROJECT_06 = "Trong triển khai Đề án 06, tỉnh đã hoàn thành 30 nhiệm vụ trong năm 2025"


@dataclass(frozen=True)
class Demo:
    briefing_id: int
    letter_ids: dict[str, int]  # unit code -> letter
    profiles_output: str


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo seeded once for the module, its default profiles loaded, the briefing of 03/03/2026 and the
    urging letters to Sở KH&CN and Công an tỉnh generated through the platform's job; rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_organisation", stdout=StringIO())
        with time_machine.travel(SEED_DAY, tick=False):
            call_command("seed_demo", stdout=StringIO())
            call_command("load_document_profiles", stdout=StringIO())
            secretariat = User.objects.get(username="thuongtruc")
            profile = DocumentProfile.objects.get(code="bcd-tinh")
            meeting = Meeting.objects.get(held_on=MEETING_DAY)
            briefing = briefing_request(
                actor=secretariat, meeting=meeting, as_of=None, profile=profile, enqueue=False
            )
            job_run(briefing.job_id)
            units = {unit.code: unit.pk for unit in Unit.objects.filter(code__in=("SKHCN", "CAT"))}
            letters = urging_letters_request(
                actor=secretariat,
                as_of=MEETING_DAY,
                profile=profile,
                unit_ids=list(units.values()),
                enqueue=False,
            )
            job_run(letters[0].job_id)
            again = StringIO()
            call_command("load_document_profiles", stdout=again)
        by_unit = {letter.unit_id: letter.pk for letter in letters}
        yield Demo(briefing.pk, {code: by_unit[pk] for code, pk in units.items()}, again.getvalue())
        transaction.set_rollback(True)
    # As in the demo's own tests: on PostgreSQL the rollback above may leave the seed behind; empty the tables.
    with django_db_blocker.unblock():
        if Task.objects.exists():
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def briefing(demo, db) -> GeneratedDocument:
    return GeneratedDocument.objects.get(pk=demo.briefing_id)


def test_the_briefing_was_generated_with_the_meeting(briefing):
    assert briefing.state == GeneratedDocument.State.READY
    assert briefing.meeting.held_on == MEETING_DAY
    assert briefing.as_of == MEETING_DAY
    assert briefing.title == (
        "Báo cáo: Tình hình, kết quả thực hiện nhiệm vụ phục vụ phiên họp lần thứ nhất năm 2026 ngày 03/03/2026"
    )
    # and it is kept with the meeting
    chair = User.objects.get(username="chutich")
    assert briefing in documents_for_meeting(chair, briefing.meeting)


def test_the_report_model_is_readable_json_with_the_seeds_figures(briefing):
    data = json.loads(briefing.model_json)
    assert data["model_version"] == "1"
    assert "tổng số nhiệm vụ Trung ương giao tỉnh là 103 nhiệm vụ" in briefing.model_json  # not \\u-escaped
    figures = data["figures"]
    assert [
        figures[f"nq57.{key}"] for key in ("total", "recurring", "done", "in_progress_on_time", "overdue")
    ] == [
        "103",
        "25",
        "69",
        "9",
        "0",
    ]
    assert (figures["phase.cap-bach.done"], figures["phase.cap-bach.total"]) == ("16", "16")
    assert (figures["phase.dot-pha.done"], figures["phase.dot-pha.total"]) == ("25", "25")
    assert figures["da06.completed_last_year"] == "30"
    assert figures["comparison.since"] == "26/12/2025"
    assert document_from_json(briefing.model_json).figures == figures


def test_the_docx_holds_the_header_the_seeds_figures_and_the_tables(briefing):
    content = briefing.docx.read()
    text = docx_text(content)
    for expected in (
        "UBND TỈNH GIA LAI",
        "BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, CẢI CÁCH HÀNH CHÍNH, CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /BC-BCĐ",
        "BÁO CÁO",
        SEED_SENTENCE,
        "Tỷ lệ nhiệm vụ hoàn thành đúng hạn đạt 88,5% (69/78 nhiệm vụ có thời hạn).",
        URGENT,
        BREAKTHROUGH,
        PROJECT_06,
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Lâm Hải Giang",
        "Phụ lục I. DANH SÁCH NHIỆM VỤ QUÁ HẠN, SẮP ĐẾN HẠN THEO ĐƠN VỊ CHỦ TRÌ",
    ):
        assert expected in text, expected
    tables = docx_tables(content)
    league = next(table for table in tables if table[0][:2] == ["Hạng", "Đơn vị chủ trì"])
    assert any(row[1] == "Sở Khoa học và Công nghệ" for row in league[1:])
    overdue = next(table for table in tables if table[0][:3] == ["STT", "Đơn vị chủ trì", "Mã nhiệm vụ"])
    assert any(row[2] == "UBND-2026-HTX" and row[5] == "Quá hạn" for row in overdue[1:])


def test_the_pdfs_text_extracts_the_same_figures(briefing):
    text = pdf_text(briefing.pdf.read())
    for expected in (
        SEED_SENTENCE,
        URGENT,
        BREAKTHROUGH,
        PROJECT_06,
        "BÁO CÁO",
        "Lâm Hải Giang",
        "UBND TỈNH GIA LAI",
    ):
        assert expected in text, expected


def test_the_annexes_workbook_is_kept(briefing):
    assert briefing.xlsx.read()[:2] == b"PK"


# ---- every figure of the text is the dashboard's -----------------------------------------------------------


def _dashboard_value(key: str, data: DashboardData) -> str:
    """The dashboard's value of a figure key, formatted as the text writes it."""
    dates = {"as_of": data.filters.as_of, "comparison.since": data.since}
    if key in dates or key == "meeting.date":
        return format_date(data.meeting.held_on if key == "meeting.date" else dates[key])
    head, _, rest = key.partition(".")
    if head == "phase":
        code, _, field = rest.partition(".")
        phase = next(p for p in data.figures.statistics.by_phase if p.code == code)
        values = {
            "total": phase.total,
            "done": phase.done_as_of,
            "done_within_phase": phase.done_within_phase,
            "remaining": phase.total - phase.done_as_of,
        }
        return format_number(values[field])
    if head == "attention":
        return format_number(len(data.attention) if rest == "units" else len(data.attention) - 10)
    if head == "directives":
        return format_number(len(data.open_directives))
    if head == "unit":
        unit_id, _, field = rest.partition(".")
        unit = next(u for u in data.attention if u.unit_id == int(unit_id))
        return format_number(
            {"overdue": len(unit.overdue), "due_soon": len(unit.due_soon)}.get(field, unit.missing_reports)
        )
    area = next(a for a in data.area_figures if a.code == head)
    statistics = area.statistics
    if rest == "on_time_share":
        return format_percent(statistics.on_time_share)
    if rest.startswith("change."):
        return format_number(
            abs(getattr(area.change, {"overdue": "in_progress_overdue"}.get(rest[7:], rest[7:])))
        )
    if rest.startswith("completed_last_year"):
        last = area.completions_last_year
        return format_number(last.late if rest.endswith(".late") else last.total)
    field = {"overdue": "in_progress_overdue"}.get(rest, rest)
    return format_number(getattr(statistics, field))


def test_every_figure_in_the_text_equals_the_dashboards_for_the_same_date(briefing):
    # given the dashboard's data as of the meeting, read as the secretariat who asked for the briefing
    data = dashboard_data(User.objects.get(username="thuongtruc"), DashboardFilters(as_of=MEETING_DAY))
    figures = document_from_json(briefing.model_json).figures
    # then every figure the briefing quotes is the dashboard's
    assert len(figures) > 40
    mismatches = {key: (value, _dashboard_value(key, data)) for key, value in figures.items()}
    assert {key: pair for key, pair in mismatches.items() if pair[0] != pair[1]} == {}


# ---- urging letters and their scope -----------------------------------------------------------------------


def test_an_urging_letter_lists_its_units_overdue_tasks(demo, db):
    letter = GeneratedDocument.objects.get(pk=demo.letter_ids["SKHCN"])
    assert letter.state == GeneratedDocument.State.READY
    text = docx_text(letter.docx.read())
    assert "Kính gửi: Sở Khoa học và Công nghệ" in text
    assert "V/v đôn đốc thực hiện nhiệm vụ quá hạn" in text
    assert "Số: /BCĐ-SKHCN" in text
    assert "UBND-2026-HTX" in text
    assert "Ngoài ra, đơn vị còn 3 báo cáo định kỳ chưa gửi theo quy định." in text


def test_downloads_are_scoped_and_safe(demo, db, client):
    own, other = demo.letter_ids["SKHCN"], demo.letter_ids["CAT"]
    # given an officer of Sở KH&CN
    client.force_login(User.objects.get(username="canbo.skhcn"))
    # then the letter to the unit downloads as an attachment that may not be sniffed
    response = client.get(f"/documents/{own}/download/pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    # and another unit's letter and the briefing do not exist for them
    assert client.get(f"/documents/{other}/download/pdf/").status_code == 404
    assert client.get(f"/documents/{demo.briefing_id}/download/docx/").status_code == 404
    assert client.get(f"/documents/{demo.briefing_id}/").status_code == 404
    # while the chair downloads the briefing and its model
    client.force_login(User.objects.get(username="chutich"))
    response = client.get(f"/documents/{demo.briefing_id}/download/json/")
    assert response.status_code == 200
    assert json.loads(b"".join(response.streaming_content) if response.streaming else response.content)[
        "figures"
    ]


def test_the_default_profiles_name_their_signers_and_load_once(demo, db):
    committee = DocumentProfile.objects.get(code="bcd-tinh")
    assert (committee.signature_authority, committee.signature_title) == ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN")
    assert committee.signer.name == "Lâm Hải Giang"
    province = DocumentProfile.objects.get(code="ubnd-tinh")
    assert (province.signature_authority, province.signature_title) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert province.signer.name == "Phạm Anh Tuấn"
    assert "0 mới / 0 thay đổi / 2 không đổi" in demo.profiles_output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_docx_opens_in_libreoffice(briefing, tmp_path):
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(briefing.docx.read())
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = Path(tmp_path / "bao-cao.pdf")
    assert result.returncode == 0, result.stderr
    assert SEED_SENTENCE in pdf_text(converted.read_bytes())


def test_the_meetings_page_lists_its_briefing(briefing, client):
    # given the chair, and the secretariat who may generate another
    client.force_login(User.objects.get(username="chutich"))
    html = client.get(f"/meetings/{briefing.meeting_id}/").content.decode()
    assert f'href="/documents/{briefing.pk}/"' in html
    assert "/documents/briefing/new/" not in html
    client.force_login(User.objects.get(username="thuongtruc"))
    html = client.get(f"/meetings/{briefing.meeting_id}/").content.decode()
    assert f"/documents/briefing/new/?meeting={briefing.meeting_id}" in html
