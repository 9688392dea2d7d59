"""The report flow: officer submits with evidence → unit head approves → secretariat confirms or returns; only
the right role at each step (403 inside the scope, 404 outside)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from chidao.apps.audit.models import AuditEvent
from chidao.apps.programmes import selectors
from chidao.apps.programmes.models import ProgressReport, Task
from chidao.apps.programmes.services import (
    report_approve_by_head,
    report_confirm,
    report_return,
    report_submit,
)
from tests.apps.programmes.conftest import DEADLINE, TODAY, at_noon
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

EVIDENCE_DATE = dt.date(2026, 3, 12)  # the day before the deadline
EVIDENCE_NUMBER = "125/BC-UBND"
RETURN_REASON = "Văn bản minh chứng chưa đúng sản phẩm yêu cầu."


def submit_completion(users, task: Task) -> ProgressReport:
    officer = users["unit_officer"]
    task = selectors.task_get_for_reporter(officer, task.pk)
    return report_submit(
        actor=officer,
        task=task,
        percent=100,
        result="Đã đưa hệ thống vào vận hành",
        evidence_number=EVIDENCE_NUMBER,
        evidence_date=EVIDENCE_DATE,
    )


def test_confirmed_after_the_deadline_the_task_is_done_on_time_by_its_evidence_date(users_by_role, commune):
    # given a task due 13/03/2026 and a completion report with evidence dated 12/03/2026
    with time_machine.travel(at_noon(TODAY), tick=False):
        task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    with time_machine.travel(at_noon(EVIDENCE_DATE), tick=False):
        report = submit_completion(users_by_role, task)
        head = users_by_role["unit_head"]
        report_approve_by_head(actor=head, report=selectors.report_get_for_head(head, report.pk))
    task.refresh_from_db()
    awaiting = (task.status_bucket, task.flag_list, task.completed_on)
    # when the secretariat confirms only on 17/03/2026, after the deadline
    with time_machine.travel(at_noon(dt.date(2026, 3, 17)), tick=False):
        secretariat = users_by_role["secretariat"]
        report_confirm(actor=secretariat, report=selectors.report_get_for_reviewer(secretariat, report.pk))
    # then
    task.refresh_from_db()
    assert awaiting == (Task.Bucket.IN_PROGRESS_ON_TIME, ["awaiting_confirmation"], EVIDENCE_DATE)
    assert (task.status_bucket, task.confirmed_by, task.progress_percent) == (
        Task.Bucket.DONE_ON_TIME,
        secretariat,
        100,
    )
    assert task.completion_evidence == EVIDENCE_NUMBER
    assert ProgressReport.objects.get().state == ProgressReport.State.CONFIRMED
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "task.create",
        "report.submit",
        "report.approve",
        "report.confirm",
    }


@time_machine.travel(at_noon(EVIDENCE_DATE), tick=False)
def test_a_returned_report_reopens_the_task_with_its_reason(users_by_role, commune):
    # given a completion report approved by the head
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    report = submit_completion(users_by_role, task)
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    # when
    report_return(actor=users_by_role["secretariat"], report=report, reason=RETURN_REASON)
    # then
    task.refresh_from_db()
    assert (task.status_bucket, task.flag_list) == (Task.Bucket.IN_PROGRESS_ON_TIME, ["due_soon", "returned"])
    assert (task.completed_on, task.confirmed_at, task.return_reason) == (None, None, RETURN_REASON)
    report.refresh_from_db()
    assert (report.state, report.review_note) == (ProgressReport.State.RETURNED, RETURN_REASON)


def test_a_completion_report_without_its_evidence_is_refused(users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    with pytest.raises(ValidationError):
        report_submit(actor=users_by_role["unit_officer"], task=task, percent=100, result="Xong")
    assert not ProgressReport.objects.exists()


def test_a_report_cannot_be_confirmed_before_the_head_approves_it(users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    report = report_submit(actor=users_by_role["unit_officer"], task=task, percent=40)
    with pytest.raises(ValidationError):
        report_confirm(actor=users_by_role["secretariat"], report=report)


def test_progress_approved_by_the_head_clears_not_started(users_by_role, commune, frozen_today):
    task = make_task(lead_unit=commune, original_deadline=dt.date(2026, 6, 30))
    report = report_submit(actor=users_by_role["unit_officer"], task=task, percent=40)
    report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    task.refresh_from_db()
    assert (task.progress_percent, task.flag_list) == (40, [])


# Who may act at each step, on a task led by the unit roles' commune: (getter, role, expected).
STEPS = [
    ("submit: the lead unit's officer", "reporter", "unit_officer", "ok"),
    ("submit: the lead unit's head", "reporter", "unit_head", 403),
    ("submit: the secretariat", "reporter", "secretariat", 403),
    ("approve: the lead unit's head", "head", "unit_head", "ok"),
    ("approve: the officer", "head", "unit_officer", 403),
    ("approve: a leader", "head", "leader", 403),
    ("review: the secretariat", "reviewer", "secretariat", "ok"),
    ("review: the unit head", "reviewer", "unit_head", 403),
    ("review: the administrator", "reviewer", "administrator", 403),
]


@pytest.mark.parametrize(("_case", "step", "role", "expected"), STEPS)
def test_only_the_right_role_may_act_at_each_step(
    users_by_role, commune, frozen_today, _case, step, role, expected
):
    # given a task of the commune with a submitted report
    task = make_task(lead_unit=commune, original_deadline=DEADLINE)
    report = report_submit(actor=users_by_role["unit_officer"], task=task, percent=10)
    getters = {
        "reporter": lambda user: selectors.task_get_for_reporter(user, task.pk),
        "head": lambda user: selectors.report_get_for_head(user, report.pk),
        "reviewer": lambda user: selectors.report_get_for_reviewer(user, report.pk),
    }
    # when / then
    if expected == "ok":
        assert getters[step](users_by_role[role]).pk in {task.pk, report.pk}
    else:
        with pytest.raises(PermissionDenied):
            getters[step](users_by_role[role])


@pytest.mark.parametrize("step", ["reporter", "head"])
def test_a_unit_user_of_another_commune_gets_404_at_every_step(
    users_by_role, other_commune, frozen_today, step
):
    # given a task of the other commune, with a report
    task = make_task(lead_unit=other_commune, original_deadline=DEADLINE)
    report = report_submit(actor=None, task=task, percent=10)
    # when / then
    getters = {
        "reporter": lambda: selectors.task_get_for_reporter(users_by_role["unit_officer"], task.pk),
        "head": lambda: selectors.report_get_for_head(users_by_role["unit_head"], report.pk),
    }
    with pytest.raises(Http404):
        getters[step]()
