"""Build chidao's compact data file of Vietnamese administrative units (2025 reform).

Reads the National Statistics Office lists kept in ``/work/shared/data/admin-units`` and writes
``chidao/apps/organisation/data/admin_units_2025.json``. Only this script reads the shared folder; the
application reads the committed JSON. Output is deterministic: same inputs and build date give the same
bytes, and ``--check`` verifies that the committed file is up to date.

Usage::

    .venv/bin/python scripts/build_admin_units.py [--source-dir DIR] [--build-date YYYY-MM-DD] [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
# The shared folder lies beside the repository (../shared) on developers' machines and in CI.
DEFAULT_SOURCE_DIR = REPO_ROOT.parent / "shared" / "data" / "admin-units"
DEFAULT_OUTPUT = REPO_ROOT / "chidao" / "apps" / "organisation" / "data" / "admin_units_2025.json"

DIVISIONS_FILE = "divisions-2025-07.json"
CROSSWALK_FILE = "crosswalk-2025-07-new-old-communes.csv"
OLD_COMMUNES_FILE = "communes-before-2025-07.csv"

SOURCE = "Tổng cục Thống kê / Cục Thống kê – danhmuchanhchinh.nso.gov.vn"
FORMAT_VERSION = 1
EFFECTIVE_DATE = "2025-07-01"

EXPECTED_PROVINCES = 34
EXPECTED_COMMUNES = 3321
GIA_LAI_CODE = "52"
EXPECTED_GIA_LAI = {"xã": 110, "phường": 25}
# Official totals on 30/6/2025, the day before the reform took effect.
EXPECTED_OLD = {"old_provinces": 63, "old_districts": 696, "old_communes": 10035}

# The NSO lists carry no seat. Gia Lai's is curated here: Nghị quyết 60-NQ/TW (12/4/2025) places the
# political-administrative centre of the merged province in former Bình Định, i.e. Quy Nhơn, whose centre
# (old wards Đống Đa, Hải Cảng, Trần Phú, Thị Nại) became Phường Quy Nhơn (21583).
CURATED_SEATS = {GIA_LAI_CODE: "21583"}

# Crosswalk rows whose old-commune code belongs to a differently named commune of the same old district
# while the name matches exactly one other commune of that district: data-entry slips in the source. A row
# whose old code equals the new commune's code is trusted instead: every new commune took the code of one
# of its old communes, so "Thị trấn Yên Châu" is taken to have held 04075 (Viêng Lán's code in the older
# list) by 2025. Pinned so that a new release with different slips fails loudly
# and gets reviewed by a human.
EXPECTED_CODE_CORRECTIONS = {
    ("00562", "Xã Đặng Xá", "00553"): "00556",
    ("01648", "Xã Mỹ Hưng", "01615"): "01651",
    ("02494", "Xã Phú Thịnh", "02485"): "02482",
}

from admin_units_parsing import (  # noqa: E402 — sibling module of this script
    CROSSWALK_HEADER,
    DISTRICT_TYPES,
    NEW_COMMUNE_TYPES,
    NEW_PROVINCE_TYPES,
    OLD_COMMUNE_TYPES,
    OLD_COMMUNES_HEADER,
    PROVINCE_TYPES_BY_PREFIX,
    BuildError,
    aliases_of,
    canonical_prefix,
    clean,
    fold,
    most_common,
    note_kind,
    read_csv,
    sha256_of,
    split_name_code,
)


@dataclass
class OldCommuneDraft:
    """Everything seen about one old commune code before choosing its primary name."""

    code: str
    district_code: str
    spellings: list[str] = field(default_factory=list)
    master_name: str | None = None
    master_type: str | None = None


@dataclass
class Build:
    """The parsed, cross-checked content of the data file, plus a log of corrections made."""

    provinces: list[dict[str, Any]]
    communes: list[dict[str, Any]]
    old_provinces: list[dict[str, Any]]
    old_districts: list[dict[str, Any]]
    old_communes: list[dict[str, Any]]
    notes: list[list[str]]
    links: list[dict[str, Any]]
    corrections: list[str]


def load_divisions(path: Path, corrections: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Provinces and new communes from the NSO 2025 JSON (codes zero-padded to 2 and 5 digits)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    provinces: list[dict[str, Any]] = []
    communes: list[dict[str, Any]] = []
    for province in raw:
        code = f"{int(province['code']):02d}"
        kind = clean(province["division_type"])
        if kind not in NEW_PROVINCE_TYPES:
            raise BuildError(f"province {code}: unknown type {kind!r}")
        record: dict[str, Any] = {"c": code, "n": clean(province["name"]), "t": kind}
        if code in CURATED_SEATS:
            record["s"] = CURATED_SEATS[code]
        provinces.append(record)
        for ward in province["wards"]:
            ward_type = clean(ward["division_type"])
            if ward_type not in NEW_COMMUNE_TYPES:
                raise BuildError(f"commune {ward['code']}: unknown type {ward_type!r}")
            given = clean(ward["name"])
            name, prefix = canonical_prefix(given, NEW_COMMUNE_TYPES)
            if prefix != ward_type:
                raise BuildError(f"commune {ward['code']}: name {given!r} does not start with {ward_type!r}")
            if name != given:
                corrections.append(
                    f"Tên xã mới {int(ward['code']):05d}: '{given}' → '{name}' (viết hoa tiền tố)."
                )
            communes.append({"c": f"{int(ward['code']):05d}", "n": name, "t": ward_type, "p": code})
    return provinces, communes


def load_master(
    path: Path,
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]], dict[str, list[str]]]:
    """The pre-2025 NSO list: old provinces, old districts and old communes keyed by code."""
    rows = read_csv(path)
    if [clean(c) for c in rows[0]] != OLD_COMMUNES_HEADER:
        raise BuildError(f"{path.name}: unexpected header {rows[0]!r}")
    provinces: dict[str, dict[str, str]] = {}
    districts: dict[str, dict[str, str]] = {}
    communes: dict[str, list[str]] = {}
    for number, raw in enumerate(rows[1:], start=2):
        row = [clean(c) for c in raw]
        if not any(row):
            continue
        p_name, p_code, d_name, d_code, c_name, c_code, level = row[:7]
        provinces.setdefault(p_code, {"name": p_name})
        previous = districts.setdefault(d_code, {"name": d_name, "province": p_code})
        if previous["province"] != p_code:
            raise BuildError(f"{path.name}:{number}: district {d_code} in two provinces")
        if c_code:  # island districts without communes have a "Huyện" row with no commune code
            if c_code in communes:
                raise BuildError(f"{path.name}:{number}: duplicate commune code {c_code}")
            communes[c_code] = [c_name, level.casefold(), d_code]
    return provinces, districts, communes


def build(source_dir: Path) -> Build:
    """Parse and cross-check the three inputs; raise BuildError on anything unexpected."""
    corrections: list[str] = []
    provinces, communes = load_divisions(source_dir / DIVISIONS_FILE, corrections)
    new_by_code = {c["c"]: c for c in communes}
    master_provinces, master_districts, master_communes = load_master(source_dir / OLD_COMMUNES_FILE)

    rows = read_csv(source_dir / CROSSWALK_FILE)
    if [clean(c) for c in rows[1]] != CROSSWALK_HEADER:
        raise BuildError(f"{CROSSWALK_FILE}: unexpected second header line {rows[1]!r}")
    data: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(rows[2:], start=3):
        row = [clean(c) for c in raw]
        if len(row) != len(CROSSWALK_HEADER):
            raise BuildError(f"{CROSSWALK_FILE}:{number}: {len(row)} columns")
        if not any(row[1:]):  # province section title such as "GIA LAI"
            continue
        if not (row[1] and row[2] and row[5] and row[6]):
            raise BuildError(f"{CROSSWALK_FILE}:{number}: incomplete row {row!r}")
        data.append((number, row))

    master_by_district: dict[str, list[str]] = defaultdict(list)
    for code, (_, _, d_code) in master_communes.items():
        master_by_district[d_code].append(code)

    code_corrections: dict[tuple[str, str, str], str] = {}
    for _, row in data:
        old_code = row[4]
        if not old_code or old_code not in master_communes:
            continue
        if fold(master_communes[old_code][0]) == fold(row[3]) or old_code == row[2]:
            continue
        _, d_code = split_name_code(row[6], CROSSWALK_FILE)
        same_name = [c for c in master_by_district[d_code] if fold(master_communes[c][0]) == fold(row[3])]
        if len(same_name) == 1:
            code_corrections[(row[2], row[3], old_code)] = same_name[0]
    if code_corrections != EXPECTED_CODE_CORRECTIONS:
        raise BuildError(f"old-code corrections changed: {code_corrections!r}")
    for (new_code, name, wrong), right in sorted(code_corrections.items()):
        corrections.append(
            f"Bảng chuyển đổi: '{name}' → xã mới {new_code} ghi mã cũ {wrong} (mã của "
            f"'{master_communes[wrong][0]}'); dùng mã {right} theo danh mục trước 01/7/2025."
        )

    drafts: dict[str, OldCommuneDraft] = {}
    district_spellings: dict[str, list[str]] = defaultdict(list)
    province_spellings: dict[str, list[str]] = defaultdict(list)
    notes: dict[str, str] = {}
    links: list[dict[str, Any]] = []
    seen_pairs: set[tuple[str, str]] = set()
    new_spellings: dict[str, list[str]] = defaultdict(list)
    for number, row in data:
        where = f"{CROSSWALK_FILE}:{number}"
        province_cell, new_name, new_code, old_name, old_code, note, district_cell, old_province_cell, _ = row
        commune = new_by_code.get(new_code)
        if commune is None:
            raise BuildError(f"{where}: unknown new commune code {new_code}")
        _, province_code = split_name_code(province_cell, where)
        if province_code != commune["p"]:
            raise BuildError(f"{where}: commune {new_code} listed under province {province_code}")
        new_spellings[new_code].append(new_name)
        d_name, d_code = split_name_code(district_cell, where)
        if d_code not in master_districts:
            raise BuildError(f"{where}: unknown old district {d_code}")
        district_spellings[d_code].append(canonical_prefix(d_name, DISTRICT_TYPES)[0])
        p_name, p_code = split_name_code(old_province_cell, where)
        if p_code != master_districts[d_code]["province"]:
            corrections.append(
                f"Bảng chuyển đổi dòng {number}: {district_cell} ghi thuộc '{old_province_cell}'; "
                f"dùng tỉnh cũ {master_districts[d_code]['province']} theo danh mục trước 01/7/2025."
            )
        else:
            province_spellings[p_code].append(p_name)
        notes.setdefault(note, note_kind(note))
        old_code = code_corrections.get((new_code, old_name, old_code), old_code)
        link: dict[str, Any] = {"c": new_code, "k": note}
        if old_code:
            draft = drafts.setdefault(old_code, OldCommuneDraft(code=old_code, district_code=d_code))
            if draft.district_code != d_code:
                raise BuildError(
                    f"{where}: old commune {old_code} in districts {draft.district_code}, {d_code}"
                )
            draft.spellings.append(old_name)
            if (new_code, old_code) in seen_pairs:
                raise BuildError(f"{where}: duplicate link {new_code} ← {old_code}")
            seen_pairs.add((new_code, old_code))
            link["o"] = old_code
        else:
            # A whole island district without communes, or an unnumbered area ("Khu vực bãi bồi...").
            link["d"] = d_code
            if old_name:
                link["l"] = old_name
        links.append(link)

    missing = sorted(set(new_by_code) - {link["c"] for link in links})
    if missing:
        raise BuildError(f"new communes without any crosswalk row: {missing}")

    old_communes: list[dict[str, Any]] = []
    for code, draft in sorted(drafts.items()):
        master = master_communes.get(code)
        spellings = [canonical_prefix(s, OLD_COMMUNE_TYPES) for s in draft.spellings]
        name, kind = most_common(s for s, _ in spellings), next((k for _, k in spellings if k), None)
        if kind is None and master is not None:
            kind = master[1]
        if kind not in OLD_COMMUNE_TYPES:
            raise BuildError(f"old commune {code} {name!r}: unknown type")
        if not name.casefold().startswith(kind):
            corrections.append(f"Tên xã cũ {code}: '{name}' thiếu tiền tố; ghi '{kind.capitalize()} {name}'.")
            name = f"{kind.capitalize()} {name}"
        record: dict[str, Any] = {"c": code, "n": name, "t": kind, "d": draft.district_code}
        extra = [s for s, _ in spellings] + (
            [canonical_prefix(master[0], OLD_COMMUNE_TYPES)[0]] if master else []
        )
        if aliases := aliases_of(name, extra):
            record["a"] = aliases
        old_communes.append(record)

    old_districts: list[dict[str, Any]] = []
    used_districts = sorted({d["d"] for d in old_communes} | {link["d"] for link in links if "d" in link})
    for code in used_districts:
        master = master_districts[code]
        name = most_common(district_spellings[code])
        name, kind = canonical_prefix(name, DISTRICT_TYPES)
        if kind is None:
            raise BuildError(f"old district {code} {name!r}: unknown type")
        record = {"c": code, "n": name, "t": kind, "p": master["province"]}
        if aliases := aliases_of(
            name, [*district_spellings[code], canonical_prefix(master["name"], DISTRICT_TYPES)[0]]
        ):
            record["a"] = aliases
        old_districts.append(record)

    old_provinces: list[dict[str, Any]] = []
    for code in sorted({d["p"] for d in old_districts}):
        name = master_provinces[code]["name"]
        _, prefix = canonical_prefix(name, tuple(PROVINCE_TYPES_BY_PREFIX))
        if prefix is None:
            raise BuildError(f"old province {code} {name!r}: unknown type")
        record = {"c": code, "n": name, "t": PROVINCE_TYPES_BY_PREFIX[prefix]}
        if aliases := aliases_of(name, province_spellings[code]):
            record["a"] = aliases
        old_provinces.append(record)

    for commune in communes:
        if aliases := aliases_of(commune["n"], new_spellings[commune["c"]]):
            commune["a"] = aliases

    note_list = sorted(notes)
    note_index = {note: i for i, note in enumerate(note_list)}
    for link in links:
        link["k"] = note_index[link["k"]]
    links.sort(key=lambda x: (x["c"], x.get("o", ""), x.get("d", ""), x.get("l", "")))
    return Build(
        provinces=sorted(provinces, key=lambda x: x["c"]),
        communes=sorted(communes, key=lambda x: x["c"]),
        old_provinces=old_provinces,
        old_districts=old_districts,
        old_communes=old_communes,
        notes=[[note, notes[note]] for note in note_list],
        links=links,
        corrections=corrections,
    )


def verify(result: Build) -> dict[str, Any]:
    """Check the expected totals; return the counts recorded in the metadata."""
    gia_lai = Counter(c["t"] for c in result.communes if c["p"] == GIA_LAI_CODE)
    problems = []
    if len(result.provinces) != EXPECTED_PROVINCES:
        problems.append(f"{len(result.provinces)} provinces, expected {EXPECTED_PROVINCES}")
    if len(result.communes) != EXPECTED_COMMUNES:
        problems.append(f"{len(result.communes)} communes, expected {EXPECTED_COMMUNES}")
    if dict(gia_lai) != EXPECTED_GIA_LAI:
        problems.append(f"Gia Lai (52) has {dict(gia_lai)}, expected {EXPECTED_GIA_LAI}")
    for key, expected in EXPECTED_OLD.items():
        if len(getattr(result, key)) != expected:
            problems.append(f"{len(getattr(result, key))} {key}, expected {expected}")
    constituents: dict[str, set[str]] = defaultdict(set)
    for link in result.links:
        if "o" in link:
            constituents[link["c"]].add(link["o"])
    problems += [
        f"new commune {c} does not carry an old code of its own"
        for c in constituents
        if c not in constituents[c]
    ]
    if problems:
        raise BuildError("; ".join(problems))
    kinds = Counter(result.notes[link["k"]][1] for link in result.links)
    return {
        "provinces": len(result.provinces),
        "communes": len(result.communes),
        "communes_by_type": dict(sorted(Counter(c["t"] for c in result.communes).items())),
        "gia_lai_communes_by_type": dict(sorted(gia_lai.items())),
        "old_provinces": len(result.old_provinces),
        "old_districts": len(result.old_districts),
        "old_communes": len(result.old_communes),
        "links": len(result.links),
        "links_by_kind": dict(sorted(kinds.items())),
    }


def render(result: Build, metadata: dict[str, Any]) -> bytes:
    """Serialise with one record per line: compact, yet diffs stay readable."""

    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    sections: list[tuple[str, Sequence[Any]]] = [
        ("notes", result.notes),
        ("provinces", result.provinces),
        ("communes", result.communes),
        ("old_provinces", result.old_provinces),
        ("old_districts", result.old_districts),
        ("old_communes", result.old_communes),
        ("links", result.links),
    ]
    parts = ['{"format":' + dumps(FORMAT_VERSION) + ',\n"meta":' + dumps(metadata)]
    for key, records in sections:
        parts.append(f'"{key}":[\n' + ",\n".join(dumps(r) for r in records) + "\n]")
    return (",\n".join(parts) + "}\n").encode("utf-8")


def default_build_date(inputs: Sequence[Path], existing: Path | None) -> dt.date:
    """The date recorded in the file being checked, else the newest input's modification date (UTC)."""
    if existing is not None and existing.exists():
        return dt.date.fromisoformat(json.loads(existing.read_bytes())["meta"]["build_date"])
    return max(dt.datetime.fromtimestamp(p.stat().st_mtime, tz=dt.UTC).date() for p in inputs)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--build-date", type=dt.date.fromisoformat, default=None, help="default: newest input mtime"
    )
    parser.add_argument("--check", action="store_true", help="fail if --output differs from a fresh build")
    args = parser.parse_args(argv)

    inputs = [args.source_dir / name for name in (DIVISIONS_FILE, CROSSWALK_FILE, OLD_COMMUNES_FILE)]
    build_date: dt.date = args.build_date or default_build_date(inputs, args.output if args.check else None)
    try:
        result = build(args.source_dir)
        counts = verify(result)
    except BuildError as error:
        print(f"build_admin_units: FAILED: {error}", file=sys.stderr)
        return 1
    metadata = {
        "source": SOURCE,
        "effective_date": EFFECTIVE_DATE,
        "build_date": build_date.isoformat(),
        "inputs": [{"file": p.name, "sha256": sha256_of(p), "bytes": p.stat().st_size} for p in inputs],
        "counts": counts,
        "corrections": result.corrections,
        "curated": {"seats": CURATED_SEATS, "basis": "Nghị quyết 60-NQ/TW ngày 12/4/2025 (tỉnh Gia Lai)"},
    }
    payload = render(result, metadata)
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != payload:
            print(f"build_admin_units: {args.output} is out of date; rerun without --check", file=sys.stderr)
            return 1
        print(f"build_admin_units: {args.output.name} is up to date ({len(payload)} bytes)")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(payload)
    summary = json.dumps(counts, ensure_ascii=False)
    print(f"build_admin_units: wrote {args.output} ({len(payload)} bytes): {summary}")
    for line in result.corrections:
        print(f"  correction: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
