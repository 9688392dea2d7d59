"""Organisation API: the same selectors and services as the web pages, the same scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from chidao.api.schemas import ErrorOut
from chidao.apps.organisation import selectors, services
from chidao.apps.organisation.forms import PHONE_PATTERN, normalise_text

router = Router(tags=["Tổ chức"])

# Every operation needs a session: 401 when signed out, 404 for an object outside the caller's scope.
_READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut}


class UnitOut(Schema):
    """A unit as the API shows it (its contact details are the office's public ones)."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    email: str
    phone: str
    valid_from: dt.date
    valid_to: dt.date | None


class UnitPatch(Schema):
    """Fields a caller may change on a unit; omitted fields stay as they are, null clears an optional one."""

    # A caller who sends "code" or "parent_id" learns at once that they cannot be changed here (422).
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        None, min_length=1, max_length=255, description="Tên đơn vị (không được để trống)"
    )
    short_name: str | None = Field(None, max_length=100, description="Tên viết tắt")
    email: str | None = Field(None, max_length=254, description="Thư điện tử")
    phone: str | None = Field(None, max_length=30, pattern=PHONE_PATTERN, description="Điện thoại")


@router.get(
    "/units",
    response={200: list[UnitOut], 401: ErrorOut},
    summary="Danh sách đơn vị trong phạm vi",
)
def list_units(
    request: HttpRequest, q: str = "", kind: str = "", parent_id: int | None = None
) -> list[UnitOut]:
    """Units the caller may see, searchable by name without diacritics."""
    units = selectors.unit_list_for_user(request.user, query=q[:100], kind=kind, parent_id=parent_id)  # type: ignore[arg-type]
    return list(units)  # type: ignore[arg-type]


@router.get("/units/{unit_id}", response={200: UnitOut, **_READ_ERRORS}, summary="Một đơn vị")
def get_unit(request: HttpRequest, unit_id: int) -> UnitOut:
    """One unit; 404 when it is outside the caller's scope, so its existence is not revealed."""
    return selectors.unit_get_for_user(request.user, unit_id)  # type: ignore[arg-type,return-value]


@router.patch(
    "/units/{unit_id}",
    response={200: UnitOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut, **_READ_ERRORS},
    summary="Sửa thông tin đơn vị",
)
def patch_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> Any:
    """Change name, short name, e-mail or phone; 403 for a caller who may see the unit but not edit it."""
    try:
        unit = selectors.unit_get_for_unit_editor(request.user, unit_id)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        return Status(403, ErrorOut(message=str(exc), code="forbidden"))
    data = {
        field: "" if value is None else normalise_text(value)
        for field, value in payload.dict(exclude_unset=True).items()
    }
    return services.unit_update(actor=request.user, unit=unit, data=data)
