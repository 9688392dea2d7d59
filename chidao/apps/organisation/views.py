"""Organisation pages: the tree, the unit list (htmx search), the unit page. Thin: parse, select, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chidao.apps.organisation import selectors
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
    context = {"page": page, "q": query, "kind": kind, "kinds": Unit.Kind.choices, "page_title": "Danh sách đơn vị"}
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
        "page_title": unit.name,
    }
    template = "organisation/unit_detail.html#children" if request.htmx else "organisation/unit_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context)
