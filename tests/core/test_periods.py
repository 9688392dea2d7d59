"""Deadline texts and reporting periods as written in Vietnamese annexes and forms."""

import unicodedata
from datetime import date, datetime

import pytest

from chidao.core.periods import (
    Cadence,
    DeadlineKind,
    DeadlineQualifier,
    Period,
    PeriodKind,
    PeriodParseError,
    excel_serial_to_date,
    parse_deadline_text,
)

Q2_2026 = Period.quarter(2026, 2)
MARCH_2026 = Period.month(2026, 3)
APRIL_2026 = Period.month(2026, 4)
H1_2026 = Period.half(2026, 1)
H2_2026 = Period.half(2026, 2)
NINE_MONTHS_2026 = Period.nine_months(2026)
YEAR_2026 = Period.year(2026)
MID_MARCH_2026 = date(2026, 3, 15)
END_OF_JUNE_2026 = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("_case", "text", "due"),
    [
        ("dd/mm/yyyy", "15/03/2026", MID_MARCH_2026),
        ("d/m/yyyy", "15/3/2026", MID_MARCH_2026),
        ("single-digit day", "5/3/2026", date(2026, 3, 5)),
        ("dd-mm-yyyy", "15-03-2026", MID_MARCH_2026),
        ("dd.mm.yyyy", "15.03.2026", MID_MARCH_2026),
        ("spaces around slashes", "15 / 3 / 2026", MID_MARCH_2026),
        ("with ngày", "ngày 15/3/2026", MID_MARCH_2026),
        ("written out", "ngày 15 tháng 3 năm 2026", MID_MARCH_2026),
        ("written out, capitalised", "Ngày 15 tháng 03 năm 2026", MID_MARCH_2026),
        ("written out without diacritics", "ngay 15 thang 3 nam 2026", MID_MARCH_2026),
        ("iso", "2026-03-15", MID_MARCH_2026),
        ("iso with time from a spreadsheet", "2026-03-15 00:00:00", MID_MARCH_2026),
        ("iso with T", "2026-03-15T08:30", MID_MARCH_2026),
        ("surrounding spaces and final dot", "  15/3/2026. ", MID_MARCH_2026),
        ("29 February of a leap year", "29/02/2028", date(2028, 2, 29)),
    ],
)
def test_date_texts(_case: str, text: str, due: date) -> None:
    # given a date as users type it, when parsed
    parsed = parse_deadline_text(text)

    # then it is a date deadline, the text is kept verbatim
    assert parsed.kind is DeadlineKind.DATE
    assert parsed.due_date == due
    assert parsed.original == text
    assert parsed.period is None


@pytest.mark.parametrize(
    ("_case", "text", "due", "qualifier"),
    [
        ("trước", "Trước 30/6/2026", END_OF_JUNE_2026, DeadlineQualifier.BEFORE),
        ("trước ngày", "Trước ngày 30/6/2026", END_OF_JUNE_2026, DeadlineQualifier.BEFORE),
        ("no diacritics", "truoc 30/6/2026", END_OF_JUNE_2026, DeadlineQualifier.BEFORE),
        ("chậm nhất", "Chậm nhất ngày 30/6/2026", END_OF_JUNE_2026, DeadlineQualifier.BEFORE),
        ("hoàn thành trước", "Hoàn thành trước ngày 30/06/2026", END_OF_JUNE_2026, DeadlineQualifier.BEFORE),
        ("trong ngày", "Trong ngày 30/6/2026", END_OF_JUNE_2026, DeadlineQualifier.WITHIN),
    ],
)
def test_qualified_date_texts(_case: str, text: str, due: date, qualifier: DeadlineQualifier) -> None:
    # given "before"/"within" a date, when parsed
    parsed = parse_deadline_text(text)

    # then the due date is that date (administrative usage: "trước ngày X" = no later than X)
    assert parsed.kind is DeadlineKind.DATE
    assert parsed.due_date == due
    assert parsed.qualifier is qualifier


