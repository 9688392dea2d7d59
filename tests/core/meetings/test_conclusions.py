"""Reading a pasted conclusions notice: numbered items, and a proposed task row for each (lead unit, coordinating
units, deadline text, product), for the secretariat to confirm."""

from __future__ import annotations

import unicodedata

import pytest

from chidao.core.meetings.conclusions import (
    UnitIndex,
    UnitName,
    find_deadline_text,
    propose_product,
    propose_rows,
    split_conclusions,
)
from chidao.core.periods import DeadlineKind, parse_deadline_text
from chidao.core.text import fold_for_search

UNITS = (
    UnitName("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    UnitName("CAT", "Công an tỉnh", "Công an tỉnh"),
    UnitName("SNV", "Sở Nội vụ", "Sở Nội vụ"),
    UnitName("STP", "Sở Tư pháp", "Sở Tư pháp"),
    UnitName("VPUBND", "Văn phòng UBND tỉnh", "VP UBND tỉnh"),
    UnitName("52", "UBND tỉnh Gia Lai", "UBND tỉnh"),
    UnitName("21583", "Phường Quy Nhơn", ""),
)

NOTICE = """THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo tại phiên họp ngày 03/03/2026
I. ĐÁNH GIÁ CHUNG
Ban Chỉ đạo ghi nhận kết quả đạt được trong năm 2025.
II. NHIỆM VỤ THỜI GIAN TỚI
1. Sở KH&CN chủ trì, phối hợp với Công an tỉnh và Sở Nội vụ kết nối dữ liệu 135 xã, phường với
Trung tâm giám sát, điều hành thông minh, hoàn thành trong Quý II/2026.
2. Văn phòng UBND tỉnh chủ trì:
a) Đưa toàn bộ thủ tục hành chính đủ điều kiện lên dịch vụ công trực tuyến toàn trình, hoàn thành trước 30/9/2026;
b) Báo cáo kết quả hằng quý.
3. Giao Công an tỉnh rà soát chỉ tiêu Đề án 06 chưa đạt, đề xuất giải pháp, báo cáo UBND tỉnh trước ngày 15/4/2026.
4. Các sở, ngành xây dựng Kế hoạch tăng tốc chuyển đổi số toàn diện năm 2026 (thời hạn: 31/3/2026).
"""


# ---- splitting ----------------------------------------------------------------------------------------------


def test_the_numbered_items_are_split_and_the_preamble_is_left_out():
    # when
    items = split_conclusions(NOTICE)

    # then every numbered conclusion is an item; "2." has sub-items, so it is their heading, not a row
    assert [item.number for item in items] == ["1", "2.a", "2.b", "3", "4"]
    assert items[0].text.endswith("điều hành thông minh, hoàn thành trong Quý II/2026.")
    assert items[0].line == 6
    assert items[1].parent_text == "Văn phòng UBND tỉnh chủ trì:"
    assert items[3].parent_text == ""


@pytest.mark.parametrize(
    ("_case", "text", "numbers"),
    [
        ("dot", "1. Một việc\n2. Việc khác", ["1", "2"]),
        ("parenthesis", "1) Một việc\n2) Việc khác", ["1", "2"]),
        ("two levels", "2. Sở Tư pháp chủ trì:\n2.1. Việc thứ nhất\n2.2 Việc thứ hai", ["2.1", "2.2"]),
        ("letters without a number", "a) Việc thứ nhất\nđ) Việc thứ năm", ["a", "đ"]),
        ("a number in the text stays in its line", "1. Cấp 1.500 tài khoản\n1.500 hồ sơ đã số hóa", ["1"]),
        ("bullets continue the item", "1. Việc một:\n- ý thứ nhất\n- ý thứ hai\n2. Việc hai", ["1", "2"]),
        (
            "numbering that starts again in a later section is prefixed",
            "I. Đánh giá\n1. Nội dung\nII. Nhiệm vụ\n1. Việc một\n2. Việc hai",
            ["I.1", "II.1", "II.2"],
        ),
        ("no numbered item", "Ban Chỉ đạo ghi nhận kết quả.", []),
    ],
)
def test_numbering_styles(_case, text, numbers):
    assert [item.number for item in split_conclusions(text)] == numbers


def test_bullet_lines_are_joined_to_their_item():
    # when
    items = split_conclusions("1. Việc một:\n- ý thứ nhất\n+ ý thứ hai")

    # then
    assert items[0].text == "Việc một: ý thứ nhất ý thứ hai"


def test_decomposed_text_is_read_like_composed_text():
    # given the same notice typed with decomposed diacritics (as some keyboards send)
    decomposed = unicodedata.normalize("NFD", NOTICE)

    # when / then
    assert propose_rows(decomposed, UNITS) == propose_rows(NOTICE, UNITS)


# ---- units -------------------------------------------------------------------------------------------------


def test_the_longest_name_wins_so_a_department_of_the_province_is_not_the_province():
    # when
    mentions = UnitIndex(UNITS).mentions(fold_for_search("Văn phòng UBND tỉnh và UBND tỉnh"))

    # then
    assert [m.key for m in mentions] == ["VPUBND", "52"]


def test_names_are_matched_without_diacritics_and_ubnd_stands_for_uy_ban_nhan_dan():
    # when
    mentions = UnitIndex(UNITS).mentions(fold_for_search("so kh&cn va Văn phòng Ủy ban nhân dân tỉnh"))

    # then
    assert [m.key for m in mentions] == ["SKHCN", "VPUBND"]


def test_a_name_inside_a_word_is_not_a_mention():
    # given a unit whose short name is also the start of a longer word
    index = UnitIndex([UnitName("X", "Sở Nội", "")])

    # when / then
    assert index.mentions(fold_for_search("Sở Nội vụ")) != []
    assert index.mentions(fold_for_search("Sở Nộix")) == []


def test_a_name_shared_by_two_units_is_not_proposed():
    # given two sub-units with the same short name
    units = [
        UnitName(1, "Văn phòng Sở Tư pháp", "Văn phòng Sở"),
        UnitName(2, "Văn phòng Sở Y tế", "Văn phòng Sở"),
    ]

    # when
    row = propose_rows("1. Văn phòng Sở chủ trì rà soát hồ sơ, trước 30/4/2026.", units)[0]

    # then the officer is asked to choose
    assert row.lead_unit is None
    assert any("trùng tên" in note for note in row.notes)


@pytest.mark.parametrize(
    ("_case", "text", "lead", "coordinating"),
    [
        (
            "X chủ trì",
            "1. Sở KH&CN chủ trì, phối hợp với Công an tỉnh và Sở Nội vụ xây dựng kế hoạch.",
            "SKHCN",
            ("CAT", "SNV"),
        ),
        ("chủ trì: X", "1. Rà soát quy chế; chủ trì: Sở Tư pháp; phối hợp: Sở Nội vụ.", "STP", ("SNV",)),
        ("giao X", "1. Giao Công an tỉnh rà soát, phối hợp với Sở Tư pháp.", "CAT", ("STP",)),
        ("the first unit named", "1. Sở Nội vụ rà soát thủ tục hành chính.", "SNV", ()),
        ("the receiver of a report does not lead", "1. Các sở rà soát, báo cáo UBND tỉnh.", None, ()),
        ("tham mưu X: X does not lead", "1. Sở Nội vụ tham mưu UBND tỉnh ban hành quy chế.", "SNV", ()),
        (
            "commune with UBND in front",
            "1. UBND phường Quy Nhơn chủ trì chỉnh trang Bộ phận một cửa.",
            "21583",
            (),
        ),
    ],
)
def test_the_lead_and_coordinating_units_are_proposed(_case, text, lead, coordinating):
    # when
    row = propose_rows(text, UNITS)[0]

    # then
    assert (row.lead_unit, row.coordinating_units) == (lead, coordinating)


def test_a_sub_item_takes_the_lead_unit_of_its_heading():
    # when
    rows = propose_rows(NOTICE, UNITS)

    # then "2. Văn phòng UBND tỉnh chủ trì: a) …; b) …" gives both rows to the office
    assert [row.lead_unit for row in rows] == ["SKHCN", "VPUBND", "VPUBND", "CAT", None]
    assert rows[1].content.startswith("Văn phòng UBND tỉnh chủ trì:\n")
    assert rows[4].notes == ("Chưa nhận ra đơn vị chủ trì: hãy chọn.",)


# ---- deadlines ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "text", "deadline"),
    [
        ("hoàn thành trước", "Sở KH&CN chủ trì …, hoàn thành trước 30/4/2026", "trước 30/4/2026"),
        ("trước ngày", "báo cáo UBND tỉnh trước ngày 15/4/2026.", "trước ngày 15/4/2026"),
        ("chậm nhất", "gửi Sở Nội vụ chậm nhất ngày 10/5/2026", "chậm nhất ngày 10/5/2026"),
        ("within a quarter", "hoàn thành trong Quý II/2026.", "trong Quý II/2026"),
        ("a quarter alone", "Thời gian hoàn thành: Quý III/2026", "Quý III/2026"),
        ("a month", "hoàn thành trong tháng 6/2026", "trong tháng 6/2026"),
        ("a qualified year", "hoàn thành trong năm 2026", "trong năm 2026"),
        ("a year alone is part of a title", "Xây dựng Kế hoạch chuyển đổi số năm 2026", ""),
        ("the qualified one wins", "Kế hoạch quý II/2026, hoàn thành trước 15/3/2026", "trước 15/3/2026"),
        ("the last date wins", "Rà soát văn bản ban hành ngày 01/01/2026, xong 31/3/2026", "31/3/2026"),
        ("recurring with a cadence", "Báo cáo kết quả hằng quý", "hằng quý"),
        ("recurring every month", "Thực hiện thường xuyên, báo cáo định kỳ hằng tháng", "định kỳ hằng tháng"),
        ("recurring without cadence", "Thực hiện thường xuyên", "thường xuyên"),
        ("a cadence in a title is not a deadline", "Xây dựng kế hoạch hằng năm", ""),
        ("none", "Tăng cường kỷ luật, kỷ cương hành chính", ""),
    ],
)
def test_the_deadline_is_found_as_written(_case, text, deadline):
    assert find_deadline_text(text) == deadline


