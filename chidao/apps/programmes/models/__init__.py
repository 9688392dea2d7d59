"""Steering tasks: areas and plans, source documents, phases, the "6 rõ" task, its extensions, reports and reviews."""

from chidao.apps.programmes.models.reference import Area, Authority, Phase, Plan, PlanGroup, SourceDocument
from chidao.apps.programmes.models.reports import (
    ProgressReport,
    RecurringReportObligation,
    ReportContribution,
    ReportEvidence,
    TaskDirective,
)
from chidao.apps.programmes.models.tasks import Task, TaskExtension

__all__ = [
    "Area",
    "Authority",
    "Phase",
    "Plan",
    "PlanGroup",
    "ProgressReport",
    "RecurringReportObligation",
    "ReportContribution",
    "ReportEvidence",
    "SourceDocument",
    "Task",
    "TaskDirective",
    "TaskExtension",
]
