"""The annexes of the meeting briefing: the overdue and due-soon tasks by lead unit (with a chart), and the
league table of lead units. Tables hold data rows; the figures the body quotes are in `Document.figures`."""

from __future__ import annotations

from chidao.core.documents.briefing_inputs import BriefingInputs, LeagueEntry, TaskItem
from chidao.core.documents.model import (
    Annex,
    Block,
    Chart,
    ChartKind,
    ChartSeries,
    Paragraph,
    ParagraphStyle,
    Table,
)
from chidao.core.documents.wording import Quotes
from chidao.core.numbers import format_date, format_number, format_percent

__all__ = ["briefing_annexes", "league_table", "overdue_table"]

OVERDUE_COLUMNS = (
    "STT",
    "Đơn vị chủ trì",
    "Mã nhiệm vụ",
    "Nội dung nhiệm vụ",
    "Hạn hoàn thành",
    "Tình trạng",
    "Số ngày làm việc quá hạn",
)
LEAGUE_COLUMNS = (
    "Hạng",
    "Đơn vị chủ trì",
    "Người đứng đầu",
    "Số nhiệm vụ",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện trong hạn",
    "Quá hạn",
    "Tỷ lệ đúng hạn",
    "Báo cáo chưa gửi",
)
CHART_UNITS = 10


def _deadline(task: TaskItem) -> str:
    return format_date(task.deadline) if task.deadline is not None else "Chưa có hạn"


def overdue_table(inputs: BriefingInputs) -> Table | None:
    """One row per overdue or due-soon task, grouped by lead unit (worst unit first); None when there is none."""
    rows: list[tuple[str, ...]] = []
    for unit in inputs.attention:
        for task in unit.overdue:
            late = format_number(task.working_days_late)
            rows.append(("", unit.unit_name, task.code, task.title, _deadline(task), "Quá hạn", late))
        for task in unit.due_soon:
            rows.append(("", unit.unit_name, task.code, task.title, _deadline(task), "Sắp đến hạn", ""))
    if not rows:
        return None
    numbered = tuple((format_number(index), *row[1:]) for index, row in enumerate(rows, start=1))
    return Table(
        title="Nhiệm vụ quá hạn, sắp đến hạn theo đơn vị chủ trì",
        columns=OVERDUE_COLUMNS,
        rows=numbered,
        widths=(0.5, 2.2, 1.3, 4.5, 1.2, 1.1, 1.2),
    )


def _league_row(entry: LeagueEntry) -> tuple[str, ...]:
    rate = format_percent(entry.on_time_rate) if entry.on_time_rate is not None else "—"
    return (
        format_number(entry.rank),
        entry.unit_name,
        entry.head_name or "—",
        format_number(entry.tasks),
        format_number(entry.done_on_time),
        format_number(entry.done_late),
        format_number(entry.in_progress_on_time),
        format_number(entry.overdue),
        rate,
        format_number(entry.missing_reports),
    )


def league_table(inputs: BriefingInputs) -> Table | None:
    """The lead units ranked as of the date, best first; None when no unit leads a task."""
    if not inputs.league:
        return None
    return Table(
        title="Xếp hạng đơn vị chủ trì",
        columns=LEAGUE_COLUMNS,
        rows=tuple(_league_row(entry) for entry in inputs.league),
        widths=(0.6, 2.6, 2.4, 0.9, 1.0, 1.0, 1.0, 0.8, 0.9, 0.9),
        note="Tỷ lệ đúng hạn = hoàn thành đúng hạn / (hoàn thành + quá hạn); nhiệm vụ thường xuyên tính theo báo cáo định kỳ.",
    )


def _overdue_chart(inputs: BriefingInputs) -> Chart | None:
    worst = sorted(
        (unit for unit in inputs.attention if unit.overdue),
        key=lambda unit: (-len(unit.overdue), unit.unit_name),
    )[:CHART_UNITS]
    if not worst:
        return None
    return Chart(
        title="Đơn vị chủ trì có nhiều nhiệm vụ quá hạn nhất",
        kind=ChartKind.HORIZONTAL_BAR,
        categories=tuple(unit.unit_name for unit in worst),
        series=(ChartSeries("Quá hạn", tuple(float(len(unit.overdue)) for unit in worst)),),
        unit_label="nhiệm vụ",
    )


def _attached_to(inputs: BriefingInputs, symbol: str) -> str:
    number = f"{inputs.issue.number:02d}" if inputs.issue.number is not None else "\u00a0" * 6
    day = f" ngày {format_date(inputs.issue.issued_on)}" if inputs.issue.issued_on is not None else ""
    return f"(Kèm theo Báo cáo số {number}/{symbol}{day} của {inputs.profile.short_name})"


def briefing_annexes(inputs: BriefingInputs, symbol: str, q: Quotes) -> tuple[Annex, ...]:
    """Phụ lục I (overdue and due-soon tasks by unit) and Phụ lục II (league table)."""
    as_of = q.day("as_of", inputs.as_of)
    note = Paragraph(f"Số liệu tính đến ngày {as_of}.", ParagraphStyle.NOTE)
    overdue_blocks: list[Block] = [note]
    table = overdue_table(inputs)
    if table is None:
        overdue_blocks.append(Paragraph("Không có nhiệm vụ quá hạn hoặc sắp đến hạn."))
    else:
        overdue_blocks.append(table)
        chart = _overdue_chart(inputs)
        if chart is not None:
            overdue_blocks.append(chart)
    league_blocks: list[Block] = [note]
    league = league_table(inputs)
    league_blocks.append(league if league is not None else Paragraph("Chưa có đơn vị chủ trì nhiệm vụ."))
    attached = _attached_to(inputs, symbol)
    return (
        Annex(
            title="Phụ lục I. DANH SÁCH NHIỆM VỤ QUÁ HẠN, SẮP ĐẾN HẠN THEO ĐƠN VỊ CHỦ TRÌ",
            subtitle=attached,
            blocks=tuple(overdue_blocks),
        ),
        Annex(
            title="Phụ lục II. BẢNG XẾP HẠNG ĐƠN VỊ CHỦ TRÌ", subtitle=attached, blocks=tuple(league_blocks)
        ),
    )
