"""Reading a conclusions notice (thông báo kết luận) pasted as text: its numbered conclusions, and for each one a
proposed task row (lead unit, coordinating units, deadline text, product) that the secretariat confirms in a
preview form before any task is created.

Pure: the units are passed in (key, name, short name). Texts are compared folded (no case, no diacritics, đ → d,
as chidao.core.text.fold_for_search does), so "So KH&CN" finds "Sở KH&CN". Nothing here decides: every proposal
is shown to the officer, who corrects it, and the deadline is read again by chidao.core.periods when the tasks
are created. What is recognised is described in docs/domain/meetings.md.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Final

from chidao.core.periods import DeadlineKind, PeriodParseError, parse_deadline_text
from chidao.core.text import fold_for_search

__all__ = [
    "ConclusionItem",
    "ProposedRow",
    "UnitIndex",
    "UnitMention",
    "UnitName",
    "find_deadline_text",
    "propose_product",
    "propose_rows",
    "split_conclusions",
]

# ---- splitting the numbered items ------------------------------------------------------------------------

# "II. NHIỆM VỤ THỜI GIAN TỚI": a section heading; its items are numbered again from 1.
_ROMAN_HEADING: Final = re.compile(r"^(?P<n>[IVXL]{1,5})\s*[.)]\s*(?P<rest>\S.*)$")
# "2.1. …", "2.1 …", "2.1) …": an item below item 2.
_MULTI_LEVEL: Final = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2})+)\s*[.)]?\s+(?P<rest>\S.*)$")
# "1. …", "1) …": a top-level item; the text must start with a letter, so "1.500 hồ sơ…" stays a continuation.
_TOP_LEVEL: Final = re.compile(r'^(?P<n>\d{1,2})\s*[.)]\s*(?P<rest>(?:[^\W\d_]|[“"(«]).*)$')
# "a) …", "đ) …", "b. …": a lettered item below the last numbered one.
_LETTER: Final = re.compile(r"^(?P<n>[a-zđ])\s*[).]\s+(?P<rest>\S.*)$")
_BULLET: Final = re.compile(r"^[-+•*–]\s*")


@dataclass(frozen=True)
class ConclusionItem:
    """One numbered conclusion of the pasted text: its number as written ("1", "2.a", "2.1", "II.3"), its text
    (lines joined), the line where it starts, and the text of the item it sits under ("" at the top)."""

    number: str
    text: str
    line: int
    parent_text: str = ""


@dataclass
class _RawItem:
    section: str
    number: str
    line: int
    lines: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _raw_items(text: str) -> list[_RawItem]:
    items: list[_RawItem] = []
    section = ""
    last_numbered = ""
    for number, raw_line in enumerate(_nfc(text).splitlines(), start=1):
        line = raw_line.strip()
        if not line:
            continue
        if match := _ROMAN_HEADING.match(line):
            section, last_numbered = match["n"], ""
            continue
        found = _MULTI_LEVEL.match(line) or _TOP_LEVEL.match(line)
        if found:
            last_numbered = found["n"]
            items.append(_RawItem(section, found["n"], number, [found["rest"]]))
            continue
        if letter := _LETTER.match(line):
            label = f"{last_numbered}.{letter['n']}" if last_numbered else letter["n"]
            items.append(_RawItem(section, label, number, [letter["rest"]]))
            continue
        if (
            items
        ):  # a continuation (or a bullet) of the current item; text before the first item is a preamble
            items[-1].lines.append(_BULLET.sub("", line))
    return items


def split_conclusions(text: str) -> list[ConclusionItem]:
    """The numbered items of a pasted notice, in order. An item that has sub-items ("2." above "2.a)", "2.1.")
    is a heading: it is not returned itself but given to its sub-items as `parent_text`. Section headings in
    Roman numerals are skipped; when the numbering starts again in a later section, every item is prefixed with
    its section ("II.1") so that numbers stay unique. Lines before the first item are ignored."""
    raw = _raw_items(text)
    plain_numbers = [item.number for item in raw]
    restarted = len(set(plain_numbers)) < len(plain_numbers) and len({item.section for item in raw}) > 1
    for item in raw:
        if restarted and item.section:
            item.number = f"{item.section}.{item.number}"
    numbers = [item.number for item in raw]
    headings = {n for n in numbers if any(other.startswith(f"{n}.") for other in numbers)}
    texts = {item.number: item.text for item in raw}
    result = []
    for item in raw:
        if item.number in headings:
            continue
        parents = [n for n in headings if item.number.startswith(f"{n}.")]
        parent = max(parents, key=len) if parents else ""
        result.append(ConclusionItem(item.number, item.text, item.line, texts.get(parent, "")))
    return result


# ---- folding with positions ---------------------------------------------------------------------------------


def _fold_with_positions(text: str) -> tuple[str, list[int]]:
    """The text folded as fold_for_search folds it (whitespace collapsed to one space, not stripped), with, for
    each folded character, the index of the original character it comes from."""
    folded: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if char.isspace():
            if folded and folded[-1] != " ":
                folded.append(" ")
                positions.append(index)
            continue
        for piece in fold_for_search(char):
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


@dataclass(frozen=True)
class _Folded:
    original: str
    folded: str
    positions: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Folded:
        folded, positions = _fold_with_positions(text)
        return cls(text, folded, tuple(positions))

    def original_index(self, folded_index: int) -> int:
        """Where a folded position starts in the original text (its end when past the last character)."""
        if folded_index >= len(self.positions):
            return len(self.original)
        return self.positions[folded_index]

    def original_slice(self, start: int, end: int) -> str:
        """The original text of the folded span [start, end)."""
        if end <= start:
            return ""
        return self.original[self.positions[start] : self.positions[end - 1] + 1]


def _is_boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


# ---- units ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitName:
    """A unit the parser may propose: the caller's key (an id), its full name and its short name."""

    key: Hashable
    name: str
    short_name: str = ""


