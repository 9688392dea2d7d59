"""Task reminders through the notifications: before the deadline in working days, overdue, escalation to the
head, missing periodic report; never twice, and again after an extension. Directives notify the head."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from chidao.apps.audit.models import AuditEvent
from chidao.apps.jobs.registry import periodic_entries
from chidao.apps.notifications.kinds import kind_label
from chidao.apps.notifications.models import Notification
from chidao.apps.programmes.models import TaskDirective
from chidao.apps.programmes.services import (
    directive_create,
    report_approve_by_head,
    report_submit,
    task_extend,
    task_suspend,
)
from chidao.apps.programmes.services.reminders import directive_notify, task_reminders_send
from tests.apps.programmes.conftest import DEADLINE, TODAY, at_noon
from tests.factories.accounts import UserFactory
from tests.factories.organisation import HeadAssignmentFactory, PersonFactory
from tests.factories.programmes import make_task

pytestmark = pytest.mark.django_db

DUE_SOON = "task.reminder.due_soon"
OVERDUE = "task.reminder.overdue"
ESCALATION = "task.reminder.escalation"
MISSING_REPORT = "task.reminder.missing_report"
# 7 and 2 working days before Friday 13/03/2026.
SEVEN_BEFORE = dt.date(2026, 3, 4)
TWO_BEFORE = dt.date(2026, 3, 11)
# The 5th working day after 13/03/2026 (16–20/03).
FIFTH_LATE_DAY = dt.date(2026, 3, 20)


def run_on(day: dt.date):
    with time_machine.travel(at_noon(day), tick=False):
        return task_reminders_send(as_of=day)


def sent(kind: str) -> list[tuple[int, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("recipient_id", "title"))


@pytest.fixture
def responsible(commune):
    """A responsible person with an account of their own."""
    person = PersonFactory(name="Lê Văn Nam", unit=commune)
    return UserFactory(person=person, username="nam"), person


@pytest.fixture
def head(commune):
    """The commune's head as of the whole test period, with a linked account."""
    person = PersonFactory(name="Phạm Thị Hoa", title="Chủ tịch UBND xã")
    HeadAssignmentFactory(
        unit=commune, person=person, title="Chủ tịch UBND xã", valid_from=dt.date(2025, 7, 1)
    )
    return UserFactory(person=person, username="hoa")


@pytest.fixture
def task(commune, responsible):
    _, person = responsible
    with time_machine.travel(at_noon(TODAY), tick=False):
        return make_task(lead_unit=commune, original_deadline=DEADLINE, responsible_person=person)


def test_a_task_due_in_7_working_days_gets_one_reminder_and_a_rerun_sends_nothing(
    users_by_role, responsible, task
):
    # given the officer of the lead unit and the responsible person's account
    executors = {users_by_role["unit_officer"].pk, responsible[0].pk}
    # when
    first = run_on(SEVEN_BEFORE)
    second = run_on(SEVEN_BEFORE)
    # then
    notifications = Notification.objects.filter(kind=DUE_SOON)
    assert {n.recipient_id for n in notifications} == executors
    assert notifications.count() == len(executors)
    assert notifications.first().title == f"Nhiệm vụ {task.code} còn 7 ngày làm việc đến hạn (13/03/2026)"
    assert (first.sent, second.sent, second.already_sent) == (len(executors), 0, len(executors))


def test_the_day_before_the_offset_nothing_is_sent(users_by_role, task):
    run_on(SEVEN_BEFORE - dt.timedelta(days=1))
    assert not Notification.objects.exists()


def test_the_2_day_reminder_follows_the_7_day_one(users_by_role, responsible, task):
    # when
    run_on(SEVEN_BEFORE)
    run_on(TWO_BEFORE)
    # then each executor has one reminder of each offset
    titles = [title for _, title in sent(DUE_SOON)]
    assert sum("còn 7 ngày" in title for title in titles) == 2
    assert sum("còn 2 ngày" in title for title in titles) == 2


