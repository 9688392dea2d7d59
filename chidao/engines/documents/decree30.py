"""The presentation rules of Decree 30/2020 (Phụ lục I) that the DOCX and the PDF renderer share.

The report model says what a document holds; this module says how each part looks: page and margins, the size,
weight and slant of every block, indents and spacing, the two header columns, the text of the "Kính gửi:" and
"Nơi nhận:" lines and which table cells are numbers. Both renderers read these values, so the Word file and the
PDF of one document agree. Sizes are in points, lengths in millimetres. Source: ../shared/domain/facts.md §9.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from chidao.core.documents.model import Paragraph, ParagraphStyle, Recipients, Table
from chidao.core.numbers import NumberParseError, parse_vietnamese_number
from chidao.engines.documents.fonts import text_width_mm

__all__ = [
    "FIRST_LINE_INDENT_MM",
    "HEADER_LEFT_MM",
    "LINE_SPACING",
    "PAGE",
    "PARAGRAPH_LOOKS",
    "Align",
    "Cell",
    "Look",
    "PageGeometry",
    "Run",
    "Sizes",
    "addressee_names",
    "cell_number",
    "clean_text",
    "column_fractions",
    "is_centred_column",
    "is_numeric_cell",
    "paragraph_runs",
    "recipient_lines",
    "table_cells",
    "wrap_balanced",
]


@dataclass(frozen=True)
class PageGeometry:
    """A4 with the Decree's margins (top and bottom 20–25, left 30–35, right 15–20 mm: the smaller values)."""

    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    # The page number sits in the top margin, this far from the top edge.
    page_number_mm: float = 10

    def text_width_mm(self, *, landscape: bool = False) -> float:
        width = self.height_mm if landscape else self.width_mm
        return width - self.left_mm - self.right_mm


PAGE: Final = PageGeometry()


class Sizes:
    """Font sizes (pt), each inside the Decree's range for its block."""

    NATION: Final = 12  # 12–13 bold upper; 13 would not fit the right header column on one line
    MOTTO: Final = 13  # 13–14 bold
    PARENT_BODY: Final = 13  # 12–13 upright
    ISSUING_BODY: Final = 13  # 12–13 bold
    NUMBER: Final = 13
    SUBJECT: Final = 12  # "V/v …" of a công văn, 12–13
    PLACE_DATE: Final = 14  # 13–14 italic
    TITLE: Final = 14  # type name, 13–14 bold upper
    SUMMARY: Final = 14  # trích yếu, 13–14 bold
    ADDRESSEE: Final = 14
    BODY: Final = 14
    NOTE: Final = 12
    TABLE: Final = 12
    TABLE_TITLE: Final = 13
    RECIPIENTS_HEADING: Final = 12  # "Nơi nhận:" bold italic
    RECIPIENTS: Final = 11
    SIGNATURE: Final = 14
    PAGE_NUMBER: Final = 13
    ANNEX_TITLE: Final = 14


FIRST_LINE_INDENT_MM: Final = 12.7  # 1,27 cm
SPACE_AFTER_PT: Final = 6  # "paragraph spacing at least 6 pt"
LINE_SPACING: Final = 1.15  # Word's "multiple" line spacing (single to 1.5 lines allowed)
PDF_LINE_HEIGHT: Final = 1.3  # the same line pitch in fpdf2, relative to the font size
# Header: left column (issuer, number) and right column (nation, motto, place-date) of the 165 mm text width.
HEADER_LEFT_MM: Final = 68.0
# Rules under the issuing body and under the summary: this share of the text's length (Decree: 1/3–1/2).
SHORT_RULE_SHARE: Final = 0.4
SIGNATURE_LEFT_SHARE: Final = 0.45
SIGNATURE_SPACE_MM: Final = 25  # room for a handwritten signature and the seal
CHART_WIDTH_CM: Final = 16.0
CHART_WIDTH_LANDSCAPE_CM: Final = 22.0


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"


