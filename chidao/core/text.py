"""Vietnamese alphabetical order and diacritics-insensitive search keys.

Both functions return plain strings that are stored next to a name when it is saved, so that
``ORDER BY sort_key`` and ``LIKE`` on the folded text give the same answers on SQLite and on
PostgreSQL, whatever collation the database was created with. The design, and how the sort key
reproduces ICU's Vietnamese collation, is explained in docs/domain/vietnamese-text.md.
"""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["SORT_KEY_MAX_LENGTH", "fold_for_search", "vietnamese_sort_key"]

# A name of up to 255 Vietnamese letters, digits, spaces and ASCII punctuation needs at most
# 5 key characters per input character (2 primary, 2 secondary, 1 tertiary) plus 2 separators:
# 5 × 255 + 2 = 1277. Longer or exotic input is cut at this length (see _truncate).
SORT_KEY_MAX_LENGTH: Final = 1280

_ALNUM: Final = "0123456789abcdefghijklmnopqrstuvwxyz"
_LEVEL_SEPARATOR: Final = "0"  # lower than the first character of every weight code

# Primary weights, in the order ICU's 'vi' collation gives them (ICU 72, CLDR root + the
# Vietnamese tailoring). Every character below is its own primary weight. The <…> entries are
# slots for characters not listed here: they sort after the listed members of their group and
# among themselves by code point.
_WHITESPACE: Final = "\t\n\x0b\x0c\r\x85\u2028\u2029 "
_PUNCTUATION: Final = "_-‐‒–—―,;:!¡?¿.·'‘’‚‛‹›\"“”„‟«»()[]{}‖§¶@*/\\&⁊#%‰‱†‡•‣‧′‵※"
_SYMBOLS: Final = "`^°©®←→↑↓↔∑+±÷×<=>¬|¦~−⁄∙√∞≈≤≥■□▪▫▲►▼◄◆◇○●★☆✓✔✗✘"
_CURRENCY: Final = "¤¢$£¥₤₦₩₫€₭₮₱₲₴₵₸₹₺₼₽₾"
_DIGITS: Final = "0123456789"
# The Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y) with the
# foreign letters f j w z in their Latin places, plus four letters ICU ranks as separate
# primaries next to a Vietnamese one.
_LETTERS: Final = "aăâbcdđeêfghiıjklmnŋoôơpqrstŧuưvwxyzþ"

_OTHER_PUNCTUATION: Final = "<punctuation>"
_OTHER_SYMBOL: Final = "<symbol>"
_OTHER_CURRENCY: Final = "<currency>"
_OTHER_LETTER: Final = "<letter>"

_PRIMARY_SEQUENCE: Final[tuple[str, ...]] = (
    *_WHITESPACE,
    *_PUNCTUATION,
    _OTHER_PUNCTUATION,
    *_SYMBOLS,
    _OTHER_SYMBOL,
    *_CURRENCY,
    _OTHER_CURRENCY,
    *_DIGITS,
    *_LETTERS,
    _OTHER_LETTER,
)

# Secondary weights of combining marks, lowest first; marks in one string share a weight.
# Measured with ICU on "x" + mark. The Vietnamese tailoring puts the tones right after the grave
# accent: huyền (̀) < hỏi (̉) < ngã (̃) < sắc (́) < nặng (̣).
_MARK_SEQUENCE: Final[tuple[str, ...]] = (
    "\u0332",
    "\u0313",
    "\u0314",
    "\u0300",
    "\u0309",
    "\u0303",
    "\u0301",
    "\u0323",
    "\u0306",
    "\u0302",
    "\u030c",
    "\u030a",
    "\u0342",
    "\u0308",
    "\u030b",
    "\u0307",
    "\u0338",
    "\u0327",
    "\u0328",
    "\u0304",
    "\u030d\u030e\u0312\u0315\u031a\u033d\u033e\u033f\u0346\u034a\u034b\u034c\u0350\u0351\u0352"
    "\u0357\u035b\u035d\u035e",
    "\u0316\u0317\u0318\u0319\u031c\u031d\u031e\u031f\u0320\u0329\u032a\u032b\u032c\u032f\u0333"
    "\u033a\u033b\u033c\u0347\u0348\u0349\u034d\u034e\u0353\u0354\u0355\u0356\u0359\u035a\u035c"
    "\u035f\u0362",
    "\u0336\u0337",
    "\u0335",
    "\u0305",
    "\u030f",
    "\u0310",
    "\u0311",
    "\u031b",
    "\u0321",
    "\u0322",
    "\u0324",
    "\u0325",
    "\u0326",
    "\u032d",
    "\u032e",
    "\u0330",
    "\u0331",
    "\u0334",
    "\u0339",
    "\u0345",
    "\u0358",
    "\u0360",
    "\u0361",
)

