from django.urls import path

from chidao.apps.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.unit_tree, name="unit-tree"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:unit_id>/", views.unit_detail, name="unit-detail"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit-edit"),
]
