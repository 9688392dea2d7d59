"""Forms of the task pages: they parse and validate input; the selectors read and the services write."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.apps.organisation.models import Unit
from chidao.apps.programmes.models import Area, Phase, Plan, Task, TaskDirective
from chidao.apps.programmes.page_queries import BUCKET_GROUP_LABELS, FLAG_LABELS, SIX_CLEAR_LABELS
from chidao.apps.programmes.selectors import SixClear, TaskFilters
from chidao.common.forms import DATE_INPUT_FORMATS, date_filter_field
from chidao.core.tasks.status import DeadlineBasis


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value.strip())


def date_field(label: Any, *, required: bool = False) -> forms.DateField:
    """A date with the browser's picker that also accepts dd/mm/yyyy."""
    field = date_filter_field(label)
    field.required = required
    return field


class AsOfForm(forms.Form):
    """The date the figures are computed on (today by default) and an earlier date to compare with."""

    as_of = date_field(_("Tính đến ngày"))
    since = date_field(_("So với ngày"))

    def clean(self) -> dict[str, Any]:
        """An earlier date after the as-of date is a typing mistake."""
        cleaned = super().clean() or {}
        as_of, since = cleaned.get("as_of"), cleaned.get("since")
        if as_of and since and since >= as_of:
            self.add_error("since", _("Ngày so sánh phải trước ngày tính số liệu."))
        return cleaned

    def as_of_date(self) -> dt.date:
        """The chosen date, or today when none (or an invalid one) was given."""
        value = self.cleaned_data.get("as_of") if self.is_valid() else None
        return value or timezone.localdate()

    def since_date(self) -> dt.date | None:
        """The comparison date, if any."""
        return self.cleaned_data.get("since") if self.is_valid() else None


