"""The vendored Liberation Serif 2.1.5 (SIL Open Font License 1.1, see LICENSE-LiberationFonts.txt).

Liberation Serif has the advance widths of Times New Roman, the font Decree 30/2020 prescribes: a line drawn
with it in the PDF breaks where Word breaks the same line in the DOCX. It covers every precomposed Vietnamese
letter (U+1EA0–U+1EF9, Ă Â Đ Ê Ô Ơ Ư), so NFC text never needs combining marks.

`text_width_mm` measures a line with the font's own advance widths (no kerning), for the renderers to size
the short rules under the header blocks and to decide where a header column breaks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

from fontTools.ttLib import TTFont

__all__ = ["FAMILY", "FONT_DIR", "FONT_FILES", "font_path", "text_width_mm"]

FONT_DIR: Final = Path(__file__).resolve().parent
FAMILY: Final = "LiberationSerif"
# Keyed by the fpdf2 style letters: "" regular, "B" bold, "I" italic, "BI" bold italic.
FONT_FILES: Final = {
    "": "LiberationSerif-Regular.ttf",
    "B": "LiberationSerif-Bold.ttf",
    "I": "LiberationSerif-Italic.ttf",
    "BI": "LiberationSerif-BoldItalic.ttf",
}
_MM_PER_PT: Final = 25.4 / 72


def font_path(*, bold: bool = False, italic: bool = False) -> Path:
    return FONT_DIR / FONT_FILES[_style(bold, italic)]


def _style(bold: bool, italic: bool) -> str:
    return ("B" if bold else "") + ("I" if italic else "")


@cache
def _advances(style: str) -> tuple[dict[int, int], int, int]:
    """Advance width (font units) per code point, the width of a missing glyph, and units per em."""
    font = TTFont(FONT_DIR / FONT_FILES[style], lazy=True)
    metrics = font["hmtx"].metrics
    widths = {codepoint: int(metrics[glyph][0]) for codepoint, glyph in font.getBestCmap().items()}
    missing = int(metrics[".notdef"][0])
    units_per_em = int(font["head"].unitsPerEm)
    font.close()
    return widths, missing, units_per_em


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` on one line at `size_pt`, in millimetres."""
    widths, missing, units_per_em = _advances(_style(bold, italic))
    units = sum(widths.get(ord(char), missing) for char in text)
    return units / units_per_em * size_pt * _MM_PER_PT
