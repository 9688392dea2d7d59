"""Test doubles of the channel interface: one that records what it is given, one that always fails."""

from __future__ import annotations

from chidao.core.notifications import DeliveryResult, OutgoingMessage

RECORDED: list[OutgoingMessage] = []
FLAKY_ERROR = "Máy chủ tin nhắn tạm thời không phản hồi"


class RecordingChannel:
    """Keeps every message it is asked to deliver, in order."""

    name = "recording"

    def deliver(self, message: OutgoingMessage) -> DeliveryResult:
        RECORDED.append(message)
        return DeliveryResult.ok()


class FlakyChannel:
    """Never delivers; the error is temporary, so the delivery is retried."""

    name = "flaky"

    def deliver(self, message: OutgoingMessage) -> DeliveryResult:
        return DeliveryResult.failed(FLAKY_ERROR)


class FlakyEmailChannel(FlakyChannel):
    """An e-mail server that is down: the digest channel itself fails."""

    name = "email"
