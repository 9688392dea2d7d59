"""Vietnamese sort keys agree with ICU's 'vi' collation; search folding drops diacritics."""

import re
import unicodedata
from functools import cmp_to_key

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chidao.core.text import SORT_KEY_MAX_LENGTH, fold_for_search, vietnamese_sort_key

REAL_NAMES = (
    "Phường Quy Nhơn",
    "Phường Quy Nhơn Bắc",
    "Phường Quy Nhơn Đông",
    "Phường Quy Nhơn Nam",
    "Phường Pleiku",
    "Phường Hội Phú",
    "Xã An Nhơn",
    "Xã Ân Tường",
    "Xã Ia Grai",
    "Xã Ia Pa",
    "Xã Ia Hrú",
    "Xã Đak Đoa",
    "Xã Kbang",
    "Xã Krông Pa",
    "Xã Chư Păh",
    "Xã Chư Prông",
    "Xã Chư Sê",
    "Đặc khu",
    "Sở Y tế",
    "Sở Xây dựng",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Công an tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Uỷ ban nhân dân tỉnh",
    "Văn phòng UBND tỉnh",
    "Đắk Đoa",
    "Đak Pơ",
    "Ia Grai",
    "Ia Pa",
    "Hà Nội",
    "Hàm",
    "Hạ Long",
    "Ha",
    "hà",
    "Hả",
    "Hã",
    "Há",
    "Hạ",
    "Hoà",
    "Hòa",
    "HÒA",
    "An Nhơn",
    "An Nhơn Bắc",
    "An Nhơn Đông",
    "Anh",
    "Phòng 2",
    "Phòng 10",
    "Tổ 1A",
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "Nguyễn Văn Ấn",
    "Ngô Thị Ánh",
    "Ông Ích Khiêm",
    "Đồng Nai",
    "Đống Đa",
    "Dương",
    "Đường",
    "Ươn",
    "Ưng",
)

VIETNAMESE_LOWER = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
)
VIETNAMESE_CHARACTERS = VIETNAMESE_LOWER + VIETNAMESE_LOWER.upper() + "0123456789 "
TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
ALPHABET_MARKS = "\u0306\u0302\u031b"


def _icu_collator():  # type: ignore[no-untyped-def]
    icu = pytest.importorskip("icu", reason="PyICU is not installed: the ICU comparison cannot run")
    return icu.Collator.createInstance(icu.Locale("vi"))


def _sign(number: int) -> int:
    return (number > 0) - (number < 0)


def _key_order(first: str, second: str) -> int:
    first_key, second_key = vietnamese_sort_key(first), vietnamese_sort_key(second)
    return (first_key > second_key) - (first_key < second_key)


def test_real_names_sort_exactly_as_icu() -> None:
    # given real Gia Lai unit names and ICU's Vietnamese collator
    collator = _icu_collator()

    # when the names are sorted by our key and by ICU
    by_key = sorted(REAL_NAMES, key=vietnamese_sort_key)
    by_icu = sorted(REAL_NAMES, key=cmp_to_key(collator.compare))

    # then both orders are the same
    assert by_key == by_icu


@pytest.mark.parametrize(
    ("_case", "expected_order"),
    [
        ("space sorts before any letter", ["Hà Nội", "Hàm"]),
        ("word by word", ["An Nhơn", "An Nhơn Bắc", "An Nhơn Đông", "Anh"]),
        ("commune suffixes", ["Phường Quy Nhơn", "Phường Quy Nhơn Bắc", "Phường Quy Nhơn Đông"]),
        ("tones: none, huyền, hỏi, ngã, sắc, nặng", ["ha", "hà", "hả", "hã", "há", "hạ"]),
        ("case is the last difference", ["hà", "Hà", "HÀ"]),
        ("ă and â are letters after a", ["Az", "Ăa", "Âa", "Ba"]),
        ("đ is a letter after d", ["Dz", "Đa", "Ea"]),
        ("ô and ơ after o", ["Oz", "Ôa", "Ơa", "Pa"]),
        ("ư after u", ["Uz", "Ưa", "Va"]),
        ("digits before letters, digit by digit", ["1", "10", "2", "A"]),
        ("primary difference beats an earlier tone", ["Hà Nam", "Ha Nội"]),
    ],
)
def test_known_vietnamese_orders(_case: str, expected_order: list[str]) -> None:
    # given names in their known dictionary order, when shuffled and sorted by key
    shuffled = list(reversed(expected_order))
    result = sorted(shuffled, key=vietnamese_sort_key)

    # then the dictionary order comes back
    assert result == expected_order


