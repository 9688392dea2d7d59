from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    """Steering tasks: areas, plans, phases, the "6 rõ" task graph, stored statuses, reports and reviews."""

    name = "chidao.apps.programmes"
    label = "programmes"
    verbose_name = "Nhiệm vụ chỉ đạo"
