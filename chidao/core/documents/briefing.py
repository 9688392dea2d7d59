"""The meeting briefing (báo cáo phục vụ phiên họp) as a `Document`, in the seed's wording.

"Đối với việc thực hiện các nhiệm vụ theo Nghị quyết số 57-NQ/TW của Bộ Chính trị, tổng số nhiệm vụ Trung ương
giao tỉnh là 103 nhiệm vụ, trong đó có 25 nhiệm vụ thường xuyên. Đến nay, tỉnh đã hoàn thành 69 nhiệm vụ; 9 nhiệm
vụ đang thực hiện trong hạn và không có nhiệm vụ quá hạn." — every number goes through `Quotes`, so it is also in
`Document.figures` under a stable key. Sections, templates and keys: docs/domain/briefing.md.
"""

from __future__ import annotations

from chidao.core.documents.briefing_annexes import briefing_annexes
from chidao.core.documents.briefing_inputs import (
    AreaResult,
    AttentionUnit,
    BriefingInputs,
    Comparison,
    OpenDirective,
    PhaseResult,
    ProvidedSection,
)
from chidao.core.documents.model import (
    Block,
    Chart,
    ChartKind,
    ChartSeries,
    Document,
    Paragraph,
    ParagraphStyle,
    Section,
)
from chidao.core.documents.profile import document_header, document_recipients, document_signature
from chidao.core.documents.wording import Quotes, lower_first, upper_first
from chidao.core.numbers import format_date

__all__ = [
    "NO_DATA",
    "area_paragraphs",
    "attention_paragraph",
    "build_briefing",
    "change_paragraph",
    "directive_paragraph",
    "phase_paragraph",
]

NO_DATA = "chưa có dữ liệu"
TYPE_NAME = "BÁO CÁO"


def _status_sentences(area: AreaResult, subject: str, q: Quotes) -> list[str]:
    counts = area.counts
    key = area.code
    # The five counts of the seed's sentence are always recorded, also when the text says them in words
    # ("không có nhiệm vụ quá hạn" is nq57.overdue = 0).
    total = q.number(f"{key}.total", counts.total)
    recurring = q.number(f"{key}.recurring", counts.recurring)
    done_count = q.number(f"{key}.done", counts.done)
    in_progress_count = q.number(f"{key}.in_progress_on_time", counts.in_progress_on_time)
    overdue_count = q.number(f"{key}.overdue", counts.overdue)
    assigned = f" {area.assigned_by}" if area.assigned_by else ""
    opening = f"Đối với {area.label}, tổng số nhiệm vụ{assigned} là {total} nhiệm vụ"
    if counts.recurring:
        opening += f", trong đó có {recurring} nhiệm vụ thường xuyên"
    sentences = [opening + "."]

    if counts.done:
        done = f"{subject} đã hoàn thành {done_count} nhiệm vụ"
        if counts.done_late:
            done += (
                f" (trong đó {q.number(f'{key}.done_late', counts.done_late)} nhiệm vụ hoàn thành quá hạn)"
            )
    else:
        done = f"{subject} chưa hoàn thành nhiệm vụ nào"
    overdue = f"{overdue_count} nhiệm vụ quá hạn" if counts.overdue else "không có nhiệm vụ quá hạn"
    if counts.in_progress_on_time:
        in_progress = f"{in_progress_count} nhiệm vụ đang thực hiện trong hạn"
        sentences.append(f"Đến nay, {done}; {in_progress} và {overdue}.")
    elif counts.time_bound:
        sentences.append(f"Đến nay, {done} và {overdue}.")
    if counts.on_time_share is not None and counts.time_bound:
        share = q.percent(f"{key}.on_time_share", counts.on_time_share)
        on_time = q.number(f"{key}.done_on_time", counts.done_on_time)
        bound = q.number(f"{key}.time_bound", counts.time_bound)
        sentences.append(
            f"Tỷ lệ nhiệm vụ hoàn thành đúng hạn đạt {share} ({on_time}/{bound} nhiệm vụ có thời hạn)."
        )
    paused = []
    if counts.suspended:
        paused.append(f"{q.number(f'{key}.suspended', counts.suspended)} nhiệm vụ tạm dừng")
    if counts.stopped:
        paused.append(f"{q.number(f'{key}.stopped', counts.stopped)} nhiệm vụ dừng thực hiện")
    if paused:
        sentences.append(f"Ngoài ra, có {' và '.join(paused)} theo quyết định của cấp có thẩm quyền.")
    return sentences


