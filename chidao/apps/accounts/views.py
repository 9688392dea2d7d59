"""Sign-in and session pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

login_view = auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True)


@require_POST
@login_required
def keepalive(request: HttpRequest) -> HttpResponse:
    """Extends the idle timer (the session middleware has already recorded the activity)."""
    return JsonResponse({"ok": True})
