"""Organisation API: the same selectors and services as the web pages, the same scope."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from chidao.api.schemas import ErrorOut
from chidao.apps.organisation import selectors, services

router = Router(tags=["Tổ chức"])


class UnitOut(Schema):
    """A unit as the API shows it."""

    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None


class UnitPatch(Schema):
    """Fields a caller may change on a unit."""

    name: str | None = None
    short_name: str | None = None
    email: str | None = None
    phone: str | None = None


@router.get("/units", response=list[UnitOut], summary="Danh sách đơn vị trong phạm vi")
def list_units(request: HttpRequest, q: str = "", kind: str = "", parent_id: int | None = None) -> list[UnitOut]:
    units = selectors.unit_list_for_user(request.user, query=q[:100], kind=kind, parent_id=parent_id)  # type: ignore[arg-type]
    return list(units)  # type: ignore[arg-type]


@router.get("/units/{unit_id}", response={200: UnitOut, 404: ErrorOut}, summary="Một đơn vị")
def get_unit(request: HttpRequest, unit_id: int) -> UnitOut:
    return selectors.unit_get_for_user(request.user, unit_id)  # type: ignore[arg-type,return-value]


@router.patch(
    "/units/{unit_id}", response={200: UnitOut, 400: ErrorOut, 404: ErrorOut}, summary="Sửa thông tin đơn vị"
)
def patch_unit(request: HttpRequest, unit_id: int, payload: UnitPatch) -> UnitOut:
    unit = selectors.unit_get_for_unit_editor(request.user, unit_id)  # type: ignore[arg-type]
    data = payload.dict(exclude_unset=True)
    return services.unit_update(actor=request.user, unit=unit, data=data)  # type: ignore[return-value]
