"""The demo scenario of the steering tasks as data: every task with its "6 rõ" and its story (the steps
replayed through the services by tasks_seed), read from chidao/apps/demo/data/*.json; dates that are not in
the files are computed here from each task's place in its list, so the meeting's figures follow from them.
See docs/domain/demo-scenario.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from chidao.apps.programmes.models import Task

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCE_CODE = "52"
# The meeting whose figures the scenario reproduces (Báo Gia Lai, 03/03/2026).
MEETING_DAY = dt.date(2026, 3, 3)
URGENT_ASSIGNED, URGENT_DEADLINE = dt.date(2025, 6, 19), dt.date(2025, 6, 30)
NEW_PROVINCE_DAY = dt.date(2025, 7, 1)  # Centre's tasks re-assigned to the merged province
LAST_EVIDENCE_BEFORE_MEETING = MEETING_DAY - dt.timedelta(days=4)  # the Friday before the meeting
CADENCE_TEXT = {
    "monthly": "Thường xuyên, báo cáo hằng tháng",
    "quarterly": "Thường xuyên, báo cáo hằng quý",
    "half_yearly": "Thường xuyên, báo cáo 6 tháng",
    "yearly": "Thường xuyên, báo cáo hằng năm",
}
# A few "6 rõ" left missing on purpose, so the filter "thiếu 6 rõ" shows something (NQ 57 task number -> items).
NQ57_MISSING = {46: {"authority"}, 51: {"person"}, 58: {"authority"}, 63: {"person"}, 78: {"person"}}


@dataclass(frozen=True)
class TaskSpec:
    """One task of the scenario with its story (outcomes replayed in order through the services)."""

    code: str
    title: str
    lead: str
    areas: tuple[str, ...]
    plan: str
    source: str
    assigned: dt.date
    deadline: dt.date | None
    deadline_text: str
    product: tuple[str, str] | None
    authority: str | None
    person: str | None
    origin: str = Task.Origin.CENTRE
    cadence: str = ""
    source_item: str = ""
    group: str = ""
    phases: tuple[str, ...] = ()
    coordinating: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()


@cache
def scenario_data(name: str) -> dict[str, Any]:
    """One of the scenario's data files (chidao/apps/demo/data/<name>.json), read once."""
    result: dict[str, Any] = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return result


