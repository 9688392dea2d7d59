"""The report model as a Word file (python-docx) in the format of Decree 30/2020 (Phụ lục I).

Layout, top to bottom: the header as a borderless two-column table (issuer | nation and motto, then number |
place-date), the type name and summary, "Kính gửi:", the body (introduction, sections of paragraphs, tables and
charts), the "Nơi nhận:" list beside the signature block (another borderless table), then each annex in its own
section (landscape when asked). Every value of the layout comes from `decree30`, shared with the PDF renderer.

Times New Roman is named in the document defaults and the Normal style for all four scripts (ascii, hAnsi, cs,
eastAsia; the template's theme fonts are removed, since a theme font would win over a named one). Page numbers are
a PAGE field centred in the header, with a distinct, empty first-page header so page 1 shows none.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Final

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section as WordSection
from docx.shared import Cm, Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from chidao.core.documents.model import Annex, Block, Chart, Document, Paragraph, ParagraphStyle, Table
from chidao.engines.documents import decree30 as rules
from chidao.engines.documents.charts import chart_png
from chidao.engines.documents.decree30 import PAGE, Align, Look, Run, Sizes, nfc
from chidao.engines.documents.fonts import text_width_mm

__all__ = ["FONT_NAME", "render_docx"]

FONT_NAME: Final = "Times New Roman"
_ALIGN: Final = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Word's default left and right cell margins (0,19 cm): the text inside a cell is this much narrower.
_CELL_PADDING_MM: Final = 1.9
# The border of a rule paragraph: 0,75 pt solid black (sz in eighths of a point).
_RULE_SIZE: Final = "6"
# Where the addressee list starts when there are several ("Kính gửi:" to its left), from the left margin.
_ADDRESSEE_LABEL_MM: Final = 38.0
_ADDRESSEE_LIST_MM: Final = 62.0
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


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    word = docx.Document()
    _set_fonts(word)
    _set_properties(word, document)
    _set_page(word.sections[0], landscape=False)
    _write_header(word, document)
    _write_title(word, document)
    _write_addressees(word, document.addressees)
    for paragraph in document.introduction:
        _write_paragraph(word, paragraph)
    for section in document.sections:
        if section.heading:
            _write_paragraph(word, Paragraph(section.heading, section.heading_style))
        _write_blocks(word, section.blocks, landscape=False)
    _write_closing(word, document)
    for annex in document.annexes:
        _write_annex(word, annex)
    _set_page_numbers(word)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# ---- document set-up ---------------------------------------------------------------------------------------


def _set_fonts(word: WordDocument) -> None:
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _name_font(run_defaults)
    for tag, value in (("w:sz", "28"), ("w:szCs", "28")):
        element = run_defaults.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)
    language = run_defaults.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:val"), "vi-VN")
    paragraph_defaults = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = paragraph_defaults.find(qn("w:spacing"))
    if spacing is not None:
        paragraph_defaults.remove(spacing)
    normal = word.styles["Normal"]
    normal.font.size = Pt(Sizes.BODY)
    _name_font(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _name_font(run_properties: BaseOxmlElement) -> None:
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT_NAME)


def _set_properties(word: WordDocument, document: Document) -> None:
    properties = word.core_properties
    properties.title = nfc(" ".join(part for part in (document.type_name, document.summary) if part))[:255]
    properties.subject = nfc(document.summary)[:255]
    properties.author = nfc(document.header.issuing_body)[:255]
    properties.last_modified_by = "chidao"
    properties.language = "vi-VN"
    properties.comments = f"chidao report model {document.model_version}"
    properties.revision = 1
    if document.as_of:
        # The date of the figures: the file records no wall-clock time of its own.
        stamp = datetime.combine(date.fromisoformat(document.as_of), time())
        properties.created = stamp
        properties.modified = stamp


def _set_page(section: WordSection, *, landscape: bool) -> None:
    short, long_ = Mm(PAGE.width_mm), Mm(PAGE.height_mm)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
    section.top_margin = Mm(PAGE.top_mm)
    section.bottom_margin = Mm(PAGE.bottom_mm)
    section.left_margin = Mm(PAGE.left_mm)
    section.right_margin = Mm(PAGE.right_mm)
    section.header_distance = Mm(PAGE.page_number_mm - 4)
    section.footer_distance = Mm(PAGE.page_number_mm)
    section.gutter = Mm(0)


def _set_page_numbers(word: WordDocument) -> None:
    """A PAGE field centred in the top margin from page 2 on: the first section has a different, empty
    first-page header; the annex sections inherit its header and show their number on every page."""
    for index, section in enumerate(word.sections):
        section.different_first_page_header_footer = index == 0
    first = word.sections[0]
    first.first_page_header.is_linked_to_previous = False
    header = first.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(paragraph)
    for section in word.sections[1:]:
        section.header.is_linked_to_previous = True


def _page_field(paragraph: WordParagraph) -> None:
    def fld_char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for part in (fld_char("begin"), instruction, fld_char("separate")):
        run = paragraph.add_run()
        run.font.size = Pt(Sizes.PAGE_NUMBER)
        run._r.append(part)
    shown = paragraph.add_run("2")
    shown.font.size = Pt(Sizes.PAGE_NUMBER)
    end = paragraph.add_run()
    end.font.size = Pt(Sizes.PAGE_NUMBER)
    end._r.append(fld_char("end"))


# ---- paragraphs --------------------------------------------------------------------------------------------


def _add_paragraph(
    container: WordDocument | _Cell,
    runs: Sequence[Run],
    look: Look,
    *,
    first: bool = False,
) -> WordParagraph:
    """A paragraph in `look`. In a fresh cell the first paragraph already exists (`first`): it is reused."""
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[look.align]
    if look.first_line_indent_mm:
        fmt.first_line_indent = Mm(look.first_line_indent_mm)
    fmt.space_before = Pt(look.space_before_pt)
    fmt.space_after = Pt(look.space_after_pt)
    if look.align is Align.JUSTIFY:
        fmt.line_spacing = rules.LINE_SPACING
    if look.keep_with_next:
        fmt.keep_with_next = True
    for part in runs:
        run = paragraph.add_run(part.text)
        run.font.size = Pt(look.size)
        if part.bold:
            run.font.bold = True
        if part.italic:
            run.font.italic = True
    return paragraph


def _line(
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: Align = Align.CENTER,
    space_after: float = 0,
    space_before: float = 0,
) -> tuple[tuple[Run, ...], Look]:
    """A one-style paragraph of the header, title or signature blocks (no indent, single spacing)."""
    look = Look(
        size=size,
        bold=bold,
        italic=italic,
        align=align,
        first_line_indent_mm=0,
        space_before_pt=space_before,
        space_after_pt=space_after,
    )
    return (Run(nfc(text), bold, italic),), look


def _write_paragraph(container: WordDocument | _Cell, paragraph: Paragraph) -> WordParagraph:
    return _add_paragraph(container, rules.paragraph_runs(paragraph), rules.PARAGRAPH_LOOKS[paragraph.style])


def _rule(
    container: WordDocument | _Cell, length_mm: float, room_mm: float, *, space_after: float = 0
) -> None:
    """A centred horizontal line `length_mm` long: the bottom border of an empty, 2 pt high paragraph whose
    indents leave that length (Word and LibreOffice draw a paragraph border between the indents)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = max(0.0, (room_mm - length_mm) / 2)
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    fmt.line_spacing = Pt(2)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", _RULE_SIZE), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    successor = next((child for child in properties if child.tag in _AFTER_PBDR), None)
    if successor is None:
        properties.append(borders)
    else:
        successor.addprevious(borders)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    properties.append(mark)


