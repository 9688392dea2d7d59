from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, dated (role, scope) assignments, login security (throttle, TOTP, password policy)."""

    name = "chidao.apps.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        """Register the system checks (demo accounts refused in production)."""
        from chidao.apps.accounts import checks  # noqa: F401
