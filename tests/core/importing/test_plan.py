"""The preview: new / changed / unchanged / error against current data, and what each mode lets through."""

from __future__ import annotations

from chidao.core.importing import (
    Column,
    ImportMode,
    RowChange,
    SourceRow,
    TextField,
    parse_table,
    plan_import,
)

COLUMNS = (
    Column("username", "Tên đăng nhập", TextField(max_length=30), required=True),
    Column("name", "Họ và tên", TextField(max_length=20), required=True),
)
CURRENT = {"an": {"name": "Nguyễn Văn An"}, "binh": {"name": "Trần Thị Bình"}}


def plan(rows, mode, current=CURRENT):
    source = [SourceRow(1, ("Tên đăng nhập", "Họ và tên"))]
    source += [SourceRow(number, cells) for number, cells in enumerate(rows, start=2)]
    table = parse_table(source, COLUMNS)
    return plan_import(
        table,
        mode=mode,
        key_of=lambda row: str(row.values["username"] or "").casefold(),
        key_column="username",
        current=current,
        compared=("name",),
    )


ROWS = (
    ("an", "Nguyễn Văn An"),  # unchanged
    ("Binh", "Trần Thị Bình Minh"),  # changed (key compared without case)
    ("cuong", "Lê Văn Cường"),  # new
    ("dung", "Một cái tên quá dài so với giới hạn"),  # error
)


def test_counts_against_current_data():
    # Given one unchanged, one changed, one new and one bad row
    # When the import is planned
    result = plan(ROWS, ImportMode.KEEP_GOOD_ROWS)
    # Then the counts and the changed fields are those
    assert result.counts.summary == "1 mới / 1 thay đổi / 1 không đổi / 1 lỗi"
    assert [row.change for row in result.rows] == [
        RowChange.UNCHANGED,
        RowChange.CHANGED,
        RowChange.NEW,
        RowChange.ERROR,
    ]
    assert result.rows[1].changed_fields == ("name",)


def test_keep_good_rows_applies_the_good_ones_and_reports_the_rest():
    result = plan(ROWS, ImportMode.KEEP_GOOD_ROWS)
    assert result.can_apply
    assert [row.key for row in result.to_apply] == ["binh", "cuong"]
    assert [row.row.number for row in result.rejected] == [5]


def test_all_or_nothing_applies_nothing_while_a_row_is_bad():
    # Given the same file in all-or-nothing mode
    result = plan(ROWS, ImportMode.ALL_OR_NOTHING)
    # Then nothing is to be applied and the reason counts the bad rows
    assert not result.can_apply
    assert result.to_apply == ()
    assert result.blocking_reason.startswith("Có 1 dòng lỗi.")


def test_all_or_nothing_applies_a_clean_file():
    result = plan(ROWS[:3], ImportMode.ALL_OR_NOTHING)
    assert result.can_apply
    assert len(result.to_apply) == 2


def test_nothing_to_do_is_not_committable():
    result = plan(ROWS[:1], ImportMode.ALL_OR_NOTHING)
    assert result.blocking_reason == "Không có dòng nào mới hoặc thay đổi so với dữ liệu hiện có."


def test_a_key_twice_in_the_file_is_an_error_on_the_later_row():
    # Given the same username on rows 2 and 3
    result = plan((("cuong", "Lê Văn Cường"), ("CUONG", "Lê Cường")), ImportMode.KEEP_GOOD_ROWS)
    # Then the second is an error pointing at the first
    assert [row.change for row in result.rows] == [RowChange.NEW, RowChange.ERROR]
    assert result.issues[0].text == (
        "Dòng 3, cột “Tên đăng nhập”: Trùng với dòng 2; mỗi khóa chỉ được một dòng."
    )


def test_fingerprint_changes_only_when_the_outcome_changes():
    # Given a plan, the same file planned again, and the same file after someone changed "binh" meanwhile
    first = plan(ROWS, ImportMode.KEEP_GOOD_ROWS)
    again = plan(ROWS, ImportMode.KEEP_GOOD_ROWS)
    moved = plan(ROWS, ImportMode.KEEP_GOOD_ROWS, {**CURRENT, "binh": {"name": "Trần Thị Bình Minh"}})
    # Then only the plan made against the changed data has another fingerprint
    assert first.fingerprint == again.fingerprint
    assert first.fingerprint != moved.fingerprint
    assert moved.counts.summary == "1 mới / 0 thay đổi / 2 không đổi / 1 lỗi"
