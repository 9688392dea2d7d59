"""Reading a sheet: header found under a title block, aliases and diacritics ignored, every error collected."""

from __future__ import annotations

import datetime as dt

from chidao.core.importing import (
    Column,
    DateField,
    EmailField,
    ImportIssue,
    IntegerField,
    SourceRow,
    TextField,
    parse_table,
)

COLUMNS = (
    Column("name", "Họ và tên", TextField(max_length=100), required=True, aliases=("Tên cán bộ",)),
    Column("email", "Thư điện tử", EmailField(), aliases=("Email",)),
    Column("age", "Tuổi", IntegerField(minimum=18)),
    Column("since", "Ngày bắt đầu", DateField()),
)


def sheet(*rows):
    """Rows numbered from 1, as Excel shows them."""
    return [SourceRow(number, tuple(cells)) for number, cells in enumerate(rows, start=1)]


def test_header_found_below_a_title_block_with_loose_spelling():
    # Given a file with a title block and headers typed without diacritics, in capitals, with remarks
    rows = sheet(
        ("UBND TỈNH GIA LAI",),
        ("DANH SÁCH CÁN BỘ",),
        (),
        ("STT", "HO VA TEN (*)", "email", "Ngày bắt đầu (dd/mm/yyyy)"),
        (1, "Nguyễn Văn An", "an@gialai.gov.vn", "01/07/2025"),
    )
    # When it is read
    table = parse_table(rows, COLUMNS)
    # Then the header is row 4, "STT" is ignored and the data row is row 5
    assert table.layout is not None
    assert table.layout.row_number == 4
    assert table.layout.ignored_headers == ("STT",)
    assert [(p.key, p.letter) for p in table.layout.positions] == [
        ("name", "B"),
        ("email", "C"),
        ("since", "D"),
    ]
    assert table.file_issues == ()
    (row,) = table.rows
    assert row.number == 5
    assert row.values["name"] == "Nguyễn Văn An"
    assert row.values["since"] == dt.date(2025, 7, 1)
    assert row.values["age"] is None


def test_every_error_of_every_row_is_collected_with_row_and_header():
    # Given two rows with three errors between them, headers as the user wrote them
    rows = sheet(
        ("Tên cán bộ", "Email", "Tuổi"),
        ("", "khong-phai-email", "17"),
        ("Trần Thị Bình", "binh@gialai.gov.vn", "ba mươi"),
        ("Lê Văn Cường", "cuong@gialai.gov.vn", 40),
    )
    # When it is read
    table = parse_table(rows, COLUMNS)
    # Then all errors are reported, each naming the Excel row and the header in the file
    issues = [issue.text for row in table.rows for issue in row.issues]
    assert issues == [
        "Dòng 2, cột “Tên cán bộ”: Không được để trống.",
        "Dòng 2, cột “Email”: Địa chỉ thư điện tử “khong-phai-email” không hợp lệ.",
        "Dòng 2, cột “Tuổi”: 17 nhỏ hơn giá trị nhỏ nhất cho phép (18).",
        "Dòng 3, cột “Tuổi”: “ba mươi” không phải là số.",
    ]
    assert [row.ok for row in table.rows] == [False, False, True]
    assert table.rows[0].issues[1].column_letter == "B"


def test_empty_rows_are_skipped_and_numbering_follows_excel():
    rows = sheet(("Họ và tên",), ("Nguyễn Văn An",), (None, None), ("  ",), ("Trần Thị Bình",))
    table = parse_table(rows, COLUMNS)
    assert [row.number for row in table.rows] == [2, 5]


def test_missing_required_column_is_a_file_issue():
    # Given a header without the required name column
    rows = sheet(("Email", "Tuổi"), ("an@gialai.gov.vn", 30))
    # When it is read / Then no row is read and the issue names the missing column
    table = parse_table(rows, COLUMNS)
    assert table.rows == ()
    assert [issue.text for issue in table.file_issues] == [
        "Dòng 1: Thiếu cột bắt buộc “Họ và tên” ở dòng tiêu đề."
    ]


def test_repeated_column_is_reported():
    rows = sheet(("Họ và tên", "Email", "Thư điện tử"), ("Nguyễn Văn An", "a@b.vn", "c@d.vn"))
    table = parse_table(rows, COLUMNS)
    assert [issue.message for issue in table.file_issues] == [
        "Cột “Thư điện tử” xuất hiện hai lần (cột B và cột C); hãy giữ một cột."
    ]


def test_no_header_at_all():
    table = parse_table(sheet(("a", "b"), (1, 2)), COLUMNS)
    assert table.layout is None
    assert table.file_issues[0].message.startswith("Không tìm thấy dòng tiêu đề trong 30 dòng đầu")


def test_legacy_font_cells_are_refused_and_the_file_is_told_how_to_convert():
    # Given a file whose names were typed with TCVN3 and VNI fonts
    rows = sheet(
        ("Họ và tên", "Email"),
        ("NguyÔn V¨n An", "an@gialai.gov.vn"),
        ("Lª ThÞ Hoa", "hoa@gialai.gov.vn"),
        ("Nguyeãn Vaên Bình", "binh@gialai.gov.vn"),
        ("Trần Thị Cúc", "cuc@gialai.gov.vn"),
    )
    # When it is read
    table = parse_table(rows, COLUMNS)
    # Then each legacy cell is an error with its likely meaning, and the file gets one summary first
    assert [row.ok for row in table.rows] == [False, False, False, True]
    assert table.rows[0].issues[0].text == (
        "Dòng 2, cột “Họ và tên”: Ô dùng bảng mã cũ TCVN3 (ABC): “NguyÔn V¨n An” "
        "(có lẽ là “Nguyễn Văn An”). Hãy chuyển tệp sang Unicode rồi tải lên lại."
    )
    assert "VNI Windows" in table.rows[2].issues[0].message
    (summary,) = table.file_issues
    assert summary.message.startswith(
        "Tệp dùng bảng mã cũ TCVN3 (ABC) (3 ô, ví dụ dòng 2, cột “Họ và tên”: “NguyÔn V¨n An”"
    )


def test_legacy_font_header_row_is_explained():
    # Given a sheet whose header row itself is in TCVN3 (so no header can be matched)
    rows = sheet(("Hä vµ tªn", "§¬n vÞ"), ("NguyÔn V¨n An", "X· An Nh¬n"))
    # When it is read / Then the only issue says the file uses TCVN3
    table = parse_table(rows, COLUMNS)
    assert table.file_issues[0].message.startswith("Tệp dùng bảng mã cũ TCVN3 (ABC)")


def test_row_limit():
    rows = sheet(("Họ và tên",), *[(f"Người {n}",) for n in range(5)])
    table = parse_table(rows, COLUMNS, max_rows=3)
    assert len(table.rows) == 3
    assert table.file_issues[-1].message == "Tệp có hơn 3 dòng dữ liệu; hãy chia thành nhiều tệp."


def test_issue_places():
    assert ImportIssue("x").text == "Tệp: x"
    assert ImportIssue("x", row_number=4).text == "Dòng 4: x"
    assert ImportIssue("x", row_number=4, column="Email", column_index=27).column_letter == "AB"
