"""Forms of personal data protection: the purpose asked before a reveal, and the access log search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.models import User
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.purpose import PURPOSE_NOTE_MAX_LENGTH, PURPOSE_NOTE_MIN_LENGTH, clean_purpose
from chidao.common.forms import DateRangeFilterForm, date_filter_field

# Browsers send <input type="date"> as yyyy-mm-dd; people typing send dd/mm/yyyy.


class RevealPurposeForm(forms.Form):
    """ "Hiện đầy đủ": the data officer says why before the full values are shown (and logged)."""

    purpose = forms.ChoiceField(
        label=_("Mục đích"), choices=[("", _("— Chọn mục đích —")), *PersonalDataAccess.Purpose.choices]
    )
    purpose_note = forms.CharField(
        label=_("Ghi rõ"),
        min_length=PURPOSE_NOTE_MIN_LENGTH,
        max_length=PURPOSE_NOTE_MAX_LENGTH,
        help_text=_("Ví dụ: số hồ sơ đang giải quyết. Không ghi số định danh, số điện thoại vào đây."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        """The same rule as the service, so the form and the API refuse the same purposes."""
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                cleaned["purpose"], cleaned["purpose_note"] = clean_purpose(
                    cleaned.get("purpose", ""), cleaned.get("purpose_note", "")
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
        return cleaned


class AccessLogSearchForm(DateRangeFilterForm):
    """Filters of the access log page: person, unit (with its sub-units), purpose, date range."""

    actor = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("Người xem"), empty_label=_("Mọi người")
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Đơn vị"), empty_label=_("Mọi đơn vị")
    )
    purpose = forms.ChoiceField(
        required=False,
        label=_("Mục đích"),
        choices=[("", _("Mọi mục đích")), *PersonalDataAccess.Purpose.choices],
    )
    date_from = date_filter_field(_("Từ ngày"))
    date_to = date_filter_field(_("Đến ngày"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only people who appear in the log are offered; units are all units (the filter covers sub-units).
        self.fields["actor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            personal_data_accesses__isnull=False
        ).distinct()
        self.fields["unit"].queryset = Unit.objects.all()  # type: ignore[attr-defined]
