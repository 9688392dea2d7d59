"""The presentation rules both renderers share: runs of a paragraph, number cells, wrapping, recipient lines."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from chidao.core.documents.model import Paragraph, ParagraphStyle, Recipients, Table
from chidao.engines.documents.decree30 import (
    Run,
    addressee_names,
    cell_number,
    clean_text,
    column_fractions,
    is_numeric_cell,
    paragraph_runs,
    recipient_lines,
    wrap_balanced,
)
from chidao.engines.documents.fonts import text_width_mm


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("103", (Decimal(103), False)),
        ("1.234", (Decimal(1234), False)),
        ("12,5", (Decimal("12.5"), False)),
        ("88,5%", (Decimal("0.885"), True)),
        ("-3", (Decimal(-3), False)),
        ("0", (Decimal(0), False)),
        ("0123", None),
        ("+84912345678", None),
        ("079201001234", None),
        ("1.5", None),
        ("16/16", None),
        ("", None),
        ("Sở Nội vụ", None),
    ],
)
def test_cell_number(text, expected):
    assert cell_number(text) == expected


def test_ratios_are_aligned_like_numbers():
    assert is_numeric_cell("16/16")
    assert not is_numeric_cell("28/02/2026 đến nay")


def test_paragraph_runs_bold_prefix_and_bullet_marker():
    # Given bullets with a bold prefix, inside the text or not, and plain styles
    inside = Paragraph("Sở Nội vụ: chậm 2 nhiệm vụ.", ParagraphStyle.BULLET, bold_prefix="Sở Nội vụ:")
    marked = Paragraph("- Sở Nội vụ: chậm.", ParagraphStyle.BULLET, bold_prefix="Sở Nội vụ:")
    outside = Paragraph(" chậm.", ParagraphStyle.BODY, bold_prefix="Sở Nội vụ:")
    heading = Paragraph("I. KẾT QUẢ", ParagraphStyle.PART, bold_prefix="I.")
    # Then the prefix is bold once, the bullet gets one "- ", a bold heading stays one run
    assert paragraph_runs(inside) == (Run("- "), Run("Sở Nội vụ:", bold=True), Run(" chậm 2 nhiệm vụ."))
    assert paragraph_runs(marked) == (Run("- "), Run("Sở Nội vụ:", bold=True), Run(" chậm."))
    assert paragraph_runs(outside) == (Run("Sở Nội vụ:", bold=True), Run(" chậm."))
    assert paragraph_runs(heading) == (Run("I. KẾT QUẢ", bold=True),)
    assert paragraph_runs(Paragraph("a) Điểm", ParagraphStyle.SUB_ITEM)) == (Run("a) Điểm", True, True),)


def test_recipient_lines_punctuation():
    # Given lines written with and without "- " and ";"
    recipients = Recipients(lines=("- Như trên;", "Thường trực Tỉnh ủy."), archive="Lưu: VT, VP")
    # Then each is "- …;" and the archive line ends with "."
    assert recipient_lines(recipients) == ("- Như trên;", "- Thường trực Tỉnh ủy;", "- Lưu: VT, VP.")


def test_addressee_names_drop_markers_and_blanks():
    assert addressee_names(("- Sở Nội vụ;", " ", "Sở Tài chính.")) == ("Sở Nội vụ;", "Sở Tài chính.")


def test_wrap_balanced_keeps_the_line_count_and_evens_the_lines():
    # Given a long issuing body and a 64 mm column
    text = "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ TỈNH GIA LAI"
    lines = wrap_balanced(text, 13, bold=True, width_mm=64)
    # Then the words are all there, each line fits, and no line is a lone short word
    assert " ".join(lines) == text
    widths = [text_width_mm(line, 13, bold=True) for line in lines]
    assert max(widths) <= 64
    assert min(widths) > 0.6 * max(widths)
    assert wrap_balanced("UBND TỈNH GIA LAI", 13, bold=False, width_mm=64) == ("UBND TỈNH GIA LAI",)


def test_column_fractions_from_widths_or_contents():
    given = Table("", ("STT", "Tên"), (("1", "Sở Khoa học và Công nghệ"),), widths=(1, 3))
    estimated = Table("", ("STT", "Tên"), (("1", "Sở Khoa học và Công nghệ"),))
    assert column_fractions(given) == (0.25, 0.75)
    first, second = column_fractions(estimated)
    assert first + second == pytest.approx(1)
    assert second > first


def test_clean_text_composes_and_drops_control_characters():
    # Given text typed with combining marks and carrying control characters XML cannot hold
    typed = unicodedata.normalize("NFD", "Ủy ban") + "\x00\x07 số\x1f 1\nhai\tba"
    # Then it comes out precomposed, tab and line break kept, the rest dropped
    assert clean_text(typed) == "Ủy ban số 1\nhai\tba"
