"""Notification pages: the list with mark-read, the bell badge (an htmx fragment), the preferences form.

Thin: parse, one selector or service, render. A notification that is not the user's own answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chidao.apps.notifications import selectors, services
from chidao.apps.notifications.forms import PreferenceForm
from chidao.apps.notifications.kinds import kind_label

# Sent with every change, for any part of a page that shows notifications and listens for it.
CHANGED_EVENT = "notifications-changed"


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, optionally only the unread ones."""
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.notifications_for_user(request.user, unread_only=unread_only)
    page = Paginator(notifications, selectors.LIST_LIMIT).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(n, kind_label(n.kind)) for n in page],
        "unread_only": unread_only,
        "unread": selectors.unread_count(request.user),
        "page_title": _("Thông báo"),
    }
    return render(request, "notifications/notification_list.html", context)


@login_required
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The bell with the unread count, alone, for a part of a page that wants to refresh it through htmx."""
    return render(request, "notifications/_badge.html", {"unread": selectors.unread_count(request.user)})


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
@require_POST
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read; with `next` (its link) the user goes on to it, with htmx the row is redrawn."""
    notification = selectors.notification_get_for_user(request.user, notification_id)
    services.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:  # type: ignore[attr-defined]
        # The row, redrawn, and the header's bell with its new count (an out-of-band swap).
        response = render(
            request,
            "notifications/_marked_read.html",
            {
                "notification": notification,
                "label": kind_label(notification.kind),
                "unread": selectors.unread_count(request.user),
            },
        )
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect(_safe_next(request) or "notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every unread notification of the user read."""
    changed = services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": changed})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """How the user wants to be told: immediately or a daily digest, at which hour, e-mail on or off."""
    preference = selectors.preference_for(request.user)
    form = PreferenceForm.for_preference(preference, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        services.notification_preference_update(
            actor=request.user,
            user=request.user,
            mode=form.cleaned_data["mode"],
            digest_time=form.cleaned_data["digest_time"],
            email_enabled=form.cleaned_data["email_enabled"],
        )
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    context = {"form": form, "email": request.user.email, "page_title": _("Cách nhận thông báo")}  # type: ignore[union-attr]
    return render(request, "notifications/preferences.html", context)
