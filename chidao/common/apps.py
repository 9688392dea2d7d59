from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Tiny shared pieces: abstract models and logging helpers; imports no app."""

    name = "chidao.common"
    label = "common"
