"""The report model: one official document (báo cáo, công văn, …) as plain data, drawn by several renderers.

A builder (chidao.core.documents.briefing, .urging) turns figures into a `Document`; the DOCX and PDF renderers
(chidao.engines.documents) draw it in the format of Decree 30/2020 (Phụ lục I); the model is also kept as JSON beside
the files, so the text a leader reads can be traced to the figures it was made from (`figures`).

The model says WHAT the document holds (header blocks, title, sections of paragraphs, tables and charts, signature,
"Nơi nhận", annexes), never HOW it looks: fonts, sizes, margins and indents belong to the renderers.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Final, TypeAlias

__all__ = [
    "MODEL_VERSION",
    "Annex",
    "Block",
    "Chart",
    "ChartKind",
    "ChartSeries",
    "Document",
    "DocumentHeader",
    "Paragraph",
    "ParagraphStyle",
    "Recipients",
    "Section",
    "Signature",
    "Table",
    "document_from_json",
    "document_to_json",
]

# Bumped whenever a field is added, renamed or changes meaning; stored with every generated document.
MODEL_VERSION: Final = "1"


class ParagraphStyle(StrEnum):
    """What a paragraph is; each renderer maps it to the Decree's presentation."""

    BODY = "body"  # justified, first-line indent
    LEGAL_BASIS = "legal_basis"  # "Căn cứ …;" italic, one per line
    PART = "part"  # "I. KẾT QUẢ …": Roman numeral, bold, upright
    ITEM = "item"  # "1. Nhiệm vụ …": bold
    SUB_ITEM = "sub_item"  # "a) …": italic/bold-italic heading of a point
    BULLET = "bullet"  # "- …" inside a body
    NOTE = "note"  # small italic note (source of figures, "chưa có dữ liệu")


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = ParagraphStyle.BODY
    # Words at the start drawn in bold (e.g. a unit's name in a list), the rest in the paragraph's style.
    bold_prefix: str = ""


@dataclass(frozen=True)
class Table:
    """A table with a header row; `widths` are relative column widths (same length as `columns`).
    `total_rows` says how many rows at the end are totals (drawn bold)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    total_rows: int = 0
    note: str = ""


class ChartKind(StrEnum):
    BAR = "bar"  # one bar per category per series, side by side
    STACKED_BAR = "stacked_bar"  # series stacked per category
    HORIZONTAL_BAR = "horizontal_bar"


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart as data: both the dashboard (ECharts) and the renderers (an image) draw it from this."""

    title: str
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit_label: str = ""


Block: TypeAlias = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    """A part of the body: an optional heading paragraph (PART/ITEM style) and its blocks in order."""

    heading: str
    blocks: tuple[Block, ...]
    heading_style: ParagraphStyle = ParagraphStyle.PART


@dataclass(frozen=True)
class DocumentHeader:
    """Ô 1–4 of Phụ lục I: the issuer (parent body upright, issuing body bold), the motto, number and place-date."""

    parent_body: str  # "UBND TỈNH GIA LAI"
    issuing_body: str  # "BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, …" (long names wrap)
    number_line: str  # "Số:      /BC-BCĐ" for a draft; "Số: 05/BC-BCĐ" once issued
    place_date_line: str  # "Gia Lai, ngày 03 tháng 3 năm 2026" (italic)
    nation: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"
    # Công văn: "V/v …" under the number (ô 5b); empty for other types.
    subject_line: str = ""


@dataclass(frozen=True)
class Signature:
    """Ô 7: "KT. TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN" / name. A draft carries no signature image."""

    authority_line: str  # "KT. TRƯỞNG BAN" (prefix + title), may be "" when the head signs in his own name
    title_line: str  # "PHÓ TRƯỞNG BAN"
    signer_name: str  # "Lâm Hải Giang"


@dataclass(frozen=True)
class Recipients:
    """Ô 9b: "Nơi nhận:" then "- …;" lines, the last "- Lưu: VT, <unit>."."""

    lines: tuple[str, ...]
    archive: str = "Lưu: VT."


@dataclass(frozen=True)
class Annex:
    """A "Phụ lục" after the signature: its own title and blocks; `landscape` for wide tables."""

    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    landscape: bool = True


