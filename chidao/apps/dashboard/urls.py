"""Pages of the dashboard app, mounted at /dashboard/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chidao.apps.dashboard import views

app_name = "dashboard"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
]
