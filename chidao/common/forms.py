"""Form pieces shared by the search pages of several apps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# The browser's date picker sends yyyy-mm-dd; people typing write dd/mm/yyyy.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class PickerDateInput(forms.DateInput):
    """The browser's date picker, which shows a value only in yyyy-mm-dd: a date typed as dd/mm/yyyy in a link
    (?as_of=03/03/2026) is shown in the picker instead of leaving it blank."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            for pattern in DATE_INPUT_FORMATS:
                try:
                    # A calendar date, no time: the naive parse only carries the day.
                    return dt.datetime.strptime(value.strip(), pattern).date().isoformat()  # noqa: DTZ007
                except ValueError:
                    continue
            return value
        return super().format_value(value)


def date_filter_field(label: Any) -> forms.DateField:
    """An optional date field with the browser's date picker that also accepts dd/mm/yyyy."""
    return forms.DateField(
        required=False,
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=PickerDateInput(),
    )


class DateRangeFilterForm(forms.Form):
    """A search form with "Từ ngày" / "Đến ngày"; a range that ends before it starts is an error."""

    date_from = date_filter_field(_("Từ ngày"))
    date_to = date_filter_field(_("Đến ngày"))

    def clean(self) -> dict[str, Any]:
        """A range that ends before it starts is a typing mistake, not an empty result."""
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned
