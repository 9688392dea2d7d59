"""Every data-quality check as a declaration: code, criterion, severity, Vietnamese texts, legal basis, registers.

Codes: ``DQ-<CRITERION>-<NNN>`` with the criterion in Vietnamese without diacritics — DUNG (đúng), DU (đủ),
SACH (sạch), SONG (sống) — and a three-digit number that is never reused. A check whose rule changes keeps
its code and bumps ``version``; results record the versions they were computed with.

The SQL conditions live in ``rules.py`` (one ``Rule`` per check, register and field), the builders in
``queries.py``; ``reference.py`` is the pure Python twin the engine tests compare them with. Severity here is
the default; the configuration may override it (``config.py``). Measures (``CheckKind.MEASURE``: completeness)
produce counts, not per-record findings, and do not enter the record groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

__all__ = [
    "CATALOGUE_VERSION",
    "CHECKS",
    "Check",
    "CheckKind",
    "Criterion",
    "Severity",
    "check",
    "checks_for",
]

CATALOGUE_VERSION: Final = "dq-catalogue-1"
"""Version of the set of checks; bump it when a check is added or removed (a rule change bumps the check)."""

_CODE: Final = re.compile(r"^DQ-(DUNG|DU|SACH|SONG)-[0-9]{3}$")


class Criterion(StrEnum):
    """The four criteria of Project 06 data work (facts §5)."""

    DUNG = "dung"
    DU = "du"
    SACH = "sach"
    SONG = "song"

    @property
    def label(self) -> str:
        """The Vietnamese word."""
        return _CRITERION_LABELS[self]

    @property
    def code_part(self) -> str:
        """The criterion as it appears in check codes (DUNG, DU, SACH, SONG)."""
        return self.value.upper()


_CRITERION_LABELS: Final = {
    Criterion.DUNG: "Đúng",
    Criterion.DU: "Đủ",
    Criterion.SACH: "Sạch",
    Criterion.SONG: "Sống",
}


class Severity(StrEnum):
    """How bad a finding is. Any critical finding puts the record in group 3 ("phải xây dựng lại")."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Vietnamese label."""
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS: Final = {
    Severity.CRITICAL: "Nghiêm trọng",
    Severity.MAJOR: "Lớn",
    Severity.MINOR: "Nhỏ",
    Severity.WARNING: "Cảnh báo",
}


class CheckKind(StrEnum):
    """A check either lists findings per record or measures counts (completeness)."""

    FINDINGS = "findings"
    MEASURE = "measure"


@dataclass(frozen=True)
class Check:
    """One check of the catalogue."""

    code: str
    criterion: Criterion
    severity: Severity
    name: str
    description: str
    legal_basis: str
    registers: tuple[str, ...]
    version: int = 1
    kind: CheckKind = CheckKind.FINDINGS
    cross_register: bool = False

    def __post_init__(self) -> None:
        match = _CODE.fullmatch(self.code)
        if match is None or match.group(1) != self.criterion.code_part:
            raise ValueError(f"Mã kiểm tra «{self.code}» không đúng dạng DQ-<tiêu chí>-NNN.")

    @property
    def page(self) -> str:
        """The file name of its documentation page under docs/domain/data-quality/."""
        return self.code.lower() + ".md"


_ND137: Final = (
    "Nghị định 137/2015/NĐ-CP, Điều 13 (cấu trúc số định danh cá nhân); Luật Căn cước 2023, Điều 12"
)
_TT59: Final = "Thông tư 59/2021/TT-BCA (mã tỉnh nơi đăng ký khai sinh); facts §6.1: mã lạ chỉ cảnh báo"
_QD06: Final = "Quyết định 06/QĐ-TTg (Đề án 06): dữ liệu «đúng, đủ, sạch, sống»"
_ND137_ART4: Final = (
    "Nghị định 137/2015/NĐ-CP, Điều 4 (dữ liệu phải được kiểm tra, đối chiếu bảo đảm chính xác)"
)
_BHXH_LAW: Final = "Luật Bảo hiểm xã hội 2024; mã số BHXH 10 chữ số, mỗi người một mã (facts §6.3)"
_REFORM: Final = (
    "Sắp xếp đơn vị hành chính cấp xã từ 01/7/2025 (nghị quyết của Ủy ban Thường vụ Quốc hội cho từng tỉnh; "
    "facts §8); bảng chuyển đổi xã mới ← xã cũ của Cục Thống kê"
)

