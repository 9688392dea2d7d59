"""The urging letter (công văn đôn đốc) to one lead unit: addressee, subject, its tasks with deadlines and working
days late, the day to report back, in the issuer's format."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from chidao.core.documents.briefing_inputs import TaskItem
from chidao.core.documents.model import Paragraph, Table, document_from_json, document_to_json
from chidao.core.documents.profile import IssueMark, IssuerProfile
from chidao.core.documents.urging import UrgingInputs, build_urging_letter, urging_subject

PROFILE = IssuerProfile(
    parent_body="UBND TỈNH GIA LAI",
    issuing_body="BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, CẢI CÁCH HÀNH CHÍNH, "
    "CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06",
    issuer_abbreviation="BCĐ",
    drafting_unit_abbreviation="SKHCN",
    place="Gia Lai",
    signature_authority="KT. TRƯỞNG BAN",
    signature_title="PHÓ TRƯỞNG BAN",
    signer_name="Lâm Hải Giang",
    recipients=("Trưởng Ban Chỉ đạo (để báo cáo)",),
)
OVERDUE = (
    TaskItem("UBND-2026-03", "Số hóa hồ sơ đất đai", date(2026, 1, 30), 22),
    TaskItem("UBND-2026-05", "Kết nối cơ sở dữ liệu", date(2026, 2, 27), 2),
)
DUE_SOON = (TaskItem("UBND-2026-09", "Ban hành quy chế", date(2026, 3, 10)),)
LETTER = UrgingInputs(
    profile=PROFILE,
    as_of=date(2026, 3, 3),
    unit_name="Sở Nông nghiệp và Môi trường",
    head_name="Giám đốc Sở Nông nghiệp và Môi trường Trần Văn B",
    overdue=OVERDUE,
    due_soon=DUE_SOON,
    reply_by=date(2026, 3, 10),
)


def text_of(document) -> str:
    return "\n".join(block.text for block in document.all_blocks() if isinstance(block, Paragraph))


def tables(document) -> list[Table]:
    return [block for block in document.all_blocks() if isinstance(block, Table)]


def test_the_letter_is_addressed_to_the_unit_with_its_subject():
    document = build_urging_letter(LETTER)
    assert document.kind == "CV"
    assert document.type_name == ""
    assert document.addressees == ("Sở Nông nghiệp và Môi trường",)
    assert document.header.subject_line == "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn"
    assert document.header.number_line.endswith("/BCĐ-SKHCN")
    assert document.recipients.lines == ("Như trên", "Trưởng Ban Chỉ đạo (để báo cáo)")


def test_the_tasks_are_listed_with_deadlines_and_working_days_late():
    document = build_urging_letter(LETTER)
    overdue, due_soon = tables(document)
    assert overdue.rows == (
        ("1", "UBND-2026-03", "Số hóa hồ sơ đất đai", "30/01/2026", "22"),
        ("2", "UBND-2026-05", "Kết nối cơ sở dữ liệu", "27/02/2026", "2"),
    )
    assert due_soon.rows == (("1", "UBND-2026-09", "Ban hành quy chế", "10/03/2026"),)
    text = text_of(document)
    assert (
        "tính đến ngày 03/03/2026, Sở Nông nghiệp và Môi trường còn 2 nhiệm vụ đã quá hạn và 1 nhiệm vụ sắp đến hạn"
        " nhưng chưa hoàn thành, cụ thể như sau:" in text
    )
    assert document.figures["task.UBND-2026-03.working_days_late"] == "22"


def test_the_unit_must_report_back_by_a_day_and_its_head_is_named():
    document = build_urging_letter(LETTER)
    text = text_of(document)
    assert "báo cáo kết quả thực hiện về Ban Chỉ đạo trước ngày 10/03/2026" in text
    assert (
        "Thủ trưởng Sở Nông nghiệp và Môi trường (Giám đốc Sở Nông nghiệp và Môi trường Trần Văn B)" in text
    )
    assert document.figures["reply_by"] == "10/03/2026"


def test_only_due_soon_tasks():
    document = build_urging_letter(replace(LETTER, overdue=(), head_name=""))
    assert document.header.subject_line == "V/v đôn đốc thực hiện nhiệm vụ sắp đến hạn"
    assert len(tables(document)) == 1
    text = text_of(document)
    assert "còn 1 nhiệm vụ sắp đến hạn nhưng chưa hoàn thành" in text
    assert "1. Nhiệm vụ sắp đến hạn" in text
    assert "Thủ trưởng Sở Nông nghiệp và Môi trường chịu trách nhiệm" in text


def test_only_missing_reports():
    document = build_urging_letter(replace(LETTER, overdue=(), due_soon=(), missing_reports=3))
    assert document.header.subject_line == "V/v đôn đốc gửi báo cáo định kỳ"
    assert "Số báo cáo định kỳ chưa gửi: 3 báo cáo." in text_of(document)
    assert not tables(document)


def test_missing_reports_beside_tasks():
    document = build_urging_letter(replace(LETTER, missing_reports=2))
    assert "Ngoài ra, đơn vị còn 2 báo cáo định kỳ chưa gửi theo quy định." in text_of(document)


def test_subject_words():
    assert urging_subject(1, 0) == "V/v đôn đốc thực hiện nhiệm vụ quá hạn"
    assert urging_subject(0, 0) == "V/v đôn đốc thực hiện nhiệm vụ"


def test_an_issued_letter_carries_its_number_and_date():
    document = build_urging_letter(replace(LETTER, issue=IssueMark(12, date(2026, 3, 4))))
    assert document.header.number_line == "Số: 12/BCĐ-SKHCN"
    assert document.header.place_date_line == "Gia Lai, ngày 04 tháng 3 năm 2026"


def test_every_figure_is_quoted_and_the_model_round_trips():
    document = build_urging_letter(LETTER)
    text = (
        text_of(document) + "\n" + "\n".join(cell for t in tables(document) for row in t.rows for cell in row)
    )
    for key, value in document.figures.items():
        assert value in text, key
    assert document_from_json(document_to_json(document)) == document
