"""Tolerant matching of Vietnamese administrative-unit names.

People write "Phường Đống Đa", "Đống Đa", "P. Đống Đa", "phuong dong da" or "Phường Ðống Ða" for the same
ward, and official lists disagree on tone placement ("Hòa"/"Hoà") and apostrophes ("M'gar"/"M’gar"). A name
is compared on two levels: an *exact* key that keeps every diacritic but ignores case and where the tone
mark sits, and a *folded* key without diacritics. A query written with diacritics is matched exactly first,
so "Ân Nghĩa" does not pull in "An Nghĩa"; a query typed without any diacritics can only be folded.

Deliberately self-contained (a local fold, not chidao.core.text) so the crosswalk's behaviour is pinned by
its own tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")

# Grave, acute, tilde, hook above, dot below: the five Vietnamese tones. Circumflex, breve and horn change
# the vowel itself and are kept by the exact key.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_PUNCTUATION = re.compile(r"[.,;:()\-–—_/]+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
# Capital Đ has look-alikes in old fonts and OCR output (Icelandic Eth, African D).
_D_LOOKALIKES = str.maketrans({"Ð": "Đ", "Ɖ": "Đ", "ð": "đ", "ɖ": "đ"})

COMMUNE_PREFIXES: Mapping[str, str] = {
    "xã": "xã",
    "phường": "phường",
    "thị trấn": "thị trấn",
    "tt": "thị trấn",
    "đặc khu": "đặc khu",
}
DISTRICT_PREFIXES: Mapping[str, str] = {
    "quận": "quận",
    "huyện": "huyện",
    "thị xã": "thị xã",
    "tx": "thị xã",
    "thành phố": "thành phố",
    "tp": "thành phố",
}
# Two-letter abbreviations ("TP. Pleiku") are read in queries only; single letters ("P. 4", "H. Chư Sê")
# are not, because "H Bông" and "P Rao" are names in their own right.
PROVINCE_PREFIXES: Mapping[str, str] = {"tỉnh": "tỉnh", "thành phố": "thành phố", "tp": "thành phố"}


def _words(text: str) -> list[str]:
    """NFC, lower-case words with punctuation turned into spaces and apostrophes unified."""
    text = unicodedata.normalize("NFC", text.translate(_D_LOOKALIKES)).translate(_APOSTROPHES).casefold()
    return _PUNCTUATION.sub(" ", text).split()


def _exact_word(word: str) -> str:
    """One word with its tone marks moved to the end, so "hoà" and "hòa" compare equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(sorted(ch for ch in decomposed if ch in _TONE_MARKS))
    return "".join(ch for ch in decomposed if ch not in _TONE_MARKS) + tones


def _folded_word(word: str) -> str:
    """One word without any diacritic; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free, whitespace-normalised form: "Phường Đống Đa" -> "phuong dong da"."""
    return " ".join(_folded_word(w) for w in _words(text))


def exact_key(text: str) -> str:
    """Case- and tone-placement-insensitive form that still distinguishes "Ân" from "An"."""
    return " ".join(_exact_word(w) for w in _words(text))


def has_diacritics(text: str) -> bool:
    """Whether the text carries any Vietnamese diacritic (so the writer could have meant them)."""
    return fold(text) != " ".join(_words(text))


def _split_prefix(words: list[str], prefixes: Mapping[str, str], *, folded: bool) -> tuple[str, int] | None:
    """The unit type named by the leading word(s), and how many words it spans."""
    convert = _folded_word if folded else _exact_word
    for spelling, label in prefixes.items():
        wanted = [convert(w) for w in spelling.split()]
        head = [convert(w) for w in words[: len(wanted)]]
        if head == wanted and len(words) > len(wanted):
            return label, len(wanted)
    return None


class NameIndex(Generic[T]):
    """Units indexed by their names and alternative spellings, stripped of their type prefix."""

    def __init__(self, entries: Iterable[tuple[str, T]], prefixes: Mapping[str, str]) -> None:
        """Index (name, unit) pairs; a unit may appear under several names."""
        self._prefixes = {k: v for k, v in prefixes.items() if k == v}
        self._query_prefixes = prefixes
        self._exact: dict[str, list[tuple[str | None, T]]] = {}
        self._folded: dict[str, list[tuple[str | None, T]]] = {}
        for name, unit in entries:
            words = _words(name)
            # Official names always spell their prefix in full, so abbreviations are only read in queries.
            found = _split_prefix(words, self._prefixes, folded=False)
            label, skip = found if found is not None else (None, 0)
            bare = words[skip:]
            self._exact.setdefault(" ".join(map(_exact_word, bare)), []).append((label, unit))
            self._folded.setdefault(" ".join(map(_folded_word, bare)), []).append((label, unit))

    def lookup(self, query: str) -> tuple[T, ...]:
        """Units whose name matches the query, most specific level first; empty when nothing matches."""
        if has_diacritics(query):
            hits = self._match(self._exact, query, folded=False)
            if hits:
                return hits
        return self._match(self._folded, query, folded=True)

    def _match(
        self, index: dict[str, list[tuple[str | None, T]]], query: str, *, folded: bool
    ) -> tuple[T, ...]:
        words = _words(query)
        convert = _folded_word if folded else _exact_word
        readings: list[tuple[str | None, list[str]]] = [(None, words)]
        found = _split_prefix(words, self._query_prefixes, folded=folded)
        if found is not None:
            readings.append((found[0], words[found[1] :]))
        hits: dict[T, None] = {}
        for wanted_label, bare in readings:
            for label, unit in index.get(" ".join(map(convert, bare)), ()):
                if wanted_label is None or wanted_label == label:
                    hits[unit] = None
        return tuple(hits)
