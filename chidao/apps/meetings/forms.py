"""Forms of the meeting pages: they parse and shape input; the services check meaning and write."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.apps.meetings.conclusion_rows import ConclusionRow
from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.selectors import committees_on, eligible_people
from chidao.apps.organisation.models import Committee, Person, Unit
from chidao.apps.programmes.models import Area, Authority, Task
from chidao.common.forms import DATE_INPUT_FORMATS
from chidao.core.meetings.conclusions import ProposedRow, UnitName

# The authority proposed for a conclusion of the chair (rõ thẩm quyền), when it exists.
DEFAULT_AUTHORITY_CODE = "truong-ban"
BLANK_ROWS = 2


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "").strip()


def _date_field(label: Any, *, required: bool) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def person_label(person: Person) -> str:
    """ "Phạm Anh Tuấn – Chủ tịch UBND tỉnh": the name with the title, as lists of attendees show it."""
    return f"{person.name} – {person.title}" if person.title else person.name


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class MeetingForm(forms.Form):
    """A meeting: committee, date, ordinal, type, form, title, place, who chaired and attended, agenda, proposals."""

    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label=_("Ban Chỉ đạo"))
    held_on = _date_field(_("Ngày họp"), required=True)
    sequence_in_year = forms.IntegerField(
        label=_("Lần thứ (trong năm)"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Ví dụ 1 cho “phiên họp lần thứ nhất năm 2026”; để trống nếu không đánh số."),
    )
    kind = forms.ChoiceField(label=_("Loại phiên họp"), choices=Meeting.Kind.choices)
    form = forms.ChoiceField(label=_("Hình thức"), choices=Meeting.Form.choices)
    title = forms.CharField(
        label=_("Tên phiên họp"),
        required=False,
        max_length=500,
        help_text=_("Để trống: tự đặt “Phiên họp lần thứ … năm …” hoặc “Phiên họp ngày …”."),
    )
    location = forms.CharField(label=_("Địa điểm"), required=False, max_length=300)
    chair = PersonChoiceField(queryset=Person.objects.none(), label=_("Chủ trì"), required=False)
    co_chairs = PeopleChoiceField(
        queryset=Person.objects.none(),
        label=_("Đồng chủ trì"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendees = PeopleChoiceField(
        queryset=Person.objects.none(),
        label=_("Thành phần dự họp"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Thành phần khác"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Khách mời, điểm cầu trực tuyến…"),
    )
    agenda = forms.CharField(
        label=_("Chương trình, nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi nội dung một dòng."),
    )
    proposals = forms.CharField(
        label=_("Đề xuất, kiến nghị của Thường trực"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi đề xuất một dòng; đưa vào báo cáo phục vụ phiên họp."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["committee"].queryset = Committee.objects.order_by("name_sort")
        people = eligible_people()
        for name in ("chair", "co_chairs", "attendees"):
            fields[name].queryset = people
        current = committees_on()
        if not self.is_bound and "committee" not in self.initial and current.count() == 1:
            self.initial["committee"] = current.first()

    def clean(self) -> dict[str, Any]:
        """Texts in NFC whatever the keyboard sent."""
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value).strip()
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The fields the services take, people apart."""
        data = self.cleaned_data
        return {
            "committee": data["committee"],
            "held_on": data["held_on"],
            "sequence_in_year": data.get("sequence_in_year"),
            "kind": data["kind"],
            "form": data["form"],
            "title": data.get("title", ""),
            "location": data.get("location", ""),
            "chair": data.get("chair"),
            "other_attendees": data.get("other_attendees", ""),
            "agenda": data.get("agenda", ""),
            "proposals": data.get("proposals", ""),
        }

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        """The form's values for an existing meeting."""
        return {
            "committee": meeting.committee_id,
            "held_on": meeting.held_on,
            "sequence_in_year": meeting.sequence_in_year,
            "kind": meeting.kind,
            "form": meeting.form,
            "title": meeting.title,
            "location": meeting.location,
            "chair": meeting.chair_id,
            "co_chairs": [p.pk for p in meeting.co_chairs.all()],
            "attendees": [p.pk for p in meeting.attendees.all()],
            "other_attendees": meeting.other_attendees,
            "agenda": meeting.agenda,
            "proposals": meeting.proposals,
        }


class NoticeForm(forms.Form):
    """The conclusions notice: number and symbol, date, title and (optionally) its file."""

    number_symbol = forms.CharField(label=_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ “12/TB-BCĐ”."))
    issued_on = _date_field(_("Ngày ban hành"), required=True)
    title = forms.CharField(label=_("Trích yếu"), required=False, max_length=1000)
    file = forms.FileField(
        label=_("Tệp thông báo (PDF hoặc Word)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx"}),
    )


class PasteForm(forms.Form):
    """The notice's conclusions pasted as text, one numbered item per line."""

    text = forms.CharField(
        label=_("Các kết luận (dán từ thông báo)"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Mỗi kết luận bắt đầu bằng số thứ tự: “1. Sở KH&CN chủ trì …, hoàn thành trước 30/4/2026”; "
            "các ý “a)”, “b)” được tách thành nhiệm vụ riêng."
        ),
    )

    def clean_text(self) -> str:
        return _nfc(self.cleaned_data["text"])