@pytest.mark.parametrize(
    "text",
    [
        "trước 30/4/2026",
        "trước ngày 15/4/2026",
        "trong Quý II/2026",
        "Quý III/2026",
        "trong năm 2026",
        "định kỳ hằng quý",
    ],
)
def test_every_deadline_found_is_read_by_the_deadline_parser(text):
    assert parse_deadline_text(find_deadline_text(f"Việc, hoàn thành {text}.")).kind is not DeadlineKind.NONE


def test_the_deadline_clause_is_cut_from_the_title_but_kept_in_the_content():
    # when
    row = propose_rows(NOTICE, UNITS)[0]

    # then
    assert row.title.endswith("điều hành thông minh")
    assert row.content.endswith("hoàn thành trong Quý II/2026.")
    assert row.deadline_text == "trong Quý II/2026"


def test_a_parenthesised_deadline_is_cut_from_the_title():
    # when
    row = propose_rows(NOTICE, UNITS)[4]

    # then
    assert row.title == "Các sở, ngành xây dựng Kế hoạch tăng tốc chuyển đổi số toàn diện năm 2026"
    assert row.deadline_text == "31/3/2026"


def test_a_deadline_that_cannot_be_read_is_noted_for_the_officer():
    # when ("trước" a quarter is ambiguous: the first or the last day?)
    row = propose_rows("1. Sở Nội vụ rà soát quy chế, hoàn thành trước Quý II/2026.", UNITS)[0]

    # then the text is proposed as written, with the parser's reason
    assert row.deadline_text == "trước Quý II/2026"
    assert any("chưa đọc được" in note for note in row.notes)


