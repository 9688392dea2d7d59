"""Rows of the service-index datasets as plain Python values (schema.py describes the same columns).

The pure rules (timeliness, indicator membership) read these records; tests, the demo generator and the
drill-down use ``to_row()`` to get the dataset row in column order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from chidao.core.service_index.schema import (
    HO_SO,
    PHAN_ANH,
    THU_TUC,
    Channel,
    LimitUnit,
    OnlineLevel,
    PaidOnline,
    Rating,
)

__all__ = ["DossierRecord", "FeedbackRecord", "ProcedureRecord", "PublishedScore", "month_of"]


def month_of(moment: datetime | date) -> str:
    """The partition month 'YYYY-MM' of a date or local timestamp."""
    return f"{moment.year:04d}-{moment.month:02d}"


@dataclass(frozen=True)
class DossierRecord:
    """One dossier (a ``ho_so`` row); the defaults describe a direct, undigitised, unrated dossier."""

    dossier_code: str
    procedure_code: str
    unit_code: str
    received_at: datetime
    appointment_at: datetime | None = None
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    stopped_at: datetime | None = None
    stop_kind: str | None = None
    supplement_count: int = 0
    first_supplement_requested_at: datetime | None = None
    supplement_wait_seconds: int = 0
    supplement_open_since: datetime | None = None
    channel: int | None = Channel.DIRECT.value
    fee_amount: int | None = None
    paid_online: int = PaidOnline.NO.value
    result_code: str | None = None
    result_file_link: str | None = None
    inputs_digitised: bool = False
    reused_digitised: bool = False
    from_personal_store: bool = False
    pushed_to_personal_store: bool = False
    vneid_authenticated: bool = False
    synced_to_portal: bool = False
    rating: str | None = None
    complained: bool = False
    source_system: str = "mot-cua"

    @property
    def month(self) -> str:
        """The received month, the partition the row belongs to."""
        return month_of(self.received_at)

    @property
    def disliked(self) -> bool:
        """The citizen rated the handling "không hài lòng"."""
        return self.rating == Rating.DISLIKED.value

    def to_row(self) -> dict[str, Any]:
        """The ``ho_so`` row, keys in schema order."""
        values = {name: getattr(self, name) for name in HO_SO.column_names}
        return values


@dataclass(frozen=True)
class ProcedureRecord:
    """One procedure of the catalogue snapshot (a ``thu_tuc`` row)."""

    code: str
    name: str = ""
    snapshot_month: str = "2025-01"
    level: str | None = None
    online_level: str = OnlineLevel.NONE.value
    fee_bearing: bool = False
    paper_result: bool = False
    statutory_limit_value: float | None = None
    statutory_limit_unit: str | None = None
    citizen_subject: bool = False
    publication_decision_code: str | None = None
    publication_decision_date: date | None = None
    legal_basis_effective_date: date | None = None
    publicised_at: datetime | None = None
    components_complete: bool | None = None

    @property
    def limit_unit(self) -> LimitUnit | None:
        """The unit of the statutory limit, if it is one the rules know."""
        try:
            return LimitUnit(self.statutory_limit_unit) if self.statutory_limit_unit else None
        except ValueError:
            return None

    @property
    def online(self) -> bool:
        """Offered as an online public service (toàn trình or một phần)."""
        return self.online_level in (OnlineLevel.FULL.value, OnlineLevel.PARTIAL.value)

    def to_row(self) -> dict[str, Any]:
        """The ``thu_tuc`` row, keys in schema order (``month`` is the snapshot month)."""
        values = {name: getattr(self, name) for name in THU_TUC.column_names if name != "month"}
        values["month"] = self.snapshot_month
        return values


@dataclass(frozen=True)
class FeedbackRecord:
    """One citizen or business feedback (a ``phan_anh`` row)."""

    feedback_code: str
    unit_code: str
    received_at: datetime
    deadline_at: datetime | None = None
    handled_at: datetime | None = None
    rejected_at: datetime | None = None
    supplement_requested_at: datetime | None = None
    published_at: datetime | None = None
    likes: int = 0
    dislikes: int = 0
    re_complained: bool = False
    source_system: str = "pakn"

    @property
    def month(self) -> str:
        """The month of first receipt, the partition the row belongs to."""
        return month_of(self.received_at)

    def to_row(self) -> dict[str, Any]:
        """The ``phan_anh`` row, keys in schema order."""
        return {name: getattr(self, name) for name in PHAN_ANH.column_names}


_CENT = Decimal("0.01")


@dataclass(frozen=True)
class PublishedScore:
    """An official score from the monthly notice: one unit, one month, one group (0 = the total)."""

    unit_code: str
    month: str
    group_number: int
    score: Decimal
    max_points: Decimal
    source_document: str

    def __post_init__(self) -> None:
        if not 0 <= self.group_number <= 5:
            raise ValueError(f"Nhóm chỉ số phải từ 0 (tổng) đến 5, nhận {self.group_number}.")
        score = Decimal(str(self.score)).quantize(_CENT)
        max_points = Decimal(str(self.max_points)).quantize(_CENT)
        if not Decimal(0) <= score <= max_points:
            raise ValueError(f"Điểm công bố {score} nằm ngoài khoảng 0–{max_points}.")
        object.__setattr__(self, "score", score)
        object.__setattr__(self, "max_points", max_points)
