from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Committee meetings: attendees, agenda, the conclusions notice whose conclusions become tasks."""

    name = "chidao.apps.meetings"
    label = "meetings"
    verbose_name = "Phiên họp Ban Chỉ đạo"
