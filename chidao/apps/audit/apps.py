from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: who changed what, when, through which channel, with before/after."""

    name = "chidao.apps.audit"
    label = "audit"
    verbose_name = "Nhật ký"
