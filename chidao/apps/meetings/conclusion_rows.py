"""The rows of "conclusions → tasks" and their check, read-only: what each row will create (code, deadline read
from its text) and, for each row and field, why it cannot be created. The service creates nothing unless every
row passes; the preview page shows the same check before the officer confirms.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

from django.core.exceptions import ValidationError
from django.db.models import Q

from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.selectors import eligible_people
from chidao.apps.organisation.models import Person, Unit
from chidao.apps.programmes.models import Area, Authority, Plan, SourceDocument, Task
from chidao.core.meetings.naming import conclusions_plan_code
from chidao.core.periods import DeadlineKind, PeriodParseError, parse_deadline_text

# "1", "2.a", "2.1", "II.3": letters, digits and "đ", separated by dots.
ITEM_PATTERN: Final = re.compile(r"^[0-9A-Za-zđĐ]+(?:\.[0-9A-Za-zđĐ]+)*$")
ITEM_MAX_LENGTH: Final = 32  # Task.source_item
CODE_MAX_LENGTH: Final = 64  # Task.code
TITLE_MAX_LENGTH: Final = 1000
PRODUCT_TYPES: Final = frozenset(Task.ProductType.values)

# The fields of a row, in the order of the form; messages are keyed by these names.
ROW_FIELDS: Final = (
    "item",
    "title",
    "lead_unit",
    "coordinating_units",
    "responsible_person",
    "deadline",
    "product_type",
    "product_description",
    "authority",
)
ROW_FIELD_LABELS: Final = {
    "item": "Số thứ tự",
    "title": "Nội dung nhiệm vụ",
    "lead_unit": "Đơn vị chủ trì",
    "coordinating_units": "Đơn vị phối hợp",
    "responsible_person": "Người chịu trách nhiệm",
    "deadline": "Thời hạn",
    "product_type": "Loại sản phẩm",
    "product_description": "Sản phẩm",
    "authority": "Thẩm quyền",
}


@dataclass(frozen=True)
class ConclusionRow:
    """One conclusion of the notice as a task with its "6 rõ": item number in the notice, content, lead and
    coordinating units, responsible person (optional), deadline (a date, or a text such as "Quý II/2026",
    "30/4/2026", "hằng quý"), product and accepting authority."""

    item: str
    title: str
    lead_unit: Unit | None
    deadline: dt.date | str | None
    coordinating_units: tuple[Unit, ...] = ()
    responsible_person: Person | None = None
    product_type: str = ""
    product_description: str = ""
    authority: Authority | None = None
    content: str = ""


@dataclass(frozen=True)
class CheckedRow:
    """What a valid row will create: the task's code, kind, cadence, deadline and deadline text."""

    index: int  # the row's place in the batch (0-based)
    row: ConclusionRow
    item: str
    code: str
    kind: str
    cadence: str
    original_deadline: dt.date | None
    deadline_text: str


@dataclass
class ConclusionsCheck:
    """The check of a batch: the rows ready to create, and the messages per row and field and for the batch
    (fields "areas" and "__all__")."""

    notice: SourceDocument | None
    plan: Plan | None  # the notice's plan when it exists already
    plan_code: str  # its code, or the code of the plan that will be made
    assigned_on: dt.date | None
    rows: list[CheckedRow] = field(default_factory=list)
    row_errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)
    batch_errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every row can be created."""
        return not self.row_errors and not self.batch_errors

    def add(self, index: int, name: str, message: str) -> None:
        """A message for row `index` (0-based) and field `name`."""
        self.row_errors.setdefault(index, {}).setdefault(name, []).append(message)

    def add_batch(self, name: str, message: str) -> None:
        """A message about the whole batch ("areas" or "__all__")."""
        self.batch_errors.setdefault(name, []).append(message)

    def messages(self) -> list[str]:
        """Every message, each prefixed with its row and field ("Dòng 2 (mục 2.a) – Thời hạn: …")."""
        lines = [message for messages in self.batch_errors.values() for message in messages]
        for index in sorted(self.row_errors):
            for name, messages in self.row_errors[index].items():
                label = ROW_FIELD_LABELS.get(name, name)
                lines += [f"Dòng {index + 1} – {label}: {message}" for message in messages]
        return lines


class ConclusionRowsError(ValidationError):
    """Nothing was created: the messages of every refused row and field (and of the batch)."""

    def __init__(self, check: ConclusionsCheck) -> None:
        super().__init__(check.messages() or ["Không tạo được nhiệm vụ."])
        self.check = check


def notice_plan(notice: SourceDocument) -> Plan | None:
    """The plan under which the notice's tasks are counted (the first made for it), if any."""
    return Plan.objects.filter(source_document=notice).order_by("pk").first()


