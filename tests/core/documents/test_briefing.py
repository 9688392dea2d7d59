"""The meeting briefing's wording: the seed's sentence for NQ 57, phases, Project 06, changes since the previous
meeting, problems with heads named, proposals, and "chưa có dữ liệu" where data does not exist yet."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from chidao.core.documents.briefing import NO_DATA, build_briefing
from chidao.core.documents.briefing_inputs import (
    AreaResult,
    AttentionUnit,
    BriefingInputs,
    Comparison,
    CountChange,
    LastYearCompletions,
    LeagueEntry,
    OpenDirective,
    PhaseResult,
    ProvidedSection,
    StatusCounts,
    TaskItem,
)
from chidao.core.documents.model import (
    Chart,
    Paragraph,
    ParagraphStyle,
    Table,
    document_from_json,
    document_to_json,
)
from chidao.core.documents.profile import IssueMark, IssuerProfile

AS_OF = date(2026, 3, 3)
PROFILE = IssuerProfile(
    parent_body="UBND TỈNH GIA LAI",
    issuing_body="BAN CHỈ ĐẠO VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, CẢI CÁCH HÀNH CHÍNH, "
    "CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06",
    issuer_abbreviation="BCĐ",
    place="Gia Lai",
    signature_authority="KT. TRƯỞNG BAN",
    signature_title="PHÓ TRƯỞNG BAN",
    signer_name="Lâm Hải Giang",
    recipients=("Trưởng Ban Chỉ đạo (để báo cáo)", "Thành viên Ban Chỉ đạo"),
    archive_line="Lưu: VT, SKHCN.",
)
NQ57 = AreaResult(
    code="nq57",
    label="việc thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW của Bộ Chính trị",
    short_label="Nghị quyết số 57-NQ/TW",
    assigned_by="Trung ương giao tỉnh",
    counts=StatusCounts(
        total=103,
        recurring=25,
        done_on_time=69,
        done_late=0,
        in_progress_on_time=9,
        overdue=0,
        on_time_share=Decimal("0.8846"),
    ),
)
DA06 = AreaResult(
    code="da06",
    label="việc triển khai Đề án 06",
    short_label="Đề án 06",
    counts=StatusCounts(
        total=36, recurring=0, done_on_time=31, done_late=2, in_progress_on_time=2, overdue=1
    ),
    last_year=LastYearCompletions(year=2025, on_time=28, late=2),
)
URGENT = PhaseResult("cap-bach", "Giai đoạn cấp bách", date(2025, 6, 19), date(2025, 6, 30), 16, 16, 16)
BREAKTHROUGH = PhaseResult("dot-pha", "Giai đoạn đột phá", date(2025, 7, 1), date(2025, 12, 31), 25, 25, 25)
SEED_SENTENCE = (
    "Đối với việc thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW của Bộ Chính trị, tổng số nhiệm vụ Trung ương"
    " giao tỉnh là 103 nhiệm vụ, trong đó có 25 nhiệm vụ thường xuyên. Đến nay, tỉnh đã hoàn thành 69 nhiệm vụ;"
    " 9 nhiệm vụ đang thực hiện trong hạn và không có nhiệm vụ quá hạn."
)


def inputs(**changes) -> BriefingInputs:
    base = BriefingInputs(
        profile=PROFILE,
        as_of=AS_OF,
        areas=(NQ57, DA06),
        phases=(URGENT, BREAKTHROUGH),
        meeting_date=AS_OF,
        meeting_title="Phiên họp lần thứ nhất năm 2026",
    )
    return replace(base, **changes)


def paragraphs(document) -> list[str]:
    return [block.text for block in document.all_blocks() if isinstance(block, Paragraph)]


def text_of(document) -> str:
    return "\n".join(paragraphs(document))


def counts(**values) -> StatusCounts:
    fields = {
        "total": 10,
        "recurring": 0,
        "done_on_time": 5,
        "done_late": 0,
        "in_progress_on_time": 3,
        "overdue": 2,
    }
    fields.update(values)
    return StatusCounts(**fields)


def area_text(area_counts: StatusCounts) -> str:
    area = replace(DA06, counts=area_counts, last_year=None)
    return text_of(build_briefing(inputs(areas=(area,), phases=())))


# ---- results per area ---------------------------------------------------------------------------------------


def test_the_nq57_sentence_is_the_seeds():
    # when the briefing is built with the committee's NQ 57 figures
    document = build_briefing(inputs())
    # then the sentence is the seed's, word for word, and its figures are kept under stable keys
    assert SEED_SENTENCE in text_of(document)
    figures = document.figures
    assert (
        figures["nq57.total"],
        figures["nq57.recurring"],
        figures["nq57.done"],
        figures["nq57.in_progress_on_time"],
        figures["nq57.overdue"],
    ) == ("103", "25", "69", "9", "0")
    assert figures["nq57.on_time_share"] == "88,5%"
    assert "Tỷ lệ nhiệm vụ hoàn thành đúng hạn đạt 88,5% (69/78 nhiệm vụ có thời hạn)." in text_of(document)


@pytest.mark.parametrize(
    ("overdue", "expected"),
    [
        (0, "và không có nhiệm vụ quá hạn."),
        (1, "và 1 nhiệm vụ quá hạn."),
        (12, "và 12 nhiệm vụ quá hạn."),
    ],
)
def test_overdue_is_worded_for_none_one_and_many(overdue, expected):
    # when an area has 0, 1 or many overdue tasks
    text = area_text(counts(total=8 + overdue, overdue=overdue))
    # then the sentence says so
    assert f"3 nhiệm vụ đang thực hiện trong hạn {expected}" in text


def test_done_late_is_mentioned_only_when_there_are_some():
    # given one area with late completions and one without
    late = area_text(counts(done_on_time=4, done_late=1))
    on_time = area_text(counts())
    # then only the first mentions them
    assert "tỉnh đã hoàn thành 5 nhiệm vụ (trong đó 1 nhiệm vụ hoàn thành quá hạn);" in late
    assert "hoàn thành quá hạn" not in on_time


def test_no_task_in_progress_and_none_done():
    # when nothing is in progress
    text = area_text(counts(total=7, done_on_time=5, in_progress_on_time=0, overdue=2))
    assert "Đến nay, tỉnh đã hoàn thành 5 nhiệm vụ và 2 nhiệm vụ quá hạn." in text
    # and when nothing is done yet
    text = area_text(counts(total=5, done_on_time=0, in_progress_on_time=5, overdue=0))
    assert "Đến nay, tỉnh chưa hoàn thành nhiệm vụ nào; 5 nhiệm vụ đang thực hiện trong hạn" in text


def test_an_area_without_recurring_tasks_does_not_mention_them():
    text = area_text(counts())
    assert "tổng số nhiệm vụ là 10 nhiệm vụ." in text
    assert "thường xuyên" not in text.split("II. ")[0].split("Kết quả thực hiện")[0]


def test_suspended_and_stopped_tasks_are_told_apart():
    text = area_text(counts(suspended=2, stopped=1))
    assert "Ngoài ra, có 2 nhiệm vụ tạm dừng và 1 nhiệm vụ dừng thực hiện" in text


def test_project_06_reports_what_it_completed_last_year():
    document = build_briefing(inputs())
    text = text_of(document)
    assert (
        "Trong triển khai Đề án 06, tỉnh đã hoàn thành 30 nhiệm vụ trong năm 2025"
        " (trong đó 2 nhiệm vụ hoàn thành quá hạn)." in text
    )
    assert document.figures["da06.completed_last_year"] == "30"


def test_large_numbers_use_the_vietnamese_format():
    text = area_text(counts(total=1250, done_on_time=1240, in_progress_on_time=8, overdue=2))
    assert "tổng số nhiệm vụ là 1.250 nhiệm vụ" in text
    assert "đã hoàn thành 1.240 nhiệm vụ" in text


# ---- phases ---------------------------------------------------------------------------------------------------


def test_phases_completed_in_full():
    document = build_briefing(inputs())
    text = text_of(document)
    assert (
        "Trong giai đoạn cấp bách (từ ngày 19/06/2025 đến ngày 30/06/2025), tỉnh đã hoàn thành 16/16 nhiệm vụ."
        in text
    )
    assert (
        "Trong giai đoạn đột phá (từ ngày 01/07/2025 đến ngày 31/12/2025), tỉnh đã hoàn thành 25/25 nhiệm vụ."
        in text
    )
    assert (document.figures["phase.cap-bach.done"], document.figures["phase.cap-bach.total"]) == ("16", "16")
    assert (document.figures["phase.dot-pha.done"], document.figures["phase.dot-pha.total"]) == ("25", "25")


def test_a_phase_not_completed_and_one_completed_late():
    # given an urgent phase with 2 tasks still open and 1 done after its end
    phase = replace(URGENT, done=14, done_within_phase=13)
    text = text_of(build_briefing(inputs(phases=(phase,))))
    assert (
        "tỉnh đã hoàn thành 14/16 nhiệm vụ, trong đó 13 nhiệm vụ hoàn thành trong giai đoạn;"
        " còn 2 nhiệm vụ chưa hoàn thành." in text
    )


def test_a_phase_still_running_and_one_not_started():
    # given the figures as of 01/10/2025: the breakthrough phase is running, a later one has not begun
    later = PhaseResult("sau", "Giai đoạn sau", date(2026, 1, 1), date(2026, 6, 30), 5, 0, 0)
    running = replace(BREAKTHROUGH, done=10, done_within_phase=10)
    text = text_of(build_briefing(inputs(as_of=date(2025, 10, 1), phases=(URGENT, running, later))))
    assert (
        "Giai đoạn đột phá (từ ngày 01/07/2025 đến ngày 31/12/2025) đang triển khai: đến nay đã hoàn thành 10/25 nhiệm vụ."
        in text
    )
    assert "giai đoạn sau" not in text.lower()


# ---- changes since the previous meeting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            CountChange(total=0, done=3, overdue=-1),
            "Đối với Nghị quyết số 57-NQ/TW: tăng 3 nhiệm vụ hoàn thành so với phiên họp ngày 15/12/2025;"
            " số nhiệm vụ quá hạn giảm 1 nhiệm vụ.",
        ),
        (
            CountChange(total=2, done=-1, overdue=2),
            "Đối với Nghị quyết số 57-NQ/TW: giảm 1 nhiệm vụ hoàn thành so với phiên họp ngày 15/12/2025;"
            " số nhiệm vụ quá hạn tăng 2 nhiệm vụ; tổng số nhiệm vụ tăng 2 nhiệm vụ.",
        ),
        (
            CountChange(total=0, done=0, overdue=1),
            "Đối với Nghị quyết số 57-NQ/TW: số nhiệm vụ hoàn thành không thay đổi so với phiên họp ngày"
            " 15/12/2025; số nhiệm vụ quá hạn tăng 1 nhiệm vụ.",
        ),
        (
            CountChange(total=0, done=0, overdue=0),
            "Đối với Nghị quyết số 57-NQ/TW: số liệu không thay đổi so với phiên họp ngày 15/12/2025.",
        ),
    ],
)
def test_changes_since_the_previous_meeting(change, expected):
    area = replace(NQ57, change=change)
    document = build_briefing(inputs(areas=(area,), comparison=Comparison(date(2025, 12, 15))))
    assert expected in text_of(document)
    assert document.figures["comparison.since"] == "15/12/2025"
    if change.done:
        assert document.figures["nq57.change.done"] == str(abs(change.done))


def test_without_a_previous_meeting_nothing_is_compared():
    document = build_briefing(inputs(comparison=None))
    assert "Chưa có phiên họp trước để so sánh." in text_of(document)
    assert not any(".change." in key for key in document.figures)


def test_changes_since_a_chosen_day_are_not_called_a_meeting():
    area = replace(NQ57, change=CountChange(total=0, done=2, overdue=0))
    text = text_of(
        build_briefing(inputs(areas=(area,), comparison=Comparison(date(2026, 1, 31), is_meeting=False)))
    )
    assert "tăng 2 nhiệm vụ hoàn thành so với ngày 31/01/2026" in text
    assert "II. THAY ĐỔI SO VỚI KỲ TRƯỚC" in text


# ---- problems, proposals, sections without data ------------------------------------------------------------


def attention(
    unit_id: int, name: str, head: str, overdue: int, due_soon: int = 0, missing: int = 0
) -> AttentionUnit:
    return AttentionUnit(
        unit_id=unit_id,
        unit_name=name,
        head_name=head,
        overdue=tuple(
            TaskItem(f"T-{unit_id}-{i}", f"Nhiệm vụ {i}", date(2026, 2, 2), 20 + i) for i in range(overdue)
        ),
        due_soon=tuple(
            TaskItem(f"S-{unit_id}-{i}", f"Việc sắp đến hạn {i}", date(2026, 3, 10)) for i in range(due_soon)
        ),
        missing_reports=missing,
    )


def test_problems_name_the_units_and_their_heads():
    units = (
        attention(7, "Sở Xây dựng", "Giám đốc Sở Xây dựng Nguyễn Văn A", overdue=2, due_soon=1),
        attention(8, "Phường Quy Nhơn", "", overdue=0, missing=3),
    )
    document = build_briefing(inputs(attention=units))
    text = text_of(document)
    assert (
        "Sở Xây dựng (Giám đốc Sở Xây dựng Nguyễn Văn A): 2 nhiệm vụ quá hạn; 1 nhiệm vụ sắp đến hạn." in text
    )
    assert "Phường Quy Nhơn: 3 báo cáo định kỳ chưa gửi." in text
    assert "có 2 đơn vị chủ trì có nhiệm vụ quá hạn" in text
    assert document.figures["unit.7.overdue"] == "2"
    bullet = next(
        p for p in document.all_blocks() if isinstance(p, Paragraph) and p.text.startswith("Sở Xây dựng")
    )
    assert bullet.style is ParagraphStyle.BULLET
    assert bullet.bold_prefix == "Sở Xây dựng (Giám đốc Sở Xây dựng Nguyễn Văn A):"


def test_the_body_names_at_most_the_limit_and_the_annex_lists_all():
    units = tuple(attention(i, f"Xã {i:02d}", "", overdue=1) for i in range(1, 13))
    document = build_briefing(inputs(attention=units))
    text = text_of(document)
    assert "Xã 10: 1 nhiệm vụ quá hạn." in text
    assert "Xã 11: 1" not in text
    assert "Và 2 đơn vị khác (Phụ lục I)." in text
    annex_table = next(b for b in document.annexes[0].blocks if isinstance(b, Table))
    assert len(annex_table.rows) == 12
    assert annex_table.rows[0] == ("1", "Xã 01", "T-1-0", "Nhiệm vụ 0", "02/02/2026", "Quá hạn", "20")


def test_no_unit_needs_attention():
    document = build_briefing(inputs(attention=()))
    text = text_of(document)
    assert "không có đơn vị chủ trì nào có nhiệm vụ quá hạn" in text
    assert "Không có nhiệm vụ quá hạn hoặc sắp đến hạn." in text


def test_open_directives_are_listed():
    directive = OpenDirective(
        kind_label="Yêu cầu giải trình",
        text="Giải trình lý do chậm tiến độ.",
        task_code="UBND-2026-03",
        unit_name="Sở Tài chính",
        created_on=date(2026, 2, 10),
        due_on=date(2026, 2, 17),
    )
    document = build_briefing(inputs(open_directives=(directive,)))
    assert (
        "Yêu cầu giải trình ngày 10/02/2026 đối với nhiệm vụ UBND-2026-03 (Sở Tài chính): Giải trình lý do chậm"
        " tiến độ; hạn phản hồi 17/02/2026." in text_of(document)
    )
    assert document.figures["directives.open"] == "1"


def test_proposals_are_the_secretariats_or_none():
    proposals = ("Chấn chỉnh tiến độ", "Đề nghị bổ sung kinh phí.", "  ", "Tăng cường khai thác dữ liệu")
    with_proposals = paragraphs(build_briefing(inputs(proposals=proposals)))
    without = text_of(build_briefing(inputs(proposals=())))
    assert {"Chấn chỉnh tiến độ;", "Đề nghị bổ sung kinh phí.", "Tăng cường khai thác dữ liệu."} <= set(
        with_proposals
    )
    assert "Chưa có đề xuất, kiến nghị." in without


def test_sections_without_data_say_so_and_quote_no_figure():
    document = build_briefing(inputs(service_index=None, data_quality=None))
    text = text_of(document)
    assert f"Chỉ số phục vụ người dân, doanh nghiệp: {NO_DATA}." in text
    assert f"Chất lượng dữ liệu (đúng, đủ, sạch, sống): {NO_DATA}." in text
    assert not any(key.startswith(("service_index", "data_quality")) for key in document.figures)


def test_a_provided_section_is_written_with_its_figures():
    section = ProvidedSection(("Chỉ số phục vụ của tỉnh đạt 85,2 điểm.",), {"score": "85,2"})
    document = build_briefing(inputs(service_index=section))
    assert "Chỉ số phục vụ của tỉnh đạt 85,2 điểm." in text_of(document)
    assert document.figures["service_index.score"] == "85,2"


# ---- the document as a whole -------------------------------------------------------------------------------


def full_inputs() -> BriefingInputs:
    return inputs(
        areas=(replace(NQ57, change=CountChange(0, 3, 0)), replace(DA06, change=CountChange(1, 2, -1))),
        comparison=Comparison(date(2025, 12, 15)),
        attention=(attention(7, "Sở Xây dựng", "Giám đốc Sở Xây dựng Nguyễn Văn A", overdue=2, due_soon=1),),
        league=(
            LeagueEntry(1, "Sở Khoa học và Công nghệ", "", 40, 38, 0, 2, 0, Decimal("1"), 0),
            LeagueEntry(
                2, "Sở Xây dựng", "Giám đốc Sở Xây dựng Nguyễn Văn A", 5, 2, 1, 0, 2, Decimal("0.4"), 1
            ),
        ),
        proposals=("Đề nghị các sở khẩn trương hoàn thành nhiệm vụ quá hạn.",),
    )


def test_every_figure_is_quoted_in_the_text():
    document = build_briefing(full_inputs())
    text = text_of(document)
    # words stand for zero ("không có nhiệm vụ quá hạn"); every other value is written as is
    for key, value in document.figures.items():
        assert value == "0" or value in text, key


def test_header_signature_and_annexes_of_a_draft():
    document = build_briefing(full_inputs())
    assert document.kind == "BC"
    assert document.type_name == "BÁO CÁO"
    assert document.header.parent_body == "UBND TỈNH GIA LAI"
    assert document.header.number_line == "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-BCĐ"
    assert document.header.place_date_line.startswith("Gia Lai, ngày ")
    assert (
        document.summary
        == "Tình hình, kết quả thực hiện nhiệm vụ phục vụ phiên họp lần thứ nhất năm 2026 ngày 03/03/2026"
    )
    assert (
        document.signature.authority_line,
        document.signature.title_line,
        document.signature.signer_name,
    ) == (
        "KT. TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Lâm Hải Giang",
    )
    assert document.recipients.lines == ("Trưởng Ban Chỉ đạo (để báo cáo)", "Thành viên Ban Chỉ đạo")
    assert document.recipients.archive == "Lưu: VT, SKHCN."
    league = next(b for b in document.annexes[1].blocks if isinstance(b, Table))
    assert league.rows[1] == (
        "2",
        "Sở Xây dựng",
        "Giám đốc Sở Xây dựng Nguyễn Văn A",
        "5",
        "2",
        "1",
        "0",
        "2",
        "40,0%",
        "1",
    )
    assert any(isinstance(b, Chart) for b in document.all_blocks())


def test_an_issued_briefing_carries_its_number_and_date():
    document = build_briefing(inputs(issue=IssueMark(5, date(2026, 2, 27))))
    assert document.header.number_line == "Số: 05/BC-BCĐ"
    assert document.header.place_date_line == "Gia Lai, ngày 27 tháng 02 năm 2026"
    assert document.annexes[0].subtitle == "(Kèm theo Báo cáo số 05/BC-BCĐ ngày 27/02/2026 của Ban Chỉ đạo)"


def test_without_a_meeting_the_briefing_is_dated_by_its_figures():
    document = build_briefing(inputs(meeting_date=None, meeting_title=""))
    assert document.summary == "Tình hình, kết quả thực hiện nhiệm vụ đến ngày 03/03/2026"
    assert "meeting.date" not in document.figures


def test_the_model_round_trips_as_readable_json():
    document = build_briefing(full_inputs())
    text = document_to_json(document)
    assert "tổng số nhiệm vụ Trung ương giao tỉnh là 103 nhiệm vụ" in text
    assert document_from_json(text) == document


def test_stamping_the_issue_changes_only_the_number_and_dates():
    # given a draft briefing
    from chidao.core.documents.issuing import stamp_issue

    draft = build_briefing(full_inputs())
    # when the clerk's number and date are stamped on it
    issued = stamp_issue(draft, symbol="BC-BCĐ", number=5, issued_on=date(2026, 2, 27), place="Gia Lai")
    # then the header and the annexes carry them, the text and figures are the draft's
    assert issued.header.number_line == "Số: 05/BC-BCĐ"
    assert issued.header.place_date_line == "Gia Lai, ngày 27 tháng 02 năm 2026"
    assert issued.annexes[0].subtitle == "(Kèm theo Báo cáo số 05/BC-BCĐ ngày 27/02/2026 của Ban Chỉ đạo)"
    assert (issued.sections, issued.figures) == (draft.sections, draft.figures)
    # and a corrected number replaces the first
    again = stamp_issue(issued, symbol="BC-BCĐ", number=6, issued_on=date(2026, 3, 2), place="Gia Lai")
    assert again.annexes[1].subtitle == "(Kèm theo Báo cáo số 06/BC-BCĐ ngày 02/03/2026 của Ban Chỉ đạo)"
    assert again == build_briefing(replace(full_inputs(), issue=IssueMark(6, date(2026, 3, 2))))
