"""Forms of the secretariat's mass actions: bulk actions on a filtered list, an extension, "assign to many".

They parse and validate input; bulk_preview and the services decide what applies and write.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.bulk_preview import BulkAction
from chidao.apps.programmes.forms import date_field

ACTION_CHOICES = [
    (BulkAction.URGE.value, _("Đôn đốc")),
    (BulkAction.EXTEND.value, _("Gia hạn")),
    (BulkAction.REASSIGN.value, _("Giao lại đơn vị chủ trì")),
    (BulkAction.CONFIRM.value, _("Xác nhận báo cáo")),
    (BulkAction.RETURN.value, _("Trả lại báo cáo")),
]
ACTION_LABELS = dict(ACTION_CHOICES)
# Scope of a bulk request: the ticked rows, or every task matching the filter the list was showing.
SCOPE_SELECTED = "selected"
SCOPE_ALL = "all"


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


class BulkChoiceForm(forms.Form):
    """What the list sends: the action, the ticked task ids, or "all" with the list's filter query."""

    action = forms.ChoiceField(label=_("Thao tác"), choices=ACTION_CHOICES)
    task = forms.TypedMultipleChoiceField(required=False, coerce=int)
    scope = forms.ChoiceField(required=False, choices=[(SCOPE_SELECTED, ""), (SCOPE_ALL, "")])
    filter_query = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any integer is accepted here: the preview itself says which ids are not found or out of scope.
        raw = self.data.getlist("task") if hasattr(self.data, "getlist") else []
        self.fields["task"].choices = [(value, value) for value in raw]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Ticked rows are needed unless the whole filtered list was chosen."""
        cleaned = super().clean() or {}
        if cleaned.get("scope") != SCOPE_ALL and not cleaned.get("task"):
            raise forms.ValidationError(_("Chưa chọn nhiệm vụ nào."))
        return cleaned


class BulkParamsForm(forms.Form):
    """The parameters an action needs: a new deadline and reason, a new lead unit, a reason, a note."""

    new_deadline = date_field(_("Thời hạn mới"))
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    lead_unit = forms.ModelChoiceField(
        label=_("Đơn vị chủ trì mới"), required=False, queryset=Unit.objects.none()
    )
    note = forms.CharField(
        label=_("Lời nhắn kèm theo"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, action: BulkAction, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action = action
        fields: Any = self.fields
        fields["lead_unit"].queryset = units
        wanted = {
            BulkAction.URGE: ("note",),
            BulkAction.EXTEND: ("new_deadline", "reason"),
            BulkAction.REASSIGN: ("lead_unit",),
            BulkAction.CONFIRM: (),
            BulkAction.RETURN: ("reason",),
        }[action]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
            elif name != "note":
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        """Text in NFC."""
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = _nfc(value)
        return cleaned


class ExtensionForm(forms.Form):
    """An extension approved by the secretariat: the new deadline and the reason (kept in the history)."""

    new_deadline = date_field(_("Thời hạn mới"), required=True)
    reason = forms.CharField(label=_("Lý do gia hạn"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self) -> str:
        """Text in NFC."""
        return _nfc(self.cleaned_data["reason"])


# Which units "assign to many" gives the task to: every commune-level unit, or the chosen ones.
ASSIGN_ALL_COMMUNES = "all_communes"
ASSIGN_CHOSEN = "chosen"


class AssignManyForm(forms.Form):
    """The units a parent task is given to: all commune-level units of the province, or a chosen set."""

    target = forms.ChoiceField(
        label=_("Giao cho"),
        choices=[
            (ASSIGN_ALL_COMMUNES, _("Tất cả xã, phường, đặc khu")),
            (ASSIGN_CHOSEN, _("Các đơn vị được chọn")),
        ],
        widget=forms.RadioSelect,
        initial=ASSIGN_ALL_COMMUNES,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị"),
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], communes: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.communes = communes
        self.fields["units"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """Chosen units are needed when "the chosen ones" is picked."""
        cleaned = super().clean() or {}
        if cleaned.get("target") == ASSIGN_CHOSEN and not cleaned.get("units"):
            self.add_error("units", _("Chưa chọn đơn vị nào."))
        return cleaned

    def chosen_units(self) -> list[Unit]:
        """The units of a valid form, in name order."""
        if self.cleaned_data["target"] == ASSIGN_ALL_COMMUNES:
            return list(self.communes)
        return sorted(self.cleaned_data["units"], key=lambda unit: unit.name_sort)