def test_a_recurring_conclusion_without_cadence_asks_for_one():
    row = propose_rows("1. Sở Nội vụ thực hiện thường xuyên.", UNITS)[0]
    assert any("chu kỳ báo cáo" in note for note in row.notes)


def test_a_sub_item_without_deadline_takes_that_of_its_heading():
    # when
    rows = propose_rows(
        "2. Sở Tư pháp chủ trì, hoàn thành trước 30/6/2026:\na) Rà soát quy chế\nb) Sửa quy chế", UNITS
    )

    # then
    assert [(row.number, row.lead_unit, row.deadline_text) for row in rows] == [
        ("2.a", "STP", "trước 30/6/2026"),
        ("2.b", "STP", "trước 30/6/2026"),
    ]


# ---- products ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "title", "product"),
    [
        ("a plan", "Xây dựng Kế hoạch tăng tốc chuyển đổi số", ("document", "Kế hoạch")),
        ("a decision", "Tham mưu quyết định công bố danh mục thủ tục", ("document", "Quyết định")),
        ("a review is reported", "Rà soát chỉ tiêu Đề án 06 chưa đạt", ("report", "Báo cáo")),
        ("the first word wins", "Báo cáo kết quả xây dựng kế hoạch", ("report", "Báo cáo")),
        ("a system", "Kết nối dữ liệu 135 xã, phường", ("system", "")),
        ("data", "Làm sạch dữ liệu dân cư", ("data", "")),
        ("nothing recognised", "Tăng cường kỷ luật, kỷ cương hành chính", ("", "")),
    ],
)
def test_the_product_is_proposed_from_the_title(_case, title, product):
    assert propose_product(title) == product


def test_the_whole_notice_becomes_five_proposed_rows():
    # when
    rows = propose_rows(NOTICE, UNITS)

    # then
    assert [(r.number, r.lead_unit, r.deadline_text, r.product_type) for r in rows] == [
        ("1", "SKHCN", "trong Quý II/2026", "system"),
        ("2.a", "VPUBND", "trước 30/9/2026", ""),
        ("2.b", "VPUBND", "hằng quý", "report"),
        ("3", "CAT", "trước ngày 15/4/2026", "report"),
        ("4", None, "31/3/2026", "document"),
    ]
    assert rows[0].coordinating_units == ("CAT", "SNV")
