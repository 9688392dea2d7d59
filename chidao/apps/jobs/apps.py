from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs with progress, retry and a scheduler for periodic entries (ADR 0002)."""

    name = "chidao.apps.jobs"
    label = "jobs"
    verbose_name = "Tác vụ nền"

    def ready(self) -> None:
        # Each app declares its job kinds and periodic entries in `<app>/background.py`; importing them here
        # fills the registries before the worker or the scheduler looks a kind up.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("background")
