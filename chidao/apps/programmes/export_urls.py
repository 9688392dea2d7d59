"""Downloads of the task exports, mounted at /programmes/exports/ (separate from the pages' urls.py)."""

from __future__ import annotations

from django.urls import path

from chidao.apps.programmes import export_views

app_name = "programmes_exports"
urlpatterns = [
    path("annex.xlsx", export_views.annex_export, name="annex"),
    path("nq57.xlsx", export_views.monitoring_export, name="monitoring"),
]