@dataclass(frozen=True)
class UnitMention:
    """Where a unit's name or short name occurs in a folded text; several keys when the name is shared."""

    start: int
    end: int
    keys: frozenset[Hashable]
    label: str

    @property
    def key(self) -> Hashable | None:
        """The unit named, or None when the name is shared by several units."""
        return next(iter(self.keys)) if len(self.keys) == 1 else None


_BODY_VARIANTS: Final = (("uy ban nhan dan", "ubnd"), ("ubnd", "uy ban nhan dan"))
_MIN_LABEL_LENGTH: Final = 3


def _variants(label: str) -> set[str]:
    found = {label}
    for long, short in _BODY_VARIANTS:
        if long in label:
            found.add(label.replace(long, short))
    return {variant for variant in found if len(variant) >= _MIN_LABEL_LENGTH}


class UnitIndex:
    """The names and short names of the units passed in, folded, to find them in a text (longest name first,
    so "Văn phòng UBND tỉnh" is not read as "UBND tỉnh"). "UBND" and "Ủy ban nhân dân" are the same words."""

    def __init__(self, units: Iterable[UnitName]) -> None:
        self._keys: dict[str, set[Hashable]] = {}
        for unit in units:
            for label in (unit.name, unit.short_name):
                for variant in _variants(fold_for_search(label or "")):
                    self._keys.setdefault(variant, set()).add(unit.key)
        self._labels = sorted(self._keys, key=len, reverse=True)

    def mentions(self, folded: str) -> list[UnitMention]:
        """The unit names in a folded text, left to right, none overlapping (the longer name wins)."""
        found: list[UnitMention] = []
        for label in self._labels:
            start = folded.find(label)
            while start >= 0:
                end = start + len(label)
                if _is_boundary(folded, start - 1) and _is_boundary(folded, end):
                    found.append(UnitMention(start, end, frozenset(self._keys[label]), label))
                start = folded.find(label, start + 1)
        kept: list[UnitMention] = []
        for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if all(mention.end <= other.start or mention.start >= other.end for other in kept):
                kept.append(mention)
        return sorted(kept, key=lambda m: m.start)


