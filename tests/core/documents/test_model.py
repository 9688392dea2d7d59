"""The report model as JSON (exact round trip, readable Vietnamese) and the number and place-date lines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from chidao.core.documents.model import (
    MODEL_VERSION,
    Chart,
    Document,
    Paragraph,
    ParagraphStyle,
    Table,
    document_from_json,
    document_to_json,
)
from chidao.core.documents.numbering import (
    BLANK_NUMBER,
    document_symbol,
    format_number_line,
    format_place_date_line,
)
from tests.engines.documents import samples


@pytest.mark.parametrize(
    "document", [samples.briefing(), samples.urging_letter()], ids=["briefing", "urging"]
)
def test_json_round_trip_is_exact(document: Document):
    # Given a document with every kind of block, an annex and figures
    # When written to JSON and read back
    again = document_from_json(document_to_json(document))
    # Then it is equal, block types included
    assert again == document
    assert [type(block) for block in again.all_blocks()] == [type(block) for block in document.all_blocks()]


def test_json_is_readable_vietnamese():
    # Given the briefing as JSON
    text = document_to_json(samples.briefing())
    # Then Vietnamese is written as such (not \u-escaped), indented, versioned
    assert "\\u" not in text
    assert "Ban Chỉ đạo phát triển khoa học" in text
    assert "hoàn thành 16/16 nhiệm vụ" in text
    assert text.startswith('{\n  "model_version": "1"')
    data = json.loads(text)
    assert data["model_version"] == MODEL_VERSION
    assert data["sections"][0]["blocks"][-2]["type"] == "table"
    assert data["sections"][0]["blocks"][-1]["type"] == "chart"
    assert data["figures"]["nq57.total"] == "103"


def test_another_model_version_is_refused():
    data = json.loads(document_to_json(samples.urging_letter()))
    data["model_version"] = "0"
    with pytest.raises(ValueError, match="Phiên bản mô hình"):
        document_from_json(json.dumps(data))


def test_all_blocks_in_reading_order():
    # Given the briefing; when its blocks are listed
    blocks = samples.briefing().all_blocks()
    # Then the introduction, each heading then its blocks, and the annex's blocks come in order
    assert blocks[0] == samples.briefing().introduction[0]
    assert blocks[2] == Paragraph("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", ParagraphStyle.PART)
    assert isinstance(blocks[-1], Table)
    assert blocks[-1] == samples.OVERDUE_TABLE
    assert sum(isinstance(block, Chart) for block in blocks) == 1


def test_draft_number_line_leaves_the_number_blank():
    # A draft: six no-break spaces where the clerk writes the number
    assert format_number_line(None, "BC-BCĐ") == "Số: " + BLANK_NUMBER + "/BC-BCĐ"
    assert BLANK_NUMBER == "\u00a0" * 6


@pytest.mark.parametrize(
    ("number", "line"), [(5, "Số: 05/BC-BCĐ"), (15, "Số: 15/BC-BCĐ"), (123, "Số: 123/BC-BCĐ")]
)
def test_issued_number_line(number, line):
    assert format_number_line(number, "BC-BCĐ") == line


def test_number_must_be_positive():
    with pytest.raises(ValueError, match="từ 1 trở lên"):
        format_number_line(0, "BC-BCĐ")


def test_symbols():
    assert document_symbol("BC", "BCĐ") == "BC-BCĐ"
    assert document_symbol("", "BCĐ", "VP") == "BCĐ-VP"
    with pytest.raises(ValueError, match="không được để trống"):
        document_symbol(" ", "")


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2026, 3, 3), "Gia Lai, ngày 03 tháng 3 năm 2026"),
        (date(2026, 1, 5), "Gia Lai, ngày 05 tháng 01 năm 2026"),
        (date(2026, 2, 28), "Gia Lai, ngày 28 tháng 02 năm 2026"),
        (date(2026, 12, 31), "Gia Lai, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_place_date_line_pads_days_and_january_february(day, line):
    assert format_place_date_line("Gia Lai", day) == line


def test_place_date_line_of_an_undated_draft():
    assert format_place_date_line("Gia Lai", None).startswith("Gia Lai, ngày ")


def test_documents_are_values():
    # Two documents built alike are equal; changing a field makes them differ (frozen dataclasses)
    assert samples.briefing() == samples.briefing()
    assert replace(samples.briefing(), summary="Khác") != samples.briefing()