def _last_year_sentence(area: AreaResult, subject: str, q: Quotes) -> str | None:
    last = area.last_year
    if last is None or not last.total:
        return None
    key = f"{area.code}.completed_last_year"
    sentence = (
        f"Trong triển khai {area.short_label}, {subject} đã hoàn thành {q.number(key, last.total)} nhiệm vụ"
        f" trong năm {last.year}"
    )
    if last.late:
        sentence += f" (trong đó {q.number(f'{key}.late', last.late)} nhiệm vụ hoàn thành quá hạn)"
    return sentence + "."


def area_paragraphs(area: AreaResult, subject: str, q: Quotes) -> tuple[Paragraph, ...]:
    """The results of one area: its counts in the seed's shape, then what it completed the year before."""
    sentences = _status_sentences(area, subject, q)
    paragraphs = [Paragraph(" ".join(sentences))]
    last_year = _last_year_sentence(area, subject, q)
    if last_year is not None:
        paragraphs.append(Paragraph(last_year))
    return tuple(paragraphs)


def phase_paragraph(phase: PhaseResult, subject: str, as_of_ended: bool, q: Quotes) -> Paragraph:
    """ "Trong giai đoạn cấp bách (từ ngày 19/06/2025 đến ngày 30/06/2025), tỉnh đã hoàn thành 16/16 nhiệm vụ." """
    key = f"phase.{phase.code}"
    window = (
        f"{lower_first(phase.name)} (từ ngày {format_date(phase.start)} đến ngày {format_date(phase.end)})"
    )
    ratio = f"{q.number(f'{key}.done', phase.done)}/{q.number(f'{key}.total', phase.total)} nhiệm vụ"
    if not as_of_ended:
        return Paragraph(f"{upper_first(window)} đang triển khai: đến nay đã hoàn thành {ratio}.")
    sentence = f"Trong {window}, {subject} đã hoàn thành {ratio}"
    if phase.done_within_phase < phase.done:
        within = q.number(f"{key}.done_within_phase", phase.done_within_phase)
        sentence += f", trong đó {within} nhiệm vụ hoàn thành trong giai đoạn"
    remaining = phase.total - phase.done
    if remaining:
        sentence += f"; còn {q.number(f'{key}.remaining', remaining)} nhiệm vụ chưa hoàn thành"
    return Paragraph(sentence + ".")


def _reference(comparison: Comparison, q: Quotes) -> str:
    since = q.day("comparison.since", comparison.since)
    return f"phiên họp ngày {since}" if comparison.is_meeting else f"ngày {since}"


