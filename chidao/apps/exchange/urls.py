from django.urls import path

from chidao.apps.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("templates/<slug:code>.xlsx", views.importer_template, name="importer-template"),
    path("batches/<int:batch_id>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:batch_id>/commit/", views.batch_commit, name="batch-commit"),
    path("batches/<int:batch_id>/discard/", views.batch_discard, name="batch-discard"),
    path("batches/<int:batch_id>/reject-report.xlsx", views.batch_reject_report, name="batch-reject-report"),
    path("batches/<int:batch_id>/one-time-sheet/", views.batch_one_time_sheet, name="batch-one-time-sheet"),
]