# ---- header, title, addressees -----------------------------------------------------------------------------


def _borderless_table(word: WordDocument, rows: int, widths_mm: Sequence[float]) -> WordTable:
    table: WordTable = word.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)
    _set_widths(table, widths_mm)
    return table


def _set_widths(table: WordTable, widths_mm: Sequence[float]) -> None:
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _write_header(word: WordDocument, document: Document) -> None:
    header = document.header
    text_width = PAGE.text_width_mm()
    left_width = rules.HEADER_LEFT_MM
    right_width = text_width - left_width
    inner_left = left_width - 2 * _CELL_PADDING_MM
    inner_right = right_width - 2 * _CELL_PADDING_MM
    table = _borderless_table(word, 2, (left_width, right_width))
    top, bottom = table.rows
    left, right = top.cells
    first = True
    if header.parent_body:
        lines = rules.wrap_balanced(
            header.parent_body.upper(), Sizes.PARENT_BODY, bold=False, width_mm=inner_left - 2
        )
        _add_paragraph(left, *_line("\n".join(lines), Sizes.PARENT_BODY), first=True)
        first = False
    issuer = rules.wrap_balanced(
        header.issuing_body.upper(), Sizes.ISSUING_BODY, bold=True, width_mm=inner_left - 2
    )
    _add_paragraph(left, *_line("\n".join(issuer), Sizes.ISSUING_BODY, bold=True), first=first)
    issuer_width = max(text_width_mm(line, Sizes.ISSUING_BODY, bold=True) for line in issuer)
    _rule(left, rules.SHORT_RULE_SHARE * issuer_width, inner_left)
    _add_paragraph(right, *_line(header.nation.upper(), Sizes.NATION, bold=True), first=True)
    _add_paragraph(right, *_line(header.motto, Sizes.MOTTO, bold=True))
    motto_width = text_width_mm(nfc(header.motto), Sizes.MOTTO, bold=True)
    _rule(right, min(motto_width, inner_right), inner_right)
    number_cell, date_cell = bottom.cells
    _add_paragraph(number_cell, *_line(header.number_line, Sizes.NUMBER, space_before=6), first=True)
    if header.subject_line:
        subject = rules.wrap_balanced(header.subject_line, Sizes.SUBJECT, bold=False, width_mm=inner_left - 2)
        _add_paragraph(number_cell, *_line("\n".join(subject), Sizes.SUBJECT, space_before=6))
    _add_paragraph(
        date_cell, *_line(header.place_date_line, Sizes.PLACE_DATE, italic=True, space_before=6), first=True
    )


