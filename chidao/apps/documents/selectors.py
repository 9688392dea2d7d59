"""Reads of generated documents and issuer profiles, always through the user's scope.

Who sees a document (docs/domain/briefing.md):
- leaders, the secretariat, auditors and administrators (province-wide roles): every document;
- unit heads, officers and data officers: the urging letters addressed to a unit in their scope, nothing else;
- an account without a role: none. A document outside the scope does not exist for the user (404).
Generating, retrying and recording the issued number belong to the secretariat (Thường trực, Tổ giúp việc), who
also keeps the register (văn thư) until a clerk role exists: others who see the document get 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from chidao.apps.accounts.access import units_visible_to, user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.roles import Role
from chidao.apps.documents.models import DocumentProfile, GeneratedDocument
from chidao.apps.jobs.models import Job
from chidao.apps.meetings.models import Meeting
from chidao.apps.programmes.models import Phase

# Who generates documents, retries them and records the clerk's number.
MANAGER_ROLES = (Role.SECRETARIAT,)
# States in which a document waits for its job; if the job ended badly, the document is effectively failed.
WAITING_STATES = (GeneratedDocument.State.QUEUED, GeneratedDocument.State.GENERATING)
# States a generation job (re)builds; a ready or issued document is never rebuilt behind the clerk's back.
GENERATABLE_STATES = (*WAITING_STATES, GeneratedDocument.State.FAILED)


def may_manage_documents(user: User) -> bool:
    """True for the secretariat: generate briefings and urging letters, retry them, record issued numbers."""
    return user_scope(user).has_role(*MANAGER_ROLES)


def require_manager(user: User) -> None:
    """403 unless the user may manage documents."""
    if not may_manage_documents(user):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc Ban Chỉ đạo được tạo và vào số văn bản.")


def documents_visible_to(user: User) -> QuerySet[GeneratedDocument]:
    """All documents for province-wide roles; for unit roles, the urging letters addressed to their units."""
    scope = user_scope(user)
    if not scope.roles:
        return GeneratedDocument.objects.none()
    documents = GeneratedDocument.objects.all()
    if scope.all_units:
        return documents
    return documents.filter(kind=GeneratedDocument.Kind.URGING_LETTER, unit__in=units_visible_to(user))


def document_list_for_user(user: User, *, kind: str = "", state: str = "") -> QuerySet[GeneratedDocument]:
    """Visible documents, newest first, with what a list row shows."""
    documents = documents_visible_to(user)
    if kind in GeneratedDocument.Kind.values:
        documents = documents.filter(kind=kind)
    if state in GeneratedDocument.State.values:
        documents = documents.filter(state=state)
    return documents.select_related("profile", "meeting", "unit", "job").order_by("-created_at", "-pk")


def document_get_for_user(user: User, document_id: int) -> GeneratedDocument:
    """The document if the user may see it; otherwise 404 (its existence is not revealed)."""
    try:
        return (
            documents_visible_to(user)
            .select_related("profile", "meeting", "unit", "job", "created_by", "issued_by")
            .get(pk=document_id)
        )
    except (GeneratedDocument.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy văn bản") from None


def document_get_for_manager(user: User, document_id: int) -> GeneratedDocument:
    """The document if the user may manage it: 404 outside the scope, 403 inside without the role."""
    document = document_get_for_user(user, document_id)
    require_manager(user)
    return document


def documents_for_meeting(user: User, meeting: Meeting) -> QuerySet[GeneratedDocument]:
    """The visible documents kept with a meeting (its briefings), newest first."""
    return document_list_for_user(user).filter(meeting=meeting)


def effective_state(document: GeneratedDocument) -> str:
    """The state to show: a document still waiting whose job failed or was cancelled (a killed worker, found by
    the reaper) is failed, and may be retried."""
    job = document.job
    if (
        document.state in WAITING_STATES
        and job is not None
        and job.state in (Job.State.FAILED, Job.State.CANCELLED)
    ):
        return str(GeneratedDocument.State.FAILED)
    return str(document.state)


def effective_error(document: GeneratedDocument) -> str:
    """The failure to show: the document's own error, else its job's last message."""
    if document.error:
        return document.error
    if effective_state(document) == GeneratedDocument.State.FAILED and document.job is not None:
        return document.job.message
    return ""


def documents_for_generation(document_ids: list[int]) -> list[GeneratedDocument]:
    """The documents a generation job was given, in order, with their profile, meeting and unit."""
    rows = GeneratedDocument.objects.filter(pk__in=document_ids).select_related(
        "profile", "profile__signer", "meeting", "unit", "created_by"
    )
    by_id = {document.pk: document for document in rows}
    return [by_id[pk] for pk in document_ids if pk in by_id]


def number_holder(
    *, profile_id: int, symbol: str, year: int, number: int, exclude_id: int | None = None
) -> GeneratedDocument | None:
    """The document that already holds `number` in the (profile, symbol, year) series, if any."""
    holders = GeneratedDocument.objects.filter(
        profile_id=profile_id, symbol=symbol, issued_year=year, issued_number=number
    )
    if exclude_id is not None:
        holders = holders.exclude(pk=exclude_id)
    return holders.first()


def profiles_active() -> QuerySet[DocumentProfile]:
    """The issuer profiles offered when generating."""
    return DocumentProfile.objects.filter(is_active=True).select_related("signer").order_by("code")


def profile_get_active(profile_id: int) -> DocumentProfile:
    """An active profile; 404 otherwise."""
    try:
        return profiles_active().get(pk=profile_id)
    except (DocumentProfile.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy hồ sơ cơ quan ban hành") from None


def meetings_for_briefing() -> QuerySet[Meeting]:
    """The meetings a briefing may be generated for (the secretariat sees them all), newest first."""
    return Meeting.objects.select_related("committee").order_by("-held_on", "-pk")


def meeting_get_for_briefing(meeting_id: int) -> Meeting:
    """A meeting to generate a briefing for; 404 when it does not exist."""
    try:
        return meetings_for_briefing().get(pk=meeting_id)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy phiên họp") from None


def phase_windows() -> dict[str, tuple[dt.date, dt.date]]:
    """Each programme phase's first and last day, by code (the briefing writes "từ ngày … đến ngày …")."""
    return {code: (start, end) for code, start, end in Phase.objects.values_list("code", "start", "end")}
