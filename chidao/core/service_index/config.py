"""The versioned configuration of the index: points, thresholds, bands, the "sắp đến hạn" window.

Only the group maxima (18/20/22/22/18) and a few sub-indicator points are confirmed (facts §1.3, §11);
every other number is an explicit, labelled choice in a JSON file, so changing it is a new version, not a
code change. Every result records the version it was computed with.

``load_config`` validates a parsed JSON object and reports every problem at once, in Vietnamese:
points per group must add up to the Decision's maximum, every scored indicator must have one entry, a
threshold is in (0, 100], the bands cover 0–100 without gap or overlap. ``default_config`` reads the
packaged ``config_2022_766_v1.json`` — a read-only resource of the package, the one file this pure
package reads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any, Final

from chidao.core.calendar import WorkingCalendar
from chidao.core.service_index.catalogue import GROUPS, INDICATORS, group
from chidao.core.service_index.timeliness import TimelinessPolicy

__all__ = [
    "DEFAULT_CONFIG_FILE",
    "Band",
    "ConfigError",
    "IndexConfig",
    "IndicatorSetting",
    "NotApplicable",
    "default_config",
    "load_config",
]

DEFAULT_CONFIG_FILE: Final = "config_2022_766_v1.json"
HUNDRED: Final = Decimal(100)


class ConfigError(ValueError):
    """An invalid configuration; ``problems`` lists every problem found (Vietnamese, for administrators)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Cấu hình chỉ số không hợp lệ:\n- " + "\n- ".join(problems))
        self.problems = tuple(problems)


class NotApplicable(StrEnum):
    """How a group total treats a sub-indicator with a zero denominator (N/A).

    ZERO_POINTS: the N/A indicator earns nothing and the group keeps its full maximum (a unit is never
    rewarded for having no dossiers of a kind). RESCALE_GROUP: the group's points are scaled to its
    maximum over the indicators that have data.
    """

    ZERO_POINTS = "zero_points"
    RESCALE_GROUP = "rescale_group"


@dataclass(frozen=True)
class IndicatorSetting:
    """Points and full-points threshold of one scored sub-indicator."""

    indicator_id: str
    points: Decimal
    points_confirmed: bool
    threshold: Decimal
    threshold_confirmed: bool
    basis: str

    @property
    def points_status(self) -> str:
        """ "đã xác nhận" or "chưa xác nhận", shown beside the points."""
        return "đã xác nhận" if self.points_confirmed else "chưa xác nhận"


@dataclass(frozen=True)
class Band:
    """A score band [lower, upper); the last band also holds 100."""

    code: str
    name: str
    lower: Decimal
    upper: Decimal
    confirmed: bool
    basis: str

    def contains(self, score: Decimal) -> bool:
        """Whether ``score`` falls in the band."""
        return self.lower <= score < self.upper or (self.upper == HUNDRED and score == HUNDRED)


@dataclass(frozen=True)
class IndexConfig:
    """A validated configuration."""

    version: str
    title: str
    settings: Mapping[str, IndicatorSetting]
    bands: tuple[Band, ...]
    due_soon_working_days: int
    due_soon_confirmed: bool
    not_applicable: NotApplicable

    def setting(self, indicator_id: str) -> IndicatorSetting:
        """The points and threshold of a scored indicator."""
        return self.settings[indicator_id]

    def band_for(self, score: Decimal) -> Band:
        """The band holding ``score`` (0–100)."""
        for band in self.bands:
            if band.contains(score):
                return band
        raise ValueError(f"Điểm {score} nằm ngoài 0–100.")

    def next_band(self, band: Band) -> Band | None:
        """The band above ``band`` (None for the top band)."""
        position = self.bands.index(band)
        return self.bands[position + 1] if position + 1 < len(self.bands) else None

    def timeliness_policy(self, calendar: WorkingCalendar) -> TimelinessPolicy:
        """The timeliness policy of this configuration with the given working calendar."""
        return TimelinessPolicy(calendar, self.due_soon_working_days)