@dataclass(frozen=True)
class Document:
    """One official document, as a draft or as issued.

    `type_name` is the upper-case type shown as title (BÁO CÁO); a công văn has none (its subject goes in the
    header). `addressees` gives the "Kính gửi:" lines. `figures` holds every number quoted in the text under a
    stable key (e.g. "nq57.total"), so tests and the dashboard can check that the text and the screens agree.
    """

    kind: str  # document type abbreviation (Phụ lục III): "BC", "CV", "TB", …
    header: DocumentHeader
    type_name: str
    summary: str  # trích yếu: "Kết quả thực hiện nhiệm vụ …" (bold, under the type name)
    sections: tuple[Section, ...]
    signature: Signature
    recipients: Recipients
    addressees: tuple[str, ...] = ()
    introduction: tuple[Paragraph, ...] = ()
    annexes: tuple[Annex, ...] = ()
    figures: dict[str, str] = field(default_factory=dict)
    as_of: str = ""  # ISO date of the figures
    model_version: str = MODEL_VERSION

    def all_blocks(self) -> tuple[Block, ...]:
        """Every block of the body and the annexes, in reading order (for tests and search)."""
        blocks: list[Block] = list(self.introduction)
        for section in self.sections:
            if section.heading:
                blocks.append(Paragraph(section.heading, section.heading_style))
            blocks.extend(section.blocks)
        for annex in self.annexes:
            blocks.extend(annex.blocks)
        return tuple(blocks)


# ---- JSON: readable, versioned, round-trips exactly --------------------------------------------------------


def _block_to_json(block: Block) -> dict[str, Any]:
    kind = {Paragraph: "paragraph", Table: "table", Chart: "chart"}[type(block)]
    return {"type": kind, **asdict(block)}


def document_to_json(document: Document) -> str:
    """The document as indented JSON with Vietnamese text kept readable (not \\u-escaped)."""
    data = {
        "model_version": document.model_version,
        "kind": document.kind,
        "as_of": document.as_of,
        "header": asdict(document.header),
        "type_name": document.type_name,
        "summary": document.summary,
        "addressees": list(document.addressees),
        "introduction": [_block_to_json(block) for block in document.introduction],
        "sections": [
            {
                "heading": section.heading,
                "heading_style": str(section.heading_style),
                "blocks": [_block_to_json(block) for block in section.blocks],
            }
            for section in document.sections
        ],
        "signature": asdict(document.signature),
        "recipients": asdict(document.recipients),
        "annexes": [
            {
                "title": annex.title,
                "subtitle": annex.subtitle,
                "landscape": annex.landscape,
                "blocks": [_block_to_json(block) for block in annex.blocks],
            }
            for annex in document.annexes
        ],
        "figures": dict(document.figures),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _block_from_json(data: dict[str, Any]) -> Block:
    kind = data["type"]
    if kind == "paragraph":
        return Paragraph(data["text"], ParagraphStyle(data["style"]), data.get("bold_prefix", ""))
    if kind == "table":
        return Table(
            title=data["title"],
            columns=tuple(data["columns"]),
            rows=tuple(tuple(row) for row in data["rows"]),
            widths=tuple(data.get("widths", ())),
            total_rows=data.get("total_rows", 0),
            note=data.get("note", ""),
        )
    if kind == "chart":
        return Chart(
            title=data["title"],
            kind=ChartKind(data["kind"]),
            categories=tuple(data["categories"]),
            series=tuple(ChartSeries(s["name"], tuple(s["values"])) for s in data["series"]),
            unit_label=data.get("unit_label", ""),
        )
    raise ValueError(f"Khối không rõ loại: {kind!r}")


def document_from_json(text: str) -> Document:
    """Read a document written by `document_to_json` (same model version)."""
    data = json.loads(text)
    if data.get("model_version") != MODEL_VERSION:
        raise ValueError(f"Phiên bản mô hình báo cáo {data.get('model_version')!r} không đọc được.")
    return Document(
        kind=data["kind"],
        as_of=data.get("as_of", ""),
        header=DocumentHeader(**data["header"]),
        type_name=data["type_name"],
        summary=data["summary"],
        addressees=tuple(data.get("addressees", ())),
        introduction=tuple(_block_from_json(b) for b in data.get("introduction", ())),  # type: ignore[misc]
        sections=tuple(
            Section(
                heading=section["heading"],
                heading_style=ParagraphStyle(section.get("heading_style", "part")),
                blocks=tuple(_block_from_json(b) for b in section["blocks"]),
            )
            for section in data["sections"]
        ),
        signature=Signature(**data["signature"]),
        recipients=Recipients(
            lines=tuple(data["recipients"]["lines"]), archive=data["recipients"]["archive"]
        ),
        annexes=tuple(
            Annex(
                title=annex["title"],
                subtitle=annex["subtitle"],
                landscape=annex.get("landscape", True),
                blocks=tuple(_block_from_json(b) for b in annex["blocks"]),
            )
            for annex in data.get("annexes", ())
        ),
        figures=dict(data.get("figures", {})),
    )
