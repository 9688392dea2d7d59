"""The report model as a PDF (fpdf2), laid out like the DOCX (Decree 30/2020, Phụ lục I).

Fonts: the vendored Liberation Serif (metric-compatible with Times New Roman), embedded as subsets, so a line
breaks where Word breaks it and the file looks the same on any machine.

Vietnamese text extracts exactly (pypdf, pdftotext, copy-paste), because:
- all text is NFC-normalised first: every Vietnamese letter is one precomposed character with its own glyph in
  the font, so each glyph maps back to exactly one character in the font's ToUnicode map;
- text shaping is off (`set_text_shaping(False)`, fpdf2's default, set explicitly): no HarfBuzz ligatures or
  reordering; one character, one glyph. fpdf2 without shaping would draw a combining mark as a glyph of its own
  after its base letter (badly placed and extracted as two characters): NFC input never has one;
- justified lines widen the spaces only, so the words themselves are written as they are.

Layout: the header in two columns, the title, "Kính gửi:", paragraphs justified with a first-line indent (each
paragraph its own text region, so headings are kept with what follows), tables whose header row repeats on every
page and whose cells wrap, charts as PNG images, "Nơi nhận:" beside the signature (moved whole to the next page
when it does not fit), page numbers centred in the top margin from page 2, each annex on new (landscape) pages.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from typing import Final

from fpdf import FPDF
from fpdf.enums import Align as PdfAlign
from fpdf.enums import MethodReturnValue, TableBordersLayout, XPos, YPos
from fpdf.fonts import FontFace

from chidao.core.documents.model import Annex, Block, Chart, Document, Paragraph, ParagraphStyle, Table
from chidao.engines.documents import decree30 as rules
from chidao.engines.documents.charts import chart_png
from chidao.engines.documents.decree30 import PAGE, Align, Look, Run, Sizes, clean_text
from chidao.engines.documents.fonts import FAMILY, FONT_DIR, FONT_FILES

__all__ = ["render_pdf"]

_MM_PER_PT: Final = 25.4 / 72
_ALIGN: Final = {
    Align.LEFT: PdfAlign.L,
    Align.CENTER: PdfAlign.C,
    Align.RIGHT: PdfAlign.R,
    Align.JUSTIFY: PdfAlign.J,
}
# Single line spacing of Times New Roman (ascent + descent + gap ≈ 1,15 em), for the one-line blocks.
_SINGLE: Final = 1.15
_RULE_WIDTH_MM: Final = 0.3
_TABLE_PADDING_MM: Final = (0.8, 1.2)  # vertical, horizontal
_ADDRESSEE_LABEL_MM: Final = 38.0
_ADDRESSEE_LIST_MM: Final = 62.0
# Room a heading or caption needs below it on the same page (about three lines of body text).
_KEEP_WITH_NEXT_MM: Final = 20.0


def _mm(points: float) -> float:
    return points * _MM_PER_PT


def _style(bold: bool, italic: bool) -> str:
    return ("B" if bold else "") + ("I" if italic else "")


class _OfficialPdf(FPDF):
    """FPDF with the page number of Decree 30: centred in the top margin, not on page 1."""

    def header(self) -> None:
        if self.page_no() < 2:
            return
        self.set_font(FAMILY, "", Sizes.PAGE_NUMBER)
        height = _mm(Sizes.PAGE_NUMBER * _SINGLE)
        self.set_xy(self.l_margin, PAGE.page_number_mm - height / 2)
        self.cell(self.epw, height, str(self.page_no()), align=PdfAlign.C)
        self.set_xy(self.l_margin, self.t_margin)


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes."""
    pdf = _OfficialPdf(orientation="portrait", unit="mm", format="A4")
    for style, filename in FONT_FILES.items():
        pdf.add_font(FAMILY, style, str(FONT_DIR / filename))
    pdf.set_text_shaping(False)
    pdf.c_margin = 0
    pdf.set_margins(PAGE.left_mm, PAGE.top_mm, PAGE.right_mm)
    pdf.set_auto_page_break(True, margin=PAGE.bottom_mm)
    pdf.pdf_version = max(pdf.pdf_version, "1.4")  # the Decree asks PDF 1.4 or later for electronic copies
    pdf.set_lang("vi-VN")
    pdf.set_title(clean_text(" ".join(part for part in (document.type_name, document.summary) if part)))
    pdf.set_subject(clean_text(document.summary))
    pdf.set_author(clean_text(document.header.issuing_body))
    pdf.set_creator("chidao")
    pdf.add_page()
    _write_header(pdf, document)
    _write_title(pdf, document)
    _write_addressees(pdf, document.addressees)
    for paragraph in document.introduction:
        _write_paragraph(pdf, paragraph)
    for section in document.sections:
        if section.heading:
            _write_paragraph(pdf, Paragraph(section.heading, section.heading_style))
        _write_blocks(pdf, section.blocks)
    _write_closing(pdf, document)
    for annex in document.annexes:
        _write_annex(pdf, annex)
    return bytes(pdf.output())


