"""Pages of the service index, mounted at /service-index/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "service_index"
urlpatterns: list[URLPattern | URLResolver] = []