_BOTH: Final = ("dan_cu", "bhxh")

CHECKS: Final = {
    item.code: item
    for item in (
        Check(
            "DQ-DUNG-001",
            Criterion.DUNG,
            Severity.CRITICAL,
            "Số định danh đúng định dạng",
            "Số định danh cá nhân phải gồm đúng 12 chữ số.",
            _ND137,
            _BOTH,
        ),
        Check(
            "DQ-DUNG-002",
            Criterion.DUNG,
            Severity.CRITICAL,
            "Số định danh khớp năm sinh, giới tính",
            "Mã thế kỷ, giới tính (chữ số thứ 4) và hai số cuối năm sinh (chữ số thứ 5–6) của số định danh phải "
            "khớp với ngày sinh và giới tính của công dân.",
            _ND137,
            ("dan_cu",),
        ),
        Check(
            "DQ-DUNG-003",
            Criterion.DUNG,
            Severity.WARNING,
            "Mã địa danh có trong danh mục",
            "Mã tỉnh nơi đăng ký khai sinh (trong số định danh và trong trường riêng) phải thuộc danh mục 63 "
            "mã tỉnh; mã xã nơi cư trú phải có trong danh mục xã (hiện hành hoặc trước 01/7/2025). Mã lạ chỉ "
            "cảnh báo, không loại bản ghi.",
            _TT59,
            _BOTH,
        ),
        Check(
            "DQ-DUNG-004",
            Criterion.DUNG,
            Severity.CRITICAL,
            "Mã số BHXH đúng định dạng",
            "Mã số bảo hiểm xã hội phải gồm đúng 10 chữ số.",
            _BHXH_LAW,
            ("bhxh",),
        ),
        Check(
            "DQ-DUNG-005",
            Criterion.DUNG,
            Severity.MAJOR,
            "Ngày tháng hợp lệ, đúng thứ tự",
            "Ngày sinh không sau ngày tính và không trước mốc sớm nhất cấu hình; ngày mất không sau ngày tính, "
            "không trước ngày sinh và chỉ có khi đã mất; thời điểm cập nhật không sau ngày tính.",
            _ND137_ART4,
            _BOTH,
        ),
        Check(
            "DQ-DUNG-006",
            Criterion.DUNG,
            Severity.CRITICAL,
            "Người tham gia BHXH có trong CSDL dân cư",
            "Số định danh của người tham gia bảo hiểm xã hội phải có trong CSDL dân cư.",
            _ND137_ART4,
            ("bhxh",),
            cross_register=True,
        ),
        Check(
            "DQ-DUNG-007",
            Criterion.DUNG,
            Severity.MAJOR,
            "Họ tên, ngày sinh khớp CSDL dân cư",
            "Ngày sinh và họ tên (so theo dạng chuẩn NFC, không phân biệt hoa thường) của người tham gia bảo "
            "hiểm xã hội phải khớp với CSDL dân cư theo số định danh; họ tên chỉ khác dấu thuộc DQ-SACH-003.",
            _ND137_ART4,
            ("bhxh",),
            cross_register=True,
        ),
        Check(
            "DQ-DU-001",
            Criterion.DU,
            Severity.CRITICAL,
            "Có mã định danh của bản ghi",
            "Bản ghi dân cư phải có số định danh; bản ghi bảo hiểm xã hội phải có mã số BHXH.",
            _QD06,
            _BOTH,
        ),
        Check(
            "DQ-DU-002",
            Criterion.DU,
            Severity.MAJOR,
            "Đủ trường bắt buộc",
            "Mọi trường bắt buộc của sổ phải có giá trị (chuỗi rỗng tính là thiếu); ngày mất bắt buộc khi "
            "tình trạng là đã mất.",
            _QD06,
            _BOTH,
        ),
        Check(
            "DQ-DU-003",
            Criterion.DU,
            Severity.MINOR,
            "Mức đầy đủ theo trường và theo bản ghi",
            "Đếm, theo sổ và xã, số bản ghi, số bản ghi có giá trị ở từng trường và số bản ghi đủ mọi trường "
            "bắt buộc (số đo, không tạo phát hiện).",
            _QD06,
            _BOTH,
            kind=CheckKind.MEASURE,
        ),
        Check(
            "DQ-SACH-001",
            Criterion.SACH,
            Severity.CRITICAL,
            "Không trùng khoá",
            "Một số định danh chỉ có một bản ghi dân cư; một mã số BHXH và một số định danh chỉ có một bản "
            "ghi bảo hiểm xã hội.",
            _BHXH_LAW + "; " + _ND137,
            _BOTH,
        ),
        Check(
            "DQ-SACH-002",
            Criterion.SACH,
            Severity.MINOR,
            "Đúng định dạng chuẩn",
            "Họ tên ở dạng chuẩn (Unicode NFC, một dấu cách giữa các từ, không có dấu cách thừa); giá trị mã "
            "hoá thuộc danh mục (giới tính, tình trạng); mã tỉnh 3 chữ số, mã xã 5 chữ số.",
            _QD06,
            _BOTH,
        ),
        Check(
            "DQ-SACH-003",
            Criterion.SACH,
            Severity.MINOR,
            "Họ tên sai dấu so với CSDL dân cư",
            "Họ tên trên sổ bảo hiểm xã hội chỉ trùng với CSDL dân cư khi bỏ dấu (ví dụ «Hùng» và «Hưng»): "
            "sai dấu, không tính là đúng.",
            _QD06 + "; " + _ND137_ART4,
            ("bhxh",),
            cross_register=True,
        ),
        Check(
            "DQ-SONG-001",
            Criterion.SONG,
            Severity.MAJOR,
            "Người đã mất còn tham gia BHXH",
            "Người có tình trạng đã mất trong CSDL dân cư không còn được ghi đang tham gia bảo hiểm xã hội.",
            _QD06 + "; " + _BHXH_LAW,
            ("bhxh",),
            cross_register=True,
        ),
        Check(
            "DQ-SONG-002",
            Criterion.SONG,
            Severity.MAJOR,
            "Nơi cư trú là xã không còn tồn tại",
            "Mã xã nơi cư trú phải là mã xã, phường hiện hành; mã của xã đã sắp xếp (trước 01/7/2025) phải "
            "được cập nhật theo bảng chuyển đổi.",
            _REFORM,
            _BOTH,
        ),
        Check(
            "DQ-SONG-003",
            Criterion.SONG,
            Severity.MINOR,
            "Dữ liệu được cập nhật trong hạn",
            "Thời điểm cập nhật không cũ hơn khoảng thời gian cấu hình cho từng sổ và trường (mặc định tắt với "
            "CSDL dân cư).",
            _QD06,
            _BOTH,
        ),
    )
}


def check(code: str) -> Check:
    """The check with this code; ValueError if unknown."""
    try:
        return CHECKS[code]
    except KeyError:
        raise ValueError(f"Không có kiểm tra «{code}».") from None


def checks_for(register: str, *, kind: CheckKind | None = CheckKind.FINDINGS) -> tuple[Check, ...]:
    """The checks applying to a register (findings checks by default; kind=None for all)."""
    return tuple(
        item for item in CHECKS.values() if register in item.registers and (kind is None or item.kind is kind)
    )
