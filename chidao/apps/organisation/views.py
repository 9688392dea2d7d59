"""Organisation pages: the tree, the unit list (htmx search), the unit page and its edit form.

Thin: parse, select or call one service, render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from chidao.apps.organisation import selectors, services
from chidao.apps.organisation.forms import UnitEditForm
from chidao.apps.organisation.models import Unit


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The organisation tree from the top the user may see; children load on demand through htmx."""
    roots = selectors.unit_tree_roots(request.user)  # type: ignore[arg-type]
    return render(request, "organisation/unit_tree.html", {"roots": roots, "page_title": "Cây tổ chức"})


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """Units with a diacritics-insensitive search; an htmx request gets only the rows."""
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind", "")
    if kind not in Unit.Kind.values:
        kind = ""
    units = selectors.unit_list_for_user(request.user, query=query, kind=kind)  # type: ignore[arg-type]
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "kind": kind,
        "kinds": Unit.Kind.choices,
        "page_title": "Danh sách đơn vị",
    }
    template = "organisation/unit_list.html#unit_rows" if request.htmx else "organisation/unit_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's page: heads as of today, sub-units (communes under the province), committees it serves."""
    unit = selectors.unit_get_for_user(request.user, unit_id)  # type: ignore[arg-type]
    children = selectors.unit_children(unit)
    context = {
        "unit": unit,
        "heads": selectors.unit_heads_as_of(unit),
        "children": children,
        "commune_count": sum(1 for c in children if c.is_commune_level),
        "can_edit": _can_edit(request, unit),
        "page_title": unit.name,
    }
    template = "organisation/unit_detail.html#children" if request.htmx else "organisation/unit_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _can_edit(request: HttpRequest, unit: Unit) -> bool:
    """Whether to show the edit link: the same rule as the edit page, so the link never leads to a 403."""
    try:
        selectors.unit_get_for_unit_editor(request.user, unit.pk)  # type: ignore[arg-type]
    except PermissionDenied:
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    """Edit a unit's name, short name, e-mail and phone; 404 outside the scope, 403 for a non-editor inside it."""
    unit = selectors.unit_get_for_unit_editor(request.user, unit_id)  # type: ignore[arg-type]
    form = UnitEditForm.for_unit(unit, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, data=form.changes())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu thông tin đơn vị."))
            detail_url = reverse("organisation:unit-detail", args=[unit.pk])
            if request.htmx:  # type: ignore[attr-defined]
                return HttpResponseClientRedirect(detail_url)
            return redirect(detail_url)
    context = {"unit": unit, "form": form, "page_title": _("Sửa thông tin đơn vị")}
    template = "organisation/unit_edit.html#unit_form" if request.htmx else "organisation/unit_edit.html"  # type: ignore[attr-defined]
    # An invalid form comes back with 200 so htmx swaps it in (htmx ignores 4xx bodies by default).
    return render(request, template, context)
