from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    """The administrator's overrides of the working-day calendar (late notices on days off and make-up days)."""

    name = "chidao.apps.workcalendar"
    label = "workcalendar"
    verbose_name = "Lịch làm việc"
