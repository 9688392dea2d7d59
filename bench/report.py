"""Time to build and render the meeting briefing of 03/03/2026 and the urging letters, on the demo data.

    .venv/bin/python bench/report.py [--runs 5]

Seeds a throwaway SQLite database (migrate, load_organisation, seed_demo, load_document_profiles) in a temporary
directory, then measures, as the secretariat's demo account:
- the briefing DOCX: the dashboard's data as of 03/03/2026 + the report model + the DOCX (goal ≤ 5 s);
- the briefing PDF: the same with the PDF (goal ≤ 10 s);
- the urging letters for every lead unit with overdue or due-soon tasks: data once, then each letter's model,
  DOCX, PDF and XLSX;
- once, the whole platform job (`briefing_request` + `job_run`), files stored under a temporary MEDIA_ROOT.
Each figure is the median of the runs (the briefing's files also show the first run, which draws the charts).
Nothing outside the temporary directory is touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
MEETING_DAY = dt.date(2026, 3, 3)
GOALS = {"docx": 5.0, "pdf": 10.0}


def _setup(workdir: Path) -> None:
    sys.path.insert(0, str(REPO))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def _seed() -> float:
    from django.core.management import call_command

    started = time.monotonic()
    for command in ("migrate", "load_organisation", "seed_demo", "load_document_profiles"):
        call_command(command, stdout=StringIO(), verbosity=0)
    return time.monotonic() - started


def _timed(runs: int, step: Callable[[], Any]) -> tuple[float, float, Any]:
    """(first run, median of the runs, last result): the first run draws the charts, later ones may reuse them."""
    times: list[float] = []
    result: Any = None
    for _ in range(runs):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return times[0], statistics.median(times), result


def _median(runs: int, step: Callable[[], Any]) -> tuple[float, Any]:
    _, median, result = _timed(runs, step)
    return median, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chidao-bench-report-") as tmp:
        workdir = Path(tmp)
        _setup(workdir)
        print(f"Dữ liệu mẫu: {_seed():.1f} s (migrate, load_organisation, seed_demo, load_document_profiles)")
        _measure(workdir, max(1, args.runs))


def _measure(workdir: Path, runs: int) -> None:
    from django.test.utils import override_settings

    from chidao.apps.accounts.models import User
    from chidao.apps.dashboard.selectors import DashboardFilters, dashboard_data
    from chidao.apps.documents.generation import build_document
    from chidao.apps.documents.models import DocumentProfile, GeneratedDocument
    from chidao.apps.documents.rendering import renderer
    from chidao.apps.documents.services import briefing_request
    from chidao.apps.jobs.runner import job_run
    from chidao.apps.meetings.models import Meeting
    from chidao.core.documents.numbering import document_symbol

    secretariat = User.objects.get(username="thuongtruc")
    profile = DocumentProfile.objects.get(code="bcd-tinh")
    meeting = Meeting.objects.filter(held_on=MEETING_DAY).first()
    briefing = GeneratedDocument(
        profile=profile,
        kind=GeneratedDocument.Kind.BRIEFING,
        symbol=document_symbol("BC", profile.issuer_abbreviation),
        as_of=MEETING_DAY,
        meeting=meeting,
    )

    def data() -> Any:
        return dashboard_data(secretariat, DashboardFilters(as_of=MEETING_DAY))

    def briefing_file(file_format: str) -> Callable[[], bytes]:
        return lambda: renderer(file_format)(build_document(briefing, data()))

    print(f"Báo cáo phục vụ phiên họp {MEETING_DAY:%d/%m/%Y} (trung vị của {runs} lần):")
    seconds, _ = _median(runs, data)
    print(f"  số liệu bảng điều hành: {seconds:.2f} s")
    seconds, model = _median(runs, lambda: build_document(briefing, data()))
    print(f"  số liệu + mô hình báo cáo: {seconds:.2f} s ({len(model.figures)} số liệu trích dẫn)")
    for file_format in ("docx", "pdf"):
        first, seconds, content = _timed(runs, briefing_file(file_format))
        goal = GOALS[file_format]
        verdict = "đạt" if max(first, seconds) <= goal else "KHÔNG ĐẠT"
        print(
            f"  {file_format.upper()}: lần đầu {first:.2f} s, trung vị {seconds:.2f} s (mục tiêu ≤ {goal:.0f} s:"
            f" {verdict}), {len(content) / 1024:.0f} KB"
        )

    letters_data = data()
    units = [unit for unit in letters_data.attention if unit.overdue or unit.due_soon]
    letters = [
        GeneratedDocument(
            profile=profile,
            kind=GeneratedDocument.Kind.URGING_LETTER,
            symbol=document_symbol("", profile.issuer_abbreviation, profile.drafting_unit_abbreviation),
            as_of=MEETING_DAY,
            unit_id=unit.unit_id,
            reply_by=MEETING_DAY + dt.timedelta(days=7),
        )
        for unit in units
    ]

    def all_letters() -> int:
        current = data()
        drawn = 0
        for letter in letters:
            model = build_document(letter, current)
            for file_format in ("docx", "pdf", "xlsx"):
                drawn += len(renderer(file_format)(model))
        return drawn

    letter_runs = max(1, min(runs, 3))
    seconds, size = _median(letter_runs, all_letters)
    per_letter = seconds / len(letters) if letters else 0.0
    print(
        f"Công văn đôn đốc cho mọi đơn vị có nhiệm vụ quá hạn, sắp đến hạn ({len(letters)} đơn vị, DOCX + PDF + XLSX,"
        f" trung vị của {letter_runs} lần): {seconds:.2f} s ({per_letter:.2f} s mỗi công văn, {size / 1024:.0f} KB)"
    )

    with override_settings(MEDIA_ROOT=workdir / "media"):
        started = time.perf_counter()
        document = briefing_request(
            actor=secretariat, meeting=meeting, as_of=None, profile=profile, enqueue=False
        )
        job_run(document.job_id)
        seconds = time.perf_counter() - started
        document.refresh_from_db()
    print(
        f"Tác vụ nền đầy đủ (yêu cầu + số liệu + DOCX + PDF + XLSX + lưu tệp), một lần: {seconds:.2f} s"
        f" — trạng thái {document.get_state_display()}"
    )


if __name__ == "__main__":
    main()
