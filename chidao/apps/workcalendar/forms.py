"""The override form: it parses and validates; the service writes (and validates again)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.workcalendar.models import CONFIDENCE_LABELS, KIND_LABELS, CalendarOverride

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FORM_FIELDS = ("start", "end", "kind", "name", "legal_basis", "note", "confidence")


def _date_field(label: StrOrPromise) -> forms.DateField:
    # The browser's date picker sends yyyy-mm-dd; typed dd/mm/yyyy is accepted too (DATE_INPUT_FORMATS).
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class OverrideForm(forms.Form):
    """A decision on working days: dates, what it does, its name and the document it rests on."""

    start = _date_field(_("Từ ngày"))
    end = _date_field(_("Đến ngày (cùng ngày nếu chỉ một ngày)"))
    kind = forms.ChoiceField(label=_("Loại"), choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    name = forms.CharField(label=_("Tên"), max_length=200, help_text=_("Ví dụ: Nghỉ bù Quốc khánh"))
    legal_basis = forms.CharField(
        label=_("Căn cứ"), max_length=300, help_text=_("Số, ngày và cơ quan ban hành văn bản")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confidence = forms.ChoiceField(
        label=_("Mức chắc chắn"), choices=[(c.value, label) for c, label in CONFIDENCE_LABELS.items()]
    )

    @classmethod
    def for_override(cls, override: CalendarOverride | None, data: Any = None) -> OverrideForm:
        """A form bound to `data` (or unbound), starting from the override's values when editing."""
        initial = {field: getattr(override, field) for field in FORM_FIELDS} if override is not None else {}
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        """Texts in NFC; the end not before the start."""
        cleaned = super().clean() or {}
        for field, value in cleaned.items():
            if isinstance(value, str):
                cleaned[field] = unicodedata.normalize("NFC", value.strip())
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Ngày kết thúc trước ngày bắt đầu."))
        return cleaned
