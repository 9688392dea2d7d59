from django.urls import path

from chidao.apps.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("start/", views.job_start, name="job-start"),
    path("<int:job_id>/", views.job_detail, name="job-detail"),
    path("<int:job_id>/progress/", views.job_progress, name="job-progress"),
    path("<int:job_id>/retry/", views.job_retry, name="job-retry"),
    path("<int:job_id>/cancel/", views.job_cancel, name="job-cancel"),
    path("<int:job_id>/result/", views.job_result, name="job-result"),
]
