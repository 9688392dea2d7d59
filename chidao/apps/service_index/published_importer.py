"""Importer of the monthly notice of official index scores (xlsx or csv): unit, month, group scores, total, rank.

Registered with the exchange framework from ``ServiceIndexConfig.ready`` (the framework discovers
``<app>/importers``, which in this app is the dossier importers' package; this module stays apart so the two
never collide). Keep-good-rows: a wrong row is reported, the others are written. One row per unit and month;
re-importing a month replaces that unit's figures of the month. Empty group cells are left as they were
(the notice does not always give every group); the figures are never synthesised. Optional columns
"Chỉ số 1.1" … "Chỉ số 1.4" carry the published rates of group 1 (percent), stored as ``PublishedRate``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.exchange.registry import ApplyResult, Importer, Progress, register_importer
from chidao.apps.organisation.selectors import unit_list_for_user
from chidao.apps.service_index.models import PublishedRate, PublishedScore
from chidao.apps.service_index.services import published_rate_save, published_score_save
from chidao.core.importing import (
    CellError,
    Column,
    DecimalField,
    ImportMode,
    IntegerField,
    ParsedRow,
    PlannedRow,
    Reference,
    ReferenceIndex,
    TextField,
)

MONTH_PATTERN: Final = r"\d{4}-(0[1-9]|1[0-2])"
GROUP_KEYS: Final = ("total", "group_1", "group_2", "group_3", "group_4", "group_5")
GROUP_NUMBERS: Final = {"total": 0, "group_1": 1, "group_2": 2, "group_3": 3, "group_4": 4, "group_5": 5}
_MAXIMA: Final = {0: 100, 1: 18, 2: 20, 3: 22, 4: 22, 5: 18}
# Column key → the group-1 indicator whose published rate (percent) it carries.
RATE_INDICATORS: Final = {"rate_1_1": "1.1", "rate_1_2": "1.2", "rate_1_3": "1.3", "rate_1_4": "1.4"}
RATE_KEYS: Final = tuple(RATE_INDICATORS)


def _score(key: str, header: str, aliases: tuple[str, ...]) -> Column:
    maximum = Decimal(_MAXIMA[GROUP_NUMBERS[key]])
    return Column(key, header, DecimalField(Decimal(0), maximum, 2), aliases=aliases)


COLUMNS: Final = (
    Column(
        "unit",
        "Đơn vị (mã hoặc tên hiện hành)",
        TextField(max_length=255),
        required=True,
        aliases=("Đơn vị", "Mã đơn vị", "Tên đơn vị"),
    ),
    Column(
        "month",
        "Tháng",
        TextField(max_length=7, pattern=MONTH_PATTERN, pattern_hint="dạng 2025-11"),
        required=True,
        aliases=("Kỳ",),
    ),
    _score("group_1", "Nhóm 1", ("Công khai, minh bạch",)),
    _score("group_2", "Nhóm 2", ("Tiến độ, kết quả giải quyết",)),
    _score("group_3", "Nhóm 3", ("Số hóa hồ sơ",)),
    _score("group_4", "Nhóm 4", ("Cung cấp dịch vụ trực tuyến",)),
    _score("group_5", "Nhóm 5", ("Mức độ hài lòng",)),
    _score("total", "Tổng điểm", ("Tổng", "Điểm")),
    *(
        Column(
            key,
            f"Chỉ số {indicator_id} (%)",
            DecimalField(Decimal(0), Decimal(100), 2),
            aliases=(f"Tỷ lệ {indicator_id}", f"Chỉ số {indicator_id}"),
        )
        for key, indicator_id in RATE_INDICATORS.items()
    ),
    Column("rank", "Xếp hạng", IntegerField(minimum=1), aliases=("Hạng", "Thứ hạng")),
    Column("rank_of", "Trên tổng số", IntegerField(minimum=1), aliases=("Tổng số đơn vị",)),
    Column("source_document", "Nguồn", TextField(max_length=300), required=True, aliases=("Thông báo",)),
)
COMPARED: Final = (*GROUP_KEYS, *RATE_KEYS, "rank", "rank_of", "source_document")


@register_importer
class PublishedScoresImporter(Importer):
    """Official scores of the monthly notice, keyed by unit and month."""

    code = "service_index_published_scores"
    title = "Điểm chỉ số phục vụ chính thức (thông báo hằng tháng)"
    description = (
        "Mỗi dòng một đơn vị, một tháng: điểm từng nhóm (nếu có), tổng điểm, xếp hạng, nguồn và (nếu có) "
        "các tỷ lệ chỉ số 1.1–1.4 lấy từ số liệu công bố. "
        "Nhập lại cùng đơn vị, tháng thì thay điểm của tháng đó. Quản trị hệ thống, thường trực được dùng."
    )
    mode = ImportMode.KEEP_GOOD_ROWS
    columns = COLUMNS
    key_column = "unit"
    compared = COMPARED

    def may_use(self, user: Any) -> bool:
        """Administrators and the secretariat."""
        return bool(getattr(user, "is_authenticated", False)) and user_scope(user).has_role(
            Role.ADMINISTRATOR, Role.SECRETARIAT
        )

    def key_of(self, row: ParsedRow) -> str:
        """ "<unit id>|<month>" once the unit is resolved ("" before: the row is in error)."""
        unit_id, month = row.values.get("unit_id"), row.values.get("month")
        return f"{unit_id}|{month}" if unit_id and month else ""

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        """Resolve the unit by code or current name; a row needs at least one score or published rate."""
        units = ReferenceIndex(
            Reference(unit.pk, unit.code, unit.name)
            for unit in unit_list_for_user(actor, as_of=timezone.localdate())
        )
        refined = []
        for row in rows:
            values: dict[str, object] = {}
            issues = []
            text = row.values.get("unit")
            if text:
                try:
                    unit = units.resolve(str(text))
                except CellError as error:
                    issues.append(row.issue_at("unit", error.message))
                else:
                    values["unit_id"] = unit.id
            if all(row.values.get(key) is None for key in (*GROUP_KEYS, *RATE_KEYS)):
                issues.append(
                    row.issue_at("total", "Dòng không có điểm nào (tổng, nhóm hoặc tỷ lệ 1.1–1.4).")
                )
            refined.append(row.refined(values, issues))
        return refined

    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        """The stored scores of each (unit, month) asked for."""
        pairs = [key.split("|", 1) for key in keys]
        unit_ids = {int(unit_id) for unit_id, _ in pairs}
        months = {month for _, month in pairs}
        current: dict[str, dict[str, object]] = {}
        for score in PublishedScore.objects.filter(unit_id__in=unit_ids, month__in=months):
            key = f"{score.unit_id}|{score.month}"
            if key not in keys:
                continue
            record = current.setdefault(key, dict.fromkeys(COMPARED))
            name = next(name for name, number in GROUP_NUMBERS.items() if number == score.group_number)
            record[name] = score.score
            if score.group_number == 0:
                record.update(rank=score.rank, rank_of=score.rank_of, source_document=score.source_document)
        keys_by_indicator = {indicator_id: key for key, indicator_id in RATE_INDICATORS.items()}
        for rate in PublishedRate.objects.filter(unit_id__in=unit_ids, month__in=months):
            key = f"{rate.unit_id}|{rate.month}"
            if key in keys:
                current.setdefault(key, dict.fromkeys(COMPARED))[keys_by_indicator[rate.indicator_id]] = (
                    rate.rate
                )
        return current

    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        """Write each given score of each row (one record per unit, month and group)."""
        units = {
            unit.pk: unit
            for unit in unit_list_for_user(actor, as_of=timezone.localdate()).filter(
                pk__in={int(str(row.row.values["unit_id"])) for row in rows}
            )
        }
        written = rates = 0
        for index, planned in enumerate(rows, start=1):
            values = planned.row.values
            unit = units[int(str(values["unit_id"]))]
            for key in GROUP_KEYS:
                score = values.get(key)
                if score is None:
                    continue
                published_score_save(
                    actor=actor,
                    unit=unit,
                    month=str(values["month"]),
                    group_number=GROUP_NUMBERS[key],
                    score=Decimal(str(score)),
                    rank=values.get("rank") if key == "total" else None,  # type: ignore[arg-type]
                    rank_of=values.get("rank_of") if key == "total" else None,  # type: ignore[arg-type]
                    source_document=str(values["source_document"]),
                    origin=PublishedScore.Origin.IMPORTED,
                )
                written += 1
            for key, indicator_id in RATE_INDICATORS.items():
                rate = values.get(key)
                if rate is None:
                    continue
                published_rate_save(
                    actor=actor,
                    unit=unit,
                    month=str(values["month"]),
                    indicator_id=indicator_id,
                    rate=Decimal(str(rate)),
                    source_document=str(values["source_document"]),
                    origin=PublishedRate.Origin.IMPORTED,
                )
                rates += 1
            progress(100 * index / len(rows), f"Đã ghi {index}/{len(rows)} dòng")
        return ApplyResult(
            message=(
                f"Đã ghi {written} điểm chính thức và {rates} tỷ lệ công bố của {len(rows)} đơn vị, tháng."
            ),
            counts={"scores": written, "rates": rates, "rows": len(rows)},
        )