def free_plan_code(held_on: dt.date) -> str:
    """ "TB-03-03-2026", or "TB-03-03-2026-2"… when a plan of another document already has that code."""
    base = conclusions_plan_code(held_on)
    taken = set(
        Plan.objects.filter(Q(code=base) | Q(code__startswith=f"{base}-")).values_list("code", flat=True)
    )
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def task_code(plan_code: str, item: str) -> str:
    """The code of the task made from conclusion `item`: "TB-03-03-2026-2.a"."""
    return f"{plan_code}-{item}"


def _valid_on(unit: Unit, day: dt.date) -> bool:
    return unit.valid_from <= day and (unit.valid_to is None or unit.valid_to > day)


def _day(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


class _Deadline(NamedTuple):
    kind: str
    cadence: str
    original_deadline: dt.date | None
    text: str


def _read_deadline(check: ConclusionsCheck, index: int, value: dt.date | str | None) -> _Deadline | None:
    """The row's deadline as the task stores it, or None after adding its message."""
    if isinstance(value, dt.date):
        return _Deadline(Task.Kind.TIME_BOUND, "", value, _day(value))
    text = " ".join((value or "").split())
    if not text:
        check.add(index, "deadline", "Chưa có thời hạn (ví dụ “30/4/2026”, “Quý II/2026”, “hằng quý”).")
        return None
    try:
        parsed = parse_deadline_text(text)
    except PeriodParseError as error:
        check.add(index, "deadline", error.message)
        return None
    if parsed.kind is DeadlineKind.NONE:
        check.add(index, "deadline", "Chưa có thời hạn (ví dụ “30/4/2026”, “Quý II/2026”, “hằng quý”).")
        return None
    if parsed.kind is DeadlineKind.RECURRING:
        if parsed.cadence is None:
            check.add(
                index,
                "deadline",
                "Nhiệm vụ thường xuyên: ghi chu kỳ báo cáo, ví dụ “hằng tháng”, “hằng quý”, “6 tháng một lần”, "
                "“hằng năm”.",
            )
            return None
        return _Deadline(Task.Kind.RECURRING, str(parsed.cadence), None, text)
    return _Deadline(Task.Kind.TIME_BOUND, "", parsed.due_date, text)


def _check_row(
    check: ConclusionsCheck,
    index: int,
    row: ConclusionRow,
    *,
    seen_items: dict[str, int],
    eligible: set[int],
) -> None:
    item = row.item.strip().rstrip(".)").strip()
    day = check.assigned_on
    if not item:
        check.add(index, "item", "Chưa có số thứ tự của kết luận trong thông báo (ví dụ “1”, “2.a”).")
    elif len(item) > ITEM_MAX_LENGTH or not ITEM_PATTERN.match(item):
        check.add(
            index, "item", f"Số thứ tự “{item}” không hợp lệ: chỉ gồm chữ, số và dấu chấm (ví dụ “2.a”)."
        )
    elif item in seen_items:
        check.add(index, "item", f"Trùng số thứ tự với dòng {seen_items[item] + 1}.")
    if item:
        seen_items.setdefault(item, index)
    title = row.title.strip()
    if not title:
        check.add(index, "title", "Chưa có nội dung nhiệm vụ.")
    elif len(title) > TITLE_MAX_LENGTH:
        check.add(
            index,
            "title",
            f"Nội dung dài quá {TITLE_MAX_LENGTH} ký tự: hãy tóm tắt, để toàn văn ở phần mô tả.",
        )
    if row.lead_unit is None:
        check.add(index, "lead_unit", "Chưa chọn đơn vị chủ trì.")
    elif day and not _valid_on(row.lead_unit, day):
        check.add(
            index, "lead_unit", f"“{row.lead_unit.name}” không còn hoạt động vào ngày giao {_day(day)}."
        )
    for unit in row.coordinating_units:
        if row.lead_unit is not None and unit.pk == row.lead_unit.pk:
            check.add(index, "coordinating_units", f"“{unit.name}” đã là đơn vị chủ trì.")
        elif day and not _valid_on(unit, day):
            check.add(
                index, "coordinating_units", f"“{unit.name}” không còn hoạt động vào ngày giao {_day(day)}."
            )
    if row.responsible_person is not None and row.responsible_person.pk not in eligible:
        check.add(
            index,
            "responsible_person",
            f"“{row.responsible_person.name}” không thuộc Ban Chỉ đạo hay các cơ quan, đơn vị của tỉnh.",
        )
    deadline = _read_deadline(check, index, row.deadline)
    due = deadline.original_deadline if deadline is not None else None
    if due is not None and day is not None and due < day:
        check.add(index, "deadline", f"Thời hạn {_day(due)} trước ngày giao {_day(day)} (ngày thông báo).")
    if row.product_type not in PRODUCT_TYPES:
        check.add(index, "product_type", "Chưa chọn loại sản phẩm.")
    if not row.product_description.strip():
        check.add(index, "product_description", "Chưa ghi sản phẩm (ví dụ “Kế hoạch của UBND tỉnh”).")
    if row.authority is None:
        check.add(index, "authority", "Chưa chọn thẩm quyền.")
    code = task_code(check.plan_code, item)
    if item and len(code) > CODE_MAX_LENGTH:
        check.add(index, "item", f"Mã nhiệm vụ “{code}” dài quá {CODE_MAX_LENGTH} ký tự.")
    if index in check.row_errors or deadline is None:
        return
    check.rows.append(
        CheckedRow(
            index, row, item, code, deadline.kind, deadline.cadence, deadline.original_deadline, deadline.text
        )
    )


def _check_existing(check: ConclusionsCheck) -> None:
    """Conclusions already given from this notice, and codes already taken, are refused by row."""
    if check.notice is None or not check.rows:
        return
    given = dict(
        Task.objects.filter(
            source_document=check.notice, source_item__in=[checked.item for checked in check.rows]
        ).values_list("source_item", "code")
    )
    taken = set(Task.objects.filter(code__in=[c.code for c in check.rows]).values_list("code", flat=True))
    for checked in check.rows:
        if checked.item in given:
            message = f"Kết luận mục {checked.item} đã được giao thành nhiệm vụ {given[checked.item]}."
            check.add(checked.index, "item", message)
        elif checked.code in taken:
            check.add(checked.index, "item", f"Mã nhiệm vụ {checked.code} đã có.")
    check.rows = [checked for checked in check.rows if checked.index not in check.row_errors]


def conclusions_check(
    meeting: Meeting, rows: Sequence[ConclusionRow], areas: Iterable[Area]
) -> ConclusionsCheck:
    """Check a batch without writing: the notice is recorded, there is at least one row and one area, and every
    row has its "6 rõ" right (the person may be left empty) and has not been given before."""
    notice = meeting.conclusion_notice
    plan = notice_plan(notice) if notice is not None else None
    check = ConclusionsCheck(
        notice=notice,
        plan=plan,
        plan_code=plan.code if plan is not None else free_plan_code(meeting.held_on),
        assigned_on=(notice.issued_on or meeting.held_on) if notice is not None else None,
    )
    if notice is None:
        check.add_batch("__all__", "Phiên họp chưa có thông báo kết luận: hãy ghi thông báo trước.")
    if not rows:
        check.add_batch("__all__", "Chưa có kết luận nào để giao.")
    if not list(areas):
        check.add_batch("areas", "Chọn ít nhất một lĩnh vực cho các nhiệm vụ.")
    eligible = set(eligible_people(meeting.committee, check.assigned_on).values_list("pk", flat=True))
    seen_items: dict[str, int] = {}
    for index, row in enumerate(rows):
        _check_row(check, index, row, seen_items=seen_items, eligible=eligible)
    _check_existing(check)
    return check
