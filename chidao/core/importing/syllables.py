"""Is a word a well-formed Vietnamese syllable? Used to tell Unicode text from legacy-font text.

Vietnamese words are single syllables with a fixed shape: an optional initial consonant, a vowel
cluster, an optional final consonant and at most one tone mark. Text typed with a legacy font (TCVN3,
VNI) and read as Unicode breaks that shape ("V¨n", "Nguyeãn"); the same bytes decoded with the right
table restore it ("Văn", "Nguyễn"). The check is structural, not a dictionary: it accepts a few
syllables nobody uses, which is harmless for telling the encodings apart.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

__all__ = ["TONE_MARKS", "is_vietnamese_syllable"]

# huyền, sắc, ngã, hỏi, nặng
TONE_MARKS: Final = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})

_INITIALS: Final = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
# Clusters ending in an off-glide (i, y, o, u) or in the open "a" of ia/ua/ưa take no final consonant.
_OPEN_CLUSTERS: Final = (
    "iêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "uya", "uyu", "ươi", "ươu", "yêu",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa",
    "ưi", "ưu", "ya",
)  # fmt: skip
_CLOSABLE_CLUSTERS: Final = (
    "uyê", "iê", "oa", "oă", "oe", "oo", "uâ", "uê", "uô", "uơ", "uy", "ươ", "yê",
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
)  # fmt: skip
_FINALS: Final = ("ch", "ng", "nh", "c", "m", "n", "p", "t")
# A syllable closed by a stop (c, ch, p, t) carries only the sắc or nặng tone.
_STOP_FINALS: Final = frozenset({"c", "ch", "p", "t"})
_STOP_TONES: Final = frozenset({"\u0301", "\u0323"})


def _alternatives(options: tuple[str, ...]) -> str:
    return "|".join(sorted(options, key=len, reverse=True))


_SYLLABLE: Final = re.compile(
    f"(?:{_alternatives(_INITIALS)})?"
    f"(?:(?:{_alternatives(_OPEN_CLUSTERS)})|(?:{_alternatives(_CLOSABLE_CLUSTERS)})"
    f"(?P<final>{_alternatives(_FINALS)})?)"
)


def is_vietnamese_syllable(word: str) -> bool:
    """True when ``word`` (any case, NFC or NFD) has the shape of one Vietnamese syllable with at most one tone."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [char for char in decomposed if char in TONE_MARKS]
    if len(tones) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(char for char in decomposed if char not in TONE_MARKS))
    match = _SYLLABLE.fullmatch(toneless)
    if match is None:
        return False
    return match["final"] not in _STOP_FINALS or (bool(tones) and tones[0] in _STOP_TONES)
