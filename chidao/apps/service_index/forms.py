"""Forms of the service index: the official score and the published group-1 rates of the monthly notice,
entered by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chidao.apps.accounts.access import units_visible_to
from chidao.apps.organisation.models import Unit

GROUP_CHOICES = [
    (0, _("Tổng điểm")),
    (1, _("Nhóm 1 — Công khai, minh bạch")),
    (2, _("Nhóm 2 — Tiến độ, kết quả giải quyết")),
    (3, _("Nhóm 3 — Số hóa hồ sơ")),
    (4, _("Nhóm 4 — Cung cấp dịch vụ trực tuyến")),
    (5, _("Nhóm 5 — Mức độ hài lòng")),
]


class PublishedScoreForm(forms.Form):
    """One official score: unit, month, group (0 = total), score, rank, source."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    month = forms.RegexField(
        label=_("Tháng"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        help_text=_("Dạng 2025-11"),
        error_messages={"invalid": _("Tháng phải có dạng 2025-11.")},
    )
    group_number = forms.TypedChoiceField(label=_("Nhóm"), choices=GROUP_CHOICES, coerce=int, initial=0)
    score = forms.DecimalField(label=_("Điểm"), min_value=0, max_value=100, decimal_places=2, localize=True)
    rank = forms.IntegerField(label=_("Thứ hạng"), required=False, min_value=1)
    rank_of = forms.IntegerField(label=_("Trên tổng số"), required=False, min_value=1)
    source_document = forms.CharField(label=_("Nguồn (thông báo, văn bản)"), max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_visible_to(user).order_by("name_sort")


RATE_CHOICES = [
    ("1.1", _("1.1 — Tỷ lệ TTHC công bố đúng hạn")),
    ("1.2", _("1.2 — Tỷ lệ TTHC được cập nhật, công khai đúng hạn")),
    ("1.3", _("1.3 — Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành")),
    ("1.4", _("1.4 — Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG")),
]


class PublishedRateForm(forms.Form):
    """One published rate of group 1 (lấy từ số liệu công bố): unit, month, indicator, rate in %, source."""

    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())
    month = forms.RegexField(
        label=_("Tháng"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        help_text=_("Dạng 2025-11"),
        error_messages={"invalid": _("Tháng phải có dạng 2025-11.")},
    )
    indicator_id = forms.ChoiceField(label=_("Chỉ số"), choices=RATE_CHOICES)
    rate = forms.DecimalField(
        label=_("Tỷ lệ (%)"), min_value=0, max_value=100, decimal_places=2, localize=True
    )
    source_document = forms.CharField(label=_("Nguồn (thông báo, văn bản)"), max_length=300)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_visible_to(user).order_by("name_sort")
