"""Forms of the documents pages: generate a briefing, generate urging letters, record the issued number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.documents.models import DocumentProfile
from chidao.apps.meetings.models import Meeting
from chidao.common.forms import date_filter_field


def _date(label: Any, *, required: bool = False) -> forms.DateField:
    field = date_filter_field(label)
    field.required = required
    return field


class _ProfileChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _MeetingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.held_on:%d/%m/%Y} · {obj.title}"


class BriefingRequestForm(forms.Form):
    """A meeting (the figures as of its day) or a date alone; the issuer's profile."""

    meeting = _MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label=_("Phiên họp"),
        empty_label=_("— Không gắn phiên họp —"),
    )
    as_of = _date(_("Số liệu tính đến ngày"))
    profile = _ProfileChoice(
        queryset=DocumentProfile.objects.none(), label=_("Cơ quan ban hành"), empty_label=None
    )

    def __init__(self, *args: Any, meetings: Any, profiles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        self.fields["as_of"].help_text = _("Để trống để lấy số liệu tính đến ngày họp.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("meeting") and not cleaned.get("as_of") and not self.errors:
            raise forms.ValidationError(_("Chọn phiên họp hoặc ngày số liệu."))
        return cleaned


class UrgingRequestForm(forms.Form):
    """The date of the figures, the issuer, and the day the units must report back by (optional)."""

    as_of = _date(_("Số liệu tính đến ngày"), required=True)
    profile = _ProfileChoice(
        queryset=DocumentProfile.objects.none(), label=_("Cơ quan ban hành"), empty_label=None
    )
    reply_by = _date(_("Hạn báo cáo lại"))
    # One unit only (the dashboard's "đôn đốc" link); empty: every unit with overdue or due-soon tasks.
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, profiles: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = profiles  # type: ignore[attr-defined]
        self.fields["reply_by"].help_text = _("Để trống: 5 ngày làm việc sau ngày tạo.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        as_of, reply_by = cleaned.get("as_of"), cleaned.get("reply_by")
        if as_of and reply_by and reply_by <= as_of:
            self.add_error("reply_by", _("Hạn báo cáo lại phải sau ngày số liệu."))
        return cleaned


class IssueForm(forms.Form):
    """The clerk's number and date of issue."""

    number = forms.IntegerField(min_value=1, max_value=99999, label=_("Số văn bản"))
    issued_on = _date(_("Ngày ban hành"), required=True)
