"""Forms of the organisation pages: they parse and validate input; the services write."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from chidao.apps.organisation.models import Unit

# Digits, spaces and the punctuation Vietnamese offices print in phone numbers ("0269 3822 111", "(0269) 3.822.111").
PHONE_PATTERN = r"^[0-9+() .-]*$"

# The fields a unit editor changes on the web; the API accepts the same ones.
UNIT_FORM_FIELDS = ("name", "short_name", "email", "phone")


def normalise_text(value: str) -> str:
    """Trimmed and in NFC, whatever the keyboard sent (some send decomposed Vietnamese accents)."""
    return unicodedata.normalize("NFC", value.strip())


class UnitEditForm(forms.Form):
    """The contact details of a unit: name, short name, e-mail and phone."""

    name = forms.CharField(label=_("Tên đơn vị"), max_length=255)
    short_name = forms.CharField(label=_("Tên viết tắt"), max_length=100, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Điện thoại"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        validators=[
            RegexValidator(PHONE_PATTERN, _("Số điện thoại chỉ gồm chữ số, dấu cách và các dấu + ( ) . -"))
        ],
    )

    @classmethod
    def for_unit(cls, unit: Unit, data: Any = None) -> UnitEditForm:
        """A form bound to `data` (or unbound) whose initial values are the unit's current ones."""
        initial = {field: getattr(unit, field) for field in UNIT_FORM_FIELDS}
        return cls(data, initial=initial)

    def clean(self) -> dict[str, Any]:
        """Store text in NFC so the same name typed on two keyboards is the same name."""
        cleaned = super().clean() or {}
        for field, value in cleaned.items():
            if isinstance(value, str):
                cleaned[field] = normalise_text(value)
        return cleaned

    def changes(self) -> dict[str, str]:
        """Only the fields the user changed, so an unchanged save writes no audit row."""
        return {field: self.cleaned_data[field] for field in self.changed_data}
