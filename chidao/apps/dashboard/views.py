"""The dashboard page: the leaders' home, also at /dashboard/ for every role (figures over the user's scope).

Thin: parse the filters, read `dashboard_data` once, shape it for the page, render. `?present=1` is the
meeting-room projector mode (large type, one column, no chrome); printing gives A4 landscape.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chidao.apps.accounts.access import user_scope
from chidao.apps.dashboard import display, selectors
from chidao.apps.dashboard.forms import DashboardFilterForm
from chidao.apps.programmes.page_queries import DIRECTOR_ROLES
from chidao.apps.programmes.statistics import require_role

TEMPLATE = "dashboard/dashboard.html"


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures, phases, changes since the last meeting, lead units needing attention, open directives, the
    league and the charts, as of a date; every number opens the task list behind it."""
    return render_dashboard(request, TEMPLATE)


def render_dashboard(request: HttpRequest, template: str) -> HttpResponse:
    """The dashboard rendered with `template` (the leaders' home renders it at "/" with its own template)."""
    user: Any = request.user
    require_role(user)
    form = DashboardFilterForm(request.GET or None, user=user, today=timezone.localdate())
    data = selectors.dashboard_data(user, form.filters())
    present = request.GET.get("present") == "1"
    query = request.GET.copy()
    query.pop("present", None)
    plain = f"{request.path}?{query.urlencode()}" if query else request.path
    query["present"] = "1"
    context = {
        "form": form,
        "data": data,
        "page": display.dashboard_page(
            data, can_direct=user_scope(user).has_role(*DIRECTOR_ROLES), present=present
        ),
        "present": present,
        "plain_url": plain,
        "present_url": f"{request.path}?{query.urlencode()}",
        "directive_vals": display.directive_vals(request.get_full_path()),
        "as_of_date": data.filters.as_of,
        "page_title": _("Bảng điều hành"),
    }
    return render(request, template, context)
