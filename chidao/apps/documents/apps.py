from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Official documents generated from the data: issuer profiles, meeting briefings, urging letters, annexes."""

    name = "chidao.apps.documents"
    label = "documents"
    verbose_name = "Văn bản"