@pytest.mark.parametrize(
    ("_case", "text", "period"),
    [
        ("month slash", "Tháng 3/2026", MARCH_2026),
        ("month zero padded, năm", "tháng 03 năm 2026", MARCH_2026),
        ("month dash", "Tháng 3-2026", MARCH_2026),
        ("bare mm/yyyy", "03/2026", MARCH_2026),
        ("quarter roman", "Quý II/2026", Q2_2026),
        ("quarter arabic, năm", "Quý 2 năm 2026", Q2_2026),
        ("quarter roman lower case, năm", "quý II năm 2026", Q2_2026),
        ("quarter without diacritics", "quy II/2026", Q2_2026),
        ("quarter with dash", "Quý II - 2026", Q2_2026),
        ("quarter IV", "Quý IV/2026", Period.quarter(2026, 4)),
        ("first half", "6 tháng đầu năm 2026", H1_2026),
        ("second half", "6 tháng cuối năm 2026", H2_2026),
        ("second half upper case", "6 THÁNG CUỐI NĂM 2026", H2_2026),
        ("nine months", "9 tháng đầu năm 2026", NINE_MONTHS_2026),
        ("year", "Năm 2026", YEAR_2026),
        ("year lower case", "năm 2026", YEAR_2026),
        ("bare year", "2026", YEAR_2026),
        ("trong tháng", "Trong tháng 4/2026", APRIL_2026),
        ("trong quý", "Trong quý II/2026", Q2_2026),
        ("trong năm", "trong năm 2026", YEAR_2026),
        ("decomposed input", unicodedata.normalize("NFD", "Quý II/2026"), Q2_2026),
    ],
)
def test_period_texts_are_due_on_the_last_day(_case: str, text: str, period: Period) -> None:
    # given a period as written in an annex, when parsed
    parsed = parse_deadline_text(text)

    # then it is a period deadline due on the period's last day
    assert parsed.kind is DeadlineKind.PERIOD
    assert parsed.period == period
    assert parsed.due_date == period.end
    assert (parsed.period_start, parsed.period_end) == (period.start, period.end)
    assert parsed.original == text


def test_trong_marks_the_deadline_as_within_the_period() -> None:
    # given "Trong tháng 4/2026", when parsed, then the qualifier says "within"
    assert parse_deadline_text("Trong tháng 4/2026").qualifier is DeadlineQualifier.WITHIN


@pytest.mark.parametrize(
    ("_case", "text", "cadence"),
    [
        ("thường xuyên", "Thường xuyên", None),
        ("thường xuyên, liên tục", "Thường xuyên, liên tục", None),
        ("no diacritics", "Thuong xuyen", None),
        ("hằng tháng", "Hằng tháng", Cadence.MONTHLY),
        ("hàng tháng", "hàng tháng", Cadence.MONTHLY),
        ("định kỳ hằng tháng", "Định kỳ hằng tháng", Cadence.MONTHLY),
        ("hằng quý", "Hằng quý", Cadence.QUARTERLY),
        ("6 tháng một lần", "6 tháng một lần", Cadence.HALF_YEARLY),
        ("6 tháng/lần", "6 tháng/lần", Cadence.HALF_YEARLY),
        ("định kỳ 6 tháng", "Định kỳ 6 tháng", Cadence.HALF_YEARLY),
        ("hằng năm", "Hằng năm", Cadence.YEARLY),
        ("hàng năm", "Hàng năm", Cadence.YEARLY),
    ],
)
def test_recurring_texts(_case: str, text: str, cadence: Cadence | None) -> None:
    # given a recurring deadline, when parsed
    parsed = parse_deadline_text(text)

    # then it is recurring with its cadence and no due date
    assert parsed.kind is DeadlineKind.RECURRING
    assert parsed.cadence is cadence
    assert parsed.due_date is None


@pytest.mark.parametrize(
    ("_case", "value", "original"),
    [
        ("empty", "", ""),
        ("spaces", "   ", "   "),
        ("dash", "-", "-"),
        ("en dash", "–", "–"),
        ("none", None, ""),
        ("nan from pandas", float("nan"), ""),
    ],
)
def test_empty_cells_have_no_deadline(_case: str, value: str | float | None, original: str) -> None:
    # given an empty deadline cell, when parsed
    parsed = parse_deadline_text(value)

    # then there is no deadline
    assert parsed.kind is DeadlineKind.NONE
    assert parsed.due_date is None
    assert parsed.original == original


