"""Task statuses: every example row of docs/domain/task-statuses.md, then edge cases spelled out."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from chidao.core.calendar import default_calendar
from chidao.core.tasks.status import (
    Bucket,
    DeadlineBasis,
    ExtensionFact,
    Flag,
    StatusPolicy,
    TaskFacts,
    TaskKind,
    current_deadline,
    derive_status,
    working_days_late,
)

CALENDAR = default_calendar()
RULES_DOC = Path(__file__).resolve().parents[3] / "docs" / "domain" / "task-statuses.md"
NONE_MARK = "—"
_EXTENSION = re.compile(
    r"(?P<old>\d{2}/\d{2}/\d{4}) → (?P<new>\d{2}/\d{2}/\d{4}) \(approved (?P<approved>\d{2}/\d{2}/\d{4})\)"
)


def _day(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def _optional_day(text: str) -> date | None:
    return None if text == NONE_MARK else _day(text)


def _table_rows(markdown: str, first_header: str) -> list[dict[str, str]]:
    lines = [line.strip() for line in markdown.splitlines()]
    start = next(index for index, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


@dataclass(frozen=True)
class Example:
    """One row of the examples table: the facts, the date and what the rules must give."""

    example_id: str
    rule: str
    facts: TaskFacts
    basis: DeadlineBasis
    as_of: date
    bucket: Bucket
    flags: frozenset[Flag]
    days_late: int


def _facts_from_row(row: dict[str, str]) -> TaskFacts:
    kind = TaskKind.RECURRING if row["kind"] == "recurring" else TaskKind.TIME_BOUND
    extensions = tuple(
        ExtensionFact(_day(match["old"]), _day(match["new"]), _day(match["approved"]))
        for match in _EXTENSION.finditer(row["extensions"])
    )
    decision_kind, _, decision_day = row["decision"].partition(" ")
    report = row["report"]
    return TaskFacts(
        kind=kind,
        original_deadline=_optional_day(row["deadline"]),
        extensions=extensions,
        completed_on=_optional_day(row["evidence"]),
        confirmed=row["review"] == "confirmed",
        returned=row["review"] == "returned",
        suspended_on=_day(decision_day) if decision_kind == "suspended" else None,
        stopped_on=_day(decision_day) if decision_kind == "stopped" else None,
        progress_percent=0 if report == "none" else int(report.rstrip("%")),
        has_report=report != "none",
    )


def _examples() -> list[Example]:
    examples = []
    for row in _table_rows(RULES_DOC.read_text(encoding="utf-8"), "example"):
        flags = frozenset() if row["flags"] == NONE_MARK else frozenset(map(Flag, row["flags"].split(", ")))
        examples.append(
            Example(
                example_id=row["example"],
                rule=row["rule"],
                facts=_facts_from_row(row),
                basis=DeadlineBasis(row["basis"]),
                as_of=_day(row["as of"]),
                bucket=Bucket(row["bucket"]),
                flags=flags,
                days_late=int(row["days late"]),
            )
        )
    return examples


EXAMPLES = _examples()
RULE_IDS = [
    row["id"]
    for row in _table_rows(RULES_DOC.read_text(encoding="utf-8"), "id")
    if row["id"].startswith("S-")
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.example_id for example in EXAMPLES])
def test_documented_example(example: Example) -> None:
    # given the facts of a documented example, when the status is derived as of its date
    status = derive_status(example.facts, as_of=example.as_of, calendar=CALENDAR, basis=example.basis)

    # then bucket, flags, working days late and the deciding rule are those of the table
    assert (status.bucket, status.flags, status.working_days_late, status.rule) == (
        example.bucket,
        example.flags,
        example.days_late,
        example.rule,
    )
    assert status.counted is example.bucket.counted


def test_the_table_has_enough_examples() -> None:
    # given the parsed table, then it was read at all, every rule has an example and every flag is shown
    assert len(EXAMPLES) >= 30
    assert [f"S-0{number}" for number in range(1, 8)] == RULE_IDS
    assert {example.rule for example in EXAMPLES} == set(RULE_IDS)
    assert set().union(*(example.flags for example in EXAMPLES)) == set(Flag)


# Explicit edge cases (the same rules, each named by what it protects).

DEADLINE = date(2026, 3, 10)  # a Tuesday
IN_PROGRESS = TaskFacts(TaskKind.TIME_BOUND, DEADLINE, progress_percent=40, has_report=True)


def _status(facts: TaskFacts, as_of: date, **options: object) -> tuple[Bucket, frozenset[Flag], int]:
    status = derive_status(facts, as_of=as_of, calendar=CALENDAR, **options)  # type: ignore[arg-type]
    return status.bucket, status.flags, status.working_days_late


def test_due_today_is_not_overdue_and_the_next_day_is() -> None:
    # given a task due on Tuesday 10/03/2026, when derived on that day and the next
    on_the_day = derive_status(IN_PROGRESS, as_of=DEADLINE, calendar=CALENDAR)
    next_day = derive_status(IN_PROGRESS, as_of=date(2026, 3, 11), calendar=CALENDAR)

    # then it is within the deadline on the day, overdue by one working day the day after
    assert (on_the_day.bucket, on_the_day.working_days_late) == (Bucket.IN_PROGRESS_ON_TIME, 0)
    assert (next_day.bucket, next_day.working_days_late) == (Bucket.IN_PROGRESS_OVERDUE, 1)
    assert next_day.explanation == (
        "Đang thực hiện quá hạn: hạn 10/03/2026, đã quá 1 ngày làm việc tính đến 11/03/2026."
    )


def test_deadline_on_a_holiday_is_kept_as_decided_unless_the_caller_rolls_it_forward() -> None:
    # given a deadline decided for Tuesday 17/02/2026, a Tết day
    tet_day = date(2026, 2, 17)
    as_decided = TaskFacts(TaskKind.TIME_BOUND, tet_day, progress_percent=10, has_report=True)
    rolled = replace(as_decided, original_deadline=CALENDAR.roll_forward(tet_day))
    first_working_day_after_tet = date(2026, 2, 23)

    # when derived on the first working day after Tết
    # then as decided it is one working day late; rolled forward (the caller's choice) it is due that day
    assert _status(as_decided, first_working_day_after_tet)[::2] == (Bucket.IN_PROGRESS_OVERDUE, 1)
    assert rolled.original_deadline == first_working_day_after_tet
    assert _status(rolled, first_working_day_after_tet)[::2] == (Bucket.IN_PROGRESS_ON_TIME, 0)


def test_evidence_dated_before_the_deadline_and_confirmed_after_it_is_done_on_time() -> None:
    # given evidence dated 09/03/2026 for a deadline of 10/03/2026, still waiting on 12/03/2026
    submitted = replace(IN_PROGRESS, completed_on=date(2026, 3, 9), progress_percent=100)
    waiting_day = date(2026, 3, 12)

    # when derived before and after the secretariat confirms it
    waiting = _status(submitted, waiting_day)
    confirmed = _status(replace(submitted, confirmed=True), waiting_day)

    # then it waits overdue with the flag, and once confirmed it is done on time with no days late
    assert waiting == (Bucket.IN_PROGRESS_OVERDUE, frozenset({Flag.AWAITING_CONFIRMATION}), 2)
    assert confirmed == (Bucket.DONE_ON_TIME, frozenset(), 0)


def test_awaiting_confirmation_is_never_due_soon() -> None:
    # given evidence submitted two working days before the deadline
    submitted = replace(IN_PROGRESS, completed_on=date(2026, 3, 6))

    # when derived on 06/03/2026, then it waits within the deadline without the due-soon reminder
    assert _status(submitted, date(2026, 3, 6)) == (
        Bucket.IN_PROGRESS_ON_TIME,
        frozenset({Flag.AWAITING_CONFIRMATION}),
        0,
    )


def test_a_returned_task_reopens_and_its_evidence_no_longer_counts() -> None:
    # given a confirmed-then-returned completion (the last review returned it)
    returned = replace(IN_PROGRESS, completed_on=date(2026, 3, 2), confirmed=True, returned=True)

    # when derived, then it is in progress with the returned flag, not done nor awaiting
    bucket, flags, _ = _status(returned, date(2026, 3, 3))
    assert bucket is Bucket.IN_PROGRESS_ON_TIME
    assert Flag.RETURNED in flags
    assert Flag.AWAITING_CONFIRMATION not in flags


EXTENDED_LATE = TaskFacts(
    TaskKind.TIME_BOUND,
    date(2026, 2, 27),
    extensions=(ExtensionFact(date(2026, 2, 27), date(2026, 3, 31), approved_on=date(2026, 3, 5)),),
    progress_percent=50,
    has_report=True,
)


@pytest.mark.parametrize(
    ("_case", "basis", "expected_bucket", "expected_deadline", "expected_days_late"),
    [
        (
            "current: within the new deadline, 3 late days kept",
            DeadlineBasis.CURRENT,
            Bucket.IN_PROGRESS_ON_TIME,
            date(2026, 3, 31),
            3,
        ),
        (
            "original: overdue 02/03–10/03",
            DeadlineBasis.ORIGINAL,
            Bucket.IN_PROGRESS_OVERDUE,
            date(2026, 2, 27),
            7,
        ),
    ],
)
def test_both_deadline_bases_after_a_late_extension(
    _case: str,
    basis: DeadlineBasis,
    expected_bucket: Bucket,
    expected_deadline: date,
    expected_days_late: int,
) -> None:
    # given an extension approved on 05/03/2026 for a deadline of 27/02/2026, when derived on 10/03/2026
    status = derive_status(EXTENDED_LATE, as_of=date(2026, 3, 10), calendar=CALENDAR, basis=basis)

    # then each view judges against its own deadline, and both flag the late extension
    assert (status.bucket, status.deadline, status.working_days_late) == (
        expected_bucket,
        expected_deadline,
        expected_days_late,
    )
    assert status.flags == {Flag.EXTENDED, Flag.EXTENDED_AFTER_DEADLINE}


def test_extension_approved_before_the_deadline_leaves_no_late_days() -> None:
    # given the same extension approved on 26/02/2026, the day before the deadline
    early = replace(
        EXTENDED_LATE, extensions=(ExtensionFact(date(2026, 2, 27), date(2026, 3, 31), date(2026, 2, 26)),)
    )

    # when derived on 10/03/2026, then it is within the new deadline, only "extended"
    assert _status(early, date(2026, 3, 10)) == (Bucket.IN_PROGRESS_ON_TIME, frozenset({Flag.EXTENDED}), 0)


def test_two_extensions_the_second_late_count_only_its_own_gap() -> None:
    # given 27/02 → 06/03 approved in time, then 06/03 → 31/03 approved on Wednesday 11/03/2026
    twice = replace(
        EXTENDED_LATE,
        extensions=(
            ExtensionFact(date(2026, 2, 27), date(2026, 3, 6), date(2026, 2, 25)),
            ExtensionFact(date(2026, 3, 6), date(2026, 3, 31), date(2026, 3, 11)),
        ),
    )

    # when derived on 12/03/2026, then 09/03 and 10/03 are the late days, and the deadline is 31/03
    assert current_deadline(twice, date(2026, 3, 10)) == date(2026, 3, 6)
    assert current_deadline(twice, date(2026, 3, 12)) == date(2026, 3, 31)
    assert _status(twice, date(2026, 3, 12)) == (
        Bucket.IN_PROGRESS_ON_TIME,
        frozenset({Flag.EXTENDED, Flag.EXTENDED_AFTER_DEADLINE}),
        2,
    )


@pytest.mark.parametrize(
    ("_case", "decision"),
    [("suspended", {"suspended_on": date(2026, 3, 1)}), ("stopped", {"stopped_on": date(2026, 3, 1)})],
)
def test_suspended_and_stopped_leave_the_totals_even_when_overdue(
    _case: str, decision: dict[str, date]
) -> None:
    # given an overdue task and a decision dated 01/03/2026
    decided = replace(IN_PROGRESS, original_deadline=date(2026, 2, 10), **decision)  # type: ignore[arg-type]

    # when derived after and before the decision
    after = derive_status(decided, as_of=date(2026, 3, 3), calendar=CALENDAR)
    before = derive_status(decided, as_of=date(2026, 2, 27), calendar=CALENDAR)

    # then after it the task is out of the totals; before it, it was overdue
    assert (after.bucket.value, after.counted) == (_case, False)
    assert "không tính vào tổng số" in after.explanation
    assert (before.bucket, before.counted) == (Bucket.IN_PROGRESS_OVERDUE, True)


def test_recurring_tasks_have_their_own_bucket_whatever_the_evidence() -> None:
    # given a recurring task with a confirmed report
    recurring = TaskFacts(
        TaskKind.RECURRING, None, completed_on=date(2026, 1, 5), confirmed=True, has_report=True
    )

    # when derived, then it is recurring and counted, never done
    status = derive_status(recurring, as_of=date(2026, 3, 3), calendar=CALENDAR)
    assert (status.bucket, status.counted, status.deadline) == (Bucket.RECURRING, True, None)


@pytest.mark.parametrize(
    ("_case", "as_of", "policy_days", "due_soon"),
    [
        ("5 working days across Tết: 13/02, 23–26/02", date(2026, 2, 12), 5, True),
        ("6 working days across Tết", date(2026, 2, 11), 5, False),
        ("a stricter policy of 2 days", date(2026, 2, 12), 2, False),
        ("a stricter policy, 2 days left", date(2026, 2, 24), 2, True),
    ],
)
def test_due_soon_counts_working_days_across_tet(
    _case: str, as_of: date, policy_days: int, due_soon: bool
) -> None:
    # given a task due Thursday 26/02/2026, the week after Tết 2026
    facts = replace(IN_PROGRESS, original_deadline=date(2026, 2, 26))

    # when derived with the policy, then "due soon" follows the working days left
    _, flags, _ = _status(facts, as_of, policy=StatusPolicy(due_soon_working_days=policy_days))
    assert (Flag.DUE_SOON in flags) is due_soon


def test_working_days_late_across_tet() -> None:
    # given a task due Wednesday 11/02/2026 and completed on Wednesday 25/02/2026
    done = replace(
        IN_PROGRESS, original_deadline=date(2026, 2, 11), completed_on=date(2026, 2, 25), confirmed=True
    )

    # when derived, then it is late by 12/02, 13/02, 23/02, 24/02, 25/02: 5 working days, not 14 days
    status = derive_status(done, as_of=date(2026, 3, 3), calendar=CALENDAR)
    assert (status.bucket, status.working_days_late) == (Bucket.DONE_LATE, 5)
    assert working_days_late(done, until=date(2026, 2, 25), calendar=CALENDAR) == 5
    assert status.explanation == (
        "Hoàn thành quá hạn 5 ngày làm việc: bằng chứng hoàn thành ngày 25/02/2026, hạn 11/02/2026."
    )


def test_a_time_bound_task_without_a_deadline_is_refused() -> None:
    # given a time-bound task with no deadline, when derived, then a Vietnamese error says why
    with pytest.raises(ValueError, match="phải có hạn hoàn thành"):
        derive_status(TaskFacts(TaskKind.TIME_BOUND, None), as_of=DEADLINE, calendar=CALENDAR)
