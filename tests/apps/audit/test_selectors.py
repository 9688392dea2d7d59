"""Turning an audit row's before/after snapshots into the readable list of changed fields."""

from __future__ import annotations

import pytest

from chidao.apps.audit.models import AuditEvent
from chidao.apps.audit.selectors import EMPTY_VALUE, FieldChange, display_value, event_changes


@pytest.mark.parametrize(
    ("_case", "value", "shown"),
    [
        ("nothing", None, EMPTY_VALUE),
        ("empty text", "", EMPTY_VALUE),
        ("empty list", [], EMPTY_VALUE),
        ("text", "Phường Quy Nhơn", "Phường Quy Nhơn"),
        ("a date", "2025-07-01", "01/07/2025"),
        ("a UTC moment, shown in Vietnam time", "2026-03-10T02:30:00Z", "10/03/2026 09:30"),
        ("not really a moment", "2026-03-10T99:99 ghi chú", "2026-03-10T99:99 ghi chú"),
        ("yes", True, "Có"),
        ("no", False, "Không"),
        ("a number", 7, "7"),
        ("a list of ids", [3, 5], "3, 5"),
        ("a mapping", {"b": 1, "a": "x"}, '{"a": "x", "b": 1}'),
    ],
)
def test_display_value(_case, value, shown):
    assert display_value(value) == shown


def test_an_update_lists_only_the_changed_fields_with_vietnamese_labels():
    # given a unit renamed and given a phone, its code untouched
    event = AuditEvent(
        object_type="organisation.unit",
        before={"code": "XA2", "name": "Phường Quy Nhơn", "phone": "", "valid_to": None},
        after={
            "code": "XA2",
            "name": "Phường Quy Nhơn Bắc",
            "phone": "0256 3822 111",
            "valid_to": "2026-01-01",
        },
    )
    # when
    changes = event_changes(event)
    # then
    assert changes == (
        FieldChange("name", "Tên", "Phường Quy Nhơn", "Phường Quy Nhơn Bắc"),
        FieldChange("phone", "Điện thoại", EMPTY_VALUE, "0256 3822 111"),
        FieldChange("valid_to", "Hiệu lực đến", EMPTY_VALUE, "01/01/2026"),
    )


def test_a_creation_lists_every_filled_field():
    event = AuditEvent(
        object_type="organisation.unit", before=None, after={"code": "XA9", "name": "Xã Mới", "email": ""}
    )
    assert [(c.field, c.before, c.after) for c in event_changes(event)] == [
        ("code", EMPTY_VALUE, "XA9"),
        ("name", EMPTY_VALUE, "Xã Mới"),
    ]


def test_a_models_own_verbose_name_wins_over_the_common_label():
    # given Person.name, whose verbose_name is "Họ và tên" (the common label for "name" is "Tên")
    event = AuditEvent(object_type="organisation.person", before={"name": "A"}, after={"name": "B"})
    assert event_changes(event)[0].label == "Họ và tên"


@pytest.mark.parametrize(
    ("_case", "object_type"),
    [("unknown model", "khong.co"), ("no model at all", ""), ("not an app label", "login")],
)
def test_an_unknown_object_type_falls_back_to_common_labels(_case, object_type):
    event = AuditEvent(
        object_type=object_type, before={"phone": "1", "ghi_chu": "a"}, after={"phone": "2", "ghi_chu": "b"}
    )
    assert [c.label for c in event_changes(event)] == ["Điện thoại", "ghi_chu"]


def test_an_event_without_snapshots_has_no_changes():
    assert event_changes(AuditEvent(object_type="", before=None, after=None)) == ()
