from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The leaders' dashboard: what needs a decision, at a glance, with every number opening its list."""

    name = "chidao.apps.dashboard"
    label = "dashboard"
    verbose_name = "Bảng điều hành"