# The Vietnamese tailoring's contractions: base letter + mark is one letter of the alphabet.
_CONTRACTIONS: Final[dict[str, dict[str, str]]] = {
    "a": {"\u0306": "ă", "\u0302": "â"},
    "e": {"\u0302": "ê"},
    "o": {"\u0302": "ô", "\u031b": "ơ"},
    "u": {"\u031b": "ư"},
}

_COMMON_SECONDARY: Final = "1"
_LOWER_TERTIARY: Final = "1"


def _fixed_width(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 36)
        digits.append(_ALNUM[remainder])
    return "".join(reversed(digits))


def _secondary_code(rank: int) -> str:
    # Ranks 0–31 take one character ("2"–"x"), later ranks "y" + one character; "z" starts the
    # code-point escape for unknown marks. The set stays prefix-free, so order is preserved.
    if rank < 32:
        return _ALNUM[2 + rank]
    return "y" + _ALNUM[rank - 32]


_PRIMARY_CODE: Final[dict[str, str]] = {
    item: _fixed_width(36 + rank, 2) for rank, item in enumerate(_PRIMARY_SEQUENCE)
}
# Rank 0 is for letters ICU treats as a variant of a base letter without a combining mark (ð, ß).
_LETTER_VARIANT_SECONDARY: Final = _secondary_code(0)
_MARK_CODE: Final[dict[str, str]] = {
    mark: _secondary_code(rank + 1) for rank, group in enumerate(_MARK_SEQUENCE) for mark in group
}

# Letters without a canonical decomposition that ICU sorts as a base letter (or two) with a
# secondary difference. ø, ł and ħ match ICU exactly (they equal o/l/h + an overlay mark);
# ð, ß, æ and œ are close approximations.
_SPECIAL_LETTERS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "ø": (("o", "\u0338"),),
    "ł": (("l", "\u0335"),),
    "ħ": (("h", "\u0335"),),
    "ð": (("d", _LETTER_VARIANT_SECONDARY),),
    "ß": (("s", _LETTER_VARIANT_SECONDARY), ("s", "")),
    "æ": (("a", _LETTER_VARIANT_SECONDARY), ("e", "")),
    "œ": (("o", _LETTER_VARIANT_SECONDARY), ("e", "")),
}


def _is_ignorable(char: str) -> bool:
    # ICU ignores controls other than the whitespace ones, format characters (soft hyphen,
    # zero-width joiners, direction marks), the grapheme joiner and variation selectors.
    category = unicodedata.category(char)
    if char in _PRIMARY_CODE:
        return False
    if category in ("Cc", "Cf"):
        return True
    code_point = ord(char)
    return code_point == 0x034F or 0xFE00 <= code_point <= 0xFE0F or 0xE0100 <= code_point <= 0xE01EF


def _is_mark(char: str) -> bool:
    return unicodedata.combining(char) != 0 or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _expand_compatibility(nfd_text: str) -> list[tuple[str, bool]]:
    """Replace compatibility characters (NBSP, ², ½, ﬁ, full-width letters) by their plain
    equivalents, flagged so they get a tertiary (variant) difference, as in ICU."""
    units: list[tuple[str, bool]] = []
    for char in nfd_text:
        if unicodedata.decomposition(char).startswith("<"):
            units.extend((part, True) for part in unicodedata.normalize("NFKD", char))
        else:
            units.append((char, False))
    return units


