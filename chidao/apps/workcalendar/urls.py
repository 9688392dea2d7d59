from django.urls import path

from chidao.apps.workcalendar import views

app_name = "workcalendar"
urlpatterns = [
    path("", views.year, name="year"),
    path("overrides/new/", views.override_create, name="override-create"),
    path("overrides/<int:override_id>/edit/", views.override_edit, name="override-edit"),
    path("overrides/<int:override_id>/delete/", views.override_delete, name="override-delete"),
]
