"""Pages of the service index, mounted at /service-index/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chidao.apps.service_index import views

app_name = "service_index"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index_dashboard, name="dashboard"),
    path("compute/", views.compute, name="compute"),
    path("official/", views.official_scores, name="official-scores"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit-detail"),
    path(
        "units/<int:unit_id>/indicators/<str:indicator_id>/",
        views.drill_down,
        name="drill-down",
    ),
    path(
        "units/<int:unit_id>/indicators/<str:indicator_id>/export/",
        views.drill_down_export,
        name="drill-down-export",
    ),
]
