"""The versioned configuration of the checks: severity overrides, disabled checks, freshness windows, thresholds.

Changing a number is a new configuration version, not a code change; every result records the version.
``load_config`` validates a parsed JSON object (or its text) and reports every problem at once, in
Vietnamese. ``default_config`` reads the packaged ``config_dq_v1.json`` — a read-only resource of the
package, the one file this pure package reads.

- ``severity_overrides``: {check code: severity}; only findings checks.
- ``disabled_checks``: codes not run (their rules are left out of every query).
- ``freshness_days``: {register: {field: days or null}}; the field must be a DATE or TIMESTAMP column of the
  register; null (or absent) turns the window off. Off for the population register by default.
- ``thresholds.earliest_birth_date``: birth dates before it are implausible (DQ-DUNG-005).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Final

from chidao.core.data_quality.catalogue import CHECKS, CheckKind, Severity
from chidao.core.data_quality.schema import REGISTERS

__all__ = ["DEFAULT_CONFIG_FILE", "ConfigError", "QualityConfig", "default_config", "load_config"]

DEFAULT_CONFIG_FILE: Final = "config_dq_v1.json"
MAX_FRESHNESS_DAYS: Final = 36_500
_DATE_TYPES: Final = frozenset({"DATE", "TIMESTAMP"})


class ConfigError(ValueError):
    """An invalid configuration; ``problems`` lists every problem found (Vietnamese, for administrators)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("Cấu hình kiểm tra chất lượng dữ liệu không hợp lệ:\n- " + "\n- ".join(problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class QualityConfig:
    """A validated configuration."""

    version: str
    title: str
    severity_overrides: Mapping[str, Severity]
    disabled_checks: frozenset[str]
    freshness_days: Mapping[str, Mapping[str, int]]
    earliest_birth_date: date

    def severity(self, code: str) -> Severity:
        """The severity a check's findings carry under this configuration."""
        return self.severity_overrides.get(code, CHECKS[code].severity)

    def enabled(self, code: str) -> bool:
        """Whether the check runs."""
        return code not in self.disabled_checks

    def freshness(self, register: str) -> Mapping[str, int]:
        """{field: days} of the register's active freshness windows (empty: off)."""
        return self.freshness_days.get(register, MappingProxyType({}))


def _overrides(data: Mapping[str, Any], problems: list[str]) -> dict[str, Severity]:
    raw = data.get("severity_overrides", {})
    if not isinstance(raw, dict):
        problems.append("«severity_overrides» phải là một đối tượng {mã kiểm tra: mức độ}.")
        return {}
    overrides: dict[str, Severity] = {}
    for code, value in raw.items():
        known = CHECKS.get(code)
        if known is None:
            problems.append(f"«severity_overrides»: không có kiểm tra «{code}».")
            continue
        if known.kind is CheckKind.MEASURE:
            problems.append(f"«severity_overrides»: {code} là số đo, không có mức độ.")
            continue
        try:
            overrides[code] = Severity(value)
        except ValueError:
            allowed = ", ".join(item.value for item in Severity)
            problems.append(
                f"«severity_overrides»: mức độ «{value}» của {code} không hợp lệ (chọn: {allowed})."
            )
    return overrides


def _disabled(data: Mapping[str, Any], problems: list[str]) -> frozenset[str]:
    raw = data.get("disabled_checks", [])
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        problems.append("«disabled_checks» phải là danh sách mã kiểm tra.")
        return frozenset()
    unknown = [code for code in raw if code not in CHECKS]
    if unknown:
        problems.append(f"«disabled_checks»: không có kiểm tra {', '.join(unknown)}.")
    return frozenset(code for code in raw if code in CHECKS)


def _freshness(data: Mapping[str, Any], problems: list[str]) -> dict[str, Mapping[str, int]]:
    raw = data.get("freshness_days", {})
    if not isinstance(raw, dict):
        problems.append("«freshness_days» phải là một đối tượng {sổ: {trường: số ngày}}.")
        return {}
    windows: dict[str, Mapping[str, int]] = {}
    for register_name, fields in raw.items():
        schema = REGISTERS.get(register_name)
        if schema is None:
            problems.append(f"«freshness_days»: không có sổ «{register_name}».")
            continue
        if not isinstance(fields, dict):
            problems.append(f"«freshness_days.{register_name}» phải là một đối tượng {{trường: số ngày}}.")
            continue
        active: dict[str, int] = {}
        for field, days in fields.items():
            where = f"«freshness_days.{register_name}.{field}»"
            if field not in schema.column_names or schema.column(field).duckdb_type not in _DATE_TYPES:
                problems.append(f"{where}: sổ {register_name} không có trường ngày tháng này.")
                continue
            if days is None:
                continue
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_FRESHNESS_DAYS:
                problems.append(f"{where}: cần số ngày nguyên từ 1 đến {MAX_FRESHNESS_DAYS} hoặc null (tắt).")
                continue
            active[field] = days
        windows[register_name] = MappingProxyType(active)
    return windows


def _earliest_birth(data: Mapping[str, Any], problems: list[str]) -> date:
    thresholds = data.get("thresholds", {})
    fallback = date(1900, 1, 1)
    if not isinstance(thresholds, dict):
        problems.append("«thresholds» phải là một đối tượng.")
        return fallback
    raw = thresholds.get("earliest_birth_date", "1900-01-01")
    if isinstance(raw, str) and len(raw) == len("YYYY-MM-DD"):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    problems.append(f"«thresholds.earliest_birth_date»: «{raw}» không phải ngày dạng YYYY-MM-DD.")
    return fallback


def load_config(data: Mapping[str, Any] | str) -> QualityConfig:
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
    overrides = _overrides(data, problems)
    disabled = _disabled(data, problems)
    freshness = _freshness(data, problems)
    earliest = _earliest_birth(data, problems)
    if problems:
        raise ConfigError(problems)
    return QualityConfig(
        str(version),
        title if isinstance(title, str) else "",
        MappingProxyType(overrides),
        disabled,
        MappingProxyType(freshness),
        earliest,
    )


@lru_cache(maxsize=1)
def default_config() -> QualityConfig:
    """The packaged default configuration (dq-2026-v1)."""
    text = resources.files("chidao.core.data_quality").joinpath(DEFAULT_CONFIG_FILE).read_text("utf-8")
    return load_config(text)
