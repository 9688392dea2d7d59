"""Pages of personal data protection: the access log searched by auditors and administrators.

The reveal step of a record page lives in reveal.py: it belongs to the view of each register, not here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from chidao.apps.privacy.forms import AccessLogSearchForm
from chidao.apps.privacy.selectors import personal_data_accesses_for_user

PAGE_SIZE = 50


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Search who saw unmasked personal data: person, unit, purpose, dates (404 for other roles)."""
    accesses = personal_data_accesses_for_user(request.user)
    form = AccessLogSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
        accesses = personal_data_accesses_for_user(
            request.user,
            actor=filters.get("actor"),
            unit=filters.get("unit"),
            purpose=filters.get("purpose", ""),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "page_title": _("Nhật ký truy cập dữ liệu cá nhân")}
    template = "privacy/access_log.html#rows" if request.htmx else "privacy/access_log.html"  # type: ignore[attr-defined]
    return render(request, template, context)
