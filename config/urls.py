"""Root URL configuration."""

from django.urls import include, path

from chidao.api.urls import api

urlpatterns = [
    path("", include("chidao.web.urls")),
    path("accounts/", include("chidao.apps.accounts.urls")),
    path("organisation/", include("chidao.apps.organisation.urls")),
    path("audit/", include("chidao.apps.audit.urls")),
    path("exchange/", include("chidao.apps.exchange.urls")),
    path("jobs/", include("chidao.apps.jobs.urls")),
    path("privacy/", include("chidao.apps.privacy.urls")),
    path("notifications/", include("chidao.apps.notifications.urls")),
    path("calendar/", include("chidao.apps.workcalendar.urls")),
    path("programmes/", include("chidao.apps.programmes.urls")),
    path("programmes/exports/", include("chidao.apps.programmes.export_urls")),
    path("meetings/", include("chidao.apps.meetings.urls")),
    path("documents/", include("chidao.apps.documents.urls")),
    path("dashboard/", include("chidao.apps.dashboard.urls")),
    path("service-index/", include("chidao.apps.service_index.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
