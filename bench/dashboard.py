"""SQL queries and render time of the leaders' dashboard, on the demo data and on 2,000 more tasks.

    .venv/bin/python bench/dashboard.py [--runs 20] [--extra 2000]

Seeds a throwaway SQLite database (migrate, load_organisation, seed_demo) in a temporary directory, then, as the
chair's demo account (chutich) signed in with Django's test client, for 03/03/2026 (the meeting of the seed)
and for today:
- the SQL queries of `dashboard_data` (a fresh user object, as in a request) and of the whole page (GET
  /dashboard/?as_of=…, session and user included), goal ≤ 15 for `dashboard_data`;
- the median time of `dashboard_data` and of the whole page over the runs (goal ≤ 300 ms for the page).
Then it adds `--extra` tasks (bulk_create: areas, plans, phases, extensions, directives, spread over the lead
units) and measures again: the query counts must not change. Each step runs in its own process, as a web worker
would. Nothing outside the temporary directory is touched. Exit status 1 when a query goal is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MEETING_DAY = dt.date(2026, 3, 3)
QUERY_GOAL = 15
RENDER_GOAL_MS = 300.0


def _setup(workdir: Path) -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    # The test settings: fast password hashing for the demo accounts, files under a temporary directory.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in


def _seed() -> float:
    from django.core.management import call_command

    started = time.monotonic()
    for command in ("migrate", "load_organisation", "seed_demo"):
        call_command(command, stdout=StringIO(), verbosity=0)
    return time.monotonic() - started


def _median_ms(runs: int, step: Callable[[], Any]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _queries(step: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        step()
    return len(captured.captured_queries)


def _measure(label: str, runs: int) -> dict[str, int]:
    from django.test import Client
    from django.utils import timezone

    from chidao.apps.accounts.models import User
    from chidao.apps.dashboard.selectors import DashboardFilters, dashboard_data
    from chidao.apps.programmes.models import Task

    client = Client()
    client.force_login(User.objects.get(username="chutich"))
    today = timezone.localdate()
    counts: dict[str, int] = {}
    print(f"{label}: {Task.objects.count():,} nhiệm vụ".replace(",", "."))
    for as_of in (MEETING_DAY, today):
        url = f"/dashboard/?as_of={as_of.isoformat()}"

        def data(as_of: dt.date = as_of) -> Any:
            # A fresh user object, as each request gets: its scope is read again.
            chair = User.objects.get(username="chutich")
            return dashboard_data(chair, DashboardFilters(as_of=as_of))

        def page(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        page()  # warms the process: templates, the working calendar
        fresh = User.objects.get(username="chutich")
        data_queries = _queries(lambda: dashboard_data(fresh, DashboardFilters(as_of=as_of)))  # noqa: B023
        # The fewest of three: the session's activity stamp adds a write once a minute, whatever the data.
        page_queries = min(_queries(page) for _ in range(3))
        data_ms = _median_ms(runs, data)
        page_ms = _median_ms(runs, page)
        counts[f"data {as_of:%d/%m/%Y}"] = data_queries
        counts[f"page {as_of:%d/%m/%Y}"] = page_queries
        query_verdict = "đạt" if data_queries <= QUERY_GOAL else "KHÔNG ĐẠT"
        time_verdict = "đạt" if page_ms <= RENDER_GOAL_MS else "KHÔNG ĐẠT"
        print(
            f"  ngày {as_of:%d/%m/%Y}: dashboard_data {data_queries} truy vấn SQL (mục tiêu ≤ {QUERY_GOAL}: "
            f"{query_verdict}), {data_ms:.0f} ms; cả trang {page_queries} truy vấn, {page_ms:.0f} ms "
            f"(trung vị {runs} lần, mục tiêu ≤ {RENDER_GOAL_MS:.0f} ms: {time_verdict})"
        )
    return counts


def _add_tasks(count: int) -> None:
    """`count` more tasks, made in bulk (the audited services would take minutes): spread over the lead units
    that already lead a task, with areas, plans and phases, every tenth extended, every twentieth directed."""
    from django.db import transaction
    from django.utils import timezone

    from chidao.apps.programmes.models import Area, Phase, Plan, Task, TaskDirective, TaskExtension

    rng = random.Random(52)
    units = sorted({unit_id for unit_id in Task.objects.values_list("lead_unit_id", flat=True) if unit_id})
    areas, plans, phases = list(Area.objects.all()), list(Plan.objects.all()), list(Phase.objects.all())
    today = timezone.localdate()
    now = timezone.now()
    tasks = []
    for number in range(count):
        recurring = number % 8 == 0
        assigned = dt.date(2025, 7, 1) + dt.timedelta(days=rng.randrange(0, 300))
        deadline = None if recurring else assigned + dt.timedelta(days=rng.randrange(20, 400))
        done = deadline is not None and number % 3 == 0
        task = Task(
            code=f"BENCH-{number:05d}",
            title=f"Nhiệm vụ đo hiệu năng số {number}",
            kind=Task.Kind.RECURRING if recurring else Task.Kind.TIME_BOUND,
            cadence=Task.Cadence.QUARTERLY if recurring else "",
            lead_unit_id=rng.choice(units),
            assigned_on=assigned,
            original_deadline=deadline,
            deadline=deadline,
            completed_on=deadline - dt.timedelta(days=rng.randrange(-10, 15)) if done and deadline else None,
            confirmed_at=now if done else None,
            progress_percent=100 if done else rng.randrange(0, 90),
            has_report=not done and number % 2 == 0,
        )
        if task.completed_on is not None and task.completed_on > today:
            task.completed_on, task.confirmed_at, task.progress_percent = None, None, 50
        task.refresh_name_keys()
        tasks.append(task)
    with transaction.atomic():
        created = Task.objects.bulk_create(tasks, batch_size=500)
        through = Task.areas.through
        through.objects.bulk_create(
            [through(task_id=task.pk, area_id=rng.choice(areas).pk) for task in created], batch_size=1000
        )
        through = Task.plans.through
        through.objects.bulk_create(
            [through(task_id=task.pk, plan_id=rng.choice(plans).pk) for task in created], batch_size=1000
        )
        through = Task.phases.through
        through.objects.bulk_create(
            [through(task_id=task.pk, phase_id=rng.choice(phases).pk) for task in created[::5]],
            batch_size=1000,
        )
        TaskExtension.objects.bulk_create(
            [
                TaskExtension(
                    task=task,
                    old_deadline=task.original_deadline,
                    new_deadline=task.original_deadline + dt.timedelta(days=60),
                    reason="Đo hiệu năng",
                    requested_at=now,
                    approved_on=task.original_deadline - dt.timedelta(days=5),
                )
                for task in created[::10]
                if task.original_deadline is not None
            ]
        )
        TaskDirective.objects.bulk_create(
            [
                TaskDirective(
                    task=task,
                    kind=TaskDirective.Kind.DIRECTION,
                    text="Đề nghị đẩy nhanh tiến độ",
                    addressed_unit_id=task.lead_unit_id,
                )
                for task in created[::20]
            ]
        )


def _step(step: str, workdir: Path, args: argparse.Namespace) -> Any:
    """One step in its own process, as a web worker would run it: the seed's objects do not weigh on the
    measurement (a process that has just seeded holds them, and Python's garbage collector walks them)."""
    command = [sys.executable, __file__, "--step", step, "--workdir", str(workdir)]
    command += ["--runs", str(args.runs), "--extra", str(args.extra)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    *lines, last = result.stdout.rstrip("\n").split("\n")
    print("\n".join(lines))
    return json.loads(last)


def _run_step(step: str, workdir: Path, args: argparse.Namespace) -> None:
    _setup(workdir)
    if step == "seed":
        print(f"Dữ liệu mẫu: {_seed():.1f} s (migrate, load_organisation, seed_demo)")
        print(json.dumps(None))
    elif step == "measure-demo":
        print(json.dumps(_measure("Dữ liệu mẫu", max(1, args.runs))))
    elif step == "add":
        _add_tasks(args.extra)
        print(json.dumps(None))
    elif step == "measure-more":
        label = f"Thêm {args.extra:,} nhiệm vụ".replace(",", ".")
        print(json.dumps(_measure(label, max(1, args.runs))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per timing (median reported)")
    parser.add_argument("--extra", type=int, default=2000, help="tasks added for the second measurement")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _run_step(args.step, Path(args.workdir), args)
        return
    with tempfile.TemporaryDirectory(prefix="chidao-bench-dashboard-") as tmp:
        workdir = Path(tmp)
        _step("seed", workdir, args)
        demo = _step("measure-demo", workdir, args)
        _step("add", workdir, args)
        more = _step("measure-more", workdir, args)
    same = demo == more
    print("Số truy vấn không đổi khi số nhiệm vụ tăng: " + ("có" if same else f"KHÔNG ({demo} → {more})"))
    data_queries = [count for key, count in demo.items() if key.startswith("data")]
    if not same or max(data_queries) > QUERY_GOAL:
        sys.exit(1)


if __name__ == "__main__":
    main()
