"""One form for several tasks: an officer reports on several of their unit's open tasks at once. Each row goes
through report_submit (its checks and audit row); the rows are saved together or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chidao.apps.audit.services import writes_audit
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.services.reports import report_submit


@dataclass(frozen=True)
class ReportRow:
    """One task's line of the form: its progress and what was done."""

    task: Task
    percent: int
    result: str = ""


class RowErrors(Exception):
    """Some rows were refused; nothing was saved. `errors` maps a task's id to its messages."""

    def __init__(self, errors: dict[int, list[str]]) -> None:
        super().__init__(f"{len(errors)} dòng bị lỗi")
        self.errors = errors


@writes_audit("report.submit_several", label="Gửi báo cáo nhiều nhiệm vụ")
def reports_submit_several(*, actor: Any, rows: list[ReportRow]) -> list[ProgressReport]:
    """Submit a report for each row in one transaction; if any row is refused, none is saved and RowErrors
    names every refused row with its reason."""
    if not rows:
        raise ValidationError("Chưa nhập tiến độ cho nhiệm vụ nào.")
    reports: list[ProgressReport] = []
    errors: dict[int, list[str]] = {}
    for row in rows:
        try:
            with transaction.atomic():
                reports.append(
                    report_submit(actor=actor, task=row.task, percent=row.percent, result=row.result)
                )
        except ValidationError as error:
            errors[row.task.pk] = error.messages
    if errors:
        raise RowErrors(errors)
    return reports