def _write_title(word: WordDocument, document: Document) -> None:
    if not document.type_name:
        return
    _add_paragraph(word, *_line(document.type_name.upper(), Sizes.TITLE, bold=True, space_before=18))
    if document.summary:
        _add_paragraph(word, *_line(document.summary, Sizes.SUMMARY, bold=True))
        room = PAGE.text_width_mm()
        summary_width = text_width_mm(nfc(document.summary), Sizes.SUMMARY, bold=True)
        _rule(word, rules.SHORT_RULE_SHARE * min(summary_width, room), room, space_after=12)


def _write_addressees(word: WordDocument, addressees: tuple[str, ...]) -> None:
    names = rules.addressee_names(addressees)
    if not names:
        return
    if len(names) == 1:
        _add_paragraph(word, *_line(f"Kính gửi: {names[0]}", Sizes.ADDRESSEE, space_before=12, space_after=6))
        return
    for index, name in enumerate(names):
        look = Look(size=Sizes.ADDRESSEE, align=Align.LEFT, first_line_indent_mm=0, space_after_pt=0)
        text = f"Kính gửi:\t- {name}" if index == 0 else f"- {name}"
        paragraph = _add_paragraph(word, (Run(text),), look)
        fmt = paragraph.paragraph_format
        fmt.left_indent = Mm(_ADDRESSEE_LIST_MM)
        if index == 0:
            fmt.first_line_indent = Mm(_ADDRESSEE_LABEL_MM - _ADDRESSEE_LIST_MM)
            fmt.tab_stops.add_tab_stop(Mm(_ADDRESSEE_LIST_MM), WD_TAB_ALIGNMENT.LEFT)
            fmt.space_before = Pt(12)
        if index == len(names) - 1:
            fmt.space_after = Pt(6)


# ---- body blocks -------------------------------------------------------------------------------------------


def _write_blocks(word: WordDocument, blocks: Sequence[Block], *, landscape: bool) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _write_paragraph(word, block)
        elif isinstance(block, Table):
            _write_table(word, block, landscape=landscape)
        else:
            _write_chart(word, block, landscape=landscape)


def _caption(word: WordDocument, text: str) -> None:
    if text:
        runs, look = _line(text, Sizes.TABLE_TITLE, bold=True, space_before=6, space_after=6)
        _add_paragraph(word, runs, look).paragraph_format.keep_with_next = True


