from django.apps import AppConfig


class ServiceIndexConfig(AppConfig):
    """The Decision-766 service index: dossiers in, the index recomputed beside the official score, drill-down."""

    name = "chidao.apps.service_index"
    label = "service_index"
    verbose_name = "Chỉ số phục vụ người dân, doanh nghiệp"

    def ready(self) -> None:
        # The exchange framework discovers `<app>/importers`, the dossier importers' package here; the
        # importer of the official scores lives apart and registers itself when imported.
        from chidao.apps.service_index import published_importer  # noqa: F401
