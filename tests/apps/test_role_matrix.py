"""The role matrix (docs/role-matrix/*.md): every URL and API operation × every role → the promised answer.

Three tests: the tables are well formed; every (row, role) cell is walked with the Django test client; and
every URL pattern of the resolver and every django-ninja operation has a row (or a reason in
not-user-facing.md), while no row points at a URL that no longer exists. The format is in
docs/role-matrix/README.md.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from chidao.apps.accounts.roles import Role

MATRIX_DIR = Path(__file__).resolve().parents[2] / "docs" / "role-matrix"
ANONYMOUS = "anonymous"
ROLE_COLUMNS = (*(str(role) for role in Role), ANONYMOUS)
REQUIRED_COLUMNS = ("target", "method", "args", "body", *ROLE_COLUMNS)
EXEMPT_HEADER = "not user-facing"
STATUS_CELL = re.compile(r"^[1-5]\d\d$")
WORD_CELLS = {"login", "allow", "deny"}
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
MISSING_ID = 987_654_321


# ---- reading the tables -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    """One row: a request and the answer each role must get."""

    source: str
    target: str
    method: str
    args: str
    body: str
    expected: dict[str, str]

    @property
    def is_api(self) -> bool:
        """API rows name a path template; web rows a URL name."""
        return self.target.startswith("/")


@dataclass(frozen=True)
class Matrix:
    """Everything read from the directory, with the problems found on the way."""

    rows: tuple[MatrixRow, ...]
    exempt: dict[str, str]
    problems: tuple[str, ...]


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [cell.replace("\\|", "|").strip().strip("`").strip() for cell in re.split(r"(?<!\\)\|", inner)]


def _tables(text: str) -> Iterator[tuple[int, list[str], list[tuple[int, list[str]]]]]:
    """(line number, header, [(line number, cells)]) of each table outside fenced code blocks."""
    fenced = False
    header: list[str] | None = None
    start = 0
    body: list[tuple[int, list[str]]] = []
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        is_row = not fenced and line.lstrip().startswith("|")
        if is_row and header is None:
            header, start, body = [c.lower() for c in _cells(line)], number, []
        elif is_row and not set(line.strip()) <= set("|-: "):
            body.append((number, _cells(line)))
        elif not is_row and header is not None:
            yield start, header, body
            header = None


def read_matrix(directory: Path = MATRIX_DIR) -> Matrix:
    """Parse every *.md file of the directory."""
    rows: list[MatrixRow] = []
    exempt: dict[str, str] = {}
    problems: list[str] = []
    for path in sorted(directory.glob("*.md")):
        for start, header, body in _tables(path.read_text(encoding="utf-8")):
            if header[:1] == [EXEMPT_HEADER]:
                exempt.update({cells[0]: cells[1] if len(cells) > 1 else "" for _, cells in body})
                continue
            if "target" not in header:
                continue
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                problems.append(f"{path.name}:{start}: the table lacks the columns {missing}")
                continue
            for number, cells in body:
                source = f"{path.name}:{number}"
                if len(cells) != len(header):
                    problems.append(f"{source}: {len(cells)} cells for {len(header)} columns")
                    continue
                value = dict(zip(header, cells, strict=True))
                bad = [f"{r}={value[r]!r}" for r in ROLE_COLUMNS if not _valid_cell(value[r])]
                if bad or not value["target"] or not value["method"].isalpha():
                    problems.append(f"{source}: unreadable row (target, method or cells {bad})")
                    continue
                expected = {role: value[role].lower() for role in ROLE_COLUMNS}
                rows.append(
                    MatrixRow(
                        source,
                        value["target"],
                        value["method"].upper(),
                        value["args"],
                        value["body"],
                        expected,
                    )
                )
    return Matrix(tuple(rows), exempt, tuple(problems))


def _valid_cell(cell: str) -> bool:
    return bool(STATUS_CELL.match(cell)) or cell.lower() in WORD_CELLS


MATRIX = read_matrix()


# ---- the world the placeholders point into --------------------------------------------------------------

World = dict[str, Any]


def _made(world: World, key: str, make: Callable[[], Any]) -> Any:
    """An object built on first use and kept in the world, so args and body of a row name the same one."""
    made = world.setdefault("_made", {})
    if key not in made:
        made[key] = make()
    return made[key]


def _task_led_by(world: World, unit_key: str) -> int:
    """A steering task led by one of the world's units (the fixture world itself holds no task)."""
    import datetime as dt

    from tests.factories.programmes import make_task

    def make() -> Any:
        return make_task(lead_unit=world[unit_key], original_deadline=dt.date(2099, 12, 31))

    return int(_made(world, f"task_{unit_key}", make).pk)