def _write_table(word: WordDocument, table: Table, *, landscape: bool) -> None:
    _caption(word, table.title)
    width = PAGE.text_width_mm(landscape=landscape)
    widths = [fraction * width for fraction in rules.column_fractions(table)]
    grid = word.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = word.styles["Table Grid"]
    grid.autofit = False
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _set_widths(grid, widths)
    centred = [rules.is_centred_column(header) for header in table.columns]
    first_total = len(table.rows) - table.total_rows
    for index, row in enumerate(grid.rows):
        _row_properties(row._tr, header=index == 0)
        values = table.columns if index == 0 else table.rows[index - 1]
        for column, cell in enumerate(row.cells):
            text = nfc(values[column]) if column < len(values) else ""
            heading = index == 0
            bold = heading or index - 1 >= first_total
            if heading or centred[column]:
                align = Align.CENTER
            elif rules.is_numeric_cell(text):
                align = Align.RIGHT
            else:
                align = Align.LEFT
            look = Look(
                size=Sizes.TABLE, align=align, first_line_indent_mm=0, space_before_pt=2, space_after_pt=2
            )
            _add_paragraph(cell, (Run(text, bold=bold),), look, first=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if table.note:
        _write_paragraph(word, Paragraph(table.note, ParagraphStyle.NOTE))
    else:
        _add_paragraph(word, (), Look(size=Sizes.NOTE, first_line_indent_mm=0, space_after_pt=0))


def _row_properties(row: BaseOxmlElement, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page the table runs over."""
    properties = row.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _write_chart(word: WordDocument, chart: Chart, *, landscape: bool) -> None:
    _caption(word, chart.title)
    width_cm = rules.CHART_WIDTH_LANDSCAPE_CM if landscape else rules.CHART_WIDTH_CM
    paragraph = word.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(rules.SPACE_AFTER_PT)
    image = chart_png(chart, width_cm=width_cm, with_title=False)
    paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(width_cm))


# ---- closing: "Nơi nhận" and signature; annexes -------------------------------------------------------------


def _write_closing(word: WordDocument, document: Document) -> None:
    width = PAGE.text_width_mm()
    left_width = width * rules.SIGNATURE_LEFT_SHARE
    table = _borderless_table(word, 1, (left_width, width - left_width))
    (row,) = table.rows
    _row_properties(row._tr, header=False)
    left, right = row.cells
    _add_paragraph(
        left,
        *_line(
            "Nơi nhận:", Sizes.RECIPIENTS_HEADING, bold=True, italic=True, align=Align.LEFT, space_before=12
        ),
        first=True,
    )
    for line in rules.recipient_lines(document.recipients):
        _add_paragraph(left, *_line(line, Sizes.RECIPIENTS, align=Align.LEFT))
    signature = document.signature
    first = True
    for text in (signature.authority_line, signature.title_line):
        if text:
            _add_paragraph(
                right,
                *_line(text.upper(), Sizes.SIGNATURE, bold=True, space_before=12 if first else 0),
                first=first,
            )
            first = False
    space = _add_paragraph(
        right, (), Look(size=Sizes.SIGNATURE, first_line_indent_mm=0, space_after_pt=0), first=first
    )
    space.paragraph_format.line_spacing = Mm(rules.SIGNATURE_SPACE_MM)
    _add_paragraph(right, *_line(signature.signer_name, Sizes.SIGNATURE, bold=True))


def _write_annex(word: WordDocument, annex: Annex) -> None:
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _set_page(section, landscape=annex.landscape)
    _shrink_break_paragraph(word)
    _add_paragraph(word, *_line(annex.title, Sizes.ANNEX_TITLE, bold=True))
    if annex.subtitle:
        _add_paragraph(word, *_line(annex.subtitle, Sizes.ANNEX_TITLE, italic=True, space_after=12))
    _write_blocks(word, annex.blocks, landscape=annex.landscape)


def _shrink_break_paragraph(word: WordDocument) -> None:
    """python-docx ends the previous section with an empty paragraph holding its section properties; at 1 pt it
    cannot push the signature block onto a page of its own."""
    paragraphs = word.paragraphs
    if paragraphs:
        fmt = paragraphs[-1].paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(1)
