"""Personal data API: the access log for auditors and administrators (404 for everyone else, as on the web)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from chidao.api.schemas import ErrorOut
from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.selectors import personal_data_accesses_for_user
from chidao.core.masking import mask_personal_data_in_text

router = Router(tags=["Dữ liệu cá nhân"])
MAX_LIMIT = 200


class AccessFilters(Schema):
    """Filters of the access log; dates are local (Asia/Ho_Chi_Minh) days, both ends included."""

    actor_id: int | None = None
    unit_id: int | None = None
    purpose: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = 50
    offset: int = 0


class AccessOut(Schema):
    """One logged access to unmasked personal data (no personal value in it)."""

    id: int
    at: dt.datetime
    actor_id: int | None
    actor_label: str
    unit_id: int | None
    unit_name: str | None
    object_type: str
    object_id: str
    field_kinds: list[str]
    purpose: str
    purpose_label: str
    purpose_note: str
    channel: str
    record_count: int
    ip_address: str | None


def _access_out(access: PersonalDataAccess) -> AccessOut:
    return AccessOut(
        id=access.pk,
        at=access.at,
        actor_id=access.actor_id,
        actor_label=access.actor_label,
        unit_id=access.unit_id,
        unit_name=access.unit.name if access.unit is not None else None,
        object_type=access.object_type,
        object_id=access.object_id,
        field_kinds=list(access.field_kinds),
        purpose=access.purpose,
        purpose_label=str(access.get_purpose_display()),
        purpose_note=mask_personal_data_in_text(access.purpose_note),
        channel=access.channel,
        record_count=access.record_count,
        ip_address=access.ip_address,
    )


@router.get(
    "/access-log",
    response={200: list[AccessOut], 404: ErrorOut},
    summary="Nhật ký truy cập dữ liệu cá nhân (kiểm tra, giám sát và quản trị)",
)
def list_accesses(request: HttpRequest, filters: Query[AccessFilters]) -> list[AccessOut]:
    personal_data_accesses_for_user(request.user)  # 404 before any lookup reveals which ids exist
    actor = get_object_or_404(User, pk=filters.actor_id) if filters.actor_id else None
    unit = get_object_or_404(Unit, pk=filters.unit_id) if filters.unit_id else None
    accesses = personal_data_accesses_for_user(
        request.user,
        actor=actor,
        unit=unit,
        purpose=filters.purpose,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    limit = max(1, min(filters.limit, MAX_LIMIT))
    offset = max(0, filters.offset)
    return [_access_out(access) for access in accesses[offset : offset + limit]]