class OverviewFilterForm(AsOfForm):
    """The overview's date, comparison date, area, plan, deadline basis and a window of completions."""

    area = forms.ChoiceField(required=False, label=_("Lĩnh vực"))
    plan = forms.ChoiceField(required=False, label=_("Kế hoạch, chương trình"))
    basis = forms.ChoiceField(
        required=False,
        label=_("Tính theo thời hạn"),
        choices=[
            (DeadlineBasis.CURRENT.value, _("hiện hành (sau gia hạn)")),
            (DeadlineBasis.ORIGINAL.value, _("ban đầu")),
        ],
    )
    completed_from = date_field(_("Hoàn thành từ ngày"))
    completed_to = date_field(_("Hoàn thành đến ngày"))

    def clean(self) -> dict[str, Any]:
        """A window of completions needs both ends, in order."""
        cleaned = super().clean()
        start, end = cleaned.get("completed_from"), cleaned.get("completed_to")
        if bool(start) != bool(end):
            self.add_error("completed_to", _("Cần cả ngày bắt đầu và ngày kết thúc."))
        elif start and end and end < start:
            self.add_error("completed_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def basis_value(self) -> DeadlineBasis:
        """The deadline the figures judge against (the current one by default)."""
        value = self.cleaned_data.get("basis") if self.is_valid() else ""
        return DeadlineBasis(value) if value else DeadlineBasis.CURRENT

    def completion_window(self) -> tuple[dt.date, dt.date] | None:
        """The window of completions asked for, if any."""
        if not self.is_valid() or not self.cleaned_data.get("completed_from"):
            return None
        return self.cleaned_data["completed_from"], self.cleaned_data["completed_to"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Mọi lĩnh vực")), *_area_choices()]  # type: ignore[attr-defined]
        self.fields["plan"].choices = [("", _("Mọi kế hoạch")), *_plan_choices()]  # type: ignore[attr-defined]


def _area_choices() -> list[tuple[str, str]]:
    return list(Area.objects.filter(is_active=True).values_list("code", "name"))


def _plan_choices() -> list[tuple[str, str]]:
    return list(Plan.objects.values_list("code", "name"))


class TaskFilterForm(forms.Form):
    """The task list's filters; an invalid value filters nothing rather than failing the page."""

    q = forms.CharField(
        required=False,
        max_length=100,
        label=_("Tìm nhiệm vụ"),
        help_text=_("Không cần gõ dấu: “co so du lieu” tìm được “cơ sở dữ liệu”."),
    )
    area = forms.ChoiceField(required=False, label=_("Lĩnh vực"))
    plan = forms.ChoiceField(required=False, label=_("Kế hoạch, chương trình"))
    unit = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label=_("Đơn vị chủ trì"))
    bucket = forms.ChoiceField(required=False, label=_("Tình trạng"))
    flag = forms.ChoiceField(required=False, label=_("Dấu hiệu"))
    phase = forms.ChoiceField(required=False, label=_("Giai đoạn"))
    missing = forms.ChoiceField(required=False, label=_("Thiếu “6 rõ”"))
    deadline_from = date_field(_("Hạn từ ngày"))
    deadline_to = date_field(_("Hạn đến ngày"))
    completed_from = date_field(_("Hoàn thành từ ngày"))
    completed_to = date_field(_("Hoàn thành đến ngày"))
    as_of = date_field(_("Tình trạng tính đến ngày"))

    def __init__(self, *args: Any, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["area"].choices = [("", _("Mọi lĩnh vực")), *_area_choices()]
        fields["plan"].choices = [("", _("Mọi kế hoạch")), *_plan_choices()]
        fields["phase"].choices = [("", _("Mọi giai đoạn")), *Phase.objects.values_list("code", "name")]
        fields["unit"].choices = [("", _("Mọi đơn vị")), *((u.pk, u.name) for u in units or [])]
        fields["bucket"].choices = [
            ("", _("Mọi tình trạng")),
            *BUCKET_GROUP_LABELS.items(),
            *Task.Bucket.choices,
        ]
        fields["flag"].choices = [("", _("Mọi dấu hiệu")), *FLAG_LABELS.items()]
        fields["missing"].choices = [
            ("", _("Không lọc")),
            *((str(k), v) for k, v in SIX_CLEAR_LABELS.items()),
        ]

    def clean(self) -> dict[str, Any]:
        """A deadline or completion range that ends before it starts is an error."""
        cleaned = super().clean() or {}
        for first, last in (("deadline_from", "deadline_to"), ("completed_from", "completed_to")):
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and end < start:
                self.add_error(last, _("Ngày kết thúc phải sau ngày bắt đầu."))
        return cleaned

    def filters(self) -> TaskFilters:
        """The selector's filters from the valid fields (invalid ones are left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        missing = data.get("missing") or ""
        return TaskFilters(
            area=data.get("area") or "",
            plan=data.get("plan") or "",
            unit_id=data.get("unit"),
            bucket=data.get("bucket") or "",
            flag=data.get("flag") or "",
            phase=data.get("phase") or "",
            deadline_from=data.get("deadline_from"),
            deadline_to=data.get("deadline_to"),
            query=_nfc(data.get("q") or ""),
            missing=SixClear(missing) if missing else None,
            completed_from=data.get("completed_from"),
            completed_to=data.get("completed_to"),
            as_of=data.get("as_of"),
        )


class ReportForm(forms.Form):
    """A progress report of the lead unit: percent, results, difficulties, proposals and the evidence."""

    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    result = forms.CharField(
        label=_("Kết quả thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    difficulties = forms.CharField(
        label=_("Khó khăn, vướng mắc"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence_number = forms.CharField(
        label=_("Số, ký hiệu văn bản minh chứng"),
        required=False,
        max_length=200,
        help_text=_("Bắt buộc khi báo cáo hoàn thành (100%)."),
    )
    evidence_date = forms.DateField(
        label=_("Ngày văn bản minh chứng"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ngày hoàn thành được tính theo ngày của văn bản."),
    )
    evidence_link = forms.URLField(
        label=_("Đường dẫn minh chứng"), required=False, max_length=500, assume_scheme="https"
    )
    period_label = forms.CharField(label=_("Kỳ báo cáo"), required=False, max_length=100)

    def clean(self) -> dict[str, Any]:
        """Text in NFC, whatever the keyboard sent."""
        cleaned = super().clean() or {}
        for field, value in cleaned.items():
            if isinstance(value, str):
                cleaned[field] = _nfc(value)
        return cleaned


class ReturnForm(forms.Form):
    """The secretariat's reason for returning a report."""

    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    """The secretariat's confirmation; a parent with open sub-tasks needs a reason that closes them."""

    close_open_children_reason = forms.CharField(
        label=_("Lý do đóng các nhiệm vụ con chưa hoàn thành"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DirectiveForm(forms.Form):
    """An explanation request or a direction, with its own deadline."""

    kind = forms.ChoiceField(label=_("Loại"), choices=TaskDirective.Kind.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}))
    due_on = date_field(_("Hạn trả lời"))

    def clean_text(self) -> str:
        """Text in NFC."""
        return _nfc(self.cleaned_data["text"])
