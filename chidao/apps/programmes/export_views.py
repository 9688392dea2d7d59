"""Downloads of the task exports (.xlsx): the annex layout with progress, and the flat NQ 57 monitoring list.

Thin views: read the filters, build the file from the tasks the user may see, hand it over. A user with no role
gets an empty list (the scope decides), never another unit's tasks.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from chidao.apps.programmes.exports import annex_export_xlsx, monitoring_export_xlsx
from chidao.apps.programmes.selectors import TaskFilters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The central monitoring system follows Nghị quyết 57-NQ/TW; "?area=" (empty) exports every area.
MONITORING_AREA = "nq57"


def _download(content: bytes, filename: str) -> FileResponse:
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=filename, content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response


def _filters(request: HttpRequest, *, default_area: str = "") -> TaskFilters:
    return TaskFilters(
        plan=request.GET.get("plan", "").strip()[:64],
        area=request.GET.get("area", default_area).strip()[:32],
    )


@login_required
@require_GET
def annex_export(request: HttpRequest) -> FileResponse:
    """The annex (.xlsx) of the visible tasks, grouped by plan and lead unit; ?plan=<code>&area=<code>."""
    today = timezone.localdate()
    content = annex_export_xlsx(request.user, _filters(request), as_of=today)  # type: ignore[arg-type]
    return _download(content, f"phu-luc-nhiem-vu-{today:%Y%m%d}.xlsx")


@login_required
@require_GET
def monitoring_export(request: HttpRequest) -> FileResponse:
    """One row per visible task for the central NQ 57 monitoring system; ?area= (default nq57) and ?plan=."""
    today = timezone.localdate()
    filters = _filters(request, default_area=MONITORING_AREA)
    content = monitoring_export_xlsx(request.user, filters, as_of=today)  # type: ignore[arg-type]
    return _download(content, f"nhiem-vu-nq57-{today:%Y%m%d}.xlsx")