# "Sở KH&CN chủ trì", "Công an tỉnh là cơ quan chủ trì", "Sở Nội vụ chịu trách nhiệm chính".
_LEAD_AFTER: Final = re.compile(
    r"^\s*,?\s*(?:la (?:co quan|don vi) |lam )?(?:chu tri|chiu trach nhiem chinh)(?!\w)"
)
# "Chủ trì: Sở Tư pháp", "đơn vị chủ trì Sở Tư pháp".
_LEAD_BEFORE: Final = re.compile(r"(?:chu tri|chiu trach nhiem chinh)\s*:?\s*$")
# "Giao Sở Nội vụ …", "Yêu cầu Công an tỉnh …".
_GIVEN_TO: Final = re.compile(r"(?:^|\W)(?:giao(?: cho)?|yeu cau|de nghi|chi dao)\s*:?\s*$")
# "…, báo cáo UBND tỉnh", "tham mưu UBND tỉnh ban hành": the unit receives, it does not lead.
_RECIPIENT: Final = re.compile(
    r"(?:bao cao|trinh|gui|tham muu|xin y kien)(?: (?:ket qua|cho|ve|len|den|toi|voi))*\s*$"
)
_COORDINATION: Final = re.compile(r"(?<!\w)phoi hop(?!\w)")
_CLAUSE_END: Final = re.compile(r";|\.(?:\s|$)")


@dataclass(frozen=True)
class _UnitProposal:
    lead: UnitMention | None
    coordinating: tuple[UnitMention, ...]


def _coordination_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    for match in _COORDINATION.finditer(folded):
        end = _CLAUSE_END.search(folded, match.end())
        spans.append((match.end(), end.start() if end else len(folded)))
    return spans


def _propose_units(folded: str, index: UnitIndex) -> _UnitProposal:
    mentions = [m for m in index.mentions(folded) if not _RECIPIENT.search(folded[: m.start])]
    spans = _coordination_spans(folded)
    lead = next((m for m in mentions if _LEAD_AFTER.match(folded[m.end :])), None)
    lead = lead or next((m for m in mentions if _LEAD_BEFORE.search(folded[: m.start])), None)
    in_coordination = [m for m in mentions if any(start <= m.start < end for start, end in spans)]
    others = [m for m in mentions if m not in in_coordination]
    lead = lead or next((m for m in others if _GIVEN_TO.search(folded[: m.start])), None)
    lead = lead or next(iter(others), None)
    coordinating = tuple(m for m in in_coordination if m != lead)
    return _UnitProposal(lead, coordinating)


# ---- deadlines ------------------------------------------------------------------------------------------

_DEADLINE: Final = re.compile(
    r"(?<!\w)(?:(?P<qualifier>truoc|cham nhat|han chot|trong)(?: ngay)?\s*:?\s*)?"
    r"(?P<value>"
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}"
    r"|ngay \d{1,2} thang \d{1,2} nam \d{4}"
    r"|quy (?:iv|v|i{1,3}|[1-4])(?:\s*[/-]\s*| nam | )\d{4}"
    r"|6 thang (?:dau|cuoi)(?: nam)?[ /]\d{4}"
    r"|9 thang dau(?: nam)?[ /]\d{4}"
    r"|thang \d{1,2}(?:\s*[/-]\s*| nam )\d{4}"
    r"|(?P<year>nam \d{4})"
    r")(?!\d)"
)
# A reporting cadence counts as the deadline of a recurring conclusion only with a word that says so.
_CADENCE: Final = re.compile(
    r"(?<!\w)(?:(?:dinh ky )?(?:hang|moi) (?:thang|quy|nam)|dinh ky (?:6 thang|nua nam)"
    r"|(?:hang|moi) (?:6 thang|nua nam))(?!\w)"
)
_RECURRING_WORDS: Final = re.compile(r"(?<!\w)(?:thuong xuyen|dinh ky|bao cao)(?!\w)")
_ALWAYS: Final = re.compile(r"(?<!\w)thuong xuyen(?!\w)")
# What may stand before a deadline at the end of a conclusion: ", hoàn thành trước …", "(thời hạn: …)".
_CLAUSE_LEAD: Final = re.compile(
    r"\s*[,;(–-]?\s*(?:(?:thoi gian |thoi han )?hoan thanh|thoi han|xong)?\s*:?\s*$"
)
_CLAUSE_TAIL: Final = re.compile(r"^\s*\)?\s*[.;,]?\s*$")


