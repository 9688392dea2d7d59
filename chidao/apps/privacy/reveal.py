"""The reveal step of a record page, for any app's view: a purpose form on GET, a logged reveal on a valid POST.

    policy = policy_for(request.user)
    step = reveal_step(request, policy, obj_ref=ref, unit=unit, field_kinds=KINDS)
    ... policy.show(value, kind, unit=unit, obj_ref=ref) ...
    render(..., {"reveal": step, ...})  and in the template: {% include "privacy/_reveal.html" %}

The record itself was fetched with the user's scope first (404 outside it); this step adds 403 for a POST
by anyone who may not reveal, and shows the full values only in the response to that POST.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.forms import RevealPurposeForm
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.policy import ObjectRef, PersonalDataPolicy
from chidao.core.masking import PersonalFieldKind


@dataclass(frozen=True)
class RevealStep:
    """What the page shows: the purpose form (None when the user may not reveal) and the logged access."""

    form: RevealPurposeForm | None
    access: PersonalDataAccess | None

    @property
    def revealed(self) -> bool:
        """True in the response that shows full values."""
        return self.access is not None


def reveal_step(
    request: HttpRequest,
    policy: PersonalDataPolicy,
    *,
    obj_ref: ObjectRef,
    unit: Unit,
    field_kinds: Iterable[PersonalFieldKind | str],
) -> RevealStep:
    """Handle the "Hiện đầy đủ" form of one record: validate the purpose, log the access, reveal the fields."""
    may_reveal = policy.may_reveal(unit=unit)
    if request.method != "POST":
        return RevealStep(RevealPurposeForm() if may_reveal else None, None)
    if not may_reveal:
        raise PermissionDenied(_("Chỉ cán bộ dữ liệu trong phạm vi được giao mới xem được dữ liệu đầy đủ."))
    form = RevealPurposeForm(request.POST)
    if not form.is_valid():
        return RevealStep(form, None)
    access = policy.reveal(
        obj_ref=obj_ref,
        unit=unit,
        field_kinds=field_kinds,
        purpose=form.cleaned_data["purpose"],
        purpose_note=form.cleaned_data["purpose_note"],
    )
    return RevealStep(None, access)