# ---- text --------------------------------------------------------------------------------------------------


def _write_runs(pdf: FPDF, runs: Sequence[Run], look: Look) -> None:
    """One paragraph in its own text region: justified or aligned, first-line indent, spacing in points."""
    if look.keep_with_next and pdf.will_page_break(
        _mm(look.size * rules.PDF_LINE_HEIGHT) + _KEEP_WITH_NEXT_MM
    ):
        pdf.add_page(same=True)
    with pdf.text_columns(text_align=_ALIGN[look.align], line_height=rules.PDF_LINE_HEIGHT) as region:
        paragraph = region.paragraph(
            first_line_indent=look.first_line_indent_mm,
            top_margin=_mm(look.space_before_pt),
            bottom_margin=_mm(look.space_after_pt),
        )
        for run in runs:
            pdf.set_font(FAMILY, _style(run.bold, run.italic), look.size)
            paragraph.write(run.text)
        region.end_paragraph()


def _write_paragraph(pdf: FPDF, paragraph: Paragraph) -> None:
    _write_runs(pdf, rules.paragraph_runs(paragraph), rules.PARAGRAPH_LOOKS[paragraph.style])


def _lines(
    pdf: FPDF,
    x: float,
    y: float,
    width: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    align: PdfAlign = PdfAlign.C,
) -> float:
    """`text` (which may hold line breaks) in single spacing inside [x, x + width] from `y`; returns the y below."""
    pdf.set_font(FAMILY, _style(bold, italic), size)
    pdf.set_xy(x, y)
    pdf.multi_cell(
        width, _mm(size * _SINGLE), clean_text(text), align=align, new_x=XPos.LEFT, new_y=YPos.NEXT
    )
    return pdf.get_y()


def _rule(pdf: FPDF, centre_x: float, y: float, length: float) -> None:
    pdf.set_line_width(_RULE_WIDTH_MM)
    pdf.line(centre_x - length / 2, y, centre_x + length / 2, y)


# ---- header, title, addressees -----------------------------------------------------------------------------


def _write_header(pdf: FPDF, document: Document) -> None:
    header = document.header
    top = pdf.get_y()
    left_x, left_width = pdf.l_margin, rules.HEADER_LEFT_MM
    right_x, right_width = left_x + left_width, pdf.epw - left_width
    y = top
    if header.parent_body:
        lines = rules.wrap_balanced(
            header.parent_body.upper(), Sizes.PARENT_BODY, bold=False, width_mm=left_width - 2
        )
        y = _lines(pdf, left_x, y, left_width, "\n".join(lines), Sizes.PARENT_BODY)
    issuer = rules.wrap_balanced(
        header.issuing_body.upper(), Sizes.ISSUING_BODY, bold=True, width_mm=left_width - 2
    )
    y = _lines(pdf, left_x, y, left_width, "\n".join(issuer), Sizes.ISSUING_BODY, bold=True)
    pdf.set_font(FAMILY, "B", Sizes.ISSUING_BODY)
    issuer_width = max(pdf.get_string_width(line) for line in issuer)
    _rule(pdf, left_x + left_width / 2, y + 0.8, rules.SHORT_RULE_SHARE * issuer_width)
    left_bottom = y + 1.5
    y = _lines(pdf, right_x, top, right_width, header.nation.upper(), Sizes.NATION, bold=True)
    y = _lines(pdf, right_x, y, right_width, header.motto, Sizes.MOTTO, bold=True)
    pdf.set_font(FAMILY, "B", Sizes.MOTTO)
    _rule(
        pdf,
        right_x + right_width / 2,
        y + 0.3,
        min(pdf.get_string_width(clean_text(header.motto)), right_width),
    )
    second_row = max(left_bottom, y + 1.5) + _mm(6)
    y = _lines(pdf, left_x, second_row, left_width, header.number_line, Sizes.NUMBER)
    if header.subject_line:
        subject = rules.wrap_balanced(header.subject_line, Sizes.SUBJECT, bold=False, width_mm=left_width - 2)
        y = _lines(pdf, left_x, y + _mm(6), left_width, "\n".join(subject), Sizes.SUBJECT)
    date_bottom = _lines(
        pdf, right_x, second_row, right_width, header.place_date_line, Sizes.PLACE_DATE, italic=True
    )
    pdf.set_xy(pdf.l_margin, max(y, date_bottom))