@dataclass(frozen=True)
class Look:
    """How one kind of paragraph is drawn."""

    size: float = Sizes.BODY
    bold: bool = False
    italic: bool = False
    align: Align = Align.JUSTIFY
    first_line_indent_mm: float = FIRST_LINE_INDENT_MM
    space_before_pt: float = 0
    space_after_pt: float = SPACE_AFTER_PT
    keep_with_next: bool = False


_BULLET_MARKS: Final = ("- ", "+ ", "– ")
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

PARAGRAPH_LOOKS: Final[dict[ParagraphStyle, Look]] = {
    ParagraphStyle.BODY: Look(),
    ParagraphStyle.LEGAL_BASIS: Look(italic=True),
    ParagraphStyle.PART: Look(bold=True, space_before_pt=6, keep_with_next=True),
    ParagraphStyle.ITEM: Look(bold=True, keep_with_next=True),
    ParagraphStyle.SUB_ITEM: Look(bold=True, italic=True, keep_with_next=True),
    ParagraphStyle.BULLET: Look(),
    ParagraphStyle.NOTE: Look(size=Sizes.NOTE, italic=True),
}


@dataclass(frozen=True)
class Run:
    """A stretch of text with one weight and slant inside a paragraph."""

    text: str
    bold: bool = False
    italic: bool = False


def clean_text(text: str) -> str:
    """Every renderer draws NFC text: Vietnamese letters as single precomposed characters, which the font has and
    which extract from a PDF exactly (decomposed input would place its combining marks by guesswork). Control
    characters other than tab and line break, which XML cannot hold, are dropped."""
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def paragraph_runs(paragraph: Paragraph) -> tuple[Run, ...]:
    """The runs of a paragraph in its look. The bold prefix is bold: the start of the text when the text begins
    with it, otherwise drawn before the text. A BULLET starts with "- " (added when the text has no marker)."""
    look = PARAGRAPH_LOOKS[paragraph.style]
    text = clean_text(paragraph.text)
    prefix = clean_text(paragraph.bold_prefix)
    marker = ""
    if paragraph.style is ParagraphStyle.BULLET:
        marker = next((mark for mark in _BULLET_MARKS if text.startswith(mark)), "- ")
        text = text.removeprefix(marker)
    runs = [Run(marker, look.bold, look.italic)]
    if prefix:
        runs.append(Run(prefix, True, look.italic))
        text = text.removeprefix(prefix)
    runs.append(Run(text, look.bold, look.italic))
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def addressee_names(addressees: tuple[str, ...]) -> tuple[str, ...]:
    """The names after "Kính gửi:" (punctuation as the builder wrote it, any "- " marker removed): one name goes
    on the "Kính gửi:" line, several go one per line as "- name" aligned after it."""
    return tuple(clean_text(name).strip().removeprefix("- ").strip() for name in addressees if name.strip())


def recipient_lines(recipients: Recipients) -> tuple[str, ...]:
    """The list under "Nơi nhận:": "- …;" lines, the last "- Lưu: VT, …." (ô 9b)."""
    lines = [
        clean_text(line).strip().removeprefix("- ").strip().rstrip(";.,").strip() for line in recipients.lines
    ]
    archive = clean_text(recipients.archive).strip().removeprefix("- ").strip().rstrip(";.,").strip()
    shown = [f"- {line};" for line in lines if line]
    if archive:
        shown.append(f"- {archive}.")
    return tuple(shown)


def wrap_balanced(text: str, size: float, *, bold: bool, width_mm: float) -> tuple[str, ...]:
    """`text` broken into as few lines as fit `width_mm`, with the lines as even as possible: a long issuing body
    wraps as "BAN CHỈ ĐẠO PHÁT TRIỂN / KHOA HỌC, …" rather than leaving "LAI" alone on its last line.

    The renderers draw these lines with explicit breaks; the font's widths are Times New Roman's, so Word and the
    PDF break where this function says."""
    words = clean_text(text).split()
    if not words:
        return ()

    def width(line: str) -> float:
        return text_width_mm(line, size, bold=bold)

    def greedy(limit: float) -> list[str]:
        lines: list[str] = []
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if current and width(candidate) > limit:
                lines.append(current)
                current = word
            else:
                current = candidate
        lines.append(current)
        return lines

    widest = greedy(width_mm)
    if len(widest) == 1:
        return tuple(widest)
    low, high = max(width(word) for word in words), width_mm
    while high - low > 0.5:
        middle = (low + high) / 2
        if len(greedy(middle)) <= len(widest):
            high = middle
        else:
            low = middle
    return tuple(greedy(high))


