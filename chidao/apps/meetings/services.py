"""Writing the committee meetings: create and edit a meeting, record its conclusions notice, and turn the notice's
conclusions into tasks with their "6 rõ" in one step. Each service is atomic and @writes_audit.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any, Final

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.meetings.conclusion_rows import (
    ConclusionRow,
    ConclusionRowsError,
    conclusions_check,
)
from chidao.apps.meetings.models import Meeting
from chidao.apps.meetings.selectors import eligible_people
from chidao.apps.organisation.models import Committee, Person
from chidao.apps.programmes.models import Area, Plan, SourceDocument, Task
from chidao.apps.programmes.services import task_create
from chidao.core.meetings.naming import conclusions_plan_name, meeting_title

# Fields a caller may set on create or change on update (people are passed apart: chair, co-chairs, attendees).
MEETING_EDITABLE_FIELDS: Final = frozenset(
    {
        "committee",
        "held_on",
        "sequence_in_year",
        "kind",
        "form",
        "title",
        "location",
        "chair",
        "other_attendees",
        "agenda",
        "proposals",
    }
)
_TEXT_FIELDS: Final = ("title", "location", "other_attendees", "agenda", "proposals")
MEBIBYTE: Final = 1024 * 1024
DEFAULT_MAX_NOTICE_BYTES: Final = 20 * MEBIBYTE
NOTICE_FILE_TYPES: Final = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _user(actor: Any) -> Any:
    """The actor when it is a user account (None for the system or a command)."""
    return actor if getattr(actor, "pk", None) else None


def _clean_text(value: str) -> str:
    """NFC, trailing spaces gone on every line, no blank lines at the ends."""
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", value or "").splitlines()]
    return "\n".join(lines).strip()


def _people_ids(people: Iterable[Person]) -> list[int]:
    return list(dict.fromkeys(person.pk for person in people))


def _check_meeting(meeting: Meeting, *, co_chairs: list[int], attendees: list[int]) -> None:
    """The rules of a meeting, with the messages on the fields they concern."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    committee: Committee = meeting.committee
    day = meeting.held_on
    if day < committee.valid_from or (committee.valid_to is not None and day >= committee.valid_to):
        add("held_on", f"{committee} không hoạt động vào ngày {day:%d/%m/%Y}.")
    if meeting.sequence_in_year is not None:
        if meeting.sequence_in_year < 1:
            add("sequence_in_year", "Lần họp trong năm phải từ 1 trở lên.")
        same = Meeting.objects.filter(
            committee=committee, held_on__year=day.year, sequence_in_year=meeting.sequence_in_year
        ).exclude(pk=meeting.pk)
        other = same.first()
        if other is not None:
            add(
                "sequence_in_year",
                f"Năm {day.year} đã có phiên họp lần thứ {meeting.sequence_in_year}: {other}.",
            )
    if (
        Meeting.objects.filter(committee=committee, held_on=day, title=meeting.title)
        .exclude(pk=meeting.pk)
        .exists()
    ):
        add("title", "Ngày này đã có một phiên họp cùng tên.")
    eligible = set(eligible_people(committee, day).values_list("pk", flat=True))
    chair_id = meeting.chair_id
    if chair_id is not None and chair_id not in eligible:
        add("chair", "Người chủ trì phải là thành viên Ban Chỉ đạo hoặc cán bộ của tỉnh.")
    if any(pk not in eligible for pk in co_chairs):
        add("co_chairs", "Người đồng chủ trì phải là thành viên Ban Chỉ đạo hoặc cán bộ của tỉnh.")
    if chair_id is not None and chair_id in co_chairs:
        add("co_chairs", "Người chủ trì đã có tên, không ghi thêm là đồng chủ trì.")
    outsiders = [pk for pk in attendees if pk not in eligible]
    if outsiders:
        names = ", ".join(
            Person.objects.filter(pk__in=outsiders).order_by("name_sort").values_list("name", flat=True)
        )
        add(
            "attendees",
            f"Không thuộc Ban Chỉ đạo hay các cơ quan, đơn vị của tỉnh: {names}. "
            "Ghi khách mời vào “Thành phần khác”.",
        )
    if errors:
        raise ValidationError(errors)


def _apply_defaults(meeting: Meeting) -> None:
    for name in _TEXT_FIELDS:
        setattr(meeting, name, _clean_text(getattr(meeting, name)))
    if not meeting.title and meeting.held_on is not None:
        meeting.title = meeting_title(meeting.held_on, meeting.sequence_in_year)


def _save_people(meeting: Meeting, co_chairs: list[int] | None, attendees: list[int] | None) -> None:
    if co_chairs is not None:
        meeting.co_chairs.set(co_chairs)
    if attendees is not None:
        meeting.attendees.set(attendees)


