"""Vietnamese names: standard form, exact comparison, "sai dấu" (diacritics only) and different names."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chidao.core.data_quality.names import NameMatch, compare_names, comparison_key, folded_key, standard_name


@pytest.mark.parametrize(
    ("_case", "raw", "standard"),
    [
        ("already standard", "Nguyễn Văn Hưng", "Nguyễn Văn Hưng"),
        ("double and edge spaces", "  Nguyễn  Văn   Hưng ", "Nguyễn Văn Hưng"),
        ("no-break and tab", "Nguyễn\u00a0Văn\tHưng", "Nguyễn Văn Hưng"),
        ("decomposed (NFD) to NFC", "Nguye\u0302\u0303n", "Nguyễn"),
        ("case is kept", "NGUYỄN văn hưng", "NGUYỄN văn hưng"),
    ],
)
def test_standard_name(_case: str, raw: str, standard: str) -> None:
    assert standard_name(raw) == standard


@pytest.mark.parametrize(
    ("_case", "first", "second", "match"),
    [
        ("identical", "Trần Thị Lan", "Trần Thị Lan", NameMatch.EXACT),
        ("upper case in the insurance register", "TRẦN THỊ LAN", "Trần Thị Lan", NameMatch.EXACT),
        ("extra spaces and NFD", "Tra\u0302\u0300n  Thị Lan ", "Trần Thị Lan", NameMatch.EXACT),
        ("old and new tone placement", "Lê Thị Hòa", "Lê Thị Hoà", NameMatch.EXACT),
        ("old and new tone placement (uy)", "Phạm Thúy", "Phạm Thuý", NameMatch.EXACT),
        ("Hùng for Hưng: sai dấu", "Nguyễn Văn Hùng", "Nguyễn Văn Hưng", NameMatch.DIACRITICS_ONLY),
        ("tone missing: sai dấu", "Nguyen Van Hung", "Nguyễn Văn Hùng", NameMatch.DIACRITICS_ONLY),
        ("Đ written D: sai dấu", "Dào Duy Anh", "Đào Duy Anh", NameMatch.DIACRITICS_ONLY),
        ("An and Ân: sai dấu", "Lê An", "Lê Ân", NameMatch.DIACRITICS_ONLY),
        ("another given name", "Nguyễn Văn Hùng", "Nguyễn Văn Hà", NameMatch.DIFFERENT),
        ("a missing middle name", "Nguyễn Hùng", "Nguyễn Văn Hùng", NameMatch.DIFFERENT),
    ],
)
def test_compare_names(_case: str, first: str, second: str, match: NameMatch) -> None:
    assert compare_names(first, second) is match
    assert compare_names(second, first) is match


def test_folded_key_drops_every_diacritic_and_maps_d_with_stroke() -> None:
    assert folded_key("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"
    assert folded_key("ƯỚC Ơ") == "uoc o"


def test_comparison_key_keeps_vowel_marks() -> None:
    assert comparison_key("Hưng") != comparison_key("Hùng")
    assert comparison_key("Hưng") == "hưng"


vietnamese_text = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ")
        + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
        + [" ", "\u00a0", "\t", "\u0300", "\u0301", "\u0323"]
    ),
    max_size=30,
)


@given(name=vietnamese_text)
def test_standard_form_is_idempotent_and_nfc(name: str) -> None:
    standard = standard_name(name)

    assert standard_name(standard) == standard
    assert unicodedata.is_normalized("NFC", standard)
    assert "  " not in standard
    assert standard == standard.strip()


@given(first=vietnamese_text, second=vietnamese_text)
def test_comparison_is_symmetric_and_exact_implies_same_folded_key(first: str, second: str) -> None:
    match = compare_names(first, second)

    assert compare_names(second, first) is match
    if match is NameMatch.EXACT:
        assert folded_key(first) == folded_key(second)
    assert compare_names(first, first) is NameMatch.EXACT