# ---- tables ------------------------------------------------------------------------------------------------

_PERCENT: Final = re.compile(r"(?P<number>.+?)\s?%")
_LEADING_ZERO: Final = re.compile(r"[+-]?0\d")
# Seven or more digits without group separators are a code (phone, ID, account), never a quantity.
_CODE: Final = re.compile(r"\+.*|[+-]?\d{7,}")
_RATIO: Final = re.compile(r"\d[\d.]*/\d[\d.]*")
_CENTRED_HEADERS: Final = frozenset({"stt", "tt", "số tt"})
_MIN_WEIGHT, _MAX_WEIGHT = 4.0, 40.0


def cell_number(text: str) -> tuple[Decimal, bool] | None:
    """The value of a cell written as a Vietnamese number ("1.234", "12,5", "88,5%"), and whether it is a
    percentage (then the value is the ratio: 0,885); None for text, blanks and codes (a leading zero or "+",
    seven or more ungrouped digits: "0123", "+84912345678", "079201001234")."""
    cleaned = text.strip()
    percent = _PERCENT.fullmatch(cleaned)
    body = percent["number"] if percent else cleaned
    if not body or _LEADING_ZERO.match(body) or _CODE.fullmatch(body):
        return None
    try:
        value = parse_vietnamese_number(body)
    except NumberParseError:
        return None
    return (value / 100, True) if percent else (value, False)


def is_numeric_cell(text: str) -> bool:
    """Drawn right-aligned: numbers, percentages and ratios such as "16/16"."""
    return cell_number(text) is not None or _RATIO.fullmatch(text.strip()) is not None


def is_centred_column(header: str) -> bool:
    """The row-number column (STT) is centred, as in every administrative table."""
    return header.strip().lower().rstrip(".") in _CENTRED_HEADERS


@dataclass(frozen=True)
class Cell:
    """One table cell as drawn: text, weight and alignment."""

    text: str
    bold: bool
    align: Align


def table_cells(table: Table) -> list[list[Cell]]:
    """The header row then the data rows, each as many cells as there are columns (missing cells blank, extra
    ones dropped). Header centred and bold; total rows bold; STT centred; numbers right; text left."""
    centred = [is_centred_column(header) for header in table.columns]
    first_total = len(table.rows) - table.total_rows
    grid = [[Cell(clean_text(name), True, Align.CENTER) for name in table.columns]]
    for index, values in enumerate(table.rows):
        row = []
        for column in range(len(table.columns)):
            text = clean_text(values[column]) if column < len(values) else ""
            if centred[column]:
                align = Align.CENTER
            elif is_numeric_cell(text):
                align = Align.RIGHT
            else:
                align = Align.LEFT
            row.append(Cell(text, index >= first_total, align))
        grid.append(row)
    return grid


def column_fractions(table: Table) -> tuple[float, ...]:
    """Relative column widths summing to 1: the table's own, or estimated from the longest text of each column."""
    count = len(table.columns)
    if table.widths and len(table.widths) == count and all(width > 0 for width in table.widths):
        weights = [float(width) for width in table.widths]
    else:
        weights = []
        for index, header in enumerate(table.columns):
            longest_word = max((len(word) for word in header.split()), default=0)
            longest_cell = max((len(row[index]) for row in table.rows if index < len(row)), default=0)
            weights.append(min(_MAX_WEIGHT, max(_MIN_WEIGHT, longest_word + 1, longest_cell * 0.8)))
    total = sum(weights)
    return tuple(weight / total for weight in weights)