@writes_audit("meeting.create", label="Tạo phiên họp")
def meeting_create(
    *,
    actor: Any,
    committee: Committee,
    held_on: dt.date,
    co_chairs: Iterable[Person] = (),
    attendees: Iterable[Person] = (),
    **fields: Any,
) -> Meeting:
    """Record a meeting: the committee, date, ordinal in the year (unique per committee and year when given),
    type, form, chair and co-chairs and attendees (people of the committee or of the province), agenda and the
    secretariat's proposals. Without a title it is named "Phiên họp lần thứ … năm …" (or "… ngày dd/mm/yyyy")."""
    unknown = set(fields) - MEETING_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Trường này không được phép ghi."))
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    meeting = Meeting(committee=committee, held_on=held_on, created_by=_user(actor), **fields)
    _apply_defaults(meeting)
    co_chair_ids, attendee_ids = _people_ids(co_chairs), _people_ids(attendees)
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    _check_meeting(meeting, co_chairs=co_chair_ids, attendees=attendee_ids)
    meeting.save()
    _save_people(meeting, co_chair_ids, attendee_ids)
    audit_record(actor=actor, action="meeting.create", obj=meeting, after=snapshot(meeting))
    return meeting


@writes_audit("meeting.update", label="Sửa phiên họp")
def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    data: dict[str, Any],
    co_chairs: Iterable[Person] | None = None,
    attendees: Iterable[Person] | None = None,
) -> Meeting:
    """Change a meeting's fields (and its co-chairs or attendees when given), with the same rules as on
    creation; a change that changes nothing writes no audit row."""
    unknown = set(data) - MEETING_EDITABLE_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Trường này không được phép sửa."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = snapshot(meeting)
    for name, value in data.items():
        setattr(meeting, name, value)
    _apply_defaults(meeting)
    co_chair_ids = _people_ids(co_chairs) if co_chairs is not None else None
    attendee_ids = _people_ids(attendees) if attendees is not None else None
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    _check_meeting(
        meeting,
        co_chairs=co_chair_ids
        if co_chair_ids is not None
        else list(meeting.co_chairs.values_list("pk", flat=True)),
        attendees=attendee_ids
        if attendee_ids is not None
        else list(meeting.attendees.values_list("pk", flat=True)),
    )
    meeting.save()
    _save_people(meeting, co_chair_ids, attendee_ids)
    after = snapshot(meeting)
    if before != after:
        audit_record(actor=actor, action="meeting.update", obj=meeting, before=before, after=after)
    return meeting


# ---- the conclusions notice -----------------------------------------------------------------------------------


def _max_notice_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_FILE_BYTES", DEFAULT_MAX_NOTICE_BYTES))


def _notice_file_type(upload: UploadedFile) -> str:
    """ "pdf" or "docx", from the file's content (never its name); ValidationError for anything else."""
    name = (upload.name or "tệp").rsplit("/", 1)[-1][:200]
    size = int(upload.size or 0)
    if size > _max_notice_bytes():
        limit = f"{_max_notice_bytes() / MEBIBYTE:.0f}"
        raise ValidationError({"file": f"Tệp “{name}” vượt giới hạn {limit} MB."})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
                is_word = "word/document.xml" in archive.namelist()
        except zipfile.BadZipFile:
            is_word = False
        upload.seek(0)
        if is_word:
            return "docx"
    raise ValidationError({"file": f"Tệp “{name}” không phải PDF hay Word (.docx): không nhận."})


