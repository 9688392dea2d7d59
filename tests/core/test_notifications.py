"""Notification rules: idempotency keys, channel decisions, digest timing and grouping, messages in Vietnamese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from chidao.core.notifications import (
    DIGEST_CHANNEL,
    DeliveryAction,
    DeliveryMode,
    MessageItem,
    Recipient,
    absolute_link,
    compose_digest,
    compose_immediate,
    digest_day_due,
    digest_key,
    group_for_digest,
    idempotency_key,
    plan_deliveries,
    render_plain_text,
    retry_due_at,
)

ICT = dt.timezone(dt.timedelta(hours=7))
SEVEN = dt.time(7, 0)
DAY = dt.date(2026, 3, 11)
RECIPIENT = Recipient(user_id=42, name="Nguyễn Văn An", email="an@gialai.gov.vn")
SITE = "https://chidao.gialai.gov.vn"
PREFERENCES = "/notifications/preferences/"
PERSONAL_ID = "079123456789"
PHONE = "0912345678"


def _item(notification_id: int, kind: str, minute: int, title: str = "Nhiệm vụ sắp đến hạn") -> MessageItem:
    created = dt.datetime(2026, 3, 11, 1, minute, tzinfo=dt.UTC)
    return MessageItem(notification_id, kind, title, "Nội dung", f"/tasks/{notification_id}/", created)


# ---- idempotency keys ---------------------------------------------------------------------------------------


def test_the_key_does_not_depend_on_the_order_of_the_parts():
    # given the same parts passed in two orders
    first = idempotency_key("task.due_soon", 7, task_id=12, offset_days=3, deadline=DAY)
    second = idempotency_key("task.due_soon", 7, deadline=DAY, offset_days=3, task_id=12)
    # then the keys are equal, and a SHA-256 in hex
    assert first == second
    assert len(first) == 64
    assert set(first) <= set("0123456789abcdef")


@pytest.mark.parametrize(
    ("_case", "changed"),
    [
        ("another kind", {"kind": "task.overdue"}),
        ("another recipient", {"recipient_id": 8}),
        ("another offset", {"offset_days": 1}),
        ("a new deadline version", {"deadline": dt.date(2026, 3, 20)}),
    ],
)
def test_any_difference_gives_another_key(_case, changed):
    # given a base notification and one that differs in one element
    base = {"kind": "task.due_soon", "recipient_id": 7, "task_id": 12, "offset_days": 3, "deadline": DAY}
    other = base | changed
    # when both keys are built
    key = idempotency_key(base.pop("kind"), base.pop("recipient_id"), **base)
    other_key = idempotency_key(other.pop("kind"), other.pop("recipient_id"), **other)
    # then they differ
    assert key != other_key


def test_values_are_canonical_across_types():
    # given equal values written differently
    instant = dt.datetime(2026, 3, 11, 8, 0, tzinfo=ICT)
    # then a datetime in another zone, a normalised decimal and a tuple/list give the same key
    assert idempotency_key("k", 1, at=instant) == idempotency_key("k", 1, at=instant.astimezone(dt.UTC))
    assert idempotency_key("k", 1, amount=Decimal("1.50")) == idempotency_key("k", 1, amount=Decimal("1.5"))
    assert idempotency_key("k", 1, ids=(1, 2)) == idempotency_key("k", 1, ids=[1, 2])


@pytest.mark.parametrize(
    ("_case", "value"),
    [
        ("a naive datetime", dt.datetime(2026, 3, 11, 8, 0)),
        ("an arbitrary object", object()),
        ("a float", 1.5),
    ],
)
def test_unstable_values_are_refused(_case, value):
    with pytest.raises(TypeError):
        idempotency_key("k", 1, value=value)


def test_a_kind_is_required():
    with pytest.raises(ValueError):
        idempotency_key("", 1)


def test_the_digest_key_is_per_user_and_day():
    assert digest_key(1, DAY) == digest_key(1, DAY)
    assert digest_key(1, DAY) != digest_key(2, DAY)
    assert digest_key(1, DAY) != digest_key(1, DAY + dt.timedelta(days=1))


# ---- channel decisions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "mode", "enabled", "expected"),
    [
        ("immediate, all on", DeliveryMode.IMMEDIATE, {"email", "sms"}, ("send_now", "send_now")),
        ("immediate, e-mail off", DeliveryMode.IMMEDIATE, {"sms"}, ("skip", "send_now")),
        (
            "digest: e-mail waits, sms is not used",
            DeliveryMode.DAILY_DIGEST,
            {"email", "sms"},
            ("digest", "skip"),
        ),
        ("digest, e-mail off", DeliveryMode.DAILY_DIGEST, {"sms"}, ("skip", "skip")),
    ],
)
def test_plan_deliveries(_case, mode, enabled, expected):
    # given the configured channels e-mail and sms
    channels = (DIGEST_CHANNEL, "sms")
    # when
    plan = plan_deliveries(channels, mode=mode, enabled_channels=frozenset(enabled))
    # then each channel gets its action, with a reason
    assert tuple(decision.action for decision in plan) == tuple(DeliveryAction(a) for a in expected)
    assert [decision.channel for decision in plan] == list(channels)
    assert all(decision.reason for decision in plan)


def test_a_channel_configured_twice_is_planned_once():
    plan = plan_deliveries(
        ("email", "email"), mode=DeliveryMode.IMMEDIATE, enabled_channels=frozenset({"email"})
    )
    assert len(plan) == 1


# ---- digest timing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "local_now", "last_day", "expected"),
    [
        ("before the hour", dt.datetime(2026, 3, 11, 6, 59, tzinfo=ICT), None, None),
        ("at the hour", dt.datetime(2026, 3, 11, 7, 0, tzinfo=ICT), None, DAY),
        ("later the same day, never sent", dt.datetime(2026, 3, 11, 22, 0, tzinfo=ICT), None, DAY),
        ("already sent today", dt.datetime(2026, 3, 11, 9, 0, tzinfo=ICT), DAY, None),
        ("sent yesterday", dt.datetime(2026, 3, 11, 7, 15, tzinfo=ICT), DAY - dt.timedelta(days=1), DAY),
    ],
)
def test_digest_day_due(_case, local_now, last_day, expected):
    assert digest_day_due(local_now=local_now, digest_time=SEVEN, last_digest_day=last_day) == expected


def test_retries_back_off_up_to_a_ceiling():
    # given a failure at a known instant
    last = dt.datetime(2026, 3, 11, 1, 0, tzinfo=dt.UTC)
    # when the delays after 1, 2, 3 and 30 attempts are computed
    delays = [retry_due_at(attempts=n, last_attempt_at=last) - last for n in (1, 2, 3, 30)]
    # then they double from five minutes and stop at six hours
    assert delays == [
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=10),
        dt.timedelta(minutes=20),
        dt.timedelta(hours=6),
    ]


# ---- grouping and messages ----------------------------------------------------------------------------------


def test_the_digest_groups_by_kind_in_order_of_arrival_and_counts_each_notification_once():
    # given three due-soon and one overdue notification, one of them listed twice
    items = [_item(3, "task.due_soon", 30), _item(1, "task.due_soon", 10), _item(2, "task.overdue", 20)]
    items.append(items[0])
    labels = {"task.due_soon": "Nhiệm vụ sắp đến hạn"}
    # when
    digest = group_for_digest(items, recipient_id=RECIPIENT.user_id, day=DAY, kind_labels=labels)
    # then groups follow the first arrival, items are oldest first, unknown kinds keep their code as label
    assert [(g.kind, g.label, [i.notification_id for i in g.items]) for g in digest.groups] == [
        ("task.due_soon", "Nhiệm vụ sắp đến hạn", [1, 3]),
        ("task.overdue", "task.overdue", [2]),
    ]
    assert digest.total == 3
    assert digest.key == digest_key(RECIPIENT.user_id, DAY)


def test_an_immediate_message_is_in_vietnamese_and_masks_personal_data():
    # given a notification whose body quotes an ID number and a phone
    item = MessageItem(
        5,
        "task.due_soon",
        f"Hồ sơ của công dân {PERSONAL_ID}",
        f"Gọi {PHONE} để xác minh",
        "/x/",
        dt.datetime(2026, 3, 11, 1, 0, tzinfo=dt.UTC),
    )
    # when
    message = compose_immediate(RECIPIENT, item, key="k")
    text = render_plain_text(
        message, site_url=SITE, preferences_path=PREFERENCES, zone_offset=dt.timedelta(hours=7)
    )
    # then the subject and body carry the masked values and local times in dd/mm/yyyy
    assert message.subject == "[chidao] Hồ sơ của công dân 079******789"
    assert PERSONAL_ID not in text
    assert PHONE not in text
    assert "091****678" in text
    assert "Kính gửi Nguyễn Văn An" in text
    assert "(11/03/2026 08:00)" in text
    assert f"Xem chi tiết: {SITE}/x/" in text
    assert f"Thay đổi cách nhận thông báo: {SITE}{PREFERENCES}" in text


def test_the_digest_message_counts_its_items_and_keeps_group_order():
    # given a digest of two kinds
    digest = group_for_digest(
        [_item(2, "task.overdue", 5), _item(1, "task.due_soon", 10), _item(4, "task.overdue", 20)],
        recipient_id=RECIPIENT.user_id,
        day=DAY,
    )
    # when
    message = compose_digest(RECIPIENT, digest)
    # then
    assert message.subject == "[chidao] Bản tin thông báo ngày 11/03/2026 (3 thông báo)"
    assert message.is_digest
    assert [item.notification_id for item in message.items] == [2, 4, 1]
    assert message.key == digest.key
    assert [item.group for item in message.items] == ["task.overdue", "task.overdue", "task.due_soon"]


def test_the_digest_text_lists_each_group_under_its_heading():
    # given a digest of two kinds, one with a Vietnamese name
    digest = group_for_digest(
        [_item(1, "task.overdue", 5), _item(2, "task.due_soon", 10)],
        recipient_id=RECIPIENT.user_id,
        day=DAY,
        kind_labels={"task.overdue": "Nhiệm vụ quá hạn"},
    )
    # when
    text = render_plain_text(
        compose_digest(RECIPIENT, digest),
        site_url=SITE,
        preferences_path=PREFERENCES,
        zone_offset=dt.timedelta(hours=7),
    )
    # then each heading comes once, before its items, numbering runs across the digest
    overdue, due_soon = text.index("NHIỆM VỤ QUÁ HẠN\n"), text.index("TASK.DUE_SOON\n")
    assert overdue < text.index("1. Nhiệm vụ sắp đến hạn") < due_soon < text.index("2. Nhiệm vụ sắp đến hạn")
    assert text.count("NHIỆM VỤ QUÁ HẠN") == 1


def test_a_digest_cannot_be_sent_to_someone_else():
    digest = group_for_digest([_item(1, "k", 1)], recipient_id=99, day=DAY)
    with pytest.raises(ValueError):
        compose_digest(RECIPIENT, digest)


@pytest.mark.parametrize(
    ("_case", "site", "link", "expected"),
    [
        ("relative path", SITE, "/tasks/1/", f"{SITE}/tasks/1/"),
        ("site with a trailing slash", f"{SITE}/", "tasks/1/", f"{SITE}/tasks/1/"),
        ("already absolute", SITE, "https://dichvucong.gov.vn/", "https://dichvucong.gov.vn/"),
        ("no site configured", "", "/tasks/1/", "/tasks/1/"),
    ],
)
def test_absolute_link(_case, site, link, expected):
    assert absolute_link(site, link) == expected
