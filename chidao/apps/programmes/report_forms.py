"""Forms of the lead unit's report work: evidence files, coordinating units' input, several tasks at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
