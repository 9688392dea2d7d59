"""The Decision-766 service index on 10,000,000 simulated dossiers, against a hand-written 2.1 baseline.

    .venv/bin/python bench/index.py [--dossiers 10000000] [--seed 766] [--keep DIR]

1. Generates the dossiers of 12 months of 2026 for Gia Lai (province code 52): its 135 communes, read from
   chidao/apps/organisation/data/admin_units_2025.json (no Django), and the 16 departments of
   organisation_defaults.json plus 4 more agencies (20), with the generator's default quality profiles,
   and publishes ho_so, thu_tuc and phan_anh in a temporary data root (ResourceLimits(threads=2)).
2. In a child process (its own peak memory): the full index for all units × 12 months through
   chidao.core.service_index on the Engine — every per-dossier indicator and the seven categories in one
   scan (each month judged as of its own end), the per-procedure indicators per unit and month, the
   feedback indicators, and the score of every unit and month (scoring.score_index).
3. In another child process: one hand-written DuckDB query for rule 2.1 per unit and month (end-of-processing
   precedence, supplement rules, each month's cutoff, no-appointment dossiers judged by the statutory limit
   in its unit, working days from the same calendar).
4. Asserts the two give the same 2.1 numerator and denominator for every unit and month, then prints the
   times, the peak memory of each child (VmHWM of /proc/self/status, else getrusage ru_maxrss) and the ratio index / baseline.
Goals (issue 6): generation + writing ≤ 120 s; full index ≤ 60 s and ≤ 8 GiB; ratio ≤ 1.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from chidao.core.calendar import default_calendar  # noqa: E402
from chidao.core.service_index.config import default_config  # noqa: E402
from chidao.core.service_index.queries import (  # noqa: E402
    counts_from_row,
    dossier_counts_query,
    feedback_counts_query,
    indicator_query,
    procedure_counts_query,
)
from chidao.core.service_index.relations import Evaluation, Sources  # noqa: E402
from chidao.core.service_index.scoring import score_index  # noqa: E402
from chidao.core.service_index.timeliness import TimelinessPolicy  # noqa: E402
from chidao.core.service_index.workday_index import WorkingDayIndex  # noqa: E402
from chidao.core.sql import Query  # noqa: E402
from chidao.engines.duckdb import Engine, EngineConfig, ResourceLimits  # noqa: E402
from chidao.simulation.dossiers import publish_simulated, spec_for_units  # noqa: E402

PROVINCE = "52"
YEAR = 2026
MONTHS = tuple(f"{YEAR}-{month:02d}" for month in range(1, 13))
EXTRA_AGENCIES = ("BQLKKT", "DPTTH", "BQLDA", "VPDKDD")
NOW = dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.UTC)
THREADS = 2
MEMORY_LIMIT = "6GB"
POLICY = TimelinessPolicy(default_calendar())

# Rule 2.1 written out by hand (not through relations.py): one row per unit and month.
BASELINE_2_1 = """
WITH params AS (
  SELECT CAST(string_split(?, ',') AS INTEGER[]) AS corrections, CAST(? AS DATE) AS corrections_start
),
catalogue AS (
  SELECT code, statutory_limit_value AS limit_value, statutory_limit_unit AS limit_unit FROM thu_tuc WHERE month = ?
),
known AS (
  SELECT h.unit_code, h.month, h.procedure_code, h.received_at, CAST(h.appointment_at AS DATE) AS appointment_day,
    h.first_supplement_requested_at AS first_request, coalesce(h.supplement_wait_seconds, 0) AS wait_seconds,
    h.supplement_open_since,
    strptime(h.month, '%Y-%m') + INTERVAL 1 MONTH AS cutoff,
    CASE WHEN h.finished_at < strptime(h.month, '%Y-%m') + INTERVAL 1 MONTH THEN h.finished_at
         WHEN h.returned_at < strptime(h.month, '%Y-%m') + INTERVAL 1 MONTH THEN h.returned_at
         WHEN h.stopped_at < strptime(h.month, '%Y-%m') + INTERVAL 1 MONTH THEN h.stopped_at END AS end_at,
    CASE WHEN coalesce(h.supplement_count, 0) > 0 AND (h.first_supplement_requested_at IS NULL
              OR h.first_supplement_requested_at < strptime(h.month, '%Y-%m') + INTERVAL 1 MONTH)
         THEN h.supplement_count ELSE 0 END AS requests
  FROM ho_so AS h WHERE h.month IN (SELECT unnest(string_split(?, ',')))
),
judged AS (
  SELECT *,
    CASE WHEN requests = 1 AND first_request IS NOT NULL
              AND (supplement_open_since IS NOT NULL OR first_request + to_seconds(wait_seconds) >= cutoff)
         THEN first_request
         WHEN end_at IS NOT NULL THEN end_at - to_seconds(CASE WHEN requests = 1 THEN wait_seconds ELSE 0 END)
         ELSE cutoff - to_seconds(CASE WHEN requests = 1 THEN wait_seconds ELSE 0 END) END AS judged_at,
    (requests = 1 AND first_request IS NOT NULL
       AND (supplement_open_since IS NOT NULL OR first_request + to_seconds(wait_seconds) >= cutoff))
       OR end_at IS NOT NULL AS has_end
  FROM known
),
days AS (
  SELECT *, CASE WHEN has_end THEN CAST(judged_at AS DATE)
                 ELSE CAST(judged_at - INTERVAL 1 MICROSECOND AS DATE) END AS judged_day
  FROM judged
),
with_limit AS (
  SELECT d.*, c.limit_value, c.limit_unit FROM days AS d LEFT JOIN catalogue AS c ON c.code = d.procedure_code
),
flags AS (
  SELECT unit_code, month,
    CASE WHEN requests >= 2 THEN FALSE
         WHEN appointment_day IS NOT NULL THEN judged_day <= appointment_day
         WHEN limit_value IS NULL OR limit_unit IS NULL THEN FALSE
         WHEN limit_unit = 'hours'
           THEN judged_at <= received_at + to_microseconds(CAST(floor(limit_value * 3600000000) AS BIGINT))
         WHEN limit_unit = 'months'
           THEN judged_day <= CAST(CAST(received_at AS DATE) + to_months(CAST(floor(limit_value) AS INTEGER)) AS DATE)
         WHEN limit_unit = 'days' THEN date_diff('day', CAST(received_at AS DATE), judged_day) <= limit_value
         WHEN limit_unit = 'working_days' THEN
           (5 * ((date_diff('day', DATE '1900-01-01', judged_day) + 1) // 7)
              + least((date_diff('day', DATE '1900-01-01', judged_day) + 1) % 7, 5)
              + p.corrections[greatest(1, least(date_diff('day', p.corrections_start, judged_day) + 1,
                                                len(p.corrections)))])
           - (5 * ((date_diff('day', DATE '1900-01-01', CAST(received_at AS DATE)) + 1) // 7)
              + least((date_diff('day', DATE '1900-01-01', CAST(received_at AS DATE)) + 1) % 7, 5)
              + p.corrections[greatest(1, least(date_diff('day', p.corrections_start, CAST(received_at AS DATE)) + 1,
                                                len(p.corrections)))])
           <= limit_value
         ELSE FALSE END AS on_time
  FROM with_limit CROSS JOIN params AS p
)
SELECT unit_code, month, count(*) AS den_2_1, count_if(on_time) AS num_2_1
FROM flags GROUP BY unit_code, month ORDER BY unit_code, month
"""


def _peak_mib() -> float:
    # VmHWM is this process's own peak (ru_maxrss would carry the parent's peak across fork and exec).
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def province_units() -> list[tuple[str, str]]:
    """Gia Lai's 135 communes and 20 departments / agencies, from the project's own data files."""
    data_dir = REPO / "chidao/apps/organisation/data"
    units = json.loads((data_dir / "admin_units_2025.json").read_text(encoding="utf-8"))
    communes = sorted(c["c"] for c in units["communes"] if c["p"] == PROVINCE)
    defaults = json.loads((data_dir / "organisation_defaults.json").read_text(encoding="utf-8"))
    departments = [d["code"] for d in defaults["departments"]] + list(EXTRA_AGENCIES)
    return [(code, "commune") for code in communes] + [(code, "department") for code in departments]


def _engine(root: Path) -> Engine:
    return Engine(EngineConfig(root, memory_limit=MEMORY_LIMIT, threads=THREADS, max_rows=1_000_000))


def measure_index(root: Path) -> dict[str, Any]:
    """Every recomputed indicator of every unit and month, and its score; returns times and 2.1 counts."""
    engine = _engine(root)
    sources = Sources()
    started = time.perf_counter()
    evaluation = Evaluation(MONTHS, POLICY, catalogue_month=MONTHS[-1])
    with engine.session() as session:
        dossier_rows = session.run(dossier_counts_query(sources, evaluation)).rows
        dossier_seconds = time.perf_counter() - started
        procedure_rows = []
        for month in MONTHS:
            monthly = Evaluation((month,), POLICY, catalogue_month=month)
            procedure_rows += [
                {**row, "month": month} for row in session.run(procedure_counts_query(sources, monthly)).rows
            ]
        procedure_seconds = time.perf_counter() - started - dossier_seconds
        feedback_rows = session.run(feedback_counts_query(sources, evaluation)).rows
    config = default_config()
    counts: dict[tuple[str, str], dict[str, Any]] = {}
    for row in (*dossier_rows, *procedure_rows, *feedback_rows):
        counts.setdefault((row["unit_code"], row["month"]), {}).update(counts_from_row(row))
    scores = [score_index(c, config, unit_code=unit, period=month) for (unit, month), c in counts.items()]
    seconds = time.perf_counter() - started
    # 2.1 alone through the same builders (the like-for-like comparison with the baseline).
    alone = time.perf_counter()
    engine.run(indicator_query("2.1", sources, evaluation))
    alone_seconds = time.perf_counter() - alone
    return {
        "seconds": seconds,
        "dossier_scan_seconds": dossier_seconds,
        "procedure_seconds": procedure_seconds,
        "indicator_2_1_seconds": alone_seconds,
        "unit_months": len(counts),
        "scored": len(scores),
        "peak_mib": _peak_mib(),
        "counts_2_1": {f"{r['unit_code']}|{r['month']}": [r["num_2_1"], r["den_2_1"]] for r in dossier_rows},
    }


def measure_baseline(root: Path) -> dict[str, Any]:
    """The hand-written 2.1 query; returns its time and counts."""
    index = WorkingDayIndex.from_calendar(POLICY.calendar)
    query = Query(BASELINE_2_1, (index.corrections_text(), index.start, MONTHS[-1], ",".join(MONTHS)))
    engine = _engine(root)
    started = time.perf_counter()
    rows = engine.run(query).rows
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "peak_mib": _peak_mib(),
        "counts_2_1": {f"{r['unit_code']}|{r['month']}": [r["num_2_1"], r["den_2_1"]] for r in rows},
    }


def _child(step: str, root: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, "--step", step, "--root", str(root)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    parser.add_argument("--step", choices=("index", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step:
        measure = measure_index if options.step == "index" else measure_baseline
        print(json.dumps(measure(options.root)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-index-") as temporary:
        root = options.keep or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        units = province_units()
        spec = spec_for_units(units, seed=options.seed, year=YEAR, dossiers=options.dossiers)
        started = time.perf_counter()
        manifests = publish_simulated(root, spec, now=NOW, limits=ResourceLimits(threads=THREADS))
        generation = time.perf_counter() - started
        rows = manifests["ho_so"].row_count
        print(f"units: {len(units)} ({sum(1 for _, k in units if k == 'commune')} communes), months: 12")
        print(
            f"generate + write: {rows:,} dossiers, {manifests['thu_tuc'].row_count:,} catalogue rows, "
            f"{manifests['phan_anh'].row_count:,} feedback in {generation:.1f} s "
            f"({rows / generation:,.0f} dossiers/s; peak {_peak_mib():,.0f} MiB)"
        )
        index = _child("index", root)
        baseline = _child("baseline", root)
        assert index["counts_2_1"] == baseline["counts_2_1"], (
            "2.1 counts differ between the index and the baseline"
        )
        print(
            f"2.1 counts equal for {len(baseline['counts_2_1'])} unit-months "
            f"({sum(v[0] for v in baseline['counts_2_1'].values()):,} on time of "
            f"{sum(v[1] for v in baseline['counts_2_1'].values()):,})"
        )
        print(
            f"full index: {index['seconds']:.2f} s for {index['unit_months']} unit-months "
            f"(per-dossier scan {index['dossier_scan_seconds']:.2f} s, per-procedure {index['procedure_seconds']:.2f} s), "
            f"peak {index['peak_mib']:,.0f} MiB"
        )
        print(f"baseline 2.1: {baseline['seconds']:.2f} s, peak {baseline['peak_mib']:,.0f} MiB")
        ratio = index["dossier_scan_seconds"] / baseline["seconds"]
        print(f"ratio (index per-dossier scan / baseline 2.1): {ratio:.2f}x (goal ≤ 1.5x)")
        print(f"ratio (full index / baseline 2.1): {index['seconds'] / baseline['seconds']:.2f}x")
        print(
            f"2.1 alone through indicator_query: {index['indicator_2_1_seconds']:.2f} s, "
            f"ratio {index['indicator_2_1_seconds'] / baseline['seconds']:.2f}x"
        )
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