@dataclass(frozen=True)
class _DeadlineFound:
    text: str
    start: int  # folded span of the clause, for cutting it out of the title
    end: int


def _deadline_in(folded: _Folded) -> _DeadlineFound | None:
    qualified: list[re.Match[str]] = []
    plain: list[re.Match[str]] = []
    for match in _DEADLINE.finditer(folded.folded):
        if match["qualifier"]:
            qualified.append(match)
        elif not match["year"]:  # "năm 2026" alone is too often part of a title
            plain.append(match)
    candidates = qualified or plain
    if candidates:
        chosen = candidates[-1]
        return _DeadlineFound(
            folded.original_slice(chosen.start(), chosen.end()), chosen.start(), chosen.end()
        )
    if _RECURRING_WORDS.search(folded.folded):
        cadence = list(_CADENCE.finditer(folded.folded))
        if cadence:
            last = cadence[-1]
            return _DeadlineFound(folded.original_slice(last.start(), last.end()), last.start(), last.end())
    always = list(_ALWAYS.finditer(folded.folded))
    if always:
        last = always[-1]
        return _DeadlineFound(folded.original_slice(last.start(), last.end()), last.start(), last.end())
    return None


def find_deadline_text(text: str) -> str:
    """The deadline written in a conclusion, as written: the last one with "trước/chậm nhất/trong" ("trước
    30/4/2026", "trong Quý II/2026"), else the last date, quarter, month or half-year, else a reporting cadence
    of a recurring conclusion ("hằng quý"), else "thường xuyên"; "" when there is none."""
    found = _deadline_in(_Folded.of(_nfc(text)))
    return found.text if found else ""


def _title_without(folded: _Folded, deadline: _DeadlineFound | None) -> str:
    """The conclusion without its closing deadline clause (", hoàn thành trước 30/4/2026."), capitalised."""
    text = folded.original
    if deadline is not None and _CLAUSE_TAIL.match(folded.folded[deadline.end :]):
        lead = _CLAUSE_LEAD.search(folded.folded[: deadline.start])
        start = lead.start() if lead else deadline.start
        text = folded.original[: folded.original_index(start)]
    text = text.strip().rstrip(" ,;:–-(").rstrip(".").strip()
    return text[:1].upper() + text[1:]


# ---- products -------------------------------------------------------------------------------------------

# Product type codes as the task stores them (Task.ProductType); the first keyword in the title decides.
PRODUCT_DOCUMENT: Final = "document"
PRODUCT_REPORT: Final = "report"
PRODUCT_SYSTEM: Final = "system"
PRODUCT_DATA: Final = "data"
_PRODUCT_KEYWORDS: Final = (
    (
        PRODUCT_DOCUMENT,
        True,
        (
            "ke hoach",
            "quyet dinh",
            "quy che",
            "quy dinh",
            "huong dan",
            "chuong trinh",
            "nghi quyet",
            "chi thi",
            "van ban",
            "to trinh",
        ),
    ),
    (PRODUCT_REPORT, False, ("bao cao", "ra soat", "danh gia", "tong ket", "so ket")),
    (PRODUCT_SYSTEM, False, ("he thong", "nen tang", "phan mem", "ket noi")),
    (PRODUCT_DATA, False, ("co so du lieu", "du lieu", "lam sach")),
)
_REPORT_DESCRIPTION: Final = "Báo cáo"


