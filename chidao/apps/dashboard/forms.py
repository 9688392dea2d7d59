"""The dashboard's filters: the date, an area, a lead unit, and the date to compare with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.models import User
from chidao.apps.dashboard.selectors import DashboardFilters, area_choices, unit_choices
from chidao.common.forms import date_filter_field


class DashboardFilterForm(forms.Form):
    """An invalid value filters nothing (the error is shown next to it) rather than failing the page."""

    as_of = date_filter_field(_("Số liệu tính đến ngày"))
    area = forms.ChoiceField(required=False, label=_("Lĩnh vực"))
    unit = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Đơn vị chủ trì"))
    since = date_filter_field(_("So sánh với ngày"))

    def __init__(self, *args: Any, user: User, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        fields: Any = self.fields
        fields["area"].choices = [("", _("Mọi lĩnh vực")), *area_choices()]
        fields["unit"].choices = [("", _("Mọi đơn vị")), *unit_choices(user)]
        fields["since"].help_text = _("Để trống: so với phiên họp trước.")

    def clean(self) -> dict[str, Any]:
        """A comparison date on or after the date of the figures is a typing mistake."""
        cleaned = super().clean() or {}
        as_of, since = cleaned.get("as_of") or self.today, cleaned.get("since")
        if since and since >= as_of:
            self.add_error("since", _("Ngày so sánh phải trước ngày tính số liệu."))
        return cleaned

    def filters(self) -> DashboardFilters:
        """The selector's filters from the valid fields (today when no date is given)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        as_of = data.get("as_of") or self.today
        since = data.get("since")
        return DashboardFilters(
            as_of=as_of,
            area=data.get("area") or "",
            unit_id=data.get("unit"),
            since=since if since is not None and since < as_of else None,
        )
