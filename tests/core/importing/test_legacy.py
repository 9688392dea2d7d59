"""Legacy Vietnamese font encodings (TCVN3, VNI) are recognised and never taken for Unicode text."""

from __future__ import annotations

import pytest

from chidao.core.importing import (
    LegacyEncoding,
    convert_legacy_text,
    diagnose_text,
    is_vietnamese_syllable,
    legacy_cell_message,
    legacy_file_message,
    may_be_legacy,
)


@pytest.mark.parametrize(
    ("_case", "text", "encoding", "meaning"),
    [
        ("tcvn3 ward", "Ph¦êng An Nh¬n", LegacyEncoding.TCVN3, "Phường An Nhơn"),
        ("tcvn3 name", "NguyÔn V¨n An", LegacyEncoding.TCVN3, "Nguyễn Văn An"),
        ("tcvn3 lower-cased legacy letter", "Nguyôn V¨n An", LegacyEncoding.TCVN3, "Nguyễn Văn An"),
        (
            "tcvn3 address with soft hyphen ư",
            "Sè 12 ®\u00adêng Lª Lîi",
            LegacyEncoding.TCVN3,
            "Số 12 đường Lê Lợi",
        ),
        ("tcvn3 upper-case font", "NGUYÔN V¡N AN", LegacyEncoding.TCVN3, "NGUYỄN VĂN AN"),
        ("vni name", "Nguyeãn Vaên An", LegacyEncoding.VNI, "Nguyễn Văn An"),
        ("vni ward", "Phöôøng Quy Nhôn", LegacyEncoding.VNI, "Phường Quy Nhơn"),
        ("vni đ", "Ñoàng Nai", LegacyEncoding.VNI, "Đồng Nai"),
    ],
)
def test_legacy_text_is_recognised_with_its_meaning(_case, text, encoding, meaning):
    # Given text typed with a legacy font and read as Unicode
    # When it is diagnosed
    diagnosis = diagnose_text(text)
    # Then the encoding is named and the suggestion is the Unicode text
    assert diagnosis.encoding is encoding
    assert diagnosis.suggestion == meaning
    assert convert_legacy_text(text, encoding) == meaning


@pytest.mark.parametrize(
    ("_case", "text"),
    [
        ("unicode name", "Nguyễn Văn An"),
        ("unicode ward", "Phường Quy Nhơn"),
        ("only latin-1 letters", "Tô Thị Chè"),
        ("minority-language names", "Xã Ia Grai, Đắk Pơ, Krông Pa, Chư Sê"),
        ("foreign words", "Café Müller, Hélène"),
        ("ascii", "UBND tinh Gia Lai"),
        ("ambiguous single word", "Sè"),
        ("empty", ""),
    ],
)
def test_unicode_and_foreign_text_is_not_taken_for_legacy(_case, text):
    # Given Unicode text, some of it with Latin-1 letters that legacy fonts also use
    # When it is diagnosed
    diagnosis = diagnose_text(text)
    # Then no legacy encoding is reported
    assert diagnosis.encoding is None
    assert not diagnosis.is_legacy


def test_unicode_words_outvote_a_stray_legacy_looking_word():
    # Given mostly Unicode text with one word that decodes as TCVN3
    text = "Nguyễn Thị Hồng Lª"
    # When it is diagnosed
    diagnosis = diagnose_text(text)
    # Then the Unicode words win
    assert diagnosis.encoding is None
    assert diagnosis.unicode_words > diagnosis.legacy_words


@pytest.mark.parametrize(
    ("_case", "word", "expected"),
    [
        ("open syllable", "hoa", True),
        ("closed with tone", "Nguyễn", True),
        ("gi initial", "giữa", True),
        ("three-vowel cluster", "người", True),
        ("stop final needs sắc or nặng", "học", True),
        ("stop final with huyền", "hòc", False),
        ("off-glide cannot be closed", "nguyun", False),
        ("two tones", "hoá\u0300", False),
        ("legacy character", "v¨n", False),
    ],
)
def test_syllable_shape(_case, word, expected):
    # Given a word / When its shape is checked / Then it is or is not a Vietnamese syllable
    assert is_vietnamese_syllable(word) is expected


def test_messages_name_the_encoding_and_how_to_convert():
    # Given a TCVN3 cell
    text = "NguyÔn V¨n An"
    diagnosis = diagnose_text(text)
    # When the cell and file messages are written
    cell = legacy_cell_message(text, diagnosis)
    file = legacy_file_message(LegacyEncoding.TCVN3, 3, "dòng 2, cột “Họ và tên”", text)
    # Then they say which table, show the meaning and ask for Unicode
    assert "bảng mã cũ TCVN3 (ABC)" in cell
    assert "“Nguyễn Văn An”" in cell
    assert file.startswith("Tệp dùng bảng mã cũ TCVN3 (ABC) (3 ô, ví dụ dòng 2, cột “Họ và tên”")
    assert "hãy chuyển sang Unicode" in file


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("ascii", "Gia Lai", False),
        ("unicode with a letter beyond latin-1", "Nguyễn Thị Chè", False),
        ("only vietnamese latin-1 letters", "Tô Chè", True),
        ("a letter vietnamese never uses", "Nguyễn Lª", True),
    ],
)
def test_cheap_pre_test(_case, text, expected):
    # Given a cell / When pre-tested / Then only cells that could be legacy are examined word by word
    assert may_be_legacy(text) is expected
