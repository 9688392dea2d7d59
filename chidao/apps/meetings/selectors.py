"""Reads of the committee meetings, always through the user's scope.

Who sees a meeting (docs/domain/meetings.md):
- leaders, the secretariat, auditors and administrators (province-wide roles): every meeting of the province;
- unit heads, officers and data officers: only the meetings whose conclusions notice gave a task to a unit in
  their scope (as lead or coordinating unit: the tasks they can see), and on its page only those tasks and not
  the secretariat's proposals; other meetings do not exist for them (404);
- an account without a role: none.
Creating, editing, recording the notice and turning its conclusions into tasks belong to the secretariat
(Thường trực, Tổ giúp việc): others who see the meeting get 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.apps.accounts.access import user_scope
from chidao.apps.accounts.models import User
from chidao.apps.accounts.roles import Role
from chidao.apps.meetings.models import Meeting
from chidao.apps.organisation.models import Committee, CommitteeMembership, Person, Unit
from chidao.apps.programmes.models import Task
from chidao.apps.programmes.selectors import tasks_visible_to

# Who records meetings, their notice and turns conclusions into tasks.
SECRETARIAT_ROLES = (Role.SECRETARIAT,)


def _valid_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def sees_all_meetings(user: User) -> bool:
    """True for the province-wide roles, who see every meeting with its proposals."""
    return user_scope(user).all_units


def may_record_meetings(user: User) -> bool:
    """True for the secretariat, who create and edit meetings, record the notice and give its conclusions."""
    return user_scope(user).has_role(*SECRETARIAT_ROLES)


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """The meetings a user may open: all for province-wide roles; for unit roles, the meetings whose notice gave
    a task they can see; none without a role."""
    scope = user_scope(user)
    if not scope.roles:
        return Meeting.objects.none()
    meetings = Meeting.objects.all()
    if scope.all_units:
        return meetings
    own_tasks = tasks_visible_to(user).filter(source_document_id=OuterRef("conclusion_notice_id"))
    return meetings.filter(conclusion_notice__isnull=False).filter(Exists(own_tasks))


def meeting_list_for_user(user: User, *, year: int | None = None) -> QuerySet[Meeting]:
    """Visible meetings, newest first, with what a list row shows (and the number of tasks the user can see
    that came from each notice)."""
    meetings = meetings_visible_to(user)
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    visible_tasks = tasks_visible_to(user).values("pk")
    return (
        meetings.select_related("committee", "chair", "conclusion_notice")
        .annotate(
            task_count=Count(
                "conclusion_notice__tasks",
                filter=Q(conclusion_notice__tasks__in=visible_tasks),
                distinct=True,
            )
        )
        .order_by("-held_on", "-pk")
    )


def meeting_years(user: User) -> list[int]:
    """The years that have a visible meeting, newest first (for the list's filter)."""
    return sorted(
        {day.year for day in meetings_visible_to(user).values_list("held_on", flat=True)}, reverse=True
    )


def meeting_get_for_user(user: User, meeting_id: int) -> Meeting:
    """The meeting if the user may see it, with its people; otherwise 404 (its existence is not revealed)."""
    people = Person.objects.select_related("unit").order_by("name_sort")
    try:
        return (
            meetings_visible_to(user)
            .select_related("committee", "chair", "chair__unit", "conclusion_notice", "created_by")
            .prefetch_related(Prefetch("co_chairs", queryset=people), Prefetch("attendees", queryset=people))
            .get(pk=meeting_id)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy phiên họp") from None


def meeting_get_for_secretariat(user: User, meeting_id: int) -> Meeting:
    """The meeting if the user may record it (secretariat): 404 outside the scope, 403 inside without the role."""
    meeting = meeting_get_for_user(user, meeting_id)
    if not may_record_meetings(user):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được cập nhật phiên họp.")
    return meeting


def require_secretariat(user: User) -> None:
    """403 unless the user may record meetings (for the pages that have no meeting yet)."""
    if not may_record_meetings(user):
        raise PermissionDenied("Chỉ Thường trực, Tổ giúp việc được tạo phiên họp.")


def meeting_tasks_for_user(user: User, meeting: Meeting) -> QuerySet[Task]:
    """The tasks given by the meeting's conclusions notice that the user may see, in the notice's order."""
    if meeting.conclusion_notice_id is None:
        return Task.objects.none()
    return (
        tasks_visible_to(user)
        .filter(source_document_id=meeting.conclusion_notice_id)
        .select_related("lead_unit", "responsible_person")
        .order_by("source_item", "code")
    )


# ---- for the dashboard and the briefing --------------------------------------------------------------------


def meetings_before(
    day: dt.date, *, user: User | None = None, committee: Committee | None = None
) -> QuerySet[Meeting]:
    """Meetings held before `day`, the latest first (the dashboard's and the briefing's "previous meeting":
    `.first()`). With a user, only the meetings he may see."""
    meetings = meetings_visible_to(user) if user is not None else Meeting.objects.all()
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return meetings.filter(held_on__lt=day).select_related("committee").order_by("-held_on", "-pk")


def meeting_held_on(
    day: dt.date, *, user: User | None = None, committee: Committee | None = None
) -> Meeting | None:
    """The meeting held on `day`, if any (the first created when there were several)."""
    meetings = meetings_visible_to(user) if user is not None else Meeting.objects.all()
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return meetings.filter(held_on=day).select_related("committee").order_by("pk").first()


# ---- who may chair and attend ----------------------------------------------------------------------------


def committees_on(day: dt.date | None = None) -> QuerySet[Committee]:
    """The committees in existence on the date (today by default)."""
    return Committee.objects.filter(_valid_on(day or timezone.localdate())).order_by("name_sort")


def eligible_people(committee: Committee | None = None, day: dt.date | None = None) -> QuerySet[Person]:
    """People who may chair or attend a meeting: the committee's members on the date, and the people of the
    province (the committee's parent unit and its subtree). Without a committee: those of every committee."""
    on = day or timezone.localdate()
    committees = (
        [committee] if committee is not None else list(Committee.objects.select_related("parent_unit"))
    )
    condition = Q(pk__in=[])
    for item in committees:
        parent: Unit = item.parent_unit
        members = CommitteeMembership.objects.filter(committee=item).filter(_valid_on(on))
        condition |= Q(pk__in=members.values("person_id"))
        condition |= Q(unit=parent) | Q(unit__path__startswith=f"{parent.path}{parent.pk}/")
    return Person.objects.filter(condition).select_related("unit").order_by("name_sort")


def committee_positions(committee: Committee, day: dt.date) -> dict[int, str]:
    """person id -> the seat's position on the committee on the date ("Giám đốc Sở Tư pháp", …)."""
    rows = CommitteeMembership.objects.filter(committee=committee).filter(_valid_on(day))
    return {row.person_id: row.position_text or row.get_role_display() for row in rows.order_by("role", "pk")}
