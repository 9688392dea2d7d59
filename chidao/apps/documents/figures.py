"""Names of the figures a document quotes ("nq57.total" → "Tổng số nhiệm vụ"), for the figures table of a
document's page. Keys are listed in docs/domain/briefing.md."""

from __future__ import annotations

from typing import Final

# Longest suffix first: "completed_last_year.late" before "late".
SUFFIX_LABELS: Final = (
    ("completed_last_year.late", "Hoàn thành quá hạn trong năm trước"),
    ("completed_last_year", "Hoàn thành trong năm trước"),
    ("change.done", "Thay đổi số nhiệm vụ hoàn thành"),
    ("change.overdue", "Thay đổi số nhiệm vụ quá hạn"),
    ("change.total", "Thay đổi tổng số nhiệm vụ"),
    ("done_within_phase", "Hoàn thành trong giai đoạn"),
    ("in_progress_on_time", "Đang thực hiện trong hạn"),
    ("working_days_late", "Số ngày làm việc quá hạn"),
    ("units_not_named", "Đơn vị không nêu tên trong báo cáo"),
    ("missing_reports", "Báo cáo định kỳ chưa gửi"),
    ("on_time_share", "Tỷ lệ hoàn thành đúng hạn"),
    ("done_on_time", "Hoàn thành đúng hạn"),
    ("done_late", "Hoàn thành quá hạn"),
    ("time_bound", "Nhiệm vụ có thời hạn"),
    ("recurring", "Nhiệm vụ thường xuyên"),
    ("suspended", "Tạm dừng"),
    ("stopped", "Dừng thực hiện"),
    ("remaining", "Chưa hoàn thành"),
    ("due_soon", "Sắp đến hạn"),
    ("overdue", "Quá hạn"),
    ("total", "Tổng số nhiệm vụ"),
    ("done", "Đã hoàn thành"),
)
KEY_LABELS: Final = {
    "as_of": "Số liệu tính đến ngày",
    "meeting.date": "Ngày họp",
    "comparison.since": "So sánh với ngày",
    "attention.units": "Đơn vị chủ trì cần lưu ý",
    "directives.open": "Yêu cầu giải trình, ý kiến chỉ đạo chưa phản hồi",
    "reply_by": "Hạn báo cáo lại",
}


def figure_label(key: str) -> str:
    """The Vietnamese name of a figure's key; the key itself when none is known."""
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    for suffix, label in SUFFIX_LABELS:
        if key == suffix or key.endswith(f".{suffix}"):
            return label
    return key


def figure_rows(figures: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, label, value) for each figure, in the order the document quotes them."""
    return [(key, figure_label(key), value) for key, value in figures.items()]
