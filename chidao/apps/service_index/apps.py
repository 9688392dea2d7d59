from django.apps import AppConfig


class ServiceIndexConfig(AppConfig):
    """The Decision-766 service index: dossiers in, the index recomputed beside the official score, drill-down."""

    name = "chidao.apps.service_index"
    label = "service_index"
    verbose_name = "Chỉ số phục vụ người dân, doanh nghiệp"
