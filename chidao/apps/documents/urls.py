"""Pages of the documents app, mounted at /documents/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chidao.apps.documents import views

app_name = "documents"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.document_list, name="document-list"),
    path("briefing/new/", views.briefing_new, name="briefing-new"),
    path("urging/new/", views.urging_new, name="urging-new"),
    path("<int:document_id>/", views.document_detail, name="document-detail"),
    path("<int:document_id>/retry/", views.document_retry, name="document-retry"),
    path("<int:document_id>/issue/", views.document_issue, name="document-issue"),
    path("<int:document_id>/download/<str:file_format>/", views.document_download, name="document-download"),
]
