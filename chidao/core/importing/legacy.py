"""Recognising text typed with the legacy Vietnamese font encodings TCVN3 (ABC) and VNI.

Before Unicode, Vietnamese documents were typed with 8-bit fonts (.VnTime for TCVN3, VNI-Times for VNI)
that draw Vietnamese letters in the places of Western ones. Such text read as Unicode looks like
"Ph¦êng", "NguyÔn V¨n" (TCVN3) or "Phöôøng", "Nguyeãn" (VNI), and Excel files still carry it. Storing
it would store garbage, so the importer rejects it and tells the user to convert the file.

The test is word by word: a word that is not a well-formed Vietnamese syllable as Unicode, but becomes one
when decoded with a legacy table, is a vote for that table; a word that is a syllable and uses a letter
only Unicode has (ư, ơ, ă, đ, ạ…) is a vote for Unicode. Words valid both ways ("Sè" is "sè" or TCVN3
"Số") do not vote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from chidao.core.importing.syllables import is_vietnamese_syllable

__all__ = [
    "LegacyEncoding",
    "TextDiagnosis",
    "convert_legacy_text",
    "diagnose_text",
    "legacy_cell_message",
    "legacy_file_message",
    "may_be_legacy",
]


class LegacyEncoding(StrEnum):
    """A pre-Unicode Vietnamese font encoding."""

    TCVN3 = "tcvn3"
    VNI = "vni"

    @property
    def label(self) -> str:
        """The name users know from Unikey's converter."""
        return "TCVN3 (ABC)" if self is LegacyEncoding.TCVN3 else "VNI Windows"


# TCVN 5712:1993 (VN3, the "ABC" fonts): the Latin-1 character a legacy byte shows as -> the letter it is.
_TCVN3: Final[dict[str, str]] = {
    "µ": "à", "¸": "á", "¶": "ả", "·": "ã", "¹": "ạ",
    "¨": "ă", "»": "ằ", "¾": "ắ", "¼": "ẳ", "½": "ẵ", "Æ": "ặ",
    "©": "â", "Ç": "ầ", "Ê": "ấ", "È": "ẩ", "É": "ẫ", "Ë": "ậ",
    "®": "đ", "Ì": "è", "Ð": "é", "Î": "ẻ", "Ï": "ẽ", "Ñ": "ẹ",
    "ª": "ê", "Ò": "ề", "Õ": "ế", "Ó": "ể", "Ô": "ễ", "Ö": "ệ",
    "×": "ì", "Ý": "í", "Ø": "ỉ", "Ü": "ĩ", "Þ": "ị",
    "ß": "ò", "ã": "ó", "á": "ỏ", "â": "õ", "ä": "ọ",
    "«": "ô", "å": "ồ", "è": "ố", "æ": "ổ", "ç": "ỗ", "é": "ộ",
    "¬": "ơ", "ê": "ờ", "í": "ớ", "ë": "ở", "ì": "ỡ", "î": "ợ",
    "ï": "ù", "ó": "ú", "ñ": "ủ", "ò": "ũ", "ô": "ụ",
    "\u00ad": "ư", "õ": "ừ", "ø": "ứ", "ö": "ử", "÷": "ữ", "ù": "ự",
    "ú": "ỳ", "ý": "ý", "û": "ỷ", "ü": "ỹ", "þ": "ỵ",
    "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư",
}  # fmt: skip

# VNI Windows: a few letters are one character of their own...
_VNI_LETTERS: Final[dict[str, str]] = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
# ...the others are a plain vowel followed by a character carrying its marks (circumflex, breve, tone).
_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_MARKS: Final[dict[str, str]] = {
    "ø": _GRAVE, "ù": _ACUTE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "à": _CIRCUMFLEX + _GRAVE, "á": _CIRCUMFLEX + _ACUTE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "è": _BREVE + _GRAVE, "é": _BREVE + _ACUTE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}  # fmt: skip
_VNI_ALL_MARKS: Final[dict[str, str]] = {
    **_VNI_MARKS,
    **{key.upper(): value for key, value in _VNI_MARKS.items()},
}
_VOWELS: Final = frozenset("aeiouyăâêôơư")

# Letters Vietnamese Unicode text has and legacy-font text read as Unicode cannot have (beyond Latin-1).
_UNICODE_ONLY_LETTERS: Final = frozenset("ăđĩũơưĂĐĨŨƠƯ")
# The Latin-1 letters Vietnamese Unicode text uses.
_VIETNAMESE_LATIN1: Final = frozenset("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")
# Runs of Latin letters, Latin-1 characters (legacy fonts put letters on ¦, ¨, ×, ÷, the soft hyphen…),
# Latin Extended and Vietnamese precomposed letters, and combining marks.
_WORD: Final = re.compile(r"[A-Za-z\u00a1-\u024f\u0300-\u036f\u1e00-\u1eff]+")


@dataclass(frozen=True)
class TextDiagnosis:
    """What a text looks like: a legacy encoding (with the votes and the text converted) or Unicode."""

    encoding: LegacyEncoding | None
    legacy_words: int
    unicode_words: int
    suggestion: str = ""

    @property
    def is_legacy(self) -> bool:
        """True when the text was typed with a legacy font."""
        return self.encoding is not None


_UNICODE: Final = TextDiagnosis(None, 0, 0)


