"""Home pages: each role lands on its own shell (later issues fill them)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from chidao.apps.accounts.access import primary_role, user_scope
from chidao.apps.accounts.roles import Role
from chidao.apps.dashboard.views import render_dashboard
from chidao.apps.organisation.selectors import unit_tree_roots
from chidao.apps.programmes.page_queries import my_work

# A user holding several roles lands on the shell of the first role in `primary_role` order.
HOME_TEMPLATES: dict[str, str] = {
    Role.LEADER: "web/home_leader.html",
    Role.SECRETARIAT: "web/home_secretariat.html",
    Role.ADMINISTRATOR: "web/home_admin.html",
    Role.AUDITOR: "web/home_auditor.html",
    Role.DATA_OFFICER: "web/home_data_officer.html",
    Role.UNIT_HEAD: "web/home_unit.html",
    Role.UNIT_OFFICER: "web/home_unit.html",
}
HOME_WITHOUT_ROLE = "web/home_none.html"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The role's home: leaders a dashboard, secretariat a review queue, unit staff "Việc của tôi"."""
    role = primary_role(request.user)  # type: ignore[arg-type]
    template = HOME_TEMPLATES.get(role, HOME_WITHOUT_ROLE) if role else HOME_WITHOUT_ROLE
    if role == Role.LEADER:
        # The leaders' home is the dashboard itself, with its filters, so "/" is what they open in a meeting.
        return render_dashboard(request, template)
    context: dict[str, Any] = {
        "role": role,
        "scope": user_scope(request.user),  # type: ignore[arg-type]
        "roots": unit_tree_roots(request.user),  # type: ignore[arg-type]
        "page_title": _("Trang chủ"),
    }
    # Each shell shows the steering-task figures its role acts on; the other cards wait for later issues.
    if role in {Role.SECRETARIAT, Role.UNIT_HEAD, Role.UNIT_OFFICER}:
        work = my_work(request.user)  # type: ignore[arg-type]
        context["work"] = work
        context["work_tasks"] = list(work.tasks[:5])
        context["work_task_count"] = work.tasks.count()
        context["to_approve_count"] = work.to_approve.count()
    return render(request, template, context)