def _report_on_own_task(world: World, *, approved: bool) -> int:
    """A progress report on the own unit's task, sent by its officer (and approved by its head if asked)."""
    from chidao.apps.programmes.models import Task
    from chidao.apps.programmes.services import report_approve_by_head, report_submit

    def make() -> Any:
        task = Task.objects.get(pk=_task_led_by(world, "commune"))
        report = report_submit(actor=world["users"]["unit_officer"], task=task, percent=50)
        if approved:
            report = report_approve_by_head(actor=world["users"]["unit_head"], report=report)
        return report

    return int(_made(world, "approved_report" if approved else "submitted_report", make).pk)


PLACEHOLDERS: dict[str, Callable[[World], object]] = {
    "own_task": lambda w: _task_led_by(w, "commune"),
    "other_task": lambda w: _task_led_by(w, "other_commune"),
    "submitted_report": lambda w: _report_on_own_task(w, approved=False),
    "approved_report": lambda w: _report_on_own_task(w, approved=True),
    "own_unit": lambda w: w["commune"].pk,
    "other_unit": lambda w: w["other_commune"].pk,
    "province": lambda w: w["province"].pk,
    "department": lambda w: w["department"].pk,
    "missing": lambda w: MISSING_ID,
    "reset_uid": lambda w: urlsafe_base64_encode(force_bytes(w["users"]["unit_officer"].pk)),
    "reset_token": lambda w: default_token_generator.make_token(w["users"]["unit_officer"]),
    **{f"user_{role}": (lambda w, role=str(role): w["users"][role].pk) for role in Role},
}


def resolve_placeholders(text: str, world: World) -> str:
    """Replace each {name}; an unknown name fails the row with its name."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            raise AssertionError(f"unknown placeholder {{{name}}}; known: {sorted(PLACEHOLDERS)}")
        return str(PLACEHOLDERS[name](world))

    return PLACEHOLDER.sub(value, text)


def request_url(row: MatrixRow, world: World) -> str:
    """The concrete URL of a row."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in resolve_placeholders(row.args, world).split(","))):
        key, sep, val = item.partition("=")
        if sep:
            named[key.strip()] = val.strip()
        else:
            positional.append(item)
    if row.is_api:
        return re.sub(r"\{(\w+)\}", lambda m: named[m.group(1)], row.target)
    return reverse(row.target, args=positional or None, kwargs=named or None)


def send(client: Any, row: MatrixRow, url: str, world: World) -> Any:
    """Send the row's request; API bodies as JSON, web bodies form-encoded."""
    text = resolve_placeholders(row.body, world) if row.body else ""
    body = json.loads(text) if text else None
    if row.is_api:
        if body is None:
            return client.generic(row.method, url)
        return client.generic(row.method, url, json.dumps(body), content_type="application/json")
    if row.method == "GET":
        return client.get(url, body or {})
    if row.method == "POST":
        return client.post(url, body or {})
    return client.generic(
        row.method, url, urlencode(body or {}), content_type="application/x-www-form-urlencoded"
    )


def _is_login_redirect(response: Any) -> bool:
    login_url = resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and response.get("Location", "").startswith(login_url)


def answer_matches(cell: str, response: Any) -> bool:
    """Whether the response keeps the promise of one cell."""
    status = response.status_code
    if cell == "login":
        return _is_login_redirect(response)
    if cell == "allow":
        return 200 <= status < 400 and not _is_login_redirect(response)
    if cell == "deny":
        return status in {401, 403, 404} or _is_login_redirect(response)
    return status == int(cell)


# ---- the tests --------------------------------------------------------------------------------------------


