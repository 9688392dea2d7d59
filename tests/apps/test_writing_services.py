"""No writing service escapes the audit trail.

Every module `chidao.apps.<app>.services` (and its submodules when it is a package), every module whose name
contains "services" and every `loading` module (or package and its submodules) is imported; each public
function in it must either be declared with @writes_audit (it then carries `audit_action`), be listed in
READ_ONLY below with the reason it writes nothing, or in STEPS_OF with the declared service it is a step of. Every action is documented in docs/domain/audit.md, and each organisation service, called once,
leaves its audit row.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps as django_apps

from chidao.apps.audit.models import AuditEvent
from chidao.apps.audit.services import WRITING_SERVICES
from tests.factories.organisation import PersonFactory

REPO = Path(__file__).resolve().parents[2]
AUDIT_DOC = REPO / "docs" / "domain" / "audit.md"

# "module.function" -> why it is not a writing service. Keep every reason honest: a function that writes
# to the database belongs under @writes_audit, not here.
READ_ONLY: dict[str, str] = {
    "chidao.apps.audit.services.writes_audit": "the decorator that declares writing services",
    "chidao.apps.audit.services.audit_record": "writes the audit row itself, inside the transaction of a declared service",
    "chidao.apps.audit.services.snapshot": "pure: a model instance as a JSON-safe dict",
    "chidao.apps.audit.services.changed_fields": "pure: compares two snapshots",
    "chidao.apps.accounts.services.security_event": "writes a line to the security log, nothing to the database",
    "chidao.apps.demo.services.demo_accounts_allowed": "reads a setting",
    "chidao.apps.organisation.loading.tree.unit_rows": "pure: the unit rows to load, computed from the files",
}


def is_service_module(name: str) -> bool:
    """`chidao.apps.<app>.services[.…]`, any module named like *services*, and `loading` modules or packages."""
    parts = name.split(".")[3:]
    return any("services" in part for part in parts) or "loading" in parts


def service_modules() -> list[ModuleType]:
    """Every service module of every installed app of ours, imported (which also fills WRITING_SERVICES).

    An app still being written and not yet in INSTALLED_APPS cannot import its models, so it joins the check
    when it is installed.
    """
    names = [
        info.name
        for config in django_apps.get_app_configs()
        if config.name.startswith("chidao.apps.")
        for info in pkgutil.walk_packages(config.module.__path__, prefix=f"{config.name}.")
        if ".migrations" not in info.name and is_service_module(info.name)
    ]
    return [importlib.import_module(name) for name in sorted(names)]


# "module.function" -> the registered action whose transaction it runs in: helpers of a big service, split out
# of it for size, that write only when that service calls them.
STEPS_OF: dict[str, str] = {
    "chidao.apps.organisation.loading.tree.areas_sync": "organisation.load",
    "chidao.apps.organisation.loading.tree.units_sync": "organisation.load",
    "chidao.apps.organisation.loading.people.person_get_or_create": "organisation.load",
    "chidao.apps.organisation.loading.people.province_head_ensure": "organisation.load",
    "chidao.apps.organisation.loading.people.committee_sync": "organisation.load",
}


def public_functions(module: ModuleType) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Functions defined in the module (not imported into it) whose name does not start with "_"."""
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ == module.__name__ and not name.startswith("_"):
            yield f"{module.__name__}.{name}", function


MODULES = service_modules()
FUNCTIONS = dict(item for module in MODULES for item in public_functions(module))


def documented_actions() -> dict[str, str]:
    """action -> "written by" cell (backticks removed), from the table of actions in docs/domain/audit.md."""
    actions: dict[str, str] = {}
    for line in AUDIT_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and re.fullmatch(r"[a-z_]+\.[a-z_]+", cells[0]):
            actions[cells[0]] = cells[1]
    return actions