def test_across_tet_2026_the_offsets_count_working_days(users_by_role, commune, responsible):
    # given a task due Monday 02/03/2026; Tết 2026 is 14–22/02
    with time_machine.travel(at_noon(dt.date(2026, 1, 5)), tick=False):
        make_task(lead_unit=commune, original_deadline=dt.date(2026, 3, 2), responsible_person=responsible[1])
    # when: Wednesday 11/02 is the 8th working day before, Thursday 12/02 the 7th, Thursday 26/02 the 2nd
    run_on(dt.date(2026, 2, 11))
    count_on_11_02 = Notification.objects.count()
    run_on(dt.date(2026, 2, 12))
    run_on(dt.date(2026, 2, 20))  # during Tết: the 7-day reminder was already sent
    count_after_tet = Notification.objects.count()
    run_on(dt.date(2026, 2, 26))
    # then
    assert count_on_11_02 == 0
    assert count_after_tet == 2
    assert Notification.objects.count() == 4
    assert {title.split(" còn ")[1][:1] for _, title in sent(DUE_SOON)} == {"7", "2"}


def test_the_day_after_the_deadline_the_executors_get_the_overdue_reminder_once(
    users_by_role, responsible, task
):
    # when (Saturday 14/03/2026, and the Monday after)
    run_on(DEADLINE + dt.timedelta(days=1))
    run_on(DEADLINE + dt.timedelta(days=3))
    # then
    assert sent(OVERDUE) == sorted(
        (user.pk, f"Nhiệm vụ {task.code} đã quá hạn (13/03/2026)")
        for user in (users_by_role["unit_officer"], responsible[0])
    )


def test_after_n_working_days_overdue_the_head_is_told(users_by_role, head, task):
    # given the head by HeadAssignment (linked account) and the unit_head role holder of the commune
    heads = sorted([head.pk, users_by_role["unit_head"].pk])
    # when
    run_on(FIFTH_LATE_DAY - dt.timedelta(days=1))
    before = sent(ESCALATION)
    run_on(FIFTH_LATE_DAY)
    run_on(FIFTH_LATE_DAY + dt.timedelta(days=3))
    # then
    assert before == []
    escalations = sent(ESCALATION)
    assert [pk for pk, _ in escalations] == heads
    assert all(title == f"Nhiệm vụ {task.code} quá hạn 5 ngày làm việc" for _, title in escalations)


def test_a_former_head_is_not_told(users_by_role, commune, task):
    # given a head whose appointment ended before the escalation day
    former = PersonFactory(name="Đỗ Văn Cũ")
    HeadAssignmentFactory(
        unit=commune, person=former, valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2026, 3, 1)
    )
    former_account = UserFactory(person=former)
    # when
    run_on(FIFTH_LATE_DAY)
    # then
    assert former_account.pk not in {pk for pk, _ in sent(ESCALATION)}


def test_an_extension_gives_new_reminders_for_the_new_deadline(users_by_role, task):
    # given the 2-day reminder of 13/03 sent, then the deadline extended to Tuesday 31/03/2026
    run_on(TWO_BEFORE)
    with time_machine.travel(at_noon(TWO_BEFORE), tick=False):
        task_extend(
            actor=users_by_role["secretariat"], task=task, new_deadline=dt.date(2026, 3, 31), reason="Chờ vốn"
        )
    # when: the day after nothing is owed; 20/03 is 7 and 27/03 is 2 working days before 31/03
    quiet = run_on(TWO_BEFORE + dt.timedelta(days=1))
    run_on(dt.date(2026, 3, 20))
    run_on(dt.date(2026, 3, 27))
    # then the officer has three reminders, two of them for the new deadline
    titles = [title for pk, title in sent(DUE_SOON) if pk == users_by_role["unit_officer"].pk]
    assert quiet.sent == 0
    assert sorted(titles) == sorted(
        [
            f"Nhiệm vụ {task.code} còn 2 ngày làm việc đến hạn (13/03/2026)",
            f"Nhiệm vụ {task.code} còn 7 ngày làm việc đến hạn (31/03/2026)",
            f"Nhiệm vụ {task.code} còn 2 ngày làm việc đến hạn (31/03/2026)",
        ]
    )


