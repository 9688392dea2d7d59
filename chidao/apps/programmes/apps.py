from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Steering tasks: areas, plans, phases, the "6 rõ" task graph, stored statuses, reports and reviews."""

    name = "chidao.apps.programmes"
    label = "programmes"
    verbose_name = "Nhiệm vụ chỉ đạo"

    def ready(self) -> None:
        from chidao.apps.programmes import reminder_schedule  # noqa: F401  (the reminders' entry and kinds)