def recorded_action_literals() -> set[str]:
    """Every `action="entity.verb"` literal in the installed apps' code (including secondary events)."""
    pattern = re.compile(r"""\baction\s*=\s*["']([a-z_]+\.[a-z_]+)["']""")
    app_dirs = [Path(c.path) for c in django_apps.get_app_configs() if c.name.startswith("chidao.apps.")]
    return {
        match
        for app_dir in app_dirs
        for path in app_dir.rglob("*.py")
        if "migrations" not in path.parts
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_the_enumeration_finds_the_service_modules():
    names = {module.__name__ for module in MODULES}
    assert {"chidao.apps.organisation.services", "chidao.apps.audit.services"} <= names
    assert "chidao.apps.organisation.services.unit_update" in FUNCTIONS


@pytest.mark.parametrize(
    ("_case", "name", "expected"),
    [
        ("an app's services module", "chidao.apps.jobs.services", True),
        ("a module of a services package", "chidao.apps.reports.services.export", True),
        ("a module named like services", "chidao.apps.accounts.login_services", True),
        ("a loader", "chidao.apps.organisation.loading", True),
        ("a module of a loading package", "chidao.apps.organisation.loading.tree", True),
        ("selectors", "chidao.apps.organisation.selectors", False),
        ("a view", "chidao.apps.organisation.views", False),
    ],
)
def test_which_modules_count_as_service_modules(_case, name, expected):
    assert is_service_module(name) is expected


def test_every_public_service_function_writes_the_audit_trail_or_is_known_read_only():
    # when
    unregistered = sorted(
        name
        for name, function in FUNCTIONS.items()
        if not hasattr(function, "audit_action") and name not in READ_ONLY and name not in STEPS_OF
    )
    # then
    assert not unregistered, (
        "public functions of service modules that are neither @writes_audit nor in READ_ONLY or STEPS_OF "
        f"(tests/apps/test_writing_services.py): {unregistered}"
    )


def test_the_allow_lists_have_no_stale_or_registered_entries():
    listed = {**READ_ONLY, **STEPS_OF}
    stale = sorted(name for name in listed if name not in FUNCTIONS)
    registered = sorted(name for name in listed if hasattr(FUNCTIONS.get(name), "audit_action"))
    unknown_action = sorted(name for name, action in STEPS_OF.items() if action not in WRITING_SERVICES)
    assert (stale, registered, unknown_action) == ([], [], [])


def test_every_registered_action_is_documented_with_its_service():
    # given
    documented = documented_actions()
    # when
    missing = sorted(action for action in WRITING_SERVICES if action not in documented)
    wrong_service = sorted(
        f"{action}: documented {documented[action]!r}, registered {service.__module__}.{service.__name__}"
        for action, service in WRITING_SERVICES.items()
        if action in documented and documented[action] != f"{service.__module__}.{service.__name__}"
    )
    # then
    assert not missing, f"actions missing from the table in docs/domain/audit.md: {missing}"
    assert not wrong_service


def test_every_action_literal_in_the_code_is_documented():
    # e.g. "login.throttled", written inside the registered "login.failed" service
    undocumented = sorted(recorded_action_literals() - set(documented_actions()))
    assert not undocumented, (
        f"actions written by the code but missing from docs/domain/audit.md: {undocumented}"
    )


def test_every_documented_action_is_still_written_somewhere():
    gone = sorted(set(documented_actions()) - set(WRITING_SERVICES) - recorded_action_literals())
    assert not gone, f"docs/domain/audit.md documents actions that nothing writes any more: {gone}"


# ---- each organisation service, called once, leaves its audit row --------------------------------------


def _unit_create(actor, world):
    from chidao.apps.organisation import services

    return services.unit_create(
        actor=actor,
        kind="commune",
        code="XA9",
        name="Xã Ia Grai",
        parent=world["province"],
        valid_from=dt.date(2025, 7, 1),
    )


def _unit_update(actor, world):
    from chidao.apps.organisation import services

    return services.unit_update(actor=actor, unit=world["commune"], data={"short_name": "An Nhơn"})


def _head_assign(actor, world):
    from chidao.apps.organisation import services

    return services.head_assign(
        actor=actor,
        unit=world["commune"],
        person=PersonFactory(name="Nguyễn Văn Hùng"),
        role="head",
        title="Chủ tịch UBND xã",
        valid_from=dt.date(2025, 7, 1),
    )


ORGANISATION_EXAMPLES: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "unit.create": _unit_create,
    "unit.update": _unit_update,
    "head.assign": _head_assign,
}


def test_every_organisation_service_has_an_example():
    registered = {
        a for a, s in WRITING_SERVICES.items() if s.__module__ == "chidao.apps.organisation.services"
    }
    assert registered == set(ORGANISATION_EXAMPLES)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ORGANISATION_EXAMPLES))
def test_an_organisation_service_called_once_leaves_its_audit_row(users_by_role, province, commune, action):
    # given
    actor = users_by_role["administrator"]
    # when
    result = ORGANISATION_EXAMPLES[action](actor, {"province": province, "commune": commune})
    # then
    event = AuditEvent.objects.get(action=action)
    assert event.actor == actor
    assert event.channel == AuditEvent.Channel.SYSTEM  # no request, no command: the default context
    assert (event.object_type, event.object_id) == (result._meta.label_lower, str(result.pk))
    assert event.after
