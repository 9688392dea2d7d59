"""Pages of the steering tasks, mounted at /programmes/."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from chidao.apps.programmes import action_views, views

app_name = "programmes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("tasks/", views.task_list, name="task-list"),
    path("tasks/mine/", views.my_tasks, name="my-tasks"),
    path("tasks/<int:task_id>/", views.task_detail, name="task-detail"),
    path("tasks/<int:task_id>/report/", views.report_submit, name="report-submit"),
    path("tasks/<int:task_id>/directive/", views.task_directive, name="task-directive"),
    path("reports/review/", views.review_queue, name="review-queue"),
    path("reports/<int:report_id>/approve/", views.report_approve, name="report-approve"),
    path("reports/<int:report_id>/confirm/", views.report_confirm, name="report-confirm"),
    path("reports/<int:report_id>/return/", views.report_return, name="report-return"),
    path("league/", views.league, name="league"),
    path("tasks/bulk/preview/", action_views.bulk_preview, name="bulk-preview"),
    path("tasks/bulk/apply/", action_views.bulk_apply, name="bulk-apply"),
    path("tasks/<int:task_id>/extend/", action_views.task_extend, name="task-extend"),
    path("tasks/<int:task_id>/assign-many/", action_views.task_assign_many, name="task-assign-many"),
]

from chidao.apps.programmes import report_views  # noqa: E402

urlpatterns += [
    path("reports/<int:report_id>/evidence/", report_views.report_evidence, name="report-evidence"),
    path("evidence/<int:evidence_id>/", report_views.evidence_download, name="evidence-download"),
]
urlpatterns += [
    path("tasks/<int:task_id>/report/draft/", report_views.report_draft, name="report-draft"),
    path("tasks/<int:task_id>/report/copy-last/", report_views.report_copy_last, name="report-copy-last"),
]
urlpatterns += [
    path("reports/several/", report_views.reports_several, name="reports-several"),
]
urlpatterns += [
    path(
        "reports/<int:report_id>/contributions/",
        report_views.report_contributions,
        name="report-contributions",
    ),
    path("contributions/", report_views.contribution_list, name="contribution-list"),
    path(
        "contributions/<int:contribution_id>/",
        report_views.contribution_submit_view,
        name="contribution-submit",
    ),
]
urlpatterns += [
    path("tasks/<int:task_id>/report/send/", report_views.report_send, name="report-send"),
]
