"""Pages of the meetings app, mounted at /meetings/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = []
