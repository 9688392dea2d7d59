from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications, e-mail (and later SMS, Zalo OA) deliveries, preferences and the daily digest."""

    name = "chidao.apps.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
