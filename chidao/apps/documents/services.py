"""Writes of the documents app, each atomic and audited: requesting a briefing or urging letters (rows queued and
ONE platform job), the generation job's steps (start, store, fail), retrying, recording the clerk's number, and
loading the default issuer profiles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.dashboard.selectors import DashboardFilters, dashboard_data
from chidao.apps.documents.datafiles import default_profiles
from chidao.apps.documents.models import DocumentProfile, GeneratedDocument
from chidao.apps.documents.rendering import FILE_FORMATS, RenderedFiles, download_name, render_files
from chidao.apps.documents.selectors import (
    GENERATABLE_STATES,
    effective_state,
    number_holder,
    require_manager,
)
from chidao.apps.jobs.services import job_start
from chidao.apps.meetings.models import Meeting
from chidao.apps.organisation.models import Committee, CommitteeMembership, HeadAssignment, Person, Unit
from chidao.apps.organisation.selectors import unit_heads_as_of
from chidao.apps.workcalendar.selectors import working_calendar
from chidao.core.documents.issuing import stamp_issue
from chidao.core.documents.model import document_from_json, document_to_json
from chidao.core.documents.numbering import document_symbol
from chidao.core.numbers import format_date

GENERATE_JOB_KIND = "documents.generate"
# Working days an urging letter gives its unit to report back, counted from the later of today and the date.
REPLY_WORKING_DAYS = 5
AUDITED_FIELDS = [
    "profile",
    "kind",
    "symbol",
    "title",
    "as_of",
    "meeting",
    "unit",
    "reply_by",
    "state",
    "job",
    "error",
    "docx",
    "pdf",
    "xlsx",
    "issued_number",
    "issued_on",
    "issued_year",
    "issued_by",
]


def _check_as_of(as_of: dt.date) -> None:
    if as_of > timezone.localdate():
        raise ValidationError(
            {"as_of": f"Ngày số liệu {format_date(as_of)} chưa đến: chỉ tạo văn bản từ số liệu đã có."}
        )


def _start_generation(actor: Any, documents: list[GeneratedDocument], enqueue: bool) -> None:
    job = job_start(
        actor=actor,
        kind=GENERATE_JOB_KIND,
        parameters={"document_ids": [document.pk for document in documents]},
        enqueue=enqueue,
    )
    GeneratedDocument.objects.filter(pk__in=[document.pk for document in documents]).update(job=job)
    for document in documents:
        document.job = job


@writes_audit("document.briefing_request", label="Yêu cầu tạo báo cáo phục vụ phiên họp")
def briefing_request(
    *,
    actor: Any,
    meeting: Meeting | None,
    as_of: dt.date | None,
    profile: DocumentProfile,
    enqueue: bool = True,
) -> GeneratedDocument:
    """Queue the briefing for a meeting (figures as of its day unless a date is given) or for a date alone, and
    start the job that builds it from the dashboard's data and renders its files."""
    require_manager(actor)
    if as_of is None and meeting is None:
        raise ValidationError("Chọn phiên họp hoặc ngày số liệu.")
    day = as_of or meeting.held_on  # type: ignore[union-attr]
    _check_as_of(day)
    if meeting is not None:
        title = f"Báo cáo phục vụ phiên họp ngày {format_date(meeting.held_on)}"
    else:
        title = f"Báo cáo tình hình, kết quả thực hiện nhiệm vụ đến ngày {format_date(day)}"
    document = GeneratedDocument.objects.create(
        profile=profile,
        kind=GeneratedDocument.Kind.BRIEFING,
        symbol=document_symbol("BC", profile.issuer_abbreviation),
        title=title,
        as_of=day,
        meeting=meeting,
        created_by=actor,
    )
    _start_generation(actor, [document], enqueue)
    audit_record(
        actor=actor,
        action="document.briefing_request",
        obj=document,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


@writes_audit("document.urging_request", label="Yêu cầu tạo công văn đôn đốc")
def urging_letters_request(
    *,
    actor: Any,
    as_of: dt.date,
    profile: DocumentProfile,
    unit_ids: list[int] | None = None,
    reply_by: dt.date | None = None,
    enqueue: bool = True,
) -> list[GeneratedDocument]:
    """Queue one urging letter per lead unit with overdue or due-soon tasks as of the date (all such units, or
    those of `unit_ids`), all built by ONE job; each asks its unit to report back by `reply_by` (by default
    5 working days after the later of today and the date)."""
    require_manager(actor)
    _check_as_of(as_of)
    data = dashboard_data(actor, DashboardFilters(as_of=as_of))
    candidates = [unit for unit in data.attention if unit.overdue or unit.due_soon]
    if unit_ids is not None:
        wanted = set(unit_ids)
        unknown = wanted - {unit.unit_id for unit in candidates}
        if unknown:
            raise ValidationError(
                {"units": "Có đơn vị được chọn không có nhiệm vụ quá hạn hoặc sắp đến hạn tính đến ngày đó."}
            )
        candidates = [unit for unit in candidates if unit.unit_id in wanted]
    if not candidates:
        raise ValidationError(
            f"Tính đến ngày {format_date(as_of)}, không có đơn vị chủ trì nào có nhiệm vụ quá hạn hoặc sắp đến hạn."
        )
    deadline = reply_by or working_calendar().add_working_days(
        max(timezone.localdate(), as_of), REPLY_WORKING_DAYS
    )
    symbol = document_symbol("", profile.issuer_abbreviation, profile.drafting_unit_abbreviation)
    documents = [
        GeneratedDocument.objects.create(
            profile=profile,
            kind=GeneratedDocument.Kind.URGING_LETTER,
            symbol=symbol,
            title=f"Đôn đốc thực hiện nhiệm vụ: {unit.unit_name}",
            as_of=as_of,
            unit_id=unit.unit_id,
            reply_by=deadline,
            created_by=actor,
        )
        for unit in candidates
    ]
    _start_generation(actor, documents, enqueue)
    for document in documents:
        audit_record(
            actor=actor,
            action="document.urging_request",
            obj=document,
            after=snapshot(document, AUDITED_FIELDS),
        )
    return documents


@writes_audit("document.retry", label="Tạo lại văn bản bị lỗi")
def document_retry(*, actor: Any, document: GeneratedDocument, enqueue: bool = True) -> GeneratedDocument:
    """Queue a failed document again under a new job of its own (the data are read afresh as of its date)."""
    require_manager(actor)
    document = (
        GeneratedDocument.objects.select_related("job").select_for_update(of=("self",)).get(pk=document.pk)
    )
    if effective_state(document) != GeneratedDocument.State.FAILED:
        raise ValidationError("Chỉ tạo lại được văn bản bị lỗi.")
    before = snapshot(document, AUDITED_FIELDS)
    document.state = GeneratedDocument.State.QUEUED
    document.error = ""
    document.save(update_fields=["state", "error", "updated_at"])
    _start_generation(actor, [document], enqueue)
    audit_record(
        actor=actor,
        action="document.retry",
        obj=document,
        before=before,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


# ---- the generation job's steps (chidao.apps.documents.generation) ----------------------------------------


@writes_audit("document.generate_start", label="Bắt đầu tạo văn bản")
def document_generation_start(*, document_id: int, job_id: int) -> GeneratedDocument | None:
    """Mark a queued or failed document as being generated by `job_id`; None for one that is ready or issued
    (a retried job never rebuilds those)."""
    document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
    if document.state not in GENERATABLE_STATES:
        return None
    before = snapshot(document, AUDITED_FIELDS)
    document.state = GeneratedDocument.State.GENERATING
    document.job_id = job_id
    document.error = ""
    document.save(update_fields=["state", "job", "error", "updated_at"])
    audit_record(
        actor=None,
        action="document.generate_start",
        obj=document,
        before=before,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


def _store_files(document: GeneratedDocument, files: RenderedFiles) -> None:
    for file_format in FILE_FORMATS:
        field = getattr(document, file_format)
        if field:
            field.delete(save=False)
        field.save(download_name(document, file_format), ContentFile(getattr(files, file_format)), save=False)


@writes_audit("document.generate", label="Tạo văn bản")
def document_store(
    *, document_id: int, title: str, model_json: str, files: RenderedFiles
) -> GeneratedDocument:
    """Keep a generated document's report model and files; it becomes a draft (ready for the clerk)."""
    document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
    before = snapshot(document, AUDITED_FIELDS)
    _store_files(document, files)
    document.model_json = model_json
    document.title = title[:1000]
    document.state = GeneratedDocument.State.READY
    document.error = ""
    document.save()
    audit_record(
        actor=None,
        action="document.generate",
        obj=document,
        before=before,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


@writes_audit("document.fail", label="Tạo văn bản thất bại")
def document_mark_failed(*, document_id: int, error: str) -> GeneratedDocument:
    """Record why a document could not be generated; it keeps the message and may be retried."""
    document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
    before = snapshot(document, AUDITED_FIELDS)
    document.state = GeneratedDocument.State.FAILED
    document.error = error[:2000]
    document.save(update_fields=["state", "error", "updated_at"])
    audit_record(
        actor=None,
        action="document.fail",
        obj=document,
        before=before,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


# ---- the clerk's number --------------------------------------------------------------------------------------


def _taken_message(number: int, document: GeneratedDocument, year: int) -> str:
    holder = number_holder(
        profile_id=document.profile_id,
        symbol=document.symbol,
        year=year,
        number=number,
        exclude_id=document.pk,
    )
    named = f"“{holder.title}” (mã {holder.pk})" if holder is not None else "một văn bản khác"
    return f"Số {number:02d}/{document.symbol} năm {year} đã được dùng cho văn bản {named}: chọn số khác."


@writes_audit("document.record_issue", label="Vào số văn bản")
def document_record_issue(
    *, actor: Any, document: GeneratedDocument, number: int, issued_on: dt.date
) -> GeneratedDocument:
    """The clerk records the issued number and date: unique within the (profile, symbol, year) series; the
    files are drawn again with "Số: 05/BC-BCĐ" and the date, the text and figures staying the draft's."""
    require_manager(actor)
    document = (
        GeneratedDocument.objects.select_related("profile")
        .select_for_update(of=("self",))
        .get(pk=document.pk)
    )
    if document.state not in (GeneratedDocument.State.READY, GeneratedDocument.State.ISSUED):
        raise ValidationError("Văn bản chưa tạo xong nên chưa vào số được.")
    if number < 1:
        raise ValidationError({"number": "Số văn bản phải từ 1 trở lên."})
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": "Ngày ban hành không được sau ngày hôm nay."})
    year = issued_on.year
    if number_holder(
        profile_id=document.profile_id,
        symbol=document.symbol,
        year=year,
        number=number,
        exclude_id=document.pk,
    ):
        raise ValidationError({"number": _taken_message(number, document, year)})
    before = snapshot(document, AUDITED_FIELDS)
    document.issued_number = number
    document.issued_on = issued_on
    document.issued_year = year
    document.issued_by = actor
    document.state = GeneratedDocument.State.ISSUED
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Another clerk took the number between the check and the save.
        raise ValidationError({"number": _taken_message(number, document, year)}) from None
    stamped = stamp_issue(
        document_from_json(document.model_json),
        symbol=document.symbol,
        number=number,
        issued_on=issued_on,
        place=document.profile.place,
    )
    _store_files(document, render_files(stamped))
    document.model_json = document_to_json(stamped)
    document.save()
    audit_record(
        actor=actor,
        action="document.record_issue",
        obj=document,
        before=before,
        after=snapshot(document, AUDITED_FIELDS),
    )
    return document


# ---- default profiles --------------------------------------------------------------------------------------

PROFILE_FIELDS = [
    "name",
    "committee",
    "unit",
    "parent_body",
    "issuing_body",
    "short_name",
    "issuer_abbreviation",
    "drafting_unit_abbreviation",
    "place",
    "signature_authority",
    "signature_title",
    "signer",
    "signer_name",
    "recipients",
    "archive_line",
]


@dataclass(frozen=True)
class ProfilesLoaded:
    """What loading the default profiles did, profile by profile (codes)."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


def _signer(spec: dict[str, Any], committee: Committee | None, day: dt.date) -> Person | None:
    """The person the profile names: the committee member of a role, or a unit's head, as of the day."""
    signer = spec.get("signer") or {}
    if signer.get("committee_role") and committee is not None:
        membership = (
            CommitteeMembership.objects.filter(
                committee=committee, role=signer["committee_role"], valid_from__lte=day
            )
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
            .select_related("person")
            .first()
        )
        return membership.person if membership is not None else None
    if signer.get("unit_head"):
        unit = Unit.objects.filter(code=signer["unit_head"]).first()
        heads = unit_heads_as_of(unit, day) if unit is not None else []
        head = next((row for row in heads if row.role == HeadAssignment.Role.HEAD), None)
        return head.person if head is not None else None
    return None


def _profile_values(spec: dict[str, Any], day: dt.date) -> dict[str, Any]:
    committee = None
    if spec.get("committee"):
        committee = Committee.objects.filter(code=spec["committee"]).first()
        if committee is None:
            raise ValidationError(
                f"Hồ sơ “{spec['code']}”: chưa có Ban Chỉ đạo mã {spec['committee']} (chạy manage.py load_organisation trước)."
            )
    unit = None
    if spec.get("unit"):
        unit = Unit.objects.filter(code=spec["unit"]).first()
        if unit is None:
            raise ValidationError(
                f"Hồ sơ “{spec['code']}”: chưa có đơn vị mã {spec['unit']} (chạy manage.py load_organisation trước)."
            )
    signer = _signer(spec, committee, day)
    return {
        "name": spec["name"],
        "committee": committee,
        "unit": unit,
        "parent_body": spec.get("parent_body", ""),
        "issuing_body": spec["issuing_body"],
        "short_name": spec.get("short_name", "Ban Chỉ đạo"),
        "issuer_abbreviation": spec["issuer_abbreviation"],
        "drafting_unit_abbreviation": spec.get("drafting_unit_abbreviation", ""),
        "place": spec["place"],
        "signature_authority": spec.get("signature_authority", ""),
        "signature_title": spec["signature_title"],
        "signer": signer,
        "signer_name": signer.name if signer is not None else spec.get("signer_name", ""),
        "recipients": "\n".join(spec.get("recipients", [])),
        "archive_line": spec.get("archive_line", "Lưu: VT."),
    }


@writes_audit("document.profiles_load", label="Nạp hồ sơ cơ quan ban hành mặc định")
def profiles_load_defaults(
    *, actor: Any, path: Path | None = None, as_of: dt.date | None = None
) -> ProfilesLoaded:
    """Create or update the default issuer profiles of the data file (one audit row per profile created or
    changed); a second run changes nothing. Signers are read from the committee and the heads as of the date."""
    day = as_of or timezone.localdate()
    created: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    for spec in default_profiles(path):
        values = _profile_values(spec, day)
        profile = DocumentProfile.objects.select_for_update().filter(code=spec["code"]).first()
        if profile is None:
            profile = DocumentProfile.objects.create(code=spec["code"], **values)
            audit_record(
                actor=actor,
                action="document.profiles_load",
                obj=profile,
                after=snapshot(profile, PROFILE_FIELDS),
            )
            created.append(profile.code)
            continue
        before = snapshot(profile, PROFILE_FIELDS)
        for field, value in values.items():
            setattr(profile, field, value)
        after = snapshot(profile, PROFILE_FIELDS)
        if after == before:
            unchanged.append(profile.code)
            continue
        profile.save()
        audit_record(actor=actor, action="document.profiles_load", obj=profile, before=before, after=after)
        updated.append(profile.code)
    return ProfilesLoaded(tuple(created), tuple(updated), tuple(unchanged))
