"""The versioned configuration: the default loads; every invalid change is refused with its reason."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from importlib import resources

import pytest

from chidao.core.service_index.catalogue import INDICATORS
from chidao.core.service_index.config import ConfigError, NotApplicable, default_config, load_config

DEFAULT_DATA = json.loads(
    resources.files("chidao.core.service_index").joinpath("config_2022_766_v1.json").read_text("utf-8")
)


def changed(**changes) -> dict:
    data = copy.deepcopy(DEFAULT_DATA)
    data.update(changes)
    return data


def with_points(indicator_id: str, points: str) -> dict:
    data = copy.deepcopy(DEFAULT_DATA)
    for entry in data["indicators"]:
        if entry["id"] == indicator_id:
            entry["points"] = points
    return data


def problems(data) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as error:
        load_config(data)
    return error.value.problems


def test_the_default_configuration() -> None:
    config = default_config()

    # then it has a version, points for every scored indicator, and the confirmed ones marked
    assert config.version == "766-2022-v1"
    assert set(config.settings) == {item.id for item in INDICATORS.values() if item.scored}
    confirmed = {key for key, setting in config.settings.items() if setting.points_confirmed}
    assert confirmed == {"1.2", "2.1", "5.4"}
    assert config.setting("1.2").points == 4
    assert config.setting("5.4").points == 6
    assert config.setting("3.3").threshold == 50
    assert config.setting("2.1").threshold == 100
    assert config.setting("4.4").points_status == "chưa xác nhận"
    assert config.due_soon_working_days == 2
    assert not config.due_soon_confirmed
    assert config.not_applicable is NotApplicable.ZERO_POINTS


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("0", "Yếu"),
        ("49.99", "Yếu"),
        ("50", "Trung bình"),
        ("89.99", "Tốt"),
        ("90", "Xuất sắc"),
        ("100", "Xuất sắc"),
    ],
)
def test_bands_cover_zero_to_a_hundred(score: str, band: str) -> None:
    config = default_config()

    assert config.band_for(Decimal(score)).name == band
    with pytest.raises(ValueError, match="ngoài"):
        config.band_for(Decimal("100.01"))


def test_excellent_and_weak_are_the_issues_defaults_and_the_middle_is_unconfirmed() -> None:
    bands = default_config().bands
    assert [(band.name, band.confirmed) for band in bands] == [
        ("Yếu", True),
        ("Trung bình", False),
        ("Khá", False),
        ("Tốt", False),
        ("Xuất sắc", True),
    ]
    assert default_config().next_band(bands[-1]) is None
    assert default_config().next_band(bands[0]) == bands[1]


def test_points_must_add_up_to_each_groups_maximum() -> None:
    assert problems(with_points("2.1", "19")) == (
        "Nhóm 2 «Tiến độ, kết quả giải quyết»: tổng điểm các chỉ số là 19, phải bằng điểm tối đa 20.",
    )


def test_every_problem_is_reported_at_once() -> None:
    # given a missing indicator, an unknown one, a display-only one with points and a bad threshold
    data = copy.deepcopy(DEFAULT_DATA)
    data["indicators"] = [entry for entry in data["indicators"] if entry["id"] != "4.4"]
    data["indicators"].append(
        {
            "id": "9.9",
            "points": "1",
            "points_confirmed": False,
            "threshold": None,
            "threshold_confirmed": False,
        }
    )
    data["indicators"].append(
        {
            "id": "TT",
            "points": "1",
            "points_confirmed": False,
            "threshold": None,
            "threshold_confirmed": False,
        }
    )
    data["indicators"][0]["threshold"] = "120"
    data["version"] = ""

    # when loaded, then each problem has its own message
    found = problems(data)
    assert "Thiếu phiên bản cấu hình «version»." in found
    assert "Chỉ số 9.9: không có trong danh mục chỉ số." in found
    assert "Chỉ số TT: chỉ để hiển thị, không được có điểm." in found
    assert "Chỉ số 1.1: ngưỡng đủ điểm phải lớn hơn 0 và không quá 100." in found
    assert "Thiếu điểm của chỉ số: 4.4." in found
    assert any(message.startswith("Nhóm 3 «Số hóa hồ sơ»") for message in found)


@pytest.mark.parametrize(
    ("_case", "bands", "message"),
    [
        ("overlap", [("a", "0", "60"), ("b", "50", "100")], "Mức «A» và «B» chồng lên nhau (50 < 60)."),
        ("gap", [("a", "0", "40"), ("b", "50", "100")], "Bảng xếp loại hở từ 40 đến 50 điểm."),
        ("not from 0", [("a", "10", "100")], "Bảng xếp loại phải bắt đầu từ 0 điểm (đang bắt đầu từ 10)."),
        ("not to 100", [("a", "0", "95")], "Bảng xếp loại phải kết thúc ở 100 điểm (đang kết thúc ở 95)."),
        (
            "empty band",
            [("a", "0", "50"), ("b", "50", "50"), ("c", "50", "100")],
            "Mức xếp loại thứ 2 «B»: cận dưới 50 phải nhỏ hơn cận trên 50.",
        ),
    ],
)
def test_bands_without_gap_or_overlap(_case: str, bands: list, message: str) -> None:
    data = changed(
        bands=[
            {"code": code, "name": code.upper(), "from": lower, "to": upper, "confirmed": False}
            for code, lower, upper in bands
        ]
    )

    assert message in problems(data)


@pytest.mark.parametrize(
    ("_case", "changes", "message"),
    [
        (
            "negative window",
            {"due_soon_working_days": -1},
            "«due_soon_working_days» phải là số nguyên không âm (số ngày làm việc trước hạn).",
        ),
        (
            "unknown N/A policy",
            {"not_applicable": "bo_qua"},
            "«not_applicable» phải là «zero_points» (không điểm) hoặc «rescale_group» (quy đổi theo nhóm).",
        ),
        (
            "wrong group maximum",
            {"groups": [{"number": n, "max_points": "20"} for n in range(1, 6)]},
            "Nhóm 1: điểm tối đa 20 khác Quyết định 766 (18).",
        ),
    ],
)
def test_other_settings_are_checked(_case: str, changes: dict, message: str) -> None:
    assert message in problems(changed(**changes))


def test_numbers_are_written_as_text_and_json_must_parse() -> None:
    assert 'Chỉ số 2.1, điểm: cần một số viết dạng chuỗi (ví dụ "4" hoặc "2.5"), nhận 20.5.' in problems(
        with_points("2.1", 20.5)
    )
    assert problems("{không phải json")[0].startswith("Tệp cấu hình không phải JSON hợp lệ")
    assert problems("[]") == ("Cấu hình phải là một đối tượng JSON.",)


def test_a_valid_variant_is_a_new_version() -> None:
    # given the default with other middle bands and the rescale policy, when loaded, then it is accepted
    data = changed(version="766-2022-v2", not_applicable="rescale_group")
    config = load_config(json.dumps(data))
    assert (config.version, config.not_applicable) == ("766-2022-v2", NotApplicable.RESCALE_GROUP)
    assert str(ConfigError(["a", "b"])) == "Cấu hình chỉ số không hợp lệ:\n- a\n- b"
