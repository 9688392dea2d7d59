"""1,000,000 dossier rows of a one-stop CSV export → validated → Parquet, through the importer's bulk path.

    .venv/bin/python bench/dossier_import.py [--rows 1000000] [--bad 1000] [--keep DIR]

Generates the dossiers with chidao.simulation (Gia Lai's 135 communes and 16 departments from the project's
data files, January–March 2026), writes them as the provincial export would (Vietnamese field names such as
MaHoSo, NgayTiepNhan in dd/mm/yyyy hh:mm:ss, KenhThucHien, plus the applicant's name and identity number
columns that must be dropped), spoils ``--bad`` rows (an impossible date, an unknown unit, a split old
commune), then times ``import_export`` — the same validation SQL the /exchange/ importer runs — in a child
process: read (only the mapped columns), validate (vectorised), publish (month replacement). Prints seconds,
rows/s and the child's peak memory (VmHWM). Goal (issue 6): ≤ 20 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

PROVINCE = "52"
SPLIT_OLD_COMMUNE = "21634"


def _peak_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _units() -> tuple[list[tuple[str, str]], Any]:
    from chidao.core.admin_units import AdminUnitsCatalogue

    data_dir = REPO / "chidao/apps/organisation/data"
    catalogue = AdminUnitsCatalogue.from_dict(
        json.loads((data_dir / "admin_units_2025.json").read_text("utf-8"))
    )
    communes = sorted(c.code for c in catalogue.communes.values() if c.province_code == PROVINCE)
    defaults = json.loads((data_dir / "organisation_defaults.json").read_text("utf-8"))
    pairs = [(code, "commune") for code in communes] + [
        (d["code"], "department") for d in defaults["departments"]
    ]
    return pairs, catalogue


def write_export(path: Path, rows: int, bad: int, seed: int) -> None:
    """The simulated dossiers as a one-stop CSV export (UTF-8, comma, dd/mm/yyyy hh:mm:ss)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from chidao.apps.service_index.importers.layouts import DOSSIERS
    from chidao.simulation.dossiers import dossier_batches, spec_for_units

    pairs, _ = _units()
    spec = spec_for_units(pairs, seed=seed, year=2026, dossiers=rows, months=(1, 2, 3))
    headers = {field.target: field.header for field in DOSSIERS.fields}
    rng = np.random.default_rng(seed)
    first = True
    with path.open("wb") as stream:
        for batch in dossier_batches(spec):
            table = pa.Table.from_batches([batch]).drop_columns(["source_system", "month"])
            columns = {}
            for name in table.column_names:
                column = table.column(name)
                if pa.types.is_timestamp(column.type):
                    column = pc.strftime(
                        pc.cast(column, pa.timestamp("s"), safe=False), format="%d/%m/%Y %H:%M:%S"
                    )
                elif pa.types.is_boolean(column.type):
                    column = pc.if_else(column, "1", "0")
                columns[headers[name]] = column
            n = table.num_rows
            columns["HoTenNguoiNop"] = pa.repeat("Nguyễn Văn Mô Phỏng", n)
            columns["SoCCCD"] = pa.repeat("052090000000", n)
            out = pa.table(columns)
            pacsv.write_csv(out, stream, write_options=pacsv.WriteOptions(include_header=first))
            first = False
    if bad:
        _spoil(path, bad, rng)


def _spoil(path: Path, bad: int, rng: Any) -> None:
    """Rewrite ``bad`` lines: a 31 February appointment, an unknown unit, a split old commune, in turn."""
    lines = path.read_bytes().split(b"\n")
    chosen = sorted(rng.choice(range(1, len(lines) - 1), size=bad, replace=False))
    for order, index in enumerate(chosen):
        cells = lines[index].split(b",")
        if order % 3 == 0:
            cells[4] = b'"31/02/2026 17:00:00"'
        elif order % 3 == 1:
            cells[2] = b'"KHONG-CO"'
        else:
            cells[2] = f'"{SPLIT_OLD_COMMUNE}"'.encode()
        lines[index] = b",".join(cells)
    path.write_bytes(b"\n".join(lines))


def run_import(path: Path, root: Path) -> dict[str, Any]:
    """Time the bulk import (this runs in its own process)."""
    from chidao.apps.service_index.importers.bulk import import_export
    from chidao.apps.service_index.importers.layouts import DOSSIERS
    from chidao.apps.service_index.importers.units import UnitDirectory
    from chidao.engines.duckdb import ResourceLimits

    pairs, catalogue = _units()
    units = UnitDirectory.build([code for code, _ in pairs], catalogue, province_code=PROVINCE)
    started = time.perf_counter()
    outcome = import_export(
        path,
        DOSSIERS,
        data_root=root,
        units=units,
        source_system="MOTCUA-GIALAI",
        now=dt.datetime.now(dt.UTC),
        limits=ResourceLimits(memory_limit="4GB", threads=2),
    )
    seconds = time.perf_counter() - started
    assert outcome.manifest is not None
    return {
        "seconds": seconds,
        "rows": outcome.validated.rows,
        "good": outcome.validated.good.num_rows,
        "rejected_rows": outcome.validated.rejected_rows,
        "rejects": len(outcome.validated.rejects),
        "example": outcome.validated.rejects[0].text if outcome.validated.rejects else "",
        "published": outcome.manifest.row_count,
        "columns": [column.name for column in outcome.manifest.columns],
        "peak_mib": _peak_mib(),
        "cpu_seconds": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--bad", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=766)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    import django

    django.setup()  # the importers package registers with the exchange app; no database is used
    if options.child:
        print(json.dumps(run_import(*options.child)))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-import-") as temporary:
        work = options.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        path = work / "ho-so.csv"
        started = time.perf_counter()
        write_export(path, options.rows, options.bad, options.seed)
        print(
            f"export: {options.rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB CSV "
            f"({options.bad} spoiled) written in {time.perf_counter() - started:.1f} s"
        )
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(path), str(work / "data")],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        assert "HoTenNguoiNop" not in result["columns"]
        assert "SoCCCD" not in result["columns"]
        print(
            f"import: {result['rows']:,} rows in {result['seconds']:.1f} s "
            f"({result['rows'] / result['seconds']:,.0f} rows/s; process CPU {result['cpu_seconds']:.1f} s incl. start-up), "
            f"peak {result['peak_mib']:,.0f} MiB (goal ≤ 20 s)"
        )
        print(
            f"kept {result['good']:,}, rejected {result['rejected_rows']:,} rows ({result['rejects']:,} problems), "
            f"published {result['published']:,}; e.g. {result['example']}"
        )
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
