"""The layout of a plan's annex: its headers and columns, and how a row's cells become task values.

Shared by the importer (chidao.apps.programmes.importers.annex) and the export (chidao.apps.programmes.exports),
so that an exported annex can be corrected and uploaded again. Pure reading of cells: no database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from typing import Final

from chidao.apps.programmes.models import Task
from chidao.core.importing import Column, DeadlineField, ParsedRow, TextField
from chidao.core.periods import DeadlineKind, ParsedDeadline

# The annex's own headers, shared with the export so that an export can be corrected and uploaded again.
STT = "STT"
CONTENT = "Nội dung nhiệm vụ"
LEAD = "Cơ quan chủ trì"
COORDINATING = "Cơ quan phối hợp"
DEADLINE = "Thời hạn"
PRODUCT = "Sản phẩm"
NOTES = "Ghi chú"
PLAN = "Mã kế hoạch"
AREAS = "Lĩnh vực"

COLUMNS: Final = (
    Column("stt", STT, TextField(max_length=20), required=True, aliases=("Số TT", "Số thứ tự", "TT")),
    Column(
        "title",
        CONTENT,
        TextField(max_length=1000),
        aliases=("Nội dung", "Nhiệm vụ", "Tên nhiệm vụ", "Nội dung công việc", "Nhiệm vụ, giải pháp"),
        required=True,
    ),
    Column(
        "lead",
        LEAD,
        TextField(max_length=300),
        required=True,
        aliases=("Đơn vị chủ trì", "Cơ quan, đơn vị chủ trì", "Chủ trì", "Cơ quan thực hiện"),
    ),
    Column(
        "coordinating",
        COORDINATING,
        TextField(max_length=2000),
        aliases=("Đơn vị phối hợp", "Cơ quan, đơn vị phối hợp", "Phối hợp"),
    ),
    Column(
        "deadline",
        DEADLINE,
        DeadlineField(),
        aliases=("Thời gian hoàn thành", "Thời hạn hoàn thành", "Thời gian thực hiện", "Tiến độ thực hiện"),
    ),
    Column(
        "product",
        PRODUCT,
        TextField(max_length=1000),
        aliases=("Sản phẩm đầu ra", "Kết quả, sản phẩm", "Hình thức sản phẩm", "Sản phẩm hoàn thành"),
    ),
    Column("notes", NOTES, TextField(max_length=4000)),
    Column("plan", PLAN, TextField(max_length=1000), aliases=("Kế hoạch", "Mã KH", "Kế hoạch số")),
    Column("areas", AREAS, TextField(max_length=500), aliases=("Mã lĩnh vực",)),
)
COMPARED: Final = (
    "title",
    "content",
    "source_item",
    "lead_unit_id",
    "coordinating_ids",
    "kind",
    "cadence",
    "deadline_text",
    "original_deadline",
    "product_type",
    "product_description",
    "plan_codes",
    "area_codes",
)
# A heading row's STT: a Roman numeral or one letter ("I", "II", "A", "b)").
_HEADING_STT: Final = re.compile(r"^(?:[IVXLC]+|[A-Za-zĐđ])[.)]?$")
# Product type from the first words of the product ("Kế hoạch…" is a document, "Hệ thống…" a system).
_PRODUCT_WORDS: Final = (
    (Task.ProductType.REPORT, ("báo cáo",)),
    (Task.ProductType.DATA, ("cơ sở dữ liệu", "dữ liệu", "csdl")),
    (Task.ProductType.SYSTEM, ("hệ thống", "phần mềm", "nền tảng", "ứng dụng", "cổng")),
    (
        Task.ProductType.DOCUMENT,
        (
            "kế hoạch",
            "quyết định",
            "văn bản",
            "nghị quyết",
            "đề án",
            "chỉ thị",
            "công văn",
            "chương trình",
            "thông báo",
            "quy chế",
            "quy định",
            "tờ trình",
        ),
    ),
)
# Task.code is a CharField(max_length=64).
MAX_TASK_CODE: Final = 64
_WORDS: Final = re.compile(r"[^\W\d_]")


def product_type_of(description: str) -> str:
    """The product type its description starts with ("" for an empty description, "other" when unknown)."""
    text = description.strip().casefold()
    if not text:
        return ""
    for product_type, words in _PRODUCT_WORDS:
        if text.startswith(words):
            return str(product_type)
    return str(Task.ProductType.OTHER)


def task_code(plan_code: str, stt: str) -> str:
    """The task code of an annex row: the plan's code and the row's STT ("KH-57-2025" + "3.1")."""
    return f"{plan_code}-{stt.rstrip('.')}"


def deadline_values(parsed: ParsedDeadline | None) -> dict[str, object]:
    """The task's kind, cadence, deadline text and original deadline from a parsed "Thời hạn" cell."""
    if parsed is None or parsed.kind is DeadlineKind.NONE:
        return {
            "kind": Task.Kind.TIME_BOUND.value,
            "cadence": "",
            "deadline_text": "",
            "original_deadline": None,
        }
    if parsed.kind is DeadlineKind.RECURRING:
        cadence = parsed.cadence.value if parsed.cadence is not None else ""
        return {
            "kind": Task.Kind.RECURRING.value,
            "cadence": cadence,
            "deadline_text": parsed.original,
            "original_deadline": None,
        }
    text = parsed.original
    if parsed.kind is DeadlineKind.DATE and parsed.due_date is not None and not _WORDS.search(text):
        # A date cell or an Excel serial: kept as dd/mm/yyyy ("46203" would mean nothing to a reader).
        text = date_text(parsed.due_date)
    return {
        "kind": Task.Kind.TIME_BOUND.value,
        "cadence": "",
        "deadline_text": text,
        "original_deadline": parsed.due_date,
    }


def date_text(day: dt.date | None) -> str:
    """A date as dd/mm/yyyy ("" for none)."""
    return f"{day:%d/%m/%Y}" if day is not None else ""


def is_heading(row: ParsedRow) -> bool:
    """Whether a row heads a part of the annex (no lead unit, no deadline, STT empty, Roman or one letter)."""
    stt = str(row.values.get("stt") or "")
    empty = not row.texts.get("lead") and not row.texts.get("deadline")
    return empty and (not stt or bool(_HEADING_STT.match(stt)))


def joined(values: Collection[object]) -> str:
    """A set of values as one comparable text ("3|7|12"), whatever their order."""
    return "|".join(sorted(str(value) for value in values))
