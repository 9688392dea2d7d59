"""Finding a referenced record (a unit, an area) from what a user typed: its code or its name.

Names are compared folded (no case, diacritics or punctuation) and also without the administrative
prefix ("Xã", "Phường", "UBND"…), so "an nhon" finds "Xã An Nhơn". When several records match, or
none does, the message lists the candidates with their codes so the user can write the code instead.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Final

from chidao.core.importing.fields import CellError
from chidao.core.importing.keys import fold_label

__all__ = ["Reference", "ReferenceIndex"]

# Folded prefixes that people omit or add: "UBND xã An Nhơn", "Xã An Nhơn" and "An Nhơn" name one unit.
_BODY_PREFIXES: Final = ("uy ban nhan dan", "ubnd")
_AREA_PREFIXES: Final = ("thi tran", "dac khu", "phuong", "xa")
_MAX_LISTED: Final = 5


@dataclass(frozen=True)
class Reference:
    """A record that can be referenced: its id, code and current name."""

    id: Hashable
    code: str
    name: str

    @property
    def label(self) -> str:
        """“Xã An Nhơn” (mã XA1): how candidates are listed."""
        return f"“{self.name}” (mã {self.code})"


def _strip_prefixes(folded: str, prefixes: tuple[str, ...] = _BODY_PREFIXES + _AREA_PREFIXES) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if folded.startswith(prefix + " "):
                folded = folded[len(prefix) + 1 :]
                changed = True
    return folded


class ReferenceIndex:
    """Records by code, by folded name and by folded name without prefix, for ``resolve``."""

    def __init__(self, references: Iterable[Reference], *, noun: str = "đơn vị") -> None:
        self.noun = noun
        self._all = tuple(references)
        self._by_code: dict[str, list[Reference]] = {}
        self._by_name: dict[str, list[Reference]] = {}
        self._by_bare_name: dict[str, list[Reference]] = {}
        for reference in self._all:
            self._by_code.setdefault(reference.code.strip().casefold(), []).append(reference)
            folded = fold_label(reference.name)
            self._by_name.setdefault(folded, []).append(reference)
            self._by_bare_name.setdefault(_strip_prefixes(folded), []).append(reference)

    def resolve(self, text: str) -> Reference:
        """The one record ``text`` names; CellError listing candidates when none or several match."""
        wanted = " ".join(text.split())
        by_code = self._by_code.get(wanted.casefold(), [])
        if len(by_code) == 1:
            return by_code[0]
        folded = fold_label(wanted)
        lookups = (
            self._by_name.get(folded, []),
            self._by_name.get(_strip_prefixes(folded, _BODY_PREFIXES), []),
            self._by_bare_name.get(_strip_prefixes(folded), []),
        )
        for candidates in lookups:
            if len(candidates) == 1:
                return candidates[0]
            if len(candidates) > 1:
                raise CellError(
                    f"“{wanted}” trùng tên với {len(candidates)} {self.noun}: {self._listing(candidates)}. "
                    "Hãy ghi mã thay cho tên."
                )
        similar = [ref for ref in self._all if folded and _strip_prefixes(folded) in fold_label(ref.name)]
        if similar:
            raise CellError(
                f"Không tìm thấy {self.noun} “{wanted}”. Có phải: {self._listing(similar)}? "
                "Hãy ghi đúng tên hiện hành hoặc mã."
            )
        raise CellError(f"Không tìm thấy {self.noun} “{wanted}” (theo mã hoặc tên hiện hành).")

    @staticmethod
    def _listing(candidates: list[Reference]) -> str:
        shown = ", ".join(reference.label for reference in candidates[:_MAX_LISTED])
        if len(candidates) > _MAX_LISTED:
            shown += f" và {len(candidates) - _MAX_LISTED} mục khác"
        return shown
