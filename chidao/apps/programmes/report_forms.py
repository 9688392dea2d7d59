"""Forms of the lead unit's report work: evidence files, coordinating units' input, several tasks at once."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.forms import date_field
from chidao.apps.programmes.models import Task

ACCEPTED_EVIDENCE = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


class EvidenceForm(forms.Form):
    """One evidence file; photos are resized by the browser (evidence.js) before they are sent."""

    file = forms.FileField(
        label=_("Tệp minh chứng (PDF, Word, Excel, ảnh)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_EVIDENCE, "data-resize-photo": "1600"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["data-quality"] = "0.8"


class ReportRowForm(forms.Form):
    """One task's row of the several-tasks form; a row left without a percent is not reported."""

    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    result = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_result(self) -> str:
        """Text in NFC, whatever the keyboard sent."""
        return unicodedata.normalize("NFC", self.cleaned_data.get("result") or "").strip()

    def clean(self) -> dict[str, Any]:
        """A result without a percent is a row half filled: ask for the percent."""
        cleaned = super().clean() or {}
        if cleaned.get("percent") is None and cleaned.get("result"):
            self.add_error("percent", _("Nhập tiến độ (%) để báo cáo nhiệm vụ này."))
        return cleaned

    @property
    def is_filled(self) -> bool:
        """Whether the officer reported on this task (a percent was given)."""
        return self.is_valid() and self.cleaned_data.get("percent") is not None


class ContributionRequestForm(forms.Form):
    """The lead unit asks some of the task's coordinating units for their input by a date."""

    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp được đề nghị góp ý"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = date_field(_("Hạn gửi ý kiến"), required=True)

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = task.coordinating_units.order_by("name_sort")


class ContributionForm(forms.Form):
    """A coordinating unit's input to the lead unit's report."""

    text = forms.CharField(label=_("Ý kiến của đơn vị"), widget=forms.Textarea(attrs={"rows": 6}))
