"""The versioned configuration: the packaged default, and every problem of a bad one reported at once."""

from __future__ import annotations

import json
from datetime import date

import pytest

from chidao.core.data_quality.catalogue import Severity
from chidao.core.data_quality.config import ConfigError, default_config, load_config


def test_default_config() -> None:
    config = default_config()

    assert config.version == "dq-2026-v1"
    assert config.freshness("dan_cu") == {}  # off for the population register
    assert config.freshness("bhxh") == {"last_updated": 365}
    assert config.earliest_birth_date == date(1900, 1, 1)
    assert config.severity("DQ-DUNG-003") is Severity.WARNING
    assert config.enabled("DQ-SONG-001")


def test_overrides_and_disabled_checks() -> None:
    config = load_config(
        {
            "version": "thu-nghiem",
            "severity_overrides": {"DQ-SACH-003": "major"},
            "disabled_checks": ["DQ-SONG-003"],
            "freshness_days": {"dan_cu": {"last_updated": 730}},
        }
    )

    assert config.severity("DQ-SACH-003") is Severity.MAJOR
    assert config.severity("DQ-SACH-002") is Severity.MINOR
    assert not config.enabled("DQ-SONG-003")
    assert config.freshness("dan_cu") == {"last_updated": 730}
    assert config.freshness("bhxh") == {}


def test_every_problem_is_reported_at_once() -> None:
    bad = {
        "version": "",
        "severity_overrides": {"DQ-XXX-001": "major", "DQ-DU-003": "major", "DQ-DU-001": "fatal"},
        "disabled_checks": ["DQ-NONE-1"],
        "freshness_days": {"dat_dai": {}, "bhxh": {"full_name": 10, "last_updated": 0}},
        "thresholds": {"earliest_birth_date": "01/01/1900"},
    }

    with pytest.raises(ConfigError) as raised:
        load_config(bad)

    problems = raised.value.problems
    assert len(problems) == 9
    assert any("DQ-XXX-001" in problem for problem in problems)
    assert any("số đo" in problem for problem in problems)
    assert any("fatal" in problem for problem in problems)
    assert any("dat_dai" in problem for problem in problems)
    assert any("full_name" in problem for problem in problems)
    assert any("01/01/1900" in problem for problem in problems)


def test_text_that_is_not_json() -> None:
    with pytest.raises(ConfigError, match="JSON"):
        load_config("{version: 1")


def test_json_text_round_trip() -> None:
    config = load_config(json.dumps({"version": "v2", "thresholds": {"earliest_birth_date": "1910-01-01"}}))

    assert config.earliest_birth_date == date(1910, 1, 1)
