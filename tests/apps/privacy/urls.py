"""Test-only record pages that use the reveal pieces the way a register's pages will (never in production URLs).

Citizens live in memory, each tied to a unit by code (the `commune` and `other_commune` fixtures). The page
fetches the citizen within the user's units (404 outside), masks through the policy, and offers the reveal
step; the export writes CSV through `PersonalDataPolicy.export`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path

from chidao.apps.accounts.access import units_visible_to
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.policy import ObjectRef, policy_for
from chidao.apps.privacy.reveal import reveal_step
from chidao.core.masking import PersonalFieldKind
from config.urls import urlpatterns as product_urlpatterns

KINDS = (PersonalFieldKind.PERSONAL_ID, PersonalFieldKind.PHONE, PersonalFieldKind.BIRTH_DATE)
COLUMNS = {"so_dinh_danh": KINDS[0], "dien_thoai": KINDS[1], "ngay_sinh": KINDS[2]}


@dataclass(frozen=True)
class Citizen:
    id: int
    name: str
    personal_id: str
    phone: str
    birth_date: dt.date
    unit_code: str


CITIZENS = {
    1: Citizen(1, "Nguyễn Văn An", "079085001123", "0912345678", dt.date(1985, 3, 12), "XA1"),
    2: Citizen(2, "Rơ Châm H'Bia", "064190002456", "0987654321", dt.date(1990, 7, 1), "XA1"),
    3: Citizen(3, "Trần Thị Bình", "052301003789", "0905111222", dt.date(2001, 12, 24), "XA2"),
}

PAGE = engines["django"].from_string(
    """{% load personal_data %}<h1>{{ citizen.name }}</h1>
<dl>
<dt>Số định danh</dt><dd class="personal-id">{{ personal_id|personal:"personal_id" }}</dd>
<dt>Điện thoại</dt><dd class="phone">{{ phone|personal:"phone" }}</dd>
<dt>Ngày sinh</dt><dd class="birth-date">{{ birth_date|personal:"birth_date" }}</dd>
<dt>Điện thoại (giá trị thô, không qua chính sách)</dt><dd class="raw-phone">{{ citizen.phone|personal:"phone" }}</dd>
</dl>
{% include "privacy/_reveal.html" %}"""
)


def _citizen_and_unit(request: HttpRequest, citizen_id: int) -> tuple[Citizen, Unit]:
    citizen = CITIZENS.get(citizen_id)
    if citizen is None:
        raise Http404
    return citizen, get_object_or_404(units_visible_to(request.user), code=citizen.unit_code)


@login_required
def citizen_detail(request: HttpRequest, citizen_id: int) -> HttpResponse:
    citizen, unit = _citizen_and_unit(request, citizen_id)
    policy = policy_for(request.user)
    ref = ObjectRef("test.citizen", str(citizen.id))
    step = reveal_step(request, policy, obj_ref=ref, unit=unit, field_kinds=KINDS)
    context = {
        "citizen": citizen,
        "personal_id": policy.show(citizen.personal_id, KINDS[0], unit=unit, obj_ref=ref),
        "phone": policy.show(citizen.phone, KINDS[1], unit=unit, obj_ref=ref),
        "birth_date": policy.show(citizen.birth_date, KINDS[2], unit=unit, obj_ref=ref),
        "reveal": step,
    }
    return HttpResponse(PAGE.render(context, request))


@login_required
def citizen_export(request: HttpRequest) -> HttpResponse:
    policy = policy_for(request.user)
    units = {unit.code: unit for unit in units_visible_to(request.user)}
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["ho_ten", *COLUMNS])
    try:
        with policy.export(
            object_type="test.citizen",
            field_kinds=KINDS,
            reveal=request.GET.get("reveal") == "1",
            purpose=request.GET.get("purpose", ""),
            purpose_note=request.GET.get("purpose_note", ""),
        ) as export:
            for citizen in CITIZENS.values():
                if citizen.unit_code not in units:
                    continue
                row = {
                    "ho_ten": citizen.name,
                    "so_dinh_danh": citizen.personal_id,
                    "dien_thoai": citizen.phone,
                    "ngay_sinh": citizen.birth_date,
                }
                writer.writerow(export.show_row(row, COLUMNS, unit=units[citizen.unit_code]).values())
    except ValidationError as exc:
        return HttpResponseBadRequest("; ".join(exc.messages))
    return HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")


urlpatterns = [
    path("thu-nghiem/cong-dan/<int:citizen_id>/", citizen_detail, name="test-citizen-detail"),
    path("thu-nghiem/cong-dan/xuat/", citizen_export, name="test-citizen-export"),
    *product_urlpatterns,
]