def may_be_legacy(text: str) -> bool:
    """A cheap pre-test, so that ordinary cells are not examined word by word.

    Legacy-font text has characters in U+00A1–U+00FF only. Text with a character Vietnamese never uses
    there (¦, ¨, ×, the soft hyphen…) may be legacy; text whose only such characters are Vietnamese
    letters (à, ê, ô…) may be legacy unless it also has a letter beyond Latin-1 (ư, ạ…), which no
    legacy font produces.
    """
    has_latin1 = has_unicode_only = False
    for char in text:
        if "\u00a1" <= char <= "\u00ff":
            if char not in _VIETNAMESE_LATIN1:
                return True
            has_latin1 = True
        elif char in _UNICODE_ONLY_LETTERS or "\u1ea0" <= char <= "\u1ef9":
            has_unicode_only = True
    return has_latin1 and not has_unicode_only


def _tcvn3_decode(word: str) -> str:
    return "".join(_TCVN3.get(char, char) for char in word)


def _tcvn3_word(word: str) -> str:
    """The TCVN3 reading of a word, trying case-swapped legacy characters when the direct one is no syllable.

    Upper-case fonts (.VnTimeH) and Excel's LOWER/PROPER change the case of the legacy characters, so
    "NguyÔn" may arrive as "Nguyôn"; both mean "Nguyễn".
    """
    direct = _tcvn3_decode(word)
    if is_vietnamese_syllable(direct):
        return _restore_case(word, direct)
    legacy_positions = [i for i, char in enumerate(word) if "\u00a1" <= char <= "\u00ff"]
    for position in legacy_positions[:4]:
        flipped = word[:position] + word[position].swapcase() + word[position + 1 :]
        candidate = _tcvn3_decode(flipped)
        if is_vietnamese_syllable(candidate):
            return _restore_case(word, candidate)
    return direct


def _restore_case(original: str, decoded: str) -> str:
    ascii_letters = [char for char in original if char.isascii() and char.isalpha()]
    if len(ascii_letters) > 1 and all(char.isupper() for char in ascii_letters):
        return decoded.upper()
    if ascii_letters and original[0].isupper():
        return decoded[:1].upper() + decoded[1:].lower()
    if ascii_letters and original[0].islower():
        return decoded.lower()
    return decoded


def _vni_word(word: str) -> str:
    parts: list[str] = []
    after_vowel = False
    for char in word:
        marks = _VNI_ALL_MARKS.get(char)
        if marks is not None and after_vowel:
            parts.append(marks)
            continue
        letter = _VNI_LETTERS.get(char, char)
        parts.append(letter)
        after_vowel = unicodedata.normalize("NFD", letter.lower())[:1] in _VOWELS or letter.lower() in _VOWELS
    return unicodedata.normalize("NFC", "".join(parts))


_DECODERS: Final = {LegacyEncoding.TCVN3: _tcvn3_word, LegacyEncoding.VNI: _vni_word}


def convert_legacy_text(text: str, encoding: LegacyEncoding) -> str:
    """``text`` converted from a legacy encoding to Unicode (best effort, for the message shown to the user)."""
    decode = _DECODERS[encoding]
    return _WORD.sub(lambda match: decode(match.group(0)), text)


def diagnose_text(text: str) -> TextDiagnosis:
    """Tell whether ``text`` was typed with TCVN3 (ABC) or VNI fonts, counting the words that vote each way."""
    if not may_be_legacy(text):
        return _UNICODE
    votes = dict.fromkeys(LegacyEncoding, 0)
    unicode_votes = 0
    for word in _WORD.findall(unicodedata.normalize("NFC", text)):
        if word.isascii():
            continue
        if is_vietnamese_syllable(word):
            if any(char in _UNICODE_ONLY_LETTERS or "\u1ea0" <= char <= "\u1ef9" for char in word):
                unicode_votes += 1
            continue
        for encoding, decode in _DECODERS.items():
            decoded = decode(word)
            if decoded != word and is_vietnamese_syllable(decoded):
                votes[encoding] += 1
    best = max(LegacyEncoding, key=lambda encoding: (votes[encoding], encoding is LegacyEncoding.TCVN3))
    if votes[best] == 0 or votes[best] <= unicode_votes:
        return TextDiagnosis(None, votes[best], unicode_votes)
    return TextDiagnosis(best, votes[best], unicode_votes, convert_legacy_text(text, best))


def legacy_cell_message(text: str, diagnosis: TextDiagnosis) -> str:
    """The message for one cell typed with a legacy font, showing what it probably says."""
    assert diagnosis.encoding is not None
    return (
        f"Ô dùng bảng mã cũ {diagnosis.encoding.label}: “{text}” (có lẽ là “{diagnosis.suggestion}”). "
        "Hãy chuyển tệp sang Unicode rồi tải lên lại."
    )


def legacy_file_message(encoding: LegacyEncoding, cell_count: int, example_place: str, example: str) -> str:
    """The message for a file whose cells use a legacy font: how many, one example, and how to convert it."""
    converted = convert_legacy_text(example, encoding)
    return (
        f"Tệp dùng bảng mã cũ {encoding.label} ({cell_count} ô, ví dụ {example_place}: “{example}”, "
        f"có lẽ là “{converted}”): hãy chuyển sang Unicode (ví dụ bằng Unikey → Công cụ chuyển mã: "
        f"nguồn {encoding.label}, đích Unicode) rồi tải lên lại."
    )
