"""The upload form: which importer, which file (type and size are checked by content in the service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.exchange.registry import Importer


class UploadForm(forms.Form):
    """Choose an importer among those the user may use, and a file."""

    importer = forms.ChoiceField(label=_("Loại dữ liệu"))
    file = forms.FileField(
        label=_("Tệp dữ liệu"),
        help_text=_("Bảng tính Excel (.xlsx) hoặc CSV, bảng mã Unicode."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.parquet"}),
    )

    def __init__(self, *args: Any, importers: list[Importer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.importers = {importer.code: importer for importer in importers}
        field = self.fields["importer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(importer.code, importer.title) for importer in importers]
        if len(importers) == 1:
            field.initial = importers[0].code

    def chosen_importer(self) -> Importer:
        """The importer picked (call after is_valid())."""
        return self.importers[self.cleaned_data["importer"]]