@pytest.mark.parametrize(
    ("_case", "value", "due"),
    [
        ("excel serial int", 46096, MID_MARCH_2026),
        ("excel serial float with time", 46096.75, MID_MARCH_2026),
        ("date", MID_MARCH_2026, MID_MARCH_2026),
        ("datetime", datetime(2026, 3, 15, 17, 30), MID_MARCH_2026),
    ],
)
def test_spreadsheet_values(_case: str, value: int | float | date, due: date) -> None:
    # given a value read from a spreadsheet cell, when parsed, then it is that date
    parsed = parse_deadline_text(value)

    assert parsed.kind is DeadlineKind.DATE
    assert parsed.due_date == due


def test_whole_number_between_1900_and_2100_is_a_year() -> None:
    # given a cell holding the number 2026 (a year typed into a number cell), when parsed
    parsed = parse_deadline_text(2026)

    # then it is the year 2026, not the Excel date 18/07/1905
    assert parsed.period == YEAR_2026


@pytest.mark.parametrize(
    ("_case", "serial", "excel_1904", "expected"),
    [
        ("first day", 1, False, date(1900, 1, 1)),
        ("last day before the fictitious 29/02/1900", 59, False, date(1900, 2, 28)),
        ("first day after it", 61, False, date(1900, 3, 1)),
        ("a modern date", 45658, False, date(2025, 1, 1)),
        ("1904 system", 44196, True, date(2025, 1, 1)),
        ("1904 system day zero", 0, True, date(1904, 1, 1)),
    ],
)
def test_excel_serial_to_date(_case: str, serial: float, excel_1904: bool, expected: date) -> None:
    # given an Excel serial in a date system, when converted, then it is Excel's date
    assert excel_serial_to_date(serial, excel_1904=excel_1904) == expected


@pytest.mark.parametrize(
    ("_case", "serial", "message"),
    [
        ("the fictitious 29/02/1900", 60, "29/02/1900"),
        ("zero", 0, "không hợp lệ"),
        ("negative", -5, "không hợp lệ"),
        ("beyond 9999", 3_000_000, "không hợp lệ"),
        ("infinity", float("inf"), "không hợp lệ"),
    ],
)
def test_impossible_excel_serials_are_rejected(_case: str, serial: float, message: str) -> None:
    # given a serial that is no date, when converted, then a clear error is raised
    with pytest.raises(PeriodParseError, match=message):
        excel_serial_to_date(serial)


@pytest.mark.parametrize(
    ("_case", "text", "message"),
    [
        ("gibberish", "abc", 'Không hiểu thời hạn "abc": cần dạng dd/mm/yyyy'),
        ("31 February", "31/02/2026", r'Ngày không tồn tại: "31/02/2026" \(tháng 2/2026 chỉ có 28 ngày\)'),
        ("29 February of a common year", "29/2/2026", "Ngày không tồn tại"),
        ("day zero", "0/3/2026", "Ngày không tồn tại"),
        ("month 13 in a date", "15/13/2026", "Tháng không hợp lệ"),
        ("month 13", "Tháng 13/2026", "Tháng không hợp lệ"),
        ("quarter V", "Quý V/2026", "Quý không hợp lệ"),
        ("quarter 5", "Quý 5/2026", "Quý không hợp lệ"),
        ("year out of range", "30/6/2206", "ngoài khoảng 1900–2100"),
        ("two-digit year", "30/6/26", "Không hiểu thời hạn"),
        ("mixed separators", "30/6-2026", "Không hiểu thời hạn"),
        ("before a period", "Trước quý III/2026", "chưa rõ ngày"),
        ("nine months at the end of the year", "9 tháng cuối năm 2026", "Không hiểu thời hạn"),
        ("boolean", True, "Không hiểu thời hạn"),
    ],
)
def test_unreadable_deadlines_raise_a_vietnamese_error(_case: str, text: str | bool, message: str) -> None:
    # given a deadline nobody can compute, when parsed, then the error says what was expected
    with pytest.raises(PeriodParseError, match=message):
        parse_deadline_text(text)


