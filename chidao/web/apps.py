from django.apps import AppConfig


class WebConfig(AppConfig):
    """The UI shell: base templates, navigation, home pages per role, htmx helpers, static assets."""

    name = "chidao.web"
    label = "web"
