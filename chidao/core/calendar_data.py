"""Pinned days off and make-up working days of state agencies for 2025–2027.

Each entry records its legal basis and whether it was confirmed by an issued notice or projected
from the Labour Code 2019 (art. 111.3: a holiday falling on the weekly rest day is compensated on
the next working day; art. 112: the holidays). Projected entries must be checked by an
administrator when the year's notice is issued, and corrected through the override table.
The same table, with sources, is in docs/domain/calendar.md: keep both in step.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from chidao.core.calendar import CalendarEntry, Confidence, DayKind

__all__ = ["PINNED_ENTRIES", "PINNED_YEARS"]

PINNED_YEARS: Final = frozenset({2025, 2026, 2027})

LABOUR_CODE_HOLIDAYS: Final = "Bộ luật Lao động 2019, Điều 112 khoản 1"
LABOUR_CODE_COMPENSATION: Final = (
    "Bộ luật Lao động 2019, Điều 111 khoản 3 (nghỉ bù ngày lễ trùng ngày nghỉ hằng tuần)"
)
NOTICE_2025: Final = (
    "Thông báo 6150/TB-LĐTBXH năm 2024 của Bộ Lao động - Thương binh và Xã hội, thực hiện "
    "Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ"
)
NOTICE_NEW_YEAR_2026: Final = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ"
NOTICE_2026: Final = "Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ"
RESOLUTION_CULTURE_DAY: Final = (
    "Nghị quyết 80-NQ/TW (01/2026) của Bộ Chính trị về phát triển văn hóa Việt Nam"
)

_NOT_YET_NOTIFIED: Final = (
    "Dự kiến theo Bộ luật Lao động; chưa có thông báo (có thể thêm hoán đổi ngày làm việc)."
)
_CULTURE_DAY_NOTE: Final = (
    "Dự kiến: Bộ Chính trị chủ trương 24/11 hằng năm là ngày nghỉ hưởng nguyên lương; "
    "chưa có văn bản quy phạm sửa Điều 112 Bộ luật Lao động. Quản trị viên xác nhận hoặc ghi đè."
)


def _off(
    start: date,
    end: date,
    name: str,
    legal_basis: str,
    confidence: Confidence,
    note: str = "",
) -> CalendarEntry:
    return CalendarEntry(start, end, DayKind.DAY_OFF, name, legal_basis, confidence, note)


def _worked(day: date, name: str, legal_basis: str, confidence: Confidence, note: str = "") -> CalendarEntry:
    return CalendarEntry(day, day, DayKind.MAKE_UP_WORKING_DAY, name, legal_basis, confidence, note)


_CONFIRMED: Final = Confidence.CONFIRMED
_PROJECTED: Final = Confidence.PROJECTED

_ENTRIES_2025: Final = (
    _off(date(2025, 1, 1), date(2025, 1, 1), "Tết Dương lịch", LABOUR_CODE_HOLIDAYS, _CONFIRMED),
    _off(
        date(2025, 1, 25),
        date(2025, 2, 2),
        "Tết Âm lịch Ất Tỵ",
        NOTICE_2025,
        _CONFIRMED,
        "Nghỉ 9 ngày liên tục (26 tháng Chạp đến mùng 5 tháng Giêng); ngày làm việc được nghỉ: 27–31/01.",
    ),
    _off(
        date(2025, 4, 7),
        date(2025, 4, 7),
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        LABOUR_CODE_HOLIDAYS,
        _CONFIRMED,
    ),
    _worked(
        date(2025, 4, 26),
        "Làm bù cho thứ Sáu 02/05/2025",
        NOTICE_2025,
        _CONFIRMED,
        "Hoán đổi để nghỉ 5 ngày liên tục 30/4–04/5/2025.",
    ),
    _off(date(2025, 4, 30), date(2025, 4, 30), "Ngày Chiến thắng 30/4", LABOUR_CODE_HOLIDAYS, _CONFIRMED),
    _off(date(2025, 5, 1), date(2025, 5, 1), "Ngày Quốc tế Lao động 1/5", LABOUR_CODE_HOLIDAYS, _CONFIRMED),
    _off(
        date(2025, 5, 2),
        date(2025, 5, 2),
        "Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)",
        NOTICE_2025,
        _CONFIRMED,
    ),
    _off(
        date(2025, 9, 1),
        date(2025, 9, 2),
        "Quốc khánh 2/9",
        NOTICE_2025,
        _CONFIRMED,
        "Nghỉ từ thứ Bảy 30/8 đến hết thứ Ba 02/9/2025 (2 ngày lễ và 2 ngày nghỉ hằng tuần).",
    ),
)

_ENTRIES_2026: Final = (
    _off(date(2026, 1, 1), date(2026, 1, 1), "Tết Dương lịch", LABOUR_CODE_HOLIDAYS, _CONFIRMED),
    _off(
        date(2026, 1, 2),
        date(2026, 1, 2),
        "Nghỉ hoán đổi Tết Dương lịch (làm bù thứ Bảy 10/01/2026)",
        NOTICE_NEW_YEAR_2026,
        _CONFIRMED,
        "Nghỉ 4 ngày liên tục 01–04/01/2026. Nguồn đối chiếu: báo chí đưa tin công văn.",
    ),
    _worked(
        date(2026, 1, 10),
        "Làm bù cho thứ Sáu 02/01/2026",
        NOTICE_NEW_YEAR_2026,
        _CONFIRMED,
        "Nguồn đối chiếu: báo chí đưa tin công văn.",
    ),
    _off(
        date(2026, 2, 14),
        date(2026, 2, 22),
        "Tết Âm lịch Bính Ngọ",
        NOTICE_2026,
        _CONFIRMED,
        "Nghỉ 9 ngày liên tục (27 tháng Chạp đến mùng 6 tháng Giêng); ngày làm việc được nghỉ: 16–20/02.",
    ),
    _off(
        date(2026, 4, 26),
        date(2026, 4, 26),
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        "Rơi vào Chủ nhật.",
    ),
    _off(
        date(2026, 4, 27),
        date(2026, 4, 27),
        "Nghỉ bù Giỗ Tổ Hùng Vương",
        LABOUR_CODE_COMPENSATION,
        _PROJECTED,
        "Giỗ Tổ 26/04/2026 rơi vào Chủ nhật nên nghỉ bù thứ Hai 27/04/2026. " + _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2026, 4, 30),
        date(2026, 4, 30),
        "Ngày Chiến thắng 30/4",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2026, 5, 1),
        date(2026, 5, 1),
        "Ngày Quốc tế Lao động 1/5",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        _NOT_YET_NOTIFIED,
    ),
    _worked(
        date(2026, 8, 22),
        "Làm bù cho thứ Hai 31/08/2026",
        NOTICE_2026,
        _CONFIRMED,
        "Nguồn đối chiếu: báo chí (đề xuất nghỉ 5 ngày dịp 2/9 của Bộ Nội vụ) và thư viện python-holidays "
        "0.109 (trích thuvienphapluat.vn); chưa đối chiếu nguyên văn thông báo.",
    ),
    _off(
        date(2026, 8, 31),
        date(2026, 8, 31),
        "Nghỉ hoán đổi Quốc khánh (làm bù thứ Bảy 22/08/2026)",
        NOTICE_2026,
        _CONFIRMED,
        "Nghỉ 5 ngày liên tục 29/8–02/9/2026. Nguồn đối chiếu như ngày 22/08/2026.",
    ),
    _off(
        date(2026, 9, 1),
        date(2026, 9, 2),
        "Quốc khánh 2/9",
        NOTICE_2026,
        _CONFIRMED,
        "2/9 và ngày liền kề trước (thứ Ba 01/9). Nguồn đối chiếu như ngày 22/08/2026.",
    ),
    _off(
        date(2026, 11, 24),
        date(2026, 11, 24),
        "Ngày Văn hóa Việt Nam",
        RESOLUTION_CULTURE_DAY,
        _PROJECTED,
        _CULTURE_DAY_NOTE,
    ),
)

_ENTRIES_2027: Final = (
    _off(
        date(2027, 1, 1),
        date(2027, 1, 1),
        "Tết Dương lịch",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2027, 2, 4),
        date(2027, 2, 10),
        "Tết Âm lịch Đinh Mùi",
        f"{LABOUR_CODE_HOLIDAYS}; {LABOUR_CODE_COMPENSATION}",
        _PROJECTED,
        "Mùng 1 Tết là thứ Bảy 06/02/2027: 5 ngày Tết (29 Tết đến mùng 3) cộng nghỉ bù mùng 1, mùng 2 "
        "(thứ Bảy, Chủ nhật), tức nghỉ 04/02 (29 Tết) đến 10/02 (mùng 5), như phương án năm 2024 khi mùng 1 "
        "cũng là thứ Bảy. Chờ thông báo của Bộ Nội vụ.",
    ),
    _off(
        date(2027, 4, 16),
        date(2027, 4, 16),
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2027, 4, 30),
        date(2027, 4, 30),
        "Ngày Chiến thắng 30/4",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2027, 5, 1),
        date(2027, 5, 1),
        "Ngày Quốc tế Lao động 1/5",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        "Rơi vào thứ Bảy.",
    ),
    _off(
        date(2027, 5, 3),
        date(2027, 5, 3),
        "Nghỉ bù Ngày Quốc tế Lao động",
        LABOUR_CODE_COMPENSATION,
        _PROJECTED,
        "1/5/2027 rơi vào thứ Bảy nên nghỉ bù thứ Hai 03/05/2027. " + _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2027, 9, 2),
        date(2027, 9, 3),
        "Quốc khánh 2/9",
        LABOUR_CODE_HOLIDAYS,
        _PROJECTED,
        "2/9 là thứ Năm; ngày liền kề do Thủ tướng quyết định, dự kiến thứ Sáu 03/9 (như năm 2021). "
        + _NOT_YET_NOTIFIED,
    ),
    _off(
        date(2027, 11, 24),
        date(2027, 11, 24),
        "Ngày Văn hóa Việt Nam",
        RESOLUTION_CULTURE_DAY,
        _PROJECTED,
        _CULTURE_DAY_NOTE,
    ),
)

PINNED_ENTRIES: Final[tuple[CalendarEntry, ...]] = _ENTRIES_2025 + _ENTRIES_2026 + _ENTRIES_2027