def test_precomposed_and_decomposed_spellings_share_one_key() -> None:
    # given one name typed precomposed (NFC) and decomposed (NFD, as some Mac and Word inputs are)
    name = "Phường Quy Nhơn Đông"
    decomposed = unicodedata.normalize("NFD", name)

    # when keyed
    keys = {vietnamese_sort_key(name), vietnamese_sort_key(decomposed)}

    # then there is one key
    assert decomposed != name
    assert len(keys) == 1


def test_old_and_new_tone_placement_differ_only_after_the_letters() -> None:
    # given "Hoà" (old style) and "Hòa" (new style), which ICU orders by the tone's position
    collator = _icu_collator()
    old_style, new_style = "Hoà", "Hòa"

    # when compared by key, then the order is ICU's
    assert _key_order(old_style, new_style) == _sign(collator.compare(old_style, new_style))


@pytest.mark.parametrize(
    ("_case", "text"),
    [
        ("empty", ""),
        ("vietnamese", "Ủy ban nhân dân tỉnh Gia Lai"),
        ("punctuation", 'Sở Y tế (cơ quan chủ trì), "Đề án 06"; 100% - xong!'),
        ("other scripts", "Ελλάδα Россия 北京 😀"),
        ("controls and format characters", "a\x00b\u00adc\u200dd\ufeff"),
        ("lone surrogate", "a\udc80"),
        ("compatibility characters", "ﬁ ½ ² Ａ\u00a0№"),
    ],
)
def test_keys_use_only_lowercase_letters_and_digits(_case: str, text: str) -> None:
    # given any text, when keyed
    key = vietnamese_sort_key(text)

    # then the key is made of [0-9a-z] only, so every database collation orders it bytewise
    assert re.fullmatch("[0-9a-z]*", key)


def test_key_of_a_255_character_vietnamese_name_fits_the_maximum() -> None:
    # given the worst Vietnamese name: 255 upper-case letters each with a tone
    name = "Ặ" * 255

    # when keyed
    key = vietnamese_sort_key(name)

    # then it has the documented worst-case length (2 primary + 2 secondary + 1 tertiary
    # characters per letter, 2 separators), below the maximum, so nothing was cut
    assert len(key) == 5 * 255 + 2
    assert len(key) <= SORT_KEY_MAX_LENGTH


def test_very_long_input_is_cut_at_the_maximum_without_reversing_order() -> None:
    # given two long names of exotic characters that differ near the end
    first, second = "北" * 400 + "a", "北" * 400 + "b"

    # when keyed
    first_key, second_key = vietnamese_sort_key(first), vietnamese_sort_key(second)

    # then both keys are capped, and the cut at worst makes them tie
    assert len(first_key) == SORT_KEY_MAX_LENGTH
    assert first_key <= second_key


@pytest.mark.parametrize(
    ("_case", "group"),
    [
        ("whitespace", "\t\n\r \u2028"),
        ("punctuation", "_-–—,;:!?.'\"“”«»()[]{}@*/\\&#%"),
        ("symbols", "`^°+±÷×<=>|~"),
        ("currency", "$£¥₫€"),
        ("digits", "0123456789"),
        ("letters", "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"),
    ],
)
def test_single_characters_sort_as_icu(_case: str, group: str) -> None:
    # given characters of one group and the next group's first member
    collator = _icu_collator()
    characters = [*group, "a"]

    # when sorted by key and by ICU, then the orders match
    assert sorted(characters, key=vietnamese_sort_key) == sorted(characters, key=cmp_to_key(collator.compare))


