from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    """The audit trail: who changed what, when, through which channel, with before/after."""

    name = "chidao.apps.audit"
    label = "audit"
    verbose_name = "Nhật ký"

    def ready(self) -> None:
        # Import every app's services and loading modules so WRITING_SERVICES lists every action in every
        # process (the audit page offers them all), not only those a view happened to import.
        autodiscover_modules("services", "loading")
