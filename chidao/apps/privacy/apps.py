from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data protection: masking policy, reveal with a stated purpose, access log, encryption, retention."""

    name = "chidao.apps.privacy"
    label = "privacy"
    verbose_name = "Bảo vệ dữ liệu cá nhân"

    def ready(self) -> None:
        """Register the system checks (encryption key and retention of every personal dataset)."""
        from chidao.apps.privacy import checks  # noqa: F401
