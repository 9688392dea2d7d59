"""The Vietnamese messages of the import machinery that more than one module shows."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MESSAGE_PLAN_MOVED = (
    "Dữ liệu hiện có đã thay đổi kể từ lúc xem trước. Bản xem trước đã được cập nhật: "
    "hãy kiểm tra lại rồi bấm “Nhập dữ liệu” lần nữa."
)
MESSAGE_FILE_CHANGED = "Tệp đã lưu không còn khớp với tệp đã xem trước (sha256 khác); hãy tải tệp lên lại."


def failure_message(error: BaseException) -> str:
    """Why applying a batch failed, for the batch page; always says that nothing was written."""
    if isinstance(error, ValidationError):
        return "Nhập thất bại, chưa ghi gì: " + "; ".join(str(m) for m in error.messages)
    if isinstance(error, SystemExit | KeyboardInterrupt):
        return "Tiến trình nhập bị dừng đột ngột, chưa ghi gì. Có thể bấm “Nhập dữ liệu” để chạy lại."
    return f"Nhập thất bại, chưa ghi gì ({type(error).__name__}: {error}). Có thể bấm “Nhập dữ liệu” để chạy lại."
