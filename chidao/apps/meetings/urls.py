"""Pages of the meetings app, mounted at /meetings/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chidao.apps.meetings import views

app_name = "meetings"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_create, name="meeting-create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting-edit"),
    path("<int:meeting_id>/notice/", views.meeting_notice, name="meeting-notice"),
    path("<int:meeting_id>/notice/file/", views.notice_file, name="notice-file"),
    path("<int:meeting_id>/conclusions/", views.meeting_conclusions, name="meeting-conclusions"),
]