def change_paragraph(area: AreaResult, comparison: Comparison, q: Quotes) -> Paragraph | None:
    """ "Đối với Đề án 06: tăng 3 nhiệm vụ hoàn thành so với phiên họp ngày 15/12/2025; số nhiệm vụ quá hạn
    giảm 1 nhiệm vụ." — or "không thay đổi"; None when the area has no change figures."""
    change = area.change
    if change is None:
        return None
    reference = _reference(comparison, q)
    key = f"{area.code}.change"
    if not (change.done or change.overdue or change.total):
        return Paragraph(
            f"Đối với {area.short_label}: số liệu không thay đổi so với {reference}.",
            bold_prefix=f"Đối với {area.short_label}:",
        )
    if change.done:
        direction = "tăng" if change.done > 0 else "giảm"
        done = (
            f"{direction} {q.number(f'{key}.done', abs(change.done))} nhiệm vụ hoàn thành so với {reference}"
        )
    else:
        done = f"số nhiệm vụ hoàn thành không thay đổi so với {reference}"
    parts = [done]
    if change.overdue:
        direction = "tăng" if change.overdue > 0 else "giảm"
        parts.append(
            f"số nhiệm vụ quá hạn {direction} {q.number(f'{key}.overdue', abs(change.overdue))} nhiệm vụ"
        )
    else:
        parts.append("số nhiệm vụ quá hạn không thay đổi")
    if change.total:
        direction = "tăng" if change.total > 0 else "giảm"
        parts.append(f"tổng số nhiệm vụ {direction} {q.number(f'{key}.total', abs(change.total))} nhiệm vụ")
    prefix = f"Đối với {area.short_label}:"
    return Paragraph(f"{prefix} {'; '.join(parts)}.", bold_prefix=prefix)


def attention_paragraph(unit: AttentionUnit, q: Quotes) -> Paragraph:
    """ "Sở X (Giám đốc Nguyễn Văn A): 2 nhiệm vụ quá hạn; 1 nhiệm vụ sắp đến hạn." """
    name = f"{unit.unit_name} ({unit.head_name})" if unit.head_name else unit.unit_name
    key = f"unit.{unit.unit_id}"
    parts = []
    if unit.overdue:
        parts.append(f"{q.number(f'{key}.overdue', len(unit.overdue))} nhiệm vụ quá hạn")
    if unit.due_soon:
        parts.append(f"{q.number(f'{key}.due_soon', len(unit.due_soon))} nhiệm vụ sắp đến hạn")
    if unit.missing_reports:
        parts.append(f"{q.number(f'{key}.missing_reports', unit.missing_reports)} báo cáo định kỳ chưa gửi")
    details = "; ".join(parts) if parts else "cần theo dõi"
    return Paragraph(f"{name}: {details}.", ParagraphStyle.BULLET, bold_prefix=f"{name}:")


def directive_paragraph(directive: OpenDirective) -> Paragraph:
    """ "Yêu cầu giải trình ngày 10/02/2026 đối với nhiệm vụ UBND-2026-03 (Sở X): …; hạn phản hồi 17/02/2026." """
    text = (
        f"{directive.kind_label} ngày {format_date(directive.created_on)} đối với nhiệm vụ {directive.task_code}"
        f" ({directive.unit_name}): {directive.text.strip().rstrip('.')}"
    )
    if directive.due_on is not None:
        text += f"; hạn phản hồi {format_date(directive.due_on)}"
    return Paragraph(text + ".", ParagraphStyle.BULLET)


def _provided(title: str, section: ProvidedSection | None, key: str, q: Quotes) -> list[Block]:
    if section is None or not section.paragraphs:
        return [Paragraph(f"{title}: {NO_DATA}.", bold_prefix=f"{title}:")]
    q.merge(key, dict(section.figures))
    return [Paragraph(text) for text in section.paragraphs]


def _areas_chart(inputs: BriefingInputs) -> Chart | None:
    areas = [area for area in inputs.areas if area.counts.total]
    if not areas:
        return None
    return Chart(
        title=f"Kết quả thực hiện nhiệm vụ theo lĩnh vực (đến ngày {format_date(inputs.as_of)})",
        kind=ChartKind.STACKED_BAR,
        categories=tuple(upper_first(area.short_label) for area in areas),
        series=(
            ChartSeries("Đã hoàn thành", tuple(float(a.counts.done) for a in areas)),
            ChartSeries(
                "Đang thực hiện trong hạn", tuple(float(a.counts.in_progress_on_time) for a in areas)
            ),
            ChartSeries("Quá hạn", tuple(float(a.counts.overdue) for a in areas)),
            ChartSeries("Thường xuyên", tuple(float(a.counts.recurring) for a in areas)),
        ),
        unit_label="nhiệm vụ",
    )


