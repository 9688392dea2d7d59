"""The urging letter (công văn đôn đốc) to one lead unit: its overdue and due-soon tasks with their deadlines and
working days late, and the day by which it must report back. Same profile format as the briefing; a công văn has
no type name, its subject ("V/v …") goes under the number (Decree 30/2020, Phụ lục I, ô 5b)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chidao.core.documents.briefing_inputs import TaskItem
from chidao.core.documents.model import Block, Document, Paragraph, ParagraphStyle, Section, Table
from chidao.core.documents.numbering import document_symbol
from chidao.core.documents.profile import (
    IssueMark,
    IssuerProfile,
    document_header,
    document_recipients,
    document_signature,
)
from chidao.core.documents.wording import Quotes
from chidao.core.numbers import format_date, format_number

__all__ = ["UrgingInputs", "build_urging_letter", "urging_subject", "urging_symbol"]

OVERDUE_COLUMNS = ("STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Hạn hoàn thành", "Số ngày làm việc quá hạn")
DUE_SOON_COLUMNS = ("STT", "Mã nhiệm vụ", "Nội dung nhiệm vụ", "Hạn hoàn thành")


@dataclass(frozen=True)
class UrgingInputs:
    """One lead unit's tasks to urge, as of `as_of`; `reply_by` is the day it must report back."""

    profile: IssuerProfile
    as_of: date
    unit_name: str
    head_name: str
    overdue: tuple[TaskItem, ...]
    due_soon: tuple[TaskItem, ...]
    reply_by: date
    missing_reports: int = 0
    issue: IssueMark = field(default_factory=IssueMark)
    symbol: str = ""  # empty: issuer-drafting unit, e.g. "BCĐ-SKHCN"


def urging_symbol(inputs: UrgingInputs) -> str:
    """A công văn's symbol: the issuer and the drafting unit, no type part ("BCĐ-SKHCN")."""
    profile = inputs.profile
    return inputs.symbol or document_symbol(
        "", profile.issuer_abbreviation, profile.drafting_unit_abbreviation
    )


def urging_subject(overdue: int, due_soon: int, missing_reports: int = 0) -> str:
    """ "V/v đôn đốc thực hiện nhiệm vụ quá hạn, sắp đến hạn" — naming only what the letter lists."""
    kinds = [word for count, word in ((overdue, "quá hạn"), (due_soon, "sắp đến hạn")) if count]
    if kinds:
        return f"V/v đôn đốc thực hiện nhiệm vụ {', '.join(kinds)}"
    if missing_reports:
        return "V/v đôn đốc gửi báo cáo định kỳ"
    return "V/v đôn đốc thực hiện nhiệm vụ"


def _deadline(task: TaskItem) -> str:
    return format_date(task.deadline) if task.deadline is not None else "Chưa có hạn"


def _overdue_table(tasks: tuple[TaskItem, ...], q: Quotes) -> Table:
    rows = tuple(
        (
            format_number(index),
            task.code,
            task.title,
            _deadline(task),
            q.number(f"task.{task.code}.working_days_late", task.working_days_late),
        )
        for index, task in enumerate(tasks, start=1)
    )
    return Table("Nhiệm vụ quá hạn", OVERDUE_COLUMNS, rows, widths=(0.5, 1.4, 5.0, 1.3, 1.3))


def _due_soon_table(tasks: tuple[TaskItem, ...]) -> Table:
    rows = tuple(
        (format_number(index), task.code, task.title, _deadline(task))
        for index, task in enumerate(tasks, start=1)
    )
    return Table("Nhiệm vụ sắp đến hạn", DUE_SOON_COLUMNS, rows, widths=(0.5, 1.4, 6.0, 1.3))


def _situation(inputs: UrgingInputs, q: Quotes) -> str:
    as_of = q.day("as_of", inputs.as_of)
    parts = []
    if inputs.overdue:
        parts.append(f"{q.number('overdue', len(inputs.overdue))} nhiệm vụ đã quá hạn")
    if inputs.due_soon:
        parts.append(f"{q.number('due_soon', len(inputs.due_soon))} nhiệm vụ sắp đến hạn")
    tasks = " và ".join(parts)
    opening = f"Qua theo dõi, tổng hợp của Thường trực {inputs.profile.short_name}, tính đến ngày {as_of}"
    if tasks:
        return f"{opening}, {inputs.unit_name} còn {tasks} nhưng chưa hoàn thành, cụ thể như sau:"
    return f"{opening}, {inputs.unit_name} chưa gửi đầy đủ báo cáo định kỳ theo quy định."


def build_urging_letter(inputs: UrgingInputs) -> Document:
    """The công văn đôn đốc to one lead unit, as a draft (number and day blank) or as issued."""
    q = Quotes()
    blocks: list[Block] = [Paragraph(_situation(inputs, q))]
    item = 0
    if inputs.overdue:
        item += 1
        blocks.append(Paragraph(f"{item}. Nhiệm vụ quá hạn", ParagraphStyle.ITEM))
        blocks.append(_overdue_table(inputs.overdue, q))
    if inputs.due_soon:
        item += 1
        blocks.append(Paragraph(f"{item}. Nhiệm vụ sắp đến hạn", ParagraphStyle.ITEM))
        blocks.append(_due_soon_table(inputs.due_soon))
    if inputs.missing_reports and (inputs.overdue or inputs.due_soon):
        missing = q.number("missing_reports", inputs.missing_reports)
        blocks.append(Paragraph(f"Ngoài ra, đơn vị còn {missing} báo cáo định kỳ chưa gửi theo quy định."))
    elif inputs.missing_reports:
        missing = q.number("missing_reports", inputs.missing_reports)
        blocks.append(Paragraph(f"Số báo cáo định kỳ chưa gửi: {missing} báo cáo."))
    reply_by = q.day("reply_by", inputs.reply_by)
    short = inputs.profile.short_name
    blocks.append(
        Paragraph(
            f"Để bảo đảm tiến độ thực hiện nhiệm vụ được giao, {short} đề nghị {inputs.unit_name} khẩn trương"
            " chỉ đạo, tập trung thực hiện, hoàn thành các nhiệm vụ nêu trên; cập nhật kết quả và minh chứng trên"
            f" hệ thống, báo cáo kết quả thực hiện về {short} trước ngày {reply_by}. Đối với nhiệm vụ không thể"
            " hoàn thành, đề nghị báo cáo rõ nguyên nhân, trách nhiệm và đề xuất thời hạn hoàn thành."
        )
    )
    head = f" ({inputs.head_name})" if inputs.head_name else ""
    blocks.append(
        Paragraph(
            f"Thủ trưởng {inputs.unit_name}{head} chịu trách nhiệm trước Trưởng Ban Chỉ đạo về tiến độ, kết quả"
            " thực hiện các nhiệm vụ được giao./."
        )
    )
    subject = urging_subject(len(inputs.overdue), len(inputs.due_soon), inputs.missing_reports)
    return Document(
        kind="CV",
        header=document_header(inputs.profile, urging_symbol(inputs), inputs.issue, subject_line=subject),
        type_name="",
        summary="",
        addressees=(inputs.unit_name,),
        sections=(Section("", tuple(blocks)),),
        signature=document_signature(inputs.profile),
        recipients=document_recipients(inputs.profile, first=("Như trên",)),
        figures=dict(q.values),
        as_of=inputs.as_of.isoformat(),
    )