def _decimal(value: Any, where: str, problems: list[str]) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        problems.append(f'{where}: cần một số viết dạng chuỗi (ví dụ "4" hoặc "2.5"), nhận {value!r}.')
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        problems.append(f"{where}: «{value}» không phải là số.")
        return None
    if not number.is_finite():
        problems.append(f"{where}: «{value}» không phải là số hữu hạn.")
        return None
    return number


def _flag(value: Any, where: str, problems: list[str]) -> bool:
    if not isinstance(value, bool):
        problems.append(f"{where}: cần true hoặc false, nhận {value!r}.")
        return False
    return value


def _settings(data: Mapping[str, Any], problems: list[str]) -> dict[str, IndicatorSetting]:
    entries = data.get("indicators")
    if not isinstance(entries, list):
        problems.append("Thiếu danh sách «indicators».")
        return {}
    settings: dict[str, IndicatorSetting] = {}
    for position, entry in enumerate(entries, start=1):
        where = f"Chỉ số thứ {position}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: cần một đối tượng JSON.")
            continue
        indicator_id = entry.get("id")
        where = f"Chỉ số {indicator_id}"
        known = INDICATORS.get(indicator_id) if isinstance(indicator_id, str) else None
        if known is None or not isinstance(indicator_id, str):
            problems.append(f"{where}: không có trong danh mục chỉ số.")
            continue
        if not known.scored:
            problems.append(f"{where}: chỉ để hiển thị, không được có điểm.")
            continue
        if indicator_id in settings:
            problems.append(f"{where}: khai báo hai lần.")
            continue
        points = _decimal(entry.get("points"), f"{where}, điểm", problems)
        if points is not None and points < 0:
            problems.append(f"{where}: điểm không được âm.")
        raw_threshold = entry.get("threshold")
        threshold = (
            HUNDRED if raw_threshold is None else _decimal(raw_threshold, f"{where}, ngưỡng", problems)
        )
        if threshold is not None and not Decimal(0) < threshold <= HUNDRED:
            problems.append(f"{where}: ngưỡng đủ điểm phải lớn hơn 0 và không quá 100.")
        basis = entry.get("basis", "")
        settings[indicator_id] = IndicatorSetting(
            indicator_id,
            points if points is not None else Decimal(0),
            _flag(entry.get("points_confirmed"), f"{where}, points_confirmed", problems),
            threshold if threshold is not None else HUNDRED,
            _flag(entry.get("threshold_confirmed"), f"{where}, threshold_confirmed", problems),
            basis if isinstance(basis, str) else "",
        )
    missing = [item.id for item in INDICATORS.values() if item.scored and item.id not in settings]
    if missing:
        problems.append(f"Thiếu điểm của chỉ số: {', '.join(missing)}.")
    return settings


def _check_groups(
    data: Mapping[str, Any], settings: Mapping[str, IndicatorSetting], problems: list[str]
) -> None:
    declared = data.get("groups")
    if not isinstance(declared, list) or len(declared) != len(GROUPS):
        problems.append(f"«groups» phải liệt kê đủ {len(GROUPS)} nhóm của Quyết định 766.")
    else:
        for entry in declared:
            number = entry.get("number") if isinstance(entry, dict) else None
            if number not in {item.number for item in GROUPS}:
                problems.append(f"Nhóm {number!r} không có trong Quyết định 766.")
                continue
            maximum = _decimal(entry.get("max_points"), f"Nhóm {number}, điểm tối đa", problems)
            if maximum is not None and maximum != group(number).max_points:
                problems.append(
                    f"Nhóm {number}: điểm tối đa {maximum} khác Quyết định 766 ({group(number).max_points})."
                )
    for item in GROUPS:
        total = sum(
            (setting.points for key, setting in settings.items() if INDICATORS[key].group == item.number),
            Decimal(0),
        )
        if total != item.max_points:
            problems.append(
                f"Nhóm {item.number} «{item.name}»: tổng điểm các chỉ số là {total}, "
                f"phải bằng điểm tối đa {item.max_points}."
            )