def _results_section(inputs: BriefingInputs, q: Quotes) -> Section:
    subject = inputs.profile.subject
    blocks: list[Block] = []
    number = 0
    for area in inputs.areas:
        if not area.counts.total and not (area.last_year and area.last_year.total):
            continue
        number += 1
        blocks.append(Paragraph(f"{number}. {upper_first(area.short_label)}", ParagraphStyle.ITEM))
        blocks.extend(area_paragraphs(area, subject, q))
    phases = [phase for phase in inputs.phases if phase.total and phase.start <= inputs.as_of]
    if phases:
        number += 1
        blocks.append(Paragraph(f"{number}. Kết quả theo giai đoạn", ParagraphStyle.ITEM))
        blocks.extend(phase_paragraph(p, subject, p.end <= inputs.as_of, q) for p in phases)
    if not number:
        blocks.append(Paragraph(f"Chưa có nhiệm vụ nào được giao đến ngày {format_date(inputs.as_of)}."))
    number += 1
    blocks.append(Paragraph(f"{number}. Chỉ số phục vụ người dân, doanh nghiệp", ParagraphStyle.ITEM))
    blocks.extend(
        _provided("Chỉ số phục vụ người dân, doanh nghiệp", inputs.service_index, "service_index", q)
    )
    number += 1
    blocks.append(Paragraph(f"{number}. Chất lượng dữ liệu", ParagraphStyle.ITEM))
    blocks.extend(
        _provided("Chất lượng dữ liệu (đúng, đủ, sạch, sống)", inputs.data_quality, "data_quality", q)
    )
    chart = _areas_chart(inputs)
    if chart is not None:
        blocks.append(chart)
    return Section("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", tuple(blocks))


def _changes_section(inputs: BriefingInputs, q: Quotes) -> Section:
    comparison = inputs.comparison
    if comparison is None:
        return Section(
            "II. THAY ĐỔI SO VỚI PHIÊN HỌP TRƯỚC",
            (Paragraph("Chưa có phiên họp trước để so sánh."),),
        )
    heading = (
        "II. THAY ĐỔI SO VỚI PHIÊN HỌP TRƯỚC" if comparison.is_meeting else "II. THAY ĐỔI SO VỚI KỲ TRƯỚC"
    )
    blocks: list[Block] = []
    for area in inputs.areas:
        paragraph = change_paragraph(area, comparison, q)
        if paragraph is not None:
            blocks.append(paragraph)
    if not blocks:
        blocks.append(Paragraph(f"Chưa có số liệu để so sánh với {_reference(comparison, q)}."))
    return Section(heading, tuple(blocks))


def _problems_section(inputs: BriefingInputs, q: Quotes) -> Section:
    as_of = q.day("as_of", inputs.as_of)
    blocks: list[Block] = [
        Paragraph("1. Đơn vị chủ trì có nhiệm vụ quá hạn, sắp đến hạn", ParagraphStyle.ITEM)
    ]
    units = inputs.attention
    if not units:
        blocks.append(
            Paragraph(
                f"Đến ngày {as_of}, không có đơn vị chủ trì nào có nhiệm vụ quá hạn, sắp đến hạn hoặc chưa gửi"
                " báo cáo định kỳ."
            )
        )
    else:
        count = q.number("attention.units", len(units))
        blocks.append(
            Paragraph(
                f"Đến ngày {as_of}, có {count} đơn vị chủ trì có nhiệm vụ quá hạn, sắp đến hạn hoặc chưa gửi báo"
                " cáo định kỳ (chi tiết tại Phụ lục I), gồm:"
            )
        )
        shown = units[: max(inputs.attention_limit, 0)]
        blocks.extend(attention_paragraph(unit, q) for unit in shown)
        if len(units) > len(shown):
            rest = q.number("attention.units_not_named", len(units) - len(shown))
            blocks.append(Paragraph(f"Và {rest} đơn vị khác (Phụ lục I).", ParagraphStyle.BULLET))
    blocks.append(Paragraph("2. Yêu cầu giải trình, ý kiến chỉ đạo chưa được phản hồi", ParagraphStyle.ITEM))
    if not inputs.open_directives:
        blocks.append(Paragraph("Không có yêu cầu giải trình, ý kiến chỉ đạo nào đang chờ phản hồi."))
    else:
        count = q.number("directives.open", len(inputs.open_directives))
        blocks.append(Paragraph(f"Có {count} yêu cầu giải trình, ý kiến chỉ đạo chưa được phản hồi:"))
        blocks.extend(directive_paragraph(directive) for directive in inputs.open_directives)
    return Section("III. TỒN TẠI, HẠN CHẾ", tuple(blocks))