def _write_title(pdf: FPDF, document: Document) -> None:
    if not document.type_name:
        return
    y = _lines(
        pdf, pdf.l_margin, pdf.get_y() + _mm(18), pdf.epw, document.type_name.upper(), Sizes.TITLE, bold=True
    )
    if document.summary:
        y = _lines(pdf, pdf.l_margin, y, pdf.epw, document.summary, Sizes.SUMMARY, bold=True)
        pdf.set_font(FAMILY, "B", Sizes.SUMMARY)
        width = min(pdf.get_string_width(clean_text(document.summary)), pdf.epw)
        _rule(pdf, pdf.l_margin + pdf.epw / 2, y + 0.8, rules.SHORT_RULE_SHARE * width)
        y += _mm(12)
    pdf.set_xy(pdf.l_margin, y)


def _write_addressees(pdf: FPDF, addressees: tuple[str, ...]) -> None:
    names = rules.addressee_names(addressees)
    if not names:
        return
    y = pdf.get_y() + _mm(12)
    if len(names) == 1:
        y = _lines(pdf, pdf.l_margin, y, pdf.epw, f"Kính gửi: {names[0]}", Sizes.ADDRESSEE)
    else:
        _lines(
            pdf,
            pdf.l_margin + _ADDRESSEE_LABEL_MM,
            y,
            pdf.epw,
            "Kính gửi:",
            Sizes.ADDRESSEE,
            align=PdfAlign.L,
        )
        for name in names:
            list_x = pdf.l_margin + _ADDRESSEE_LIST_MM
            y = _lines(
                pdf, list_x, y, pdf.epw - _ADDRESSEE_LIST_MM, f"- {name}", Sizes.ADDRESSEE, align=PdfAlign.L
            )
    pdf.set_xy(pdf.l_margin, y + _mm(6))


# ---- body blocks -------------------------------------------------------------------------------------------


def _write_blocks(pdf: FPDF, blocks: Sequence[Block], *, landscape: bool = False) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            _write_paragraph(pdf, block)
        elif isinstance(block, Table):
            _write_table(pdf, block)
        else:
            _write_chart(pdf, block, landscape=landscape)


def _caption(pdf: FPDF, text: str, room_below: float) -> None:
    """A table or chart title, on the same page as at least `room_below` mm of what it names."""
    height = _mm(Sizes.TABLE_TITLE * _SINGLE) + _mm(12)
    if pdf.will_page_break(height + room_below):
        pdf.add_page(same=True)
    if text:
        y = _lines(pdf, pdf.l_margin, pdf.get_y() + _mm(6), pdf.epw, text, Sizes.TABLE_TITLE, bold=True)
        pdf.set_xy(pdf.l_margin, y + _mm(6))


