"""The dashboard's data → the pure builders' inputs; the stored profile → an `IssuerProfile`.

The only place where the documents app translates: the briefing quotes exactly the dashboard's figures for the
same date because it is built from the same `DashboardData`, field by field, here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from chidao.apps.dashboard.selectors import AreaFigures, DashboardData, TaskLine, UnitAttention
from chidao.apps.documents.datafiles import area_wording
from chidao.apps.documents.models import DocumentProfile, GeneratedDocument
from chidao.core.documents.briefing_inputs import (
    AreaResult,
    AttentionUnit,
    BriefingInputs,
    Comparison,
    CountChange,
    LastYearCompletions,
    LeagueEntry,
    OpenDirective,
    PhaseResult,
    StatusCounts,
    TaskItem,
)
from chidao.core.documents.profile import IssueMark, IssuerProfile
from chidao.core.documents.urging import UrgingInputs
from chidao.core.tasks.statistics import BucketCounts

__all__ = ["briefing_inputs", "issuer_profile", "status_counts", "urging_inputs"]


def issuer_profile(profile: DocumentProfile) -> IssuerProfile:
    """The stored profile as the builders see it; the signer's current name wins over the typed one."""
    signer = profile.signer.name if profile.signer_id is not None and profile.signer is not None else ""
    return IssuerProfile(
        parent_body=profile.parent_body,
        issuing_body=profile.issuing_body,
        issuer_abbreviation=profile.issuer_abbreviation,
        place=profile.place,
        signature_authority=profile.signature_authority,
        signature_title=profile.signature_title,
        signer_name=signer or profile.signer_name,
        recipients=tuple(profile.recipient_lines()),
        archive_line=profile.archive_line,
        drafting_unit_abbreviation=profile.drafting_unit_abbreviation,
        short_name=profile.short_name or "Ban Chỉ đạo",
    )


def issue_mark(document: GeneratedDocument) -> IssueMark:
    return IssueMark(number=document.issued_number, issued_on=document.issued_on)


def status_counts(statistics: BucketCounts) -> StatusCounts:
    """The buckets of the seed's sentence, as the statistics counted them."""
    return StatusCounts(
        total=statistics.total,
        recurring=statistics.recurring,
        done_on_time=statistics.done_on_time,
        done_late=statistics.done_late,
        in_progress_on_time=statistics.in_progress_on_time,
        overdue=statistics.in_progress_overdue,
        suspended=statistics.suspended,
        stopped=statistics.stopped,
        on_time_share=statistics.on_time_share,
    )


def _area(figures: AreaFigures) -> AreaResult:
    words = area_wording(figures.code, figures.name)
    change = figures.change
    last = figures.completions_last_year
    return AreaResult(
        code=figures.code,
        label=words.label,
        short_label=words.short_label,
        assigned_by=words.assigned_by,
        counts=status_counts(figures.statistics),
        last_year=LastYearCompletions(year=last.start.year, on_time=last.on_time, late=last.late),
        change=None
        if change is None
        else CountChange(total=change.total, done=change.done, overdue=change.in_progress_overdue),
    )


def _task(line: TaskLine) -> TaskItem:
    return TaskItem(
        code=line.code, title=line.title, deadline=line.deadline, working_days_late=line.working_days_late
    )


def _attention(unit: UnitAttention) -> AttentionUnit:
    return AttentionUnit(
        unit_id=unit.unit_id,
        unit_name=unit.unit_name,
        head_name=unit.head_name,
        overdue=tuple(_task(line) for line in unit.overdue),
        due_soon=tuple(_task(line) for line in unit.due_soon),
        missing_reports=unit.missing_reports,
    )


def _comparison(data: DashboardData) -> Comparison | None:
    if data.since is None:
        return None
    previous = data.previous_meeting
    return Comparison(since=data.since, is_meeting=previous is not None and previous.held_on == data.since)


def briefing_inputs(
    data: DashboardData,
    *,
    document: GeneratedDocument,
    phase_windows: Mapping[str, tuple[dt.date, dt.date]],
) -> BriefingInputs:
    """The briefing of `document` (its profile, meeting and date) from the dashboard's data for that date."""
    meeting = document.meeting
    phases = tuple(
        PhaseResult(
            code=phase.code,
            name=phase.name,
            start=phase_windows[phase.code][0],
            end=phase_windows[phase.code][1],
            total=phase.total,
            done=phase.done_as_of,
            done_within_phase=phase.done_within_phase,
        )
        for phase in data.figures.statistics.by_phase
        if phase.code in phase_windows
    )
    league = tuple(
        LeagueEntry(
            rank=line.row.rank,
            unit_name=line.unit_name,
            head_name=line.head_name,
            tasks=line.row.tasks,
            done_on_time=line.row.done_on_time,
            done_late=line.row.done_late,
            in_progress_on_time=line.row.in_progress_on_time,
            overdue=line.row.overdue,
            on_time_rate=line.row.on_time_rate,
            missing_reports=line.row.missing_reports,
        )
        for line in data.league
    )
    directives = tuple(
        OpenDirective(
            kind_label=line.kind_label,
            text=line.text,
            task_code=line.task_code,
            unit_name=line.unit_name,
            created_on=line.created_on,
            due_on=line.due_on,
        )
        for line in data.open_directives
    )
    return BriefingInputs(
        profile=issuer_profile(document.profile),
        as_of=data.filters.as_of,
        areas=tuple(_area(figures) for figures in data.area_figures),
        phases=phases,
        meeting_date=meeting.held_on if meeting is not None else None,
        meeting_title=meeting.title if meeting is not None else "",
        comparison=_comparison(data),
        attention=tuple(_attention(unit) for unit in data.attention),
        open_directives=directives,
        league=league,
        proposals=tuple(meeting.proposal_items()) if meeting is not None else (),
        service_index=None,  # filled by the service-index work (a later issue): until then "chưa có dữ liệu"
        data_quality=None,  # likewise for the data-quality work
        issue=issue_mark(document),
        symbol=document.symbol,
    )


def urging_inputs(data: DashboardData, *, document: GeneratedDocument) -> UrgingInputs:
    """The urging letter of `document` to its unit, from the dashboard's attention line for that unit (a unit
    the dashboard no longer lists gets a letter with nothing to urge, which the secretariat will not send)."""
    unit = next((line for line in data.attention if line.unit_id == document.unit_id), None)
    unit_name = document.unit.name if document.unit is not None else ""
    reply_by = document.reply_by or data.filters.as_of
    return UrgingInputs(
        profile=issuer_profile(document.profile),
        as_of=data.filters.as_of,
        unit_name=unit.unit_name if unit is not None else unit_name,
        head_name=unit.head_name if unit is not None else "",
        overdue=tuple(_task(line) for line in unit.overdue) if unit is not None else (),
        due_soon=tuple(_task(line) for line in unit.due_soon) if unit is not None else (),
        missing_reports=unit.missing_reports if unit is not None else 0,
        reply_by=reply_by,
        issue=issue_mark(document),
        symbol=document.symbol,
    )
