"""The auditor's search over the audit trail (read-only: the page links to nothing that edits)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from chidao.apps.audit.models import AuditEvent
from chidao.apps.audit.selectors import audit_actions_recorded, audit_events_for_user, event_rows
from chidao.apps.audit.services import ACTION_LABELS, WRITING_SERVICES
from chidao.common.forms import DateRangeFilterForm, date_filter_field

PAGE_SIZE = 50
# Browsers send <input type="date"> as yyyy-mm-dd; people typing send dd/mm/yyyy.


def action_choices() -> list[tuple[str, Any]]:
    """Every registered or recorded action, named in Vietnamese where a label exists."""
    codes = sorted(set(WRITING_SERVICES) | set(audit_actions_recorded()))
    named = [(code, f"{ACTION_LABELS[code]} ({code})" if code in ACTION_LABELS else code) for code in codes]
    return [("", _("Mọi hành động")), *named]


class AuditSearchForm(DateRangeFilterForm):
    """Filters of the audit search page."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Đối tượng hoặc người thực hiện"),
        help_text=_("Không cần gõ dấu: “quy nhon” tìm được “Phường Quy Nhơn”."),
    )
    action = forms.ChoiceField(required=False, label=_("Hành động"))
    channel = forms.ChoiceField(
        required=False, choices=[("", _("Mọi kênh")), *AuditEvent.Channel.choices], label=_("Kênh")
    )
    date_from = date_filter_field(_("Từ ngày"))
    date_to = date_filter_field(_("Đến ngày"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = action_choices()  # type: ignore[attr-defined]


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Search the trail; each row shows who, when, through which channel, and the fields changed (before → after)."""
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for_user(
        request.user,  # type: ignore[arg-type]
        query=filters.get("q", ""),
        action=filters.get("action", ""),
        channel=filters.get("channel", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": event_rows(page), "page_title": _("Nhật ký thay đổi")}
    template = "audit/event_list.html#rows" if request.htmx else "audit/event_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)
