"""The auditor's search over the audit trail."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chidao.apps.audit.models import AuditEvent
from chidao.apps.audit.selectors import audit_events_for_user


class AuditSearchForm(forms.Form):
    """Filters of the audit search page."""

    q = forms.CharField(required=False, max_length=100, label="Đối tượng hoặc người thực hiện")
    action = forms.CharField(required=False, max_length=80, label="Hành động")
    channel = forms.ChoiceField(required=False, choices=[("", "Mọi kênh"), *AuditEvent.Channel.choices], label="Kênh")
    date_from = forms.DateField(required=False, label="Từ ngày")
    date_to = forms.DateField(required=False, label="Đến ngày")


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """Search the trail; rows show before/after of each change."""
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_for_user(request.user, **filters)  # type: ignore[arg-type]
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "page_title": "Nhật ký thay đổi"}
    template = "audit/event_list.html#rows" if request.htmx else "audit/event_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)