def test_every_matrix_table_is_well_formed():
    assert MATRIX.problems == ()
    assert MATRIX.rows, f"no rows found in {MATRIX_DIR}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("_case", "row", "role"),
    [
        (f"{row.source} {row.method} {row.target} as {role}", row, role)
        for row in MATRIX.rows
        for role in ROLE_COLUMNS
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_each_role_gets_the_answer_the_matrix_promises(
    client, users_by_role, province, department, commune, other_commune, _case, row, role
):
    # given the fixture world and the role's user signed in
    world = {
        "users": users_by_role,
        "province": province,
        "department": department,
        "commune": commune,
        "other_commune": other_commune,
    }
    if role != ANONYMOUS:
        client.force_login(users_by_role[role])
    url = request_url(row, world)
    # when
    response = send(client, row, url, world)
    # then
    cell = row.expected[role]
    where = response.get("Location", "")
    assert answer_matches(cell, response), (
        f"{_case}: expected {cell}, got {response.status_code}{f' → {where}' if where else ''} for {row.method} {url}"
    )


def web_url_names(patterns: list[Any] | None = None, namespace: str = "", prefix: str = "") -> Iterator[str]:
    """Every URL pattern of the resolver, recursively, as `namespace:name` (or its route when unnamed).

    django-ninja's operation views are left out: operations are listed by method and path instead.
    """
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace or "")))
            yield from web_url_names(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            if getattr(pattern.callback, "__module__", "") == "ninja.operation":
                continue
            name = pattern.name or route
            yield f"{namespace}:{name}" if namespace and pattern.name else name


def api_operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every operation of the NinjaAPI, from its routers and from its schema."""
    from chidao.api.urls import api

    get_resolver().url_patterns  # noqa: B018  (building the URLs binds the routers)
    root = reverse("api:api-root")
    found: set[tuple[str, str]] = set()
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            full = re.sub("/+", "/", f"{root}/{prefix}/{path}")
            for operation in path_view.operations:
                found.update((method.upper(), full) for method in operation.methods)
    schema = api.get_openapi_schema()
    found.update((method.upper(), path) for path, ops in schema["paths"].items() for method in ops)
    return found


def test_every_url_and_api_operation_has_a_row_and_every_row_a_url():
    # given
    names = set(web_url_names())
    operations = api_operations()
    web_targets = {row.target for row in MATRIX.rows if not row.is_api}
    api_targets = {(row.method, row.target) for row in MATRIX.rows if row.is_api}

    def exempt(name: str) -> bool:
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in MATRIX.exempt)

    # when
    urls_without_row = sorted(n for n in names if n not in web_targets and not exempt(n))
    operations_without_row = sorted(f"{m} {p}" for m, p in operations if (m, p) not in api_targets)
    rows_without_url = sorted(t for t in web_targets if t not in names)
    rows_without_operation = sorted(f"{m} {p}" for m, p in api_targets if (m, p) not in operations)
    # then
    assert operations, "no API operation found: the enumeration itself is broken"
    assert not urls_without_row, f"URLs with no row in docs/role-matrix/: {urls_without_row}"
    assert not operations_without_row, (
        f"API operations with no row in docs/role-matrix/: {operations_without_row}"
    )
    assert not rows_without_url, f"rows for URL names that no longer exist: {rows_without_url}"
    assert not rows_without_operation, (
        f"rows for API operations that no longer exist: {rows_without_operation}"
    )


@pytest.mark.parametrize(
    ("_case", "line", "cells"),
    [
        ("plain", "| a | b |", ["a", "b"]),
        (
            "backticks",
            '| `organisation:unit-detail` | `{"x": 1}` |',
            ["organisation:unit-detail", '{"x": 1}'],
        ),
        ("escaped pipe", "| a \\| b | c |", ["a | b", "c"]),
        ("no closing pipe", "| a | b", ["a", "b"]),
    ],
)
def test_cells_are_split_on_unescaped_pipes(_case, line, cells):
    assert _cells(line) == cells


def test_a_table_without_a_role_column_is_reported(tmp_path):
    # given a table that forgot the auditor
    columns = [c for c in REQUIRED_COLUMNS if c != "auditor"]
    (tmp_path / "x.md").write_text(
        "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns) + "\n", encoding="utf-8"
    )
    # when
    matrix = read_matrix(tmp_path)
    # then
    assert matrix.problems == ("x.md:1: the table lacks the columns ['auditor']",)


def test_an_unreadable_cell_and_a_short_row_are_reported(tmp_path):
    header = "| " + " | ".join(REQUIRED_COLUMNS) + " |"
    good = ["web:home", "GET", "", "", *["200"] * (len(ROLE_COLUMNS) - 1), "login"]
    typo = [*good[:-1], "logn"]
    (tmp_path / "x.md").write_text(
        "\n".join(
            [header, "|---|", "| " + " | ".join(good) + " |", "| " + " | ".join(typo) + " |", "| web:home |"]
        ),
        encoding="utf-8",
    )
    matrix = read_matrix(tmp_path)
    assert [row.source for row in matrix.rows] == ["x.md:3"]
    assert len(matrix.problems) == 2


def test_tables_inside_code_fences_and_exemptions_are_read_apart(tmp_path):
    header = "| " + " | ".join(REQUIRED_COLUMNS) + " |"
    (tmp_path / "x.md").write_text(
        f"```\n{header}\n| x:y | GET | | | 1 |\n```\n\n| not user-facing | reason |\n|---|---|\n| admin:* | none |\n",
        encoding="utf-8",
    )
    matrix = read_matrix(tmp_path)
    assert (matrix.rows, matrix.exempt, matrix.problems) == ((), {"admin:*": "none"}, ())
