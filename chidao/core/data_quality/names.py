"""Vietnamese personal names: standard form, the comparison key, the diacritics-folded key, and their SQL twins.

- **Standard form** (``standard_name``): Unicode NFC, runs of whitespace (including no-break and typographic
  spaces) turned into one space, no leading or trailing space. A stored name that differs from its standard
  form is a "sạch" finding.
- **Comparison key** (``comparison_key``): the standard form in lower case, with the old and new tone
  placements made equal ("Hòa" = "Hoà", "Thúy" = "Thuý": both spellings are accepted in official records).
  Two registers agree on a name when their keys are equal (exact, "đúng").
- **Folded key** (``folded_key``): the comparison key without any diacritic, đ → d. Names whose keys differ
  but whose folded keys are equal differ only in diacritics: "Hùng" and "Hưng", "Đào" and "Dào" — a
  **"sai dấu"** finding, not an agreement. Names whose folded keys differ are different names.

Every function has a SQL twin (``*_sql``) producing the same value in DuckDB (``nfc_normalize``,
``regexp_replace``, ``lower``, ``strip_accents``); the engine tests check them against each other on random
Vietnamese names. Only code constants enter the SQL text.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Final

__all__ = [
    "NameMatch",
    "compare_names",
    "comparison_key",
    "comparison_key_sql",
    "folded_key",
    "folded_key_sql",
    "standard_name",
    "standard_name_sql",
]

# Code points treated as whitespace in names: ASCII controls and space, NEL, no-break space, Ogham space,
# en quad … hair space, line/paragraph separators, narrow no-break, medium mathematical, ideographic space.
_SPACE_RANGES: Final = (
    (0x09, 0x0D),
    (0x20, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
)
_SPACES: Final = re.compile(
    "[" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _SPACE_RANGES) + "]+"
)
_SPACES_RE2: Final = (
    "[" + "".join(f"\\x{{{low:04X}}}-\\x{{{high:04X}}}" for low, high in _SPACE_RANGES) + "]+"
)

_TONED: Final = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
}
_TONED_O: Final = "òóỏõọ"
_TONED_U: Final = "ùúủũụ"
# Old placement (tone on the first vowel: "hòa", "thúy") → new placement (on the second: "hoà", "thuý").
# Only "oa", "oe", "uy" at the end of a syllable differ; a following consonant never occurs after the
# old-style spelling, so the replacement needs no lookahead.
_TONE_PLACEMENT: Final = tuple(
    (toned_first + plain, first + toned_second)
    for first, toned_firsts, plain in (("o", _TONED_O, "a"), ("o", _TONED_O, "e"), ("u", _TONED_U, "y"))
    for toned_first, toned_second in zip(toned_firsts, _TONED[plain], strict=True)
)


class NameMatch(StrEnum):
    """How two names compare."""

    EXACT = "exact"  # đúng
    DIACRITICS_ONLY = "diacritics_only"  # sai dấu
    DIFFERENT = "different"


def standard_name(text: str) -> str:
    """NFC, whitespace runs → one space, trimmed; case and diacritics kept."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip(" ")


def comparison_key(text: str) -> str:
    """The standard form, lower-cased, with the tone placement of "oa", "oe", "uy" made uniform."""
    key = standard_name(text).lower()
    for old, new in _TONE_PLACEMENT:
        key = key.replace(old, new)
    return key


def folded_key(text: str) -> str:
    """The comparison key without diacritics (every mark removed after NFD, đ → d)."""
    decomposed = unicodedata.normalize("NFD", comparison_key(text))
    return "".join(char for char in decomposed if not unicodedata.category(char).startswith("M")).replace(
        "đ", "d"
    )


def compare_names(first: str, second: str) -> NameMatch:
    """Exact, different only in diacritics ("sai dấu"), or different."""
    if comparison_key(first) == comparison_key(second):
        return NameMatch.EXACT
    if folded_key(first) == folded_key(second):
        return NameMatch.DIACRITICS_ONLY
    return NameMatch.DIFFERENT


# Characters for which NFC is the identity and no composition can happen: printable ASCII, Latin-1 from ¡,
# Latin Extended-A/B, IPA, spacing modifiers, and Latin Extended Additional (Vietnamese precomposed letters).
# A string made only of them is already NFC and its only whitespace is U+0020, so the SQL skips
# nfc_normalize and the Unicode-class regex on it (five times cheaper on 3 million names, same result).
_PLAIN_RE2: Final = "[\\x{20}-\\x{7E}\\x{A1}-\\x{2FF}\\x{1E00}-\\x{1EFF}]*"
_OLD_PLACEMENT_RE2: Final = "[òóỏõọ][ae]|[ùúủũụ]y"


def standard_name_sql(expression: str) -> str:
    """SQL twin of :func:`standard_name` for a VARCHAR expression (a column name or a code constant)."""
    general = f"trim(regexp_replace(nfc_normalize({expression}), '{_SPACES_RE2}', ' ', 'g'), ' ')"
    spaced = f"prefix({expression}, ' ') OR suffix({expression}, ' ') OR contains({expression}, '  ')"
    plain = f"CASE WHEN {spaced} THEN trim(regexp_replace({expression}, ' +', ' ', 'g'), ' ') ELSE {expression} END"
    return f"(CASE WHEN regexp_full_match({expression}, '{_PLAIN_RE2}') THEN {plain} ELSE {general} END)"


def _tone_placement_sql(key: str) -> str:
    replaced = key
    for old, new in _TONE_PLACEMENT:
        replaced = f"replace({replaced}, '{old}', '{new}')"
    return f"(CASE WHEN regexp_matches({key}, '{_OLD_PLACEMENT_RE2}') THEN {replaced} ELSE {key} END)"


def comparison_key_sql(expression: str) -> str:
    """SQL twin of :func:`comparison_key` (the tone replacements run only on keys holding an old placement)."""
    return _tone_placement_sql(f"lower({standard_name_sql(expression)})")


def folded_key_sql(key_expression: str) -> str:
    """SQL twin of :func:`folded_key`, applied to an expression that is ALREADY a comparison key."""
    return f"replace(strip_accents({key_expression}), 'đ', 'd')"