def iso_day(text: str) -> dt.date:
    """A date of the data files (yyyy-mm-dd)."""
    return dt.date.fromisoformat(text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def person_for(lead: str) -> str:
    """The person "rõ người" names for a task led by `lead` (a province leader loaded by load_organisation)."""
    # "Rõ người": the province leader in charge; the chair for what the People's Committee itself leads.
    return "Phạm Anh Tuấn" if lead == PROVINCE_CODE else "Lâm Hải Giang"


def nq57_specs() -> Iterator[TaskSpec]:
    """The 103 tasks the Centre assigned to Gia Lai under NQ 57, with dates that give the meeting's figures."""
    data = scenario_data("nq57")
    number = 0

    def spec(row: list[Any], **fields: Any) -> TaskSpec:
        nonlocal number
        number += 1
        title, lead, product_type, product_description = row[:4]
        missing = NQ57_MISSING.get(number, set())
        coordinating = () if lead == "SKHCN" else ("SKHCN",)  # the standing agency for NQ 57
        fields.setdefault("source_item", str(number))
        return TaskSpec(
            code=f"NQ57-{number:03d}",
            title=title,
            lead=lead,
            areas=("nq57",),
            product=(product_type, product_description),
            authority=None if "authority" in missing else "truong-ban",
            person=None if "person" in missing else person_for(lead),
            coordinating=coordinating,
            **fields,
        )

    for index, row in enumerate(data["urgent"]):
        evidence = URGENT_ASSIGNED + dt.timedelta(days=1 + index % 10)
        yield spec(
            row, plan="KH02-BCDTW", source="kh02", assigned=URGENT_ASSIGNED, deadline=URGENT_DEADLINE,
            deadline_text="30/6/2025", phases=("cap-bach",), outcomes=(f"done:{evidence}",),
            source_item=str(index + 1),
        )  # fmt: skip
    index = 0
    for group, rows in data["breakthrough"].items():
        for row in rows:
            deadline = _month_end(2025, 8 + index % 5)
            evidence = deadline - dt.timedelta(days=3 + index % 7)
            yield spec(
                row, plan="NQ57-TW-GIAO", source="nq57", assigned=NEW_PROVINCE_DAY, deadline=deadline,
                deadline_text=f"Tháng {deadline.month}/{deadline.year}", group=group, phases=("dot-pha",),
                outcomes=(f"done:{evidence}",),
            )  # fmt: skip
            index += 1
    for index, row in enumerate(data["programme"]):
        deadline = _month_end(2025 + (7 + index % 8) // 12, (7 + index % 8) % 12 + 1)
        evidence = min(deadline - dt.timedelta(days=2 + index % 9), LAST_EVIDENCE_BEFORE_MEETING)
        yield spec(
            row, plan="NQ57-TW-GIAO", source="nq03", assigned=NEW_PROVINCE_DAY, deadline=deadline,
            deadline_text=f"Tháng {deadline.month}/{deadline.year}", outcomes=(f"done:{evidence}",),
        )  # fmt: skip
    for row in data["in_progress"]:
        yield spec(
            row, plan="NQ57-TW-GIAO", source="nq03", assigned=NEW_PROVINCE_DAY, deadline=iso_day(row[4]),
            deadline_text=row[5], outcomes=tuple(row[6]),
        )  # fmt: skip
    for title, lead, cadence, product_type, product_description in data["recurring"]:
        yield spec(
            [title, lead, product_type, product_description], plan="NQ57-TW-GIAO", source="nq57",
            assigned=NEW_PROVINCE_DAY, deadline=None, deadline_text=CADENCE_TEXT[cadence], cadence=cadence,
        )  # fmt: skip


def da06_specs() -> Iterator[TaskSpec]:
    """The province's Project 06 tasks: 30 completed in 2025, one in 2024 and six of 2026."""
    for number, row in enumerate(scenario_data("da06")["tasks"], start=1):
        title, lead, product_type, product_description, assigned, deadline, deadline_text, outcomes = row
        this_year = iso_day(assigned).year >= 2026 or iso_day(deadline).year >= 2026
        yield TaskSpec(
            code=f"DA06-{number:03d}",
            title=title,
            lead=lead,
            areas=("da06",),
            plan="CCHC-CDS-2026" if this_year else "DA06-2025",
            source="kh-2026" if this_year else "kh-da06-2025",
            assigned=iso_day(assigned),
            deadline=iso_day(deadline),
            deadline_text=deadline_text,
            product=(product_type, product_description),
            authority="ban-chi-dao",
            person=person_for(lead),
            origin=Task.Origin.PROVINCE,
            coordinating=() if lead == "CAT" else ("CAT",),  # the standing agency for Project 06
            outcomes=tuple(outcomes),
        )


def province_specs() -> Iterator[TaskSpec]:
    """The province's own tasks for departments and Phường Quy Nhơn, and the conclusions of 03/03/2026."""
    for row in scenario_data("province")["tasks"]:
        product = row.get("product")
        yield TaskSpec(
            code=row["code"],
            title=row["title"],
            lead=row["lead"],
            areas=tuple(row["areas"]),
            plan=row.get("plan", "CCHC-CDS-2026"),
            source=row.get("source", "kh-2026"),
            assigned=iso_day(row["assigned"]),
            deadline=iso_day(row["deadline"]) if row.get("deadline") else None,
            deadline_text=row["deadline_text"],
            product=(product[0], product[1]) if product else None,
            authority=row.get("authority"),
            person=None if row["lead"].isdigit() else person_for(row["lead"]),
            origin=Task.Origin.PROVINCE,
            cadence=row.get("cadence", ""),
            coordinating=tuple(row.get("coordinating", ())),
            outcomes=tuple(row.get("outcomes", ())),
        )