def test_error_keeps_the_offending_text() -> None:
    # given an unreadable text, when parsed
    with pytest.raises(PeriodParseError) as raised:
        parse_deadline_text("sớm nhất có thể")

    # then the error carries the text for the import report
    assert raised.value.text == "sớm nhất có thể"


@pytest.mark.parametrize(
    ("_case", "period", "start", "end", "label", "code"),
    [
        ("month", Period.month(2026, 2), date(2026, 2, 1), date(2026, 2, 28), "Tháng 2/2026", "2026-02"),
        (
            "leap february",
            Period.month(2028, 2),
            date(2028, 2, 1),
            date(2028, 2, 29),
            "Tháng 2/2028",
            "2028-02",
        ),
        ("quarter", Q2_2026, date(2026, 4, 1), END_OF_JUNE_2026, "Quý II/2026", "2026-Q2"),
        (
            "last quarter",
            Period.quarter(2026, 4),
            date(2026, 10, 1),
            date(2026, 12, 31),
            "Quý IV/2026",
            "2026-Q4",
        ),
        ("first half", H1_2026, date(2026, 1, 1), END_OF_JUNE_2026, "6 tháng đầu năm 2026", "2026-H1"),
        ("second half", H2_2026, date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026", "2026-H2"),
        (
            "nine months",
            NINE_MONTHS_2026,
            date(2026, 1, 1),
            date(2026, 9, 30),
            "9 tháng đầu năm 2026",
            "2026-9M",
        ),
        ("year", YEAR_2026, date(2026, 1, 1), date(2026, 12, 31), "Năm 2026", "2026"),
    ],
)
def test_period_bounds_labels_and_codes(
    _case: str, period: Period, start: date, end: date, label: str, code: str
) -> None:
    # given a period, then its bounds, Vietnamese label and machine code are the expected ones
    assert (period.start, period.end) == (start, end)
    assert period.label_vi == label
    assert period.code == code


@pytest.mark.parametrize(
    ("_case", "code", "period"),
    [
        ("month", "2026-02", Period.month(2026, 2)),
        ("quarter", "2026-Q1", Period.quarter(2026, 1)),
        ("quarter lower case", "2026-q2", Q2_2026),
        ("half", "2026-H1", H1_2026),
        ("nine months", "2026-9M", NINE_MONTHS_2026),
        ("year", "2026", YEAR_2026),
    ],
)
def test_period_parse_machine_forms(_case: str, code: str, period: Period) -> None:
    # given a machine form, when parsed, then it is the period, and its code reads back the same
    parsed = Period.parse(code)

    assert parsed == period
    assert Period.parse(parsed.code) == parsed


@pytest.mark.parametrize(
    ("_case", "code", "message"),
    [
        ("vietnamese label", "Quý II/2026", "Không hiểu kỳ"),
        ("month 13", "2026-13", "Tháng không hợp lệ"),
        ("quarter 5", "2026-Q5", "Quý không hợp lệ"),
        ("half 3", "2026-H3", "Nửa năm không hợp lệ"),
        ("empty", "", "Không hiểu kỳ"),
    ],
)
def test_period_parse_rejects_other_forms(_case: str, code: str, message: str) -> None:
    # given something that is not a machine form, when parsed, then a Vietnamese error is raised
    with pytest.raises(PeriodParseError, match=message):
        Period.parse(code)


def test_periods_sort_by_start_and_know_their_days() -> None:
    # given periods out of order
    periods = [YEAR_2026, Q2_2026, MARCH_2026]

    # when sorted, then they are in start order (the year starts first), and contain their days
    assert sorted(periods) == [YEAR_2026, MARCH_2026, Q2_2026]
    assert MARCH_2026.contains(MID_MARCH_2026)
    assert not Q2_2026.contains(MID_MARCH_2026)


def test_period_kind_is_recorded() -> None:
    # given the parsed "6 tháng đầu năm 2026", then its kind is half-year
    parsed = parse_deadline_text("6 tháng đầu năm 2026")

    assert parsed.period is not None
    assert parsed.period.kind is PeriodKind.HALF_YEAR
