"""Pages of the steering tasks (filled by the pages work; not yet mounted in config/urls.py)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "programmes"
urlpatterns: list[URLPattern | URLResolver] = []