class ConclusionBatchForm(forms.Form):
    """What every task of the batch shares: its areas."""

    areas = forms.ModelMultipleChoiceField(
        queryset=Area.objects.none(),
        label=_("Lĩnh vực của các nhiệm vụ"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(is_active=True)  # type: ignore[attr-defined]


def units_for_conclusions(day: dt.date | None = None) -> list[Unit]:
    """The units a conclusion may give a task to: those in existence on the date, by kind then name."""
    on = day or timezone.localdate()
    return list(
        Unit.objects.filter(valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .order_by("name_sort")
    )


_UNIT_GROUPS = (
    (_("UBND tỉnh, sở, ban, ngành"), (Unit.Kind.PROVINCE, Unit.Kind.DEPARTMENT, Unit.Kind.AGENCY)),
    (_("Phòng, chi cục trực thuộc"), (Unit.Kind.SUB_UNIT,)),
    (_("Xã, phường, đặc khu"), (Unit.Kind.COMMUNE, Unit.Kind.WARD, Unit.Kind.SPECIAL_ZONE)),
)


def _unit_choices(units: Iterable[Unit]) -> list[tuple[Any, Any]]:
    listed = list(units)
    return [
        (label, [(unit.pk, unit.name) for unit in listed if unit.kind in kinds])
        for label, kinds in _UNIT_GROUPS
        if any(unit.kind in kinds for unit in listed)
    ]


def unit_names(units: Iterable[Unit]) -> list[UnitName]:
    """The units as the parser takes them (key = id)."""
    return [UnitName(unit.pk, unit.name, unit.short_name) for unit in units]


class ConclusionRowForm(forms.Form):
    """One conclusion as a task with its "6 rõ". Every field is optional here: the service says, per field, what
    is missing, so a row is never refused in two places with two wordings."""

    item = forms.CharField(label=_("Số thứ tự"), required=False, max_length=32)
    title = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    content = forms.CharField(
        label=_("Toàn văn kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead_unit = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None
    )
    coordinating_units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        required=False,
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    responsible_person = PersonChoiceField(
        queryset=Person.objects.none(), label=_("Người chịu trách nhiệm (nếu có)"), required=False
    )
    deadline = forms.CharField(
        label=_("Thời hạn"),
        required=False,
        max_length=200,
        help_text=_("“30/4/2026”, “trước 30/4/2026”, “Quý II/2026”, “hằng quý”…"),
    )
    product_type = forms.ChoiceField(
        label=_("Loại sản phẩm"), required=False, choices=[("", "—"), *Task.ProductType.choices]
    )
    product_description = forms.CharField(label=_("Sản phẩm"), required=False, max_length=1000)
    authority = forms.ModelChoiceField(
        queryset=Authority.objects.none(), label=_("Thẩm quyền"), required=False
    )

    def __init__(
        self,
        *args: Any,
        units: list[Unit] | None = None,
        people: QuerySet[Person] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = {unit.pk: unit for unit in units or []}
        fields: Any = self.fields
        choices = _unit_choices(units or [])
        fields["lead_unit"].choices = [("", "—"), *choices]
        fields["coordinating_units"].choices = choices
        fields["responsible_person"].queryset = people if people is not None else Person.objects.none()
        fields["authority"].queryset = Authority.objects.all()

    def is_blank(self) -> bool:
        """A row left empty (the spare rows at the end): it is not sent."""
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(name) for name in ("item", "title", "lead_unit", "deadline", "product_description")
        )

    def conclusion_row(self) -> ConclusionRow:
        """The row as the service takes it."""
        data = self.cleaned_data
        lead = self.units.get(data["lead_unit"]) if data.get("lead_unit") else None
        return ConclusionRow(
            item=_nfc(data.get("item", "")),
            title=_nfc(data.get("title", "")),
            lead_unit=lead,
            deadline=_nfc(data.get("deadline", "")),
            coordinating_units=tuple(
                self.units[pk] for pk in data.get("coordinating_units") or [] if pk in self.units
            ),
            responsible_person=data.get("responsible_person"),
            product_type=data.get("product_type") or "",
            product_description=_nfc(data.get("product_description", "")),
            authority=data.get("authority"),
            content=_nfc(data.get("content", "")),
        )


ConclusionRowFormSet = forms.formset_factory(ConclusionRowForm, extra=0, max_num=200, validate_max=True)


def default_authority() -> Authority | None:
    """The authority proposed for every row (Trưởng Ban Chỉ đạo), if the list has it."""
    return Authority.objects.filter(code=DEFAULT_AUTHORITY_CODE).first()


def initial_rows(proposals: Iterable[ProposedRow], *, blank: int = BLANK_ROWS) -> list[dict[str, Any]]:
    """The form values of the proposed rows, then `blank` empty rows to add conclusions by hand."""
    authority = default_authority()
    authority_pk = authority.pk if authority else None
    rows: list[dict[str, Any]] = [
        {
            "item": row.number,
            "title": row.title,
            "content": row.content,
            "lead_unit": row.lead_unit,
            "coordinating_units": list(row.coordinating_units),
            "deadline": row.deadline_text,
            "product_type": row.product_type,
            "product_description": row.product_description,
            "authority": authority_pk,
        }
        for row in proposals
    ]
    return rows + [{"authority": authority_pk} for _ in range(blank)]
