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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.section import Section as WordSection
from docx.shared import Cm, Mm, Pt
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from chidao.core.documents.model import Annex, Block, Chart, Document, Paragraph, ParagraphStyle, Table
from chidao.engines.documents import decree30 as rules
from chidao.engines.documents import wordml
from chidao.engines.documents.charts import chart_png
from chidao.engines.documents.decree30 import PAGE, Align, Look, Run, Sizes, clean_text
from chidao.engines.documents.fonts import text_width_mm
from chidao.engines.documents.wordml import FONT_NAME

__all__ = ["FONT_NAME", "render_docx"]

_ALIGN: Final = {
    Align.LEFT: WD_ALIGN_PARAGRAPH.LEFT,
    Align.CENTER: WD_ALIGN_PARAGRAPH.CENTER,
    Align.RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
    Align.JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY,
}
# Word's default left and right cell margins (0,19 cm): the text inside a cell is this much narrower.
_CELL_PADDING_MM: Final = 1.9
# Where the addressee list starts when there are several ("Kính gửi:" to its left), from the left margin.
_ADDRESSEE_LABEL_MM: Final = 38.0
_ADDRESSEE_LIST_MM: Final = 62.0


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes."""
    word = docx.Document()
    wordml.name_fonts(word.styles.element, size_pt=Sizes.BODY, language="vi-VN")
    _set_normal(word)
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


def _set_normal(word: WordDocument) -> None:
    normal = word.styles["Normal"]
    normal.font.size = Pt(Sizes.BODY)
    wordml.name_font(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _set_properties(word: WordDocument, document: Document) -> None:
    properties = word.core_properties
    properties.title = clean_text(" ".join(part for part in (document.type_name, document.summary) if part))[
        :255
    ]
    properties.subject = clean_text(document.summary)[:255]
    properties.author = clean_text(document.header.issuing_body)[:255]
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
    wordml.page_field(paragraph._p, size_pt=Sizes.PAGE_NUMBER)
    for section in word.sections[1:]:
        section.header.is_linked_to_previous = True


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
    return (Run(clean_text(text), bold, italic),), look


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
    wordml.bottom_border(paragraph._p, mark_size_pt=2)


# ---- header, title, addressees -----------------------------------------------------------------------------


def _borderless_table(word: WordDocument, rows: int, widths_mm: Sequence[float]) -> WordTable:
    table: WordTable = word.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    wordml.no_borders(table._tbl)
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
    motto_width = text_width_mm(clean_text(header.motto), Sizes.MOTTO, bold=True)
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
        summary_width = text_width_mm(clean_text(document.summary), Sizes.SUMMARY, bold=True)
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
    """A bordered table ("Table Grid"), its header row repeated on each page, rows never split across pages.

    Built as one piece of WordprocessingML and parsed once: setting each cell through python-docx's objects costs
    about a millisecond a cell, too slow for an annex listing a thousand tasks."""
    if not table.columns:
        return
    _caption(word, table.title)
    width = PAGE.text_width_mm(landscape=landscape)
    widths = [fraction * width for fraction in rules.column_fractions(table)]
    style_id = word.styles["Table Grid"].style_id
    word.element.body._insert_tbl(wordml.table(rules.table_cells(table), widths, style_id))
    if table.note:
        _write_paragraph(word, Paragraph(table.note, ParagraphStyle.NOTE))
    else:
        # An empty paragraph keeps two tables in a row from merging into one.
        _add_paragraph(word, (), Look(size=Sizes.NOTE, first_line_indent_mm=0, space_after_pt=0))


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
    wordml.keep_row_together(row._tr)
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