def _write_table(pdf: FPDF, table: Table) -> None:
    if not table.columns:
        return
    row_height = _mm(Sizes.TABLE * _SINGLE) + 2 * _TABLE_PADDING_MM[0]
    _caption(pdf, table.title, room_below=3 * row_height)
    header, *rows = rules.table_cells(table)
    pdf.set_font(FAMILY, "", Sizes.TABLE)
    pdf.set_line_width(0.2)
    with pdf.table(
        width=pdf.epw,
        col_widths=rules.column_fractions(table),
        align=PdfAlign.L,
        text_align=PdfAlign.L,
        line_height=_mm(Sizes.TABLE * _SINGLE),
        padding=_TABLE_PADDING_MM,
        borders_layout=TableBordersLayout.ALL,
        headings_style=FontFace(emphasis="BOLD"),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as grid:
        heading = grid.row()
        for cell in header:
            heading.cell(cell.text, align=_ALIGN[cell.align])
        for cells in rows:
            bold = any(cell.bold for cell in cells)
            row = grid.row(style=FontFace(emphasis="BOLD") if bold else None)
            for cell in cells:
                row.cell(cell.text, align=_ALIGN[cell.align])
    pdf.set_x(pdf.l_margin)
    if table.note:
        _write_paragraph(pdf, Paragraph(table.note, ParagraphStyle.NOTE))
    else:
        pdf.set_y(pdf.get_y() + _mm(rules.SPACE_AFTER_PT))


def _png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk follows the 8-byte signature
    return int(width), int(height)


def _write_chart(pdf: FPDF, chart: Chart, *, landscape: bool) -> None:
    width_cm = rules.CHART_WIDTH_LANDSCAPE_CM if landscape else rules.CHART_WIDTH_CM
    png = chart_png(chart, width_cm=width_cm, with_title=False)
    pixels_wide, pixels_high = _png_size(png)
    width = min(width_cm * 10, pdf.epw)
    height = width * pixels_high / pixels_wide
    _caption(pdf, chart.title, room_below=height)
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height)
    pdf.set_xy(pdf.l_margin, pdf.get_y() + _mm(rules.SPACE_AFTER_PT))


# ---- closing: "Nơi nhận" and signature; annexes -------------------------------------------------------------


def _write_closing(pdf: FPDF, document: Document) -> None:
    width = pdf.epw
    left_width = width * rules.SIGNATURE_LEFT_SHARE
    right_x, right_width = pdf.l_margin + left_width, width - left_width
    recipients = "\n".join(rules.recipient_lines(document.recipients))
    signature = document.signature
    titles = "\n".join(line.upper() for line in (signature.authority_line, signature.title_line) if line)
    needed = max(
        _mm(12 + Sizes.RECIPIENTS_HEADING * _SINGLE) + _height(pdf, left_width, recipients, Sizes.RECIPIENTS),
        _mm(12) + _height(pdf, right_width, titles, Sizes.SIGNATURE, "B") + rules.SIGNATURE_SPACE_MM + 8,
    )
    if pdf.will_page_break(needed):
        pdf.add_page(same=True)
    top = pdf.get_y() + _mm(12)
    y = _lines(
        pdf,
        pdf.l_margin,
        top,
        left_width,
        "Nơi nhận:",
        Sizes.RECIPIENTS_HEADING,
        bold=True,
        italic=True,
        align=PdfAlign.L,
    )
    left_bottom = _lines(pdf, pdf.l_margin, y, left_width, recipients, Sizes.RECIPIENTS, align=PdfAlign.L)
    y = top
    if titles:
        y = _lines(pdf, right_x, top, right_width, titles, Sizes.SIGNATURE, bold=True)
    y = _lines(
        pdf,
        right_x,
        y + rules.SIGNATURE_SPACE_MM,
        right_width,
        signature.signer_name,
        Sizes.SIGNATURE,
        bold=True,
    )
    pdf.set_xy(pdf.l_margin, max(y, left_bottom))


def _height(pdf: FPDF, width: float, text: str, size: float, style: str = "") -> float:
    if not text:
        return 0.0
    pdf.set_font(FAMILY, style, size)
    lines = pdf.multi_cell(
        width, _mm(size * _SINGLE), clean_text(text), dry_run=True, output=MethodReturnValue.LINES
    )
    assert isinstance(lines, list)
    return len(lines) * _mm(size * _SINGLE)


def _write_annex(pdf: FPDF, annex: Annex) -> None:
    pdf.add_page(orientation="landscape" if annex.landscape else "portrait")
    y = _lines(pdf, pdf.l_margin, pdf.get_y(), pdf.epw, annex.title, Sizes.ANNEX_TITLE, bold=True)
    if annex.subtitle:
        y = _lines(pdf, pdf.l_margin, y, pdf.epw, annex.subtitle, Sizes.ANNEX_TITLE, italic=True)
    pdf.set_xy(pdf.l_margin, y + _mm(12))
    _write_blocks(pdf, annex.blocks, landscape=annex.landscape)
