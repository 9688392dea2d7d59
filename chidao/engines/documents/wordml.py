"""The pieces of WordprocessingML the DOCX renderer needs and python-docx has no API for.

- fonts named for every script, the template's theme fonts removed (a theme font wins over a named one);
- a PAGE field; a paragraph's bottom border (the short rules of the header and title); a table without borders;
  rows that never split; and whole tables built as one piece of XML (python-docx's cell objects cost about a
  millisecond a cell, too slow for an annex listing a thousand tasks).

Elements are written in the order the schema requires (ECMA-376 Part 1), which Word checks and LibreOffice
tolerates.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final
from xml.sax.saxutils import escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from chidao.engines.documents.decree30 import Align, Cell, Sizes

__all__ = [
    "FONT_NAME",
    "bottom_border",
    "keep_row_together",
    "name_font",
    "name_fonts",
    "no_borders",
    "page_field",
    "table",
    "twips",
]

FONT_NAME: Final = "Times New Roman"
# The border of a rule paragraph: 0,75 pt solid black (sz in eighths of a point).
_RULE_SIZE: Final = "6"
# Space above and below the text of a table cell.
_CELL_SPACING_PT: Final = 2
_JC: Final = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right", Align.JUSTIFY: "both"}
# pPr children that must follow w:pBdr (schema order of CT_PPr).
_AFTER_PBDR: Final = frozenset(
    qn(f"w:{tag}")
    for tag in (
        *("shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct"),
        *("autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind"),
        *("contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment"),
        *("textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    )
)


def twips(millimetres: float) -> int:
    """Twentieths of a point, Word's unit for widths."""
    return round(millimetres / 25.4 * 1440)


def name_font(run_properties: BaseOxmlElement) -> None:
    """Times New Roman for ascii, hAnsi, cs and eastAsia text, and no theme font to override it."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT_NAME)


def name_fonts(styles: BaseOxmlElement, *, size_pt: float, language: str) -> None:
    """The document defaults (w:docDefaults): font, size, proofing language, and no paragraph spacing."""
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    name_font(run_defaults)
    for tag in ("w:sz", "w:szCs"):
        element = run_defaults.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), str(round(size_pt * 2)))
    lang = run_defaults.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), language)
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = paragraph_defaults.find(qn("w:spacing"))
    if spacing is not None:
        paragraph_defaults.remove(spacing)


def page_field(paragraph: BaseOxmlElement, *, size_pt: float) -> None:
    """A PAGE field (begin, instruction, separate, shown value, end) appended to a w:p."""
    size = round(size_pt * 2)
    runs = (
        '<w:fldChar w:fldCharType="begin"/>',
        '<w:instrText xml:space="preserve"> PAGE </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>2</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    )
    for content in runs:
        paragraph.append(
            parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:sz w:val="{size}"/></w:rPr>{content}</w:r>')
        )


def bottom_border(paragraph: BaseOxmlElement, *, mark_size_pt: float) -> None:
    """A single 0,75 pt line under a paragraph (between its indents); its paragraph mark made `mark_size_pt`
    high, so an empty paragraph is just the line."""
    properties = paragraph.get_or_add_pPr()
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="{_RULE_SIZE}" w:space="1" w:color="000000"/>'
        "</w:pBdr>"
    )
    successor = next((child for child in properties if child.tag in _AFTER_PBDR), None)
    if successor is None:
        properties.append(borders)
    else:
        successor.addprevious(borders)
    properties.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:sz w:val="{round(mark_size_pt * 2)}"/></w:rPr>'))


def no_borders(table: BaseOxmlElement) -> None:
    """Every border of a w:tbl set to nil (the header and signature tables)."""
    edges = "".join(
        f'<w:{edge} w:val="nil"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{edges}</w:tblBorders>"))


def keep_row_together(row: BaseOxmlElement) -> None:
    row.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def table(rows: Sequence[Sequence[Cell]], widths_mm: Sequence[float], style_id: str) -> BaseOxmlElement:
    """A w:tbl in `style_id` with fixed column widths, centred; its first row is the header, repeated on every
    page the table runs over; no row splits across pages; cells 12 pt, centred vertically."""
    widths = [twips(width) for width in widths_mm]
    body = []
    for index, cells in enumerate(rows):
        header = "<w:tblHeader/>" if index == 0 else ""
        row_cells = "".join(_cell(cell, width) for cell, width in zip(cells, widths, strict=True))
        body.append(f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{row_cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblStyle w:val="{escape(style_id)}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )


def _cell(cell: Cell, width: int) -> str:
    size = round(Sizes.TABLE * 2)  # half-points
    spacing = round(_CELL_SPACING_PT * 20)
    run = ""
    if cell.text:
        bold = "<w:b/><w:bCs/>" if cell.bold else ""
        text = '</w:t><w:br/><w:t xml:space="preserve">'.join(escape(line) for line in cell.text.split("\n"))
        run = (
            f'<w:r><w:rPr>{bold}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>'
        )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="{spacing}" w:after="{spacing}"/><w:jc w:val="{_JC[cell.align]}"/>'
        f"</w:pPr>{run}</w:p></w:tc>"
    )