def _take_contraction(units: list[tuple[str, bool]], base_index: int, base: str) -> str:
    """Return the alphabet letter that starts at ``base_index`` and remove its contraction mark.

    Follows the Unicode Collation Algorithm: the mark may be separated from the base by other
    marks only if those have a lower canonical combining class (e.g. ặ = a + dot below + breve).
    """
    marks = _CONTRACTIONS.get(base)
    if marks is None:
        return base
    highest_skipped_class = 0
    for index in range(base_index + 1, len(units)):
        char = units[index][0]
        combining_class = unicodedata.combining(char)
        if combining_class == 0:
            break
        if char in marks and highest_skipped_class < combining_class:
            del units[index]
            return marks[char]
        highest_skipped_class = max(highest_skipped_class, combining_class)
    return base


def _primary_code_for(char: str) -> str:
    code = _PRIMARY_CODE.get(char)
    if code is not None:
        return code
    digit = unicodedata.digit(char, None)
    if digit is not None:
        return _PRIMARY_CODE[str(digit)]
    category = unicodedata.category(char)
    if category == "Zs":
        return _PRIMARY_CODE[" "]
    if category.startswith("P"):
        escape = _OTHER_PUNCTUATION
    elif category == "Sc":
        escape = _OTHER_CURRENCY
    elif category.startswith("S"):
        escape = _OTHER_SYMBOL
    else:
        escape = _OTHER_LETTER
    return _PRIMARY_CODE[escape] + _fixed_width(ord(char), 4)


def _trim_trailing(codes: list[str], common: str) -> list[str]:
    # ICU compresses runs of common weights; dropping trailing ones keeps the order because the
    # level separator (or the end of the key) is lower than every code.
    end = len(codes)
    while end and codes[end - 1] == common:
        end -= 1
    return codes[:end]


def _truncate(key: str) -> str:
    # Cutting a key never reverses an order (a < b implies a[:n] <= b[:n]); at worst two very
    # long names tie.
    return key[:SORT_KEY_MAX_LENGTH]


def vietnamese_sort_key(text: str) -> str:
    """Return a key of characters [0-9a-z] whose plain string order is ICU's Vietnamese order.

    Compare keys bytewise (or with any collation that orders 0-9 before a-z); the key is at most
    SORT_KEY_MAX_LENGTH characters long. NFC and NFD spellings of a name give the same key.
    """
    units = _expand_compatibility(unicodedata.normalize("NFD", text))
    primaries: list[str] = []
    secondaries: list[str] = []
    tertiaries: list[str] = []
    index = 0
    while index < len(units):
        char, is_variant = units[index]
        if _is_ignorable(char):
            index += 1
            continue
        if _is_mark(char):
            secondaries.append(_MARK_CODE.get(char) or "z" + _fixed_width(ord(char), 4))
            index += 1
            continue
        lower = char.lower() if len(char.lower()) == 1 else char
        case_weight = 2 if lower != char else 0
        tertiary = str(1 + case_weight + (1 if is_variant else 0))
        letter = _take_contraction(units, index, lower)
        for base, secondary in _SPECIAL_LETTERS.get(letter, ((letter, ""),)):
            primaries.append(_primary_code_for(base))
            tertiaries.append(tertiary)
            if secondary in _MARK_CODE:
                secondaries.extend((_COMMON_SECONDARY, _MARK_CODE[secondary]))
            else:
                secondaries.append(secondary or _COMMON_SECONDARY)
        index += 1
    key = (
        "".join(primaries)
        + _LEVEL_SEPARATOR
        + "".join(_trim_trailing(secondaries, _COMMON_SECONDARY))
        + _LEVEL_SEPARATOR
        + "".join(_trim_trailing(tertiaries, _LOWER_TERTIARY))
    )
    return _truncate(key)


_FOLD_LETTERS: Final = str.maketrans(
    {"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)


def fold_for_search(text: str) -> str:
    """Return ``text`` lowercased, without diacritics (đ → d), with whitespace collapsed.

    Store it next to the name and fold the user's query the same way: "ha noi" then finds
    "Hà Nội" and "dong da" finds "Đống Đa" with a plain LIKE.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(char for char in decomposed if not _is_mark(char) and unicodedata.category(char) != "Cf")
    return " ".join(kept.translate(_FOLD_LETTERS).split())
