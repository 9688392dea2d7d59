"""Small documents of the report model for the renderer tests, in the wording of the seed's briefing."""

from __future__ import annotations

from datetime import date

from chidao.core.documents.model import (
    Annex,
    Chart,
    ChartKind,
    ChartSeries,
    Document,
    DocumentHeader,
    Paragraph,
    ParagraphStyle,
    Recipients,
    Section,
    Signature,
    Table,
)
from chidao.core.documents.numbering import format_number_line, format_place_date_line

ISSUING_BODY = "Ban Chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Gia Lai"
TITLE = "BÁO CÁO"
SUMMARY = "Kết quả thực hiện nhiệm vụ phục vụ phiên họp Ban Chỉ đạo ngày 03/3/2026"
# Strings the PDF text must give back exactly (issue 5: the seed's figures and wording).
EXACT_STRINGS = (
    "Đề án 06",
    "nhiệm vụ thường xuyên",
    "Ủy ban",
    "hoàn thành 16/16 nhiệm vụ",
    "tăng/giảm",
    "88,5%",
)

NQ57_PARAGRAPH = (
    "Tổng số nhiệm vụ Trung ương giao tỉnh là 103 nhiệm vụ, trong đó có 25 nhiệm vụ thường xuyên; "
    "đến nay đã hoàn thành 69 nhiệm vụ; 9 nhiệm vụ đang thực hiện trong hạn và không có nhiệm vụ quá hạn."
)
PHASES_PARAGRAPH = (
    "Giai đoạn 1 đã hoàn thành 16/16 nhiệm vụ; tỷ lệ hoàn thành chung đạt 88,5%, "
    "tăng/giảm 3 nhiệm vụ so với phiên họp ngày 03/02/2026."
)
PROJECT06_PARAGRAPH = (
    "Đề án 06: Ủy ban nhân dân tỉnh đã chỉ đạo các sở, ngành triển khai 1.234 hồ sơ trực tuyến toàn trình."
)

TASKS_TABLE = Table(
    title="Bảng 1. Kết quả thực hiện nhiệm vụ theo lĩnh vực",
    columns=("STT", "Lĩnh vực", "Tổng số", "Đã hoàn thành", "Tỷ lệ"),
    rows=(
        ("1", "Nghị quyết 57", "103", "69", "67,0%"),
        ("2", "Đề án 06", "16", "16", "100,0%"),
        ("3", "Cải cách hành chính", "1.234", "1.092", "88,5%"),
        ("", "Tổng cộng", "1.353", "1.177", "87,0%"),
    ),
    widths=(0.8, 4, 1.5, 1.8, 1.4),
    total_rows=1,
    note="Nguồn: Hệ thống theo dõi nhiệm vụ, số liệu đến ngày 03/3/2026.",
)

PROGRESS_CHART = Chart(
    title="Biểu đồ 1. Tiến độ nhiệm vụ theo lĩnh vực",
    kind=ChartKind.STACKED_BAR,
    categories=("Nghị quyết 57", "Đề án 06", "Cải cách hành chính"),
    series=(
        ChartSeries("Đã hoàn thành", (69, 16, 1092)),
        ChartSeries("Đang thực hiện", (25, 0, 100)),
        ChartSeries("Quá hạn", (9, 0, 42)),
    ),
    unit_label="nhiệm vụ",
)

OVERDUE_TABLE = Table(
    title="Nhiệm vụ quá hạn theo đơn vị chủ trì",
    columns=("STT", "Đơn vị chủ trì", "Người đứng đầu", "Quá hạn", "Sắp đến hạn", "Ghi chú"),
    rows=(
        ("1", "Sở Khoa học và Công nghệ", "Nguyễn Văn An", "3", "2", "=1+1"),
        ("2", "Sở Nội vụ", "Trần Thị Bình", "1", "0", "+84912345678"),
        ("3", "Công an tỉnh", "Lê Văn Cường", "0", "4", "@ghi chú"),
        ("", "Tổng cộng", "", "4", "6", ""),
    ),
    total_rows=1,
)


def header(number: int | None = None, *, subject_line: str = "") -> DocumentHeader:
    return DocumentHeader(
        parent_body="UBND TỈNH GIA LAI",
        issuing_body=ISSUING_BODY,
        number_line=format_number_line(number, "BC-BCĐ" if not subject_line else "BCĐ-VP"),
        place_date_line=format_place_date_line("Gia Lai", date(2026, 3, 3)),
        subject_line=subject_line,
    )


def signature() -> Signature:
    return Signature(
        authority_line="KT. TRƯỞNG BAN", title_line="PHÓ TRƯỞNG BAN", signer_name="Lâm Hải Giang"
    )