def _bands(data: Mapping[str, Any], problems: list[str]) -> tuple[Band, ...]:
    entries = data.get("bands")
    if not isinstance(entries, list) or not entries:
        problems.append("Thiếu bảng xếp loại «bands».")
        return ()
    bands: list[Band] = []
    for position, entry in enumerate(entries, start=1):
        where = f"Mức xếp loại thứ {position}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: cần một đối tượng JSON.")
            continue
        lower = _decimal(entry.get("from"), f"{where}, cận dưới", problems)
        upper = _decimal(entry.get("to"), f"{where}, cận trên", problems)
        code, name = entry.get("code"), entry.get("name")
        if not isinstance(code, str) or not code or not isinstance(name, str) or not name:
            problems.append(f"{where}: cần mã và tên.")
            continue
        if lower is None or upper is None:
            continue
        if lower >= upper:
            problems.append(f"{where} «{name}»: cận dưới {lower} phải nhỏ hơn cận trên {upper}.")
        basis = entry.get("basis", "")
        bands.append(
            Band(
                code,
                name,
                lower,
                upper,
                _flag(entry.get("confirmed"), f"{where}, confirmed", problems),
                basis if isinstance(basis, str) else "",
            )
        )
    bands.sort(key=lambda band: (band.lower, band.upper))
    codes = [band.code for band in bands]
    if len(set(codes)) != len(codes):
        problems.append("Mã mức xếp loại bị trùng.")
    if bands and bands[0].lower != 0:
        problems.append(f"Bảng xếp loại phải bắt đầu từ 0 điểm (đang bắt đầu từ {bands[0].lower}).")
    if bands and bands[-1].upper != HUNDRED:
        problems.append(f"Bảng xếp loại phải kết thúc ở 100 điểm (đang kết thúc ở {bands[-1].upper}).")
    for below, above in pairwise(bands):
        if above.lower < below.upper:
            problems.append(
                f"Mức «{below.name}» và «{above.name}» chồng lên nhau ({above.lower} < {below.upper})."
            )
        elif above.lower > below.upper:
            problems.append(f"Bảng xếp loại hở từ {below.upper} đến {above.lower} điểm.")
    return tuple(bands)


def load_config(data: Mapping[str, Any] | str) -> IndexConfig:
    """Validate a configuration (parsed JSON, or its text); ConfigError lists every problem."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise ConfigError(
                [f"Tệp cấu hình không phải JSON hợp lệ: {error.msg} (dòng {error.lineno})."]
            ) from error
    if not isinstance(data, Mapping):
        raise ConfigError(["Cấu hình phải là một đối tượng JSON."])
    problems: list[str] = []
    version, title = data.get("version"), data.get("title", "")
    if not isinstance(version, str) or not version.strip():
        problems.append("Thiếu phiên bản cấu hình «version».")
    settings = _settings(data, problems)
    _check_groups(data, settings, problems)
    bands = _bands(data, problems)
    due_soon = data.get("due_soon_working_days")
    if isinstance(due_soon, bool) or not isinstance(due_soon, int) or due_soon < 0:
        problems.append("«due_soon_working_days» phải là số nguyên không âm (số ngày làm việc trước hạn).")
    due_soon_confirmed = _flag(data.get("due_soon_confirmed", False), "due_soon_confirmed", problems)
    try:
        not_applicable = NotApplicable(data.get("not_applicable", NotApplicable.ZERO_POINTS.value))
    except ValueError:
        problems.append(
            "«not_applicable» phải là «zero_points» (không điểm) hoặc «rescale_group» (quy đổi theo nhóm)."
        )
        not_applicable = NotApplicable.ZERO_POINTS
    if problems:
        raise ConfigError(problems)
    return IndexConfig(
        str(version),
        title if isinstance(title, str) else "",
        settings,
        bands,
        int(due_soon) if isinstance(due_soon, int) else 0,
        due_soon_confirmed,
        not_applicable,
    )


@lru_cache(maxsize=1)
def default_config() -> IndexConfig:
    """The packaged default configuration (version 766-2022-v1)."""
    text = resources.files("chidao.core.service_index").joinpath(DEFAULT_CONFIG_FILE).read_text("utf-8")
    return load_config(text)