def propose_product(title: str) -> tuple[str, str]:
    """(type, description) proposed from the first product word of a title: "Xây dựng Kế hoạch …" gives
    ("document", "Kế hoạch"), "Rà soát …" ("report", "Báo cáo"), "Kết nối dữ liệu …" ("system", ""); ("", "")
    when no word is recognised. A description is only proposed for documents and reports."""
    folded = _Folded.of(_nfc(title))
    best: tuple[int, str, str] | None = None
    for kind, named, keywords in _PRODUCT_KEYWORDS:
        for keyword in keywords:
            match = re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", folded.folded)
            if match is None or (best is not None and match.start() >= best[0]):
                continue
            words = folded.original_slice(match.start(), match.end())
            if named:
                description = words[:1].upper() + words[1:]
            else:
                description = _REPORT_DESCRIPTION if kind == PRODUCT_REPORT else ""
            best = (match.start(), kind, description)
    return (best[1], best[2]) if best else ("", "")


# ---- the proposed rows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedRow:
    """A task row proposed for one conclusion; every field is the officer's to correct. `lead_unit` and
    `coordinating_units` are keys of the units passed in; `notes` say what could not be read."""

    number: str
    title: str
    content: str
    line: int
    lead_unit: Hashable | None = None
    coordinating_units: tuple[Hashable, ...] = ()
    deadline_text: str = ""
    product_type: str = ""
    product_description: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Reading:
    units: _UnitProposal
    deadline: _DeadlineFound | None


def _read(text: str, index: UnitIndex) -> tuple[_Folded, _Reading]:
    folded = _Folded.of(text)
    return folded, _Reading(_propose_units(folded.folded, index), _deadline_in(folded))


def _deadline_note(deadline_text: str) -> str | None:
    if not deadline_text:
        return "Chưa thấy thời hạn: hãy nhập (ví dụ “30/4/2026”, “Quý II/2026”)."
    try:
        parsed = parse_deadline_text(deadline_text)
    except PeriodParseError as error:
        return f"Thời hạn “{deadline_text}” chưa đọc được: {error.message}"
    if parsed.kind is DeadlineKind.RECURRING and parsed.cadence is None:
        return "Nhiệm vụ thường xuyên: hãy ghi chu kỳ báo cáo (hằng tháng, hằng quý, 6 tháng, hằng năm)."
    return None


def propose_rows(text: str, units: Iterable[UnitName]) -> list[ProposedRow]:
    """A proposed task row for each numbered conclusion of the pasted text. A sub-item without its own lead unit
    or deadline takes those of the item it sits under ("2. Sở Nội vụ chủ trì: a) …; b) …")."""
    index = UnitIndex(units)
    rows = []
    for item in split_conclusions(text):
        folded, own = _read(item.text, index)
        parent = _read(item.parent_text, index)[1] if item.parent_text else None
        lead = own.units.lead or (parent.units.lead if parent else None)
        coordinating = own.units.coordinating or (parent.units.coordinating if parent else ())
        deadline_text = own.deadline.text if own.deadline else ""
        if not deadline_text and parent and parent.deadline:
            deadline_text = parent.deadline.text
        title = _title_without(folded, own.deadline)
        product_type, product_description = propose_product(title)
        notes = []
        if lead is None:
            notes.append("Chưa nhận ra đơn vị chủ trì: hãy chọn.")
        elif lead.key is None:
            notes.append(f"“{lead.label}” trùng tên với nhiều đơn vị: hãy chọn đơn vị chủ trì.")
        deadline_note = _deadline_note(deadline_text)
        if deadline_note:
            notes.append(deadline_note)
        lead_key = lead.key if lead else None
        coordinating_keys = tuple(
            dict.fromkeys(m.key for m in coordinating if m.key is not None and m.key != lead_key)
        )
        rows.append(
            ProposedRow(
                number=item.number,
                title=title,
                content=f"{item.parent_text}\n{item.text}" if item.parent_text else item.text,
                line=item.line,
                lead_unit=lead_key,
                coordinating_units=coordinating_keys,
                deadline_text=deadline_text,
                product_type=product_type,
                product_description=product_description,
                notes=tuple(notes),
            )
        )
    return rows
