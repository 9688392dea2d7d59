"""Reading back what the renderers wrote: a DOCX's texts (body, tables, header cells) and a PDF's text."""

from __future__ import annotations

import io

import docx
from pypdf import PdfReader


def _cell_texts(table) -> list[str]:
    texts: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            texts.extend(paragraph.text for paragraph in cell.paragraphs)
            for inner in cell.tables:
                texts.extend(_cell_texts(inner))
    return texts


def docx_texts(content: bytes) -> list[str]:
    """Every paragraph of the DOCX, body and table cells alike, whitespace collapsed (a long name is wrapped
    with line breaks inside its paragraph)."""
    word = docx.Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in word.paragraphs]
    for table in word.tables:
        texts.extend(_cell_texts(table))
    return [flat(text) for text in texts]


def docx_text(content: bytes) -> str:
    """All the DOCX's paragraphs as one text."""
    return " ".join(docx_texts(content))


def docx_tables(content: bytes) -> list[list[list[str]]]:
    """The DOCX's top-level tables as rows of cell texts."""
    word = docx.Document(io.BytesIO(content))
    return [[[flat(cell.text) for cell in row.cells] for row in table.rows] for table in word.tables]


def flat(text: str) -> str:
    """Whitespace collapsed: a sentence wrapped over lines reads as one."""
    return " ".join(text.replace("\u00a0", " ").split())


def pdf_text(content: bytes) -> str:
    """The PDF's text, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(content))
    return flat(" ".join(page.extract_text() or "" for page in reader.pages))
