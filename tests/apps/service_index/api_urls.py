"""The API with the service-index router, for the tests until chidao/api/urls.py mounts it (then that one)."""

from __future__ import annotations

from django.urls import path
from django.utils.module_loading import import_string
from ninja import NinjaAPI
from ninja.security import django_auth

from chidao.api.errors import install_error_handlers
from chidao.api.urls import api as main_api
from chidao.apps.service_index.api import router

if any(mounted is router for _, mounted in main_api._routers):
    urlpatterns = list(import_string("config.urls.urlpatterns"))
else:
    test_api = NinjaAPI(urls_namespace="service_index_test_api", auth=django_auth, docs_url=None)
    install_error_handlers(test_api)
    test_api.add_router("/v1/service-index/", router)
    # The test API first, then the project's pages (the middleware reverses their names).
    urlpatterns = [path("api/", test_api.urls), *import_string("config.urls.urlpatterns")]