def test_a_suspended_task_is_not_reminded(users_by_role, task):
    with time_machine.travel(at_noon(TODAY), tick=False):
        task_suspend(actor=users_by_role["secretariat"], task=task, on=TODAY, decision_text="QĐ 12/QĐ-BCĐ")
    run_on(FIFTH_LATE_DAY)
    assert not Notification.objects.exists()


@pytest.fixture
def monthly_task(commune):
    with time_machine.travel(at_noon(dt.date(2026, 2, 2)), tick=False):
        return make_task(
            lead_unit=commune,
            original_deadline=None,
            kind="recurring",
            cadence="monthly",
            assigned_on=dt.date(2026, 2, 2),
        )


# February's report is due 5 working days after 28/02/2026: Friday 06/03/2026.
FEBRUARY_DUE = dt.date(2026, 3, 6)


def test_a_missing_monthly_report_is_reminded_once_after_its_due_date(users_by_role, monthly_task):
    # when
    run_on(FEBRUARY_DUE)
    on_due_day = sent(MISSING_REPORT)
    run_on(FEBRUARY_DUE + dt.timedelta(days=3))
    run_on(FEBRUARY_DUE + dt.timedelta(days=4))
    # then
    assert on_due_day == []
    assert sent(MISSING_REPORT) == [
        (users_by_role["unit_officer"].pk, f"Chưa báo cáo Tháng 2/2026: nhiệm vụ {monthly_task.code}")
    ]


def test_a_report_sent_for_the_period_owes_no_reminder(users_by_role, monthly_task):
    # given February's report submitted and approved on 05/03/2026
    with time_machine.travel(at_noon(dt.date(2026, 3, 5)), tick=False):
        report = report_submit(
            actor=users_by_role["unit_officer"], task=monthly_task, percent=40, period_label="2026-02"
        )
        report_approve_by_head(actor=users_by_role["unit_head"], report=report)
    # when
    run_on(FEBRUARY_DUE + dt.timedelta(days=3))
    # then
    assert sent(MISSING_REPORT) == []


def test_a_run_writes_one_summary_audit_row(users_by_role, task):
    # given two executors: the officer and the responsible person
    executors = 2
    # when
    run_on(SEVEN_BEFORE)
    run_on(SEVEN_BEFORE)
    # then
    rows = list(
        AuditEvent.objects.filter(action="task.remind").order_by("pk").values_list("after", flat=True)
    )
    assert [(row["sent"], row["already_sent"]) for row in rows] == [(executors, 0), (0, executors)]


def test_the_daily_entry_runs_at_7_and_reminds_as_of_its_local_day(users_by_role, task):
    # given
    entry = next(e for e in periodic_entries() if e.name == "tasks.send_reminders")
    due_at = at_noon(SEVEN_BEFORE).replace(hour=7, minute=0)
    # when
    summary = entry.function(due_at=due_at, now=due_at)
    # then
    assert entry.at == dt.time(7, 0)
    assert summary == "Nhắc việc ngày 04/03/2026: 2 thông báo mới, 0 đã gửi trước đó"  # officer, responsible
    assert kind_label(DUE_SOON) == "Nhiệm vụ sắp đến hạn"


@pytest.mark.parametrize(
    ("_case", "kind", "expected_kind"),
    [
        ("explanation request", TaskDirective.Kind.EXPLANATION_REQUEST, "task.directive.explanation_request"),
        ("leader's direction", TaskDirective.Kind.DIRECTION, "task.directive.direction"),
    ],
)
def test_a_directive_notifies_the_lead_units_head_once(users_by_role, head, task, _case, kind, expected_kind):
    # given
    text = "Đề nghị giải trình lý do chậm triển khai."
    with time_machine.travel(at_noon(TODAY), tick=False):
        directive = directive_create(
            actor=users_by_role["secretariat"], task=task, kind=kind, text=text, due_on=dt.date(2026, 3, 9)
        )
        # when
        first = directive_notify(directive=directive)
        directive_notify(directive=directive)
    # then
    notifications = Notification.objects.filter(kind=expected_kind)
    assert sorted(n.recipient_id for n in notifications) == sorted([head.pk, users_by_role["unit_head"].pk])
    assert len(first) == notifications.count()
    assert text in notifications.first().body
    assert "Hạn trả lời: 09/03/2026." in notifications.first().body
