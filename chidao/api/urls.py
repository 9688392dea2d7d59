"""Mounts each app's router under /api/v1/; the OpenAPI documentation is at /api/docs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from chidao.api.errors import install_error_handlers
from chidao.apps.jobs.api import router as jobs_router
from chidao.apps.notifications.api import router as notifications_router
from chidao.apps.organisation.api import router as organisation_router
from chidao.apps.privacy.api import router as privacy_router
from chidao.apps.programmes.api import router as programmes_router
from chidao.apps.service_index.api import router as service_index_router

api = NinjaAPI(
    title="chidao API",
    version="1",
    description="API của hệ thống chỉ đạo, điều hành (Ban Chỉ đạo tỉnh Gia Lai). Cùng phân quyền với giao diện web.",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
    # The schema names every operation of a government system: only signed-in users read it.
    docs_decorator=login_required,
)
install_error_handlers(api)
api.add_router("/v1/organisation/", organisation_router)
api.add_router("/v1/jobs/", jobs_router)
api.add_router("/v1/privacy/", privacy_router)
api.add_router("/v1/notifications/", notifications_router)
api.add_router("/v1/programmes/", programmes_router)
api.add_router("/v1/service-index/", service_index_router)