def _meeting_phrase(inputs: BriefingInputs, q: Quotes) -> str:
    if inputs.meeting_date is None:
        return ""
    return f" phục vụ phiên họp ngày {q.day('meeting.date', inputs.meeting_date)}"


def _proposals_section(inputs: BriefingInputs, q: Quotes) -> Section:
    proposals = [text.strip() for text in inputs.proposals if text.strip()]
    blocks: list[Block] = [
        Paragraph(_list_item(text, last=index == len(proposals) - 1), ParagraphStyle.BULLET)
        for index, text in enumerate(proposals)
    ]
    if not blocks:
        blocks.append(Paragraph("Chưa có đề xuất, kiến nghị."))
    blocks.append(
        Paragraph(
            f"Trên đây là báo cáo tình hình, kết quả thực hiện nhiệm vụ{_meeting_phrase(inputs, q)}, kính trình"
            " Trưởng Ban và các thành viên Ban Chỉ đạo xem xét, cho ý kiến./."
        )
    )
    return Section("IV. ĐỀ XUẤT, KIẾN NGHỊ", tuple(blocks))


def _list_item(text: str, *, last: bool) -> str:
    """A list line ends with ";" and the last with "." (a line the secretariat already ended is kept)."""
    if text[-1] in ".;:!?":
        return text
    return text + ("." if last else ";")


def _summary(inputs: BriefingInputs) -> str:
    if inputs.meeting_date is None:
        return f"Tình hình, kết quả thực hiện nhiệm vụ đến ngày {format_date(inputs.as_of)}"
    title = lower_first(inputs.meeting_title.strip()) if inputs.meeting_title.strip() else "phiên họp"
    return f"Tình hình, kết quả thực hiện nhiệm vụ phục vụ {title} ngày {format_date(inputs.meeting_date)}"


def briefing_symbol(inputs: BriefingInputs) -> str:
    """ "BC-BCĐ": the report type and the issuer (Phụ lục III), unless the inputs name another symbol."""
    return inputs.symbol or f"BC-{inputs.profile.issuer_abbreviation}"


def build_briefing(inputs: BriefingInputs) -> Document:
    """The briefing: results per area, phases, changes since the previous meeting, problems with heads named,
    proposals; annexes with the overdue tasks by unit and the league table."""
    q = Quotes()
    as_of = q.day("as_of", inputs.as_of)
    introduction = Paragraph(
        f"{inputs.profile.short_name} báo cáo tình hình, kết quả thực hiện nhiệm vụ (số liệu tính đến ngày"
        f" {as_of}){_meeting_phrase(inputs, q)} như sau:"
    )
    sections = (
        _results_section(inputs, q),
        _changes_section(inputs, q),
        _problems_section(inputs, q),
        _proposals_section(inputs, q),
    )
    symbol = briefing_symbol(inputs)
    annexes = briefing_annexes(inputs, symbol, q)
    return Document(
        kind="BC",
        header=document_header(inputs.profile, symbol, inputs.issue),
        type_name=TYPE_NAME,
        summary=_summary(inputs),
        introduction=(introduction,),
        sections=sections,
        signature=document_signature(inputs.profile),
        recipients=document_recipients(inputs.profile),
        annexes=annexes,
        figures=dict(q.values),
        as_of=inputs.as_of.isoformat(),
    )
