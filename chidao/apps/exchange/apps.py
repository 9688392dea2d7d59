from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Import from files (upload → preview → commit, as background jobs) and the .xlsx export of lists."""

    name = "chidao.apps.exchange"
    label = "exchange"
    verbose_name = "Nhập, xuất dữ liệu"

    def ready(self) -> None:
        # The importers shipped here, then each app's `importers.py`, register themselves when imported.
        from django.utils.module_loading import autodiscover_modules

        from chidao.apps.exchange.importers import accounts  # noqa: F401

        autodiscover_modules("importers")