def recipients() -> Recipients:
    return Recipients(
        lines=("Thường trực Tỉnh ủy (b/c)", "Chủ tịch, các PCT UBND tỉnh", "Thành viên Ban Chỉ đạo"),
        archive="Lưu: VT, BCĐ",
    )


def briefing(*, number: int | None = None, extra_sections: int = 0) -> Document:
    """A meeting briefing: seed figures, a table with a total row, a chart, a landscape annex."""
    sections = [
        Section(
            "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
            (
                Paragraph("1. Nghị quyết số 57-NQ/TW", ParagraphStyle.ITEM),
                Paragraph(NQ57_PARAGRAPH),
                Paragraph("a) Các giai đoạn", ParagraphStyle.SUB_ITEM),
                Paragraph(PHASES_PARAGRAPH),
                Paragraph("2. Đề án 06", ParagraphStyle.ITEM),
                Paragraph(PROJECT06_PARAGRAPH),
                Paragraph(
                    "chậm cập nhật tiến độ 2 nhiệm vụ (đồng chí Nguyễn Văn An, Giám đốc).",
                    ParagraphStyle.BULLET,
                    bold_prefix="Sở Khoa học và Công nghệ: ",
                ),
                Paragraph("nhiệm vụ thường xuyên được báo cáo hằng tháng.", ParagraphStyle.BULLET),
                TASKS_TABLE,
                PROGRESS_CHART,
            ),
        ),
        Section(
            "II. TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT",
            (
                Paragraph(
                    "Một số đơn vị chưa gửi báo cáo đúng hạn; đề nghị Ủy ban nhân dân tỉnh chỉ đạo khắc phục."
                ),
                Paragraph("Số liệu tính đến ngày 03/3/2026.", ParagraphStyle.NOTE),
            ),
        ),
    ]
    for index in range(extra_sections):
        sections.append(long_section(index))
    return Document(
        kind="BC",
        header=header(number),
        type_name=TITLE,
        summary=SUMMARY,
        sections=tuple(sections),
        signature=signature(),
        recipients=recipients(),
        introduction=(
            Paragraph(
                "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;", ParagraphStyle.LEGAL_BASIS
            ),
            Paragraph(
                "Ban Chỉ đạo báo cáo kết quả thực hiện nhiệm vụ phục vụ phiên họp ngày 03/3/2026 như sau:"
            ),
        ),
        annexes=(
            Annex(
                title="Phụ lục I",
                subtitle="Nhiệm vụ quá hạn theo đơn vị chủ trì (kèm theo Báo cáo của Ban Chỉ đạo)",
                blocks=(OVERDUE_TABLE,),
                landscape=True,
            ),
        ),
        figures={"nq57.total": "103", "nq57.regular": "25", "nq57.done": "69", "phases.done": "16/16"},
        as_of="2026-03-03",
    )


def long_section(index: int) -> Section:
    """About two pages: paragraphs and a 25-row table, for page-count and speed tests."""
    rows = tuple(
        (
            str(row + 1),
            f"Sở, ngành số {row + 1} của tỉnh Gia Lai",
            str(10 + row),
            str(row % 4),
            f"{80 + row % 20},5%",
        )
        for row in range(25)
    )
    return Section(
        f"{index + 3}. Nội dung chi tiết số {index + 1}",
        (
            *(Paragraph(f"{PHASES_PARAGRAPH} {PROJECT06_PARAGRAPH} {NQ57_PARAGRAPH}") for _ in range(3)),
            Table(
                title=f"Bảng chi tiết số {index + 1}",
                columns=("STT", "Đơn vị", "Tổng số", "Quá hạn", "Tỷ lệ"),
                rows=rows,
                widths=(0.8, 4.5, 1.4, 1.4, 1.4),
            ),
        ),
        heading_style=ParagraphStyle.ITEM,
    )


def urging_letter() -> Document:
    """A công văn: no type name, the subject under the number, several addressees."""
    return Document(
        kind="CV",
        header=header(subject_line="V/v đôn đốc thực hiện nhiệm vụ quá hạn"),
        type_name="",
        summary="Đôn đốc thực hiện nhiệm vụ quá hạn",
        addressees=("Sở Khoa học và Công nghệ;", "Sở Nội vụ."),
        sections=(
            Section(
                "",
                (
                    Paragraph("Ban Chỉ đạo đề nghị các đơn vị hoàn thành các nhiệm vụ quá hạn sau đây:"),
                    Table(
                        title="",
                        columns=("STT", "Nhiệm vụ", "Thời hạn"),
                        rows=(("1", "Cập nhật dữ liệu dân cư", "28/02/2026"),),
                    ),
                ),
            ),
        ),
        signature=Signature("TL. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "Nguyễn Thị Hoa"),
        recipients=Recipients(lines=("Như trên",), archive="Lưu: VT, VP"),
    )
