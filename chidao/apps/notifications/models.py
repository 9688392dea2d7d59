"""Notifications (in-app, one per idempotency key), their deliveries per channel, daily digests, preferences."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chidao.core.notifications import DeliveryMode

DEFAULT_DIGEST_TIME = dt.time(7, 0)


class Notification(models.Model):
    """Something a user should know, shown in the bell list; the unique key makes a re-run a no-op."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Loại thông báo"), max_length=80, db_index=True)
    title = models.CharField(_("Tiêu đề"), max_length=300)
    body = models.TextField(_("Nội dung"), blank=True)
    link = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    payload = models.JSONField(_("Dữ liệu kèm theo"), default=dict, blank=True)
    # SHA-256 of (kind, recipient, key parts): chidao.core.notifications.idempotency_key.
    idempotency_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("Đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Thông báo")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created_idx"),
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        """Whether the recipient has marked it read."""
        return self.read_at is not None


class DeliveryState(models.TextChoices):
    """Where a delivery or a digest stands. `sending` is claimed by one process: never re-sent blindly."""

    PENDING = "pending", _("Đang chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Không gửi được")


class Digest(models.Model):
    """One user's daily digest e-mail; unique per (user, local day), so a re-run never sends a second one."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField(_("Ngày"))
    key = models.CharField(max_length=64, unique=True)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    item_count = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient"]
        verbose_name = _("Bản tin thông báo hằng ngày")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="uniq_digest_recipient_day"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day:%d/%m/%Y}"


class Delivery(models.Model):
    """A notification on one outward channel (e-mail now; SMS, Zalo OA later): at most one per channel."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("Kênh"), max_length=40)
    state = models.CharField(max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    # Waits for the recipient's daily digest instead of going out on its own.
    via_digest = models.BooleanField(default=False)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("Lượt gửi thông báo")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="uniq_delivery_channel"),
        ]
        indexes = [models.Index(fields=["state", "via_digest"], name="delivery_state_digest_idx")]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.channel} ({self.state})"


class NotificationPreference(models.Model):
    """How a user wants to be told; a user without a row gets the defaults (immediate, e-mail on, 07:00)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    mode = models.CharField(
        _("Cách nhận"),
        max_length=20,
        choices=[
            (DeliveryMode.IMMEDIATE.value, _("Gửi ngay từng thông báo")),
            (DeliveryMode.DAILY_DIGEST.value, _("Gộp thành bản tin mỗi ngày một lần")),
        ],
        default=DeliveryMode.IMMEDIATE.value,
    )
    # Local wall-clock time (Asia/Ho_Chi_Minh) of the daily digest.
    digest_time = models.TimeField(_("Giờ gửi bản tin"), default=DEFAULT_DIGEST_TIME)
    email_enabled = models.BooleanField(_("Nhận thông báo qua thư điện tử"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Cách nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.mode}"

    @property
    def delivery_mode(self) -> DeliveryMode:
        """The mode as the core rules know it."""
        return DeliveryMode(self.mode)
