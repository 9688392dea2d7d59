from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data of Gia Lai (development only): accounts for every role and, in later issues, tasks and data."""

    name = "chidao.apps.demo"
    label = "demo"
