from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    """Administrative areas, units (departments, communes), people, dated head assignments, committees."""

    name = "chidao.apps.organisation"
    label = "organisation"
    verbose_name = "Tổ chức"