vietnamese_names = st.text(
    alphabet=st.sampled_from(VIETNAMESE_CHARACTERS + TONE_MARKS + ",.-()/"), max_size=12
)


@settings(max_examples=600, deadline=None)
@given(first=vietnamese_names, second=vietnamese_names)
def test_key_order_equals_icu_order_for_vietnamese_text(first: str, second: str) -> None:
    # given two random strings of Vietnamese letters, tones, digits, spaces and punctuation
    collator = _icu_collator()

    # when compared by key and by ICU, then the answers are the same
    assert _key_order(first, second) == _sign(collator.compare(first, second))


@settings(max_examples=300, deadline=None)
@given(
    stem=vietnamese_names,
    position=st.integers(min_value=0),
    extra=st.sampled_from(VIETNAMESE_CHARACTERS + TONE_MARKS),
)
def test_key_order_equals_icu_order_for_near_identical_names(stem: str, position: int, extra: str) -> None:
    # given a name and the same name with one more letter, space or tone inserted
    collator = _icu_collator()
    cut = position % (len(stem) + 1)
    variant = stem[:cut] + extra + stem[cut:]

    # when compared by key and by ICU, then the answers are the same
    assert _key_order(stem, variant) == _sign(collator.compare(stem, variant))


decomposed_names = st.text(
    alphabet=st.sampled_from(VIETNAMESE_CHARACTERS + TONE_MARKS + ALPHABET_MARKS + "\u0308\u0327ßøæđ"),
    max_size=10,
).map(lambda text: unicodedata.normalize("NFD", text))


@settings(max_examples=400, deadline=None)
@given(first=decomposed_names, second=decomposed_names)
def test_key_order_equals_icu_order_for_decomposed_text_with_stray_marks(first: str, second: str) -> None:
    # given decomposed strings where any mark may follow any character (ă = a + ̆ is a contraction)
    collator = _icu_collator()

    # when compared by key and by ICU, then the answers are the same
    assert _key_order(first, second) == _sign(collator.compare(first, second))


@pytest.mark.parametrize(
    ("_case", "text", "folded"),
    [
        ("tones and hooks", "Hà Nội", "ha noi"),
        ("đ becomes d", "Đống Đa", "dong da"),
        ("every vowel", "ăâêôơư ẶẬỆỘỢỰ", "aaeoou aaeoou"),
        ("whitespace collapsed and stripped", "  Sở   Y\ttế \n", "so y te"),
        ("decomposed input", unicodedata.normalize("NFD", "Quy Nhơn Đông"), "quy nhon dong"),
        ("non-breaking space", "Gia\u00a0Lai", "gia lai"),
        ("soft hyphen pasted from Word", "Pleiku\u00ad", "pleiku"),
        ("punctuation kept", "Đề án 06 (Bộ Công an)", "de an 06 (bo cong an)"),
        ("empty", "", ""),
    ],
)
def test_fold_for_search(_case: str, text: str, folded: str) -> None:
    # given a name, when folded, then it is the plain lowercase form
    assert fold_for_search(text) == folded


@pytest.mark.parametrize(
    ("_case", "query", "name"),
    [
        ("no diacritics typed", "ha noi", "Hà Nội"),
        ("d for đ", "dong da", "Đống Đa"),
        ("upper case typed", "QUY NHON", "Phường Quy Nhơn Bắc"),
        ("diacritics typed", "nhơn", "Phường Quy Nhơn"),
    ],
)
def test_folded_query_is_found_in_folded_name(_case: str, query: str, name: str) -> None:
    # given a user's query and a stored name, when both are folded
    # then the query is a substring of the name, as LIKE '%query%' will find it
    assert fold_for_search(query) in fold_for_search(name)