@writes_audit("meeting.attach_notice", label="Ghi thông báo kết luận phiên họp")
def meeting_attach_notice(
    *,
    actor: Any,
    meeting: Meeting,
    number_symbol: str,
    issued_on: dt.date,
    title: str = "",
    file: UploadedFile | None = None,
) -> SourceDocument:
    """Record the meeting's conclusions notice (thông báo kết luận): a source document of the tasks, of kind
    "conclusion notice", issued by the steering committee, on or after the meeting day. The meeting's notice is
    corrected in place; otherwise a notice already recorded with that number and date is linked (if no other
    meeting has it), else a new one is made. The file (PDF or Word, checked by content) is optional."""
    meeting = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    number_symbol = " ".join(unicodedata.normalize("NFC", number_symbol or "").split())
    title = _clean_text(title)
    errors: dict[str, str] = {}
    if not number_symbol:
        errors["number_symbol"] = "Chưa có số, ký hiệu của thông báo (ví dụ “12/TB-BCĐ”)."
    if issued_on < meeting.held_on:
        errors["issued_on"] = (
            f"Thông báo kết luận không thể ban hành trước ngày họp {meeting.held_on:%d/%m/%Y}."
        )
    if errors:
        raise ValidationError(errors)
    extension = _notice_file_type(file) if file is not None else None
    document = meeting.conclusion_notice
    same = SourceDocument.objects.filter(
        number_symbol=number_symbol, issued_on=issued_on, kind=SourceDocument.Kind.CONCLUSION_NOTICE
    )
    if document is None:
        document = same.order_by("pk").first()
    elif same.exclude(pk=document.pk).exists():
        raise ValidationError(
            {"number_symbol": f"Thông báo {number_symbol} ngày {issued_on:%d/%m/%Y} đã có."}
        )
    if document is not None:
        other = Meeting.objects.filter(conclusion_notice=document).exclude(pk=meeting.pk).first()
        if other is not None:
            raise ValidationError({"number_symbol": f"Thông báo này đã ghi cho {other}."})
    before = snapshot(document)
    if document is None:
        document = SourceDocument(kind=SourceDocument.Kind.CONCLUSION_NOTICE)
    document.number_symbol = number_symbol
    document.issued_on = issued_on
    document.kind = SourceDocument.Kind.CONCLUSION_NOTICE
    document.issuer_level = SourceDocument.IssuerLevel.STEERING_COMMITTEE
    document.issuer_name = document.issuer_name or meeting.committee.name
    if title or not document.title:
        document.title = title or f"Thông báo kết luận phiên họp ngày {meeting.held_on:%d/%m/%Y}"
    document.full_clean(exclude=["file"])
    if file is not None and extension is not None:
        document.file.save(f"thong-bao-ket-luan-{meeting.held_on:%Y%m%d}.{extension}", file, save=False)
    document.save()
    after = snapshot(document)
    if before != after:
        audit_record(actor=actor, action="meeting.attach_notice", obj=document, before=before, after=after)
    if meeting.conclusion_notice_id != document.pk:
        meeting_before = snapshot(meeting)
        meeting.conclusion_notice = document
        meeting.save(update_fields=["conclusion_notice", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.attach_notice",
            obj=meeting,
            before=meeting_before,
            after=snapshot(meeting),
        )
    return document


# ---- conclusions → tasks ----------------------------------------------------------------------------------------


def _plan_for(actor: Any, meeting: Meeting, notice: SourceDocument, code: str, existing: Plan | None) -> Plan:
    if existing is not None:
        return existing
    plan = Plan.objects.create(
        code=code,
        name=conclusions_plan_name(meeting.held_on),
        source_document=notice,
        year=meeting.held_on.year,
        issuer_name=meeting.committee.short_name or meeting.committee.name,
    )
    audit_record(actor=actor, action="meeting.conclusions_to_tasks", obj=plan, after=snapshot(plan))
    return plan


@writes_audit("meeting.conclusions_to_tasks", label="Giao nhiệm vụ từ kết luận phiên họp")
def conclusions_to_tasks(
    *, actor: Any, meeting: Meeting, rows: Sequence[ConclusionRow], areas: Iterable[Area]
) -> list[Task]:
    """The notice's conclusions become tasks in one step: every row is checked first and, if one is refused,
    nothing is created (ConclusionRowsError carries a message per row and field). Each task is made by
    programmes' task_create (status, audit as for any task) with its "6 rõ", the notice as its source and the
    row's number as its item, assigned on the notice's date, in the areas chosen for the batch and under the
    notice's plan ("Kết luận phiên họp ngày dd/mm/yyyy", made if there is none)."""
    meeting = (
        # Only the meeting's row is locked: the notice is on the nullable side of an outer join (PostgreSQL).
        Meeting.objects.select_for_update(of=("self",))
        .select_related("committee", "conclusion_notice")
        .get(pk=meeting.pk)
    )
    chosen_areas = list(areas)
    check = conclusions_check(meeting, rows, chosen_areas)
    if not check.ok or check.notice is None:
        raise ConclusionRowsError(check)
    notice = check.notice
    plan = _plan_for(actor, meeting, notice, check.plan_code, check.plan)
    tasks: list[Task] = []
    for checked in check.rows:
        row = checked.row
        try:
            task = task_create(
                actor=actor,
                code=checked.code,
                title=" ".join(row.title.split()),
                lead_unit=row.lead_unit,
                original_deadline=checked.original_deadline,
                coordinating_units=row.coordinating_units,
                areas=chosen_areas,
                plans=[plan],
                content=_clean_text(row.content) or " ".join(row.title.split()),
                source_document=notice,
                source_item=checked.item,
                origin=Task.Origin.PROVINCE,
                kind=checked.kind,
                cadence=checked.cadence,
                responsible_person=row.responsible_person,
                assigned_on=check.assigned_on,
                deadline_text=checked.deadline_text,
                product_type=row.product_type,
                product_description=" ".join(row.product_description.split()),
                authority=row.authority,
            )
        except ValidationError as error:
            for name, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
                for message in messages:
                    check.add(checked.index, name if name != "__all__" else "title", message)
            continue
        tasks.append(task)
    if not check.ok:
        raise ConclusionRowsError(check)  # the transaction is rolled back: no task of the batch remains
    audit_record(
        actor=actor,
        action="meeting.conclusions_to_tasks",
        obj=meeting,
        after={
            "notice": notice.pk,
            "plan": plan.code,
            "areas": [area.code for area in chosen_areas],
            "tasks": [task.code for task in tasks],
        },
    )
    return tasks
