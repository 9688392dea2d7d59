"""Demo accounts for every role, on Gia Lai's real organisation (development and demonstrations only).

The accounts share one documented password so the README can show it; they are marked `is_demo` and the
command refuses to run unless `settings.CHIDAO_DEMO_ACCOUNTS` is True (never in production).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.accounts.roles import Role
from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.organisation.models import Person, Unit

# Shown in the README and printed by seed_demo; only ever set on accounts marked is_demo.
DEMO_PASSWORD = "Chidao@2026"  # noqa: S105 (public demo password, refused outside dev/test)
# Demo grants start with the new province, so every dated screen (from 01/07/2025 on) shows them.
DEMO_VALID_FROM = dt.date(2025, 7, 1)
PROVINCE_UNIT_CODE = "52"
# Phường Quy Nhơn (NSO 21583), the seat of the province since 01/07/2025.
DEMO_COMMUNE_CODE = "21583"


class DemoAccountsDisabled(Exception):
    """Raised when demo accounts are requested on an installation that does not allow them."""


class DemoSeedError(Exception):
    """Raised when the demo cannot be seeded (organisation not loaded, username taken by a real account)."""


class SeedOutcome(StrEnum):
    """What seeding did to one account."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class DemoAccountSpec:
    """One demo login: who it plays, with which role, over which unit (by unit code)."""

    username: str
    full_name: str
    role: Role
    scope_unit_code: str
    home_unit_code: str
    person_name: str = ""
    note: str = ""


@dataclass(frozen=True)
class DemoAccountResult:
    """A seeded account, for the table printed by the command."""

    username: str
    full_name: str
    role: Role
    unit_name: str
    outcome: SeedOutcome
    note: str


DEMO_ACCOUNTS: tuple[DemoAccountSpec, ...] = (
    DemoAccountSpec(
        "chutich", "Chủ tịch UBND tỉnh (tài khoản thử)", Role.LEADER, "52", "52", person_name="Phạm Anh Tuấn"
    ),
    DemoAccountSpec(
        "phochutich",
        "Phó Chủ tịch UBND tỉnh (tài khoản thử)",
        Role.LEADER,
        "52",
        "52",
        person_name="Lâm Hải Giang",
    ),
    DemoAccountSpec("thuongtruc", "Thường trực Sở KH&CN (tài khoản thử)", Role.SECRETARIAT, "52", "SKHCN"),
    DemoAccountSpec("giamdoc.skhcn", "Giám đốc Sở KH&CN (tài khoản thử)", Role.UNIT_HEAD, "SKHCN", "SKHCN"),
    DemoAccountSpec("canbo.skhcn", "Cán bộ Sở KH&CN (tài khoản thử)", Role.UNIT_OFFICER, "SKHCN", "SKHCN"),
    DemoAccountSpec(
        "chutich.quynhon",
        "Chủ tịch UBND phường Quy Nhơn (tài khoản thử)",
        Role.UNIT_HEAD,
        DEMO_COMMUNE_CODE,
        DEMO_COMMUNE_CODE,
    ),
    DemoAccountSpec(
        "canbo.quynhon",
        "Cán bộ phường Quy Nhơn (tài khoản thử)",
        Role.UNIT_OFFICER,
        DEMO_COMMUNE_CODE,
        DEMO_COMMUNE_CODE,
    ),
    DemoAccountSpec(
        "dulieu.congan", "Cán bộ dữ liệu Công an tỉnh (tài khoản thử)", Role.DATA_OFFICER, "CAT", "CAT"
    ),
    DemoAccountSpec("kiemtra", "Cán bộ kiểm tra, giám sát (tài khoản thử)", Role.AUDITOR, "52", "52"),
    DemoAccountSpec(
        "quantri",
        "Quản trị hệ thống (tài khoản thử)",
        Role.ADMINISTRATOR,
        "52",
        "52",
        note="Lần đăng nhập đầu phải đăng ký ứng dụng xác thực (TOTP).",
    ),
)


def demo_accounts_allowed() -> bool:
    """True only where the settings allow demo accounts (development and tests)."""
    return bool(getattr(settings, "CHIDAO_DEMO_ACCOUNTS", False))


@writes_audit("demo.seed")
def demo_accounts_seed(
    *, actor: Any, specs: tuple[DemoAccountSpec, ...] = DEMO_ACCOUNTS
) -> list[DemoAccountResult]:
    """Create or repair the demo accounts and their role grants; a second run changes nothing."""
    if not demo_accounts_allowed():
        raise DemoAccountsDisabled(
            _("Tài khoản thử bị tắt (CHIDAO_DEMO_ACCOUNTS=False): không tạo tài khoản thử trên hệ thống này.")
        )
    units = _units_by_code({s.scope_unit_code for s in specs} | {s.home_unit_code for s in specs})
    return [_seed_one(actor, spec, units) for spec in specs]


def _units_by_code(codes: set[str]) -> dict[str, Unit]:
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = sorted(codes - set(units))
    if missing:
        raise DemoSeedError(
            _("Chưa có đơn vị %(codes)s: chạy “manage.py load_organisation” trước “seed_demo”.")
            % {"codes": ", ".join(missing)}
        )
    return units


def _seed_one(actor: Any, spec: DemoAccountSpec, units: dict[str, Unit]) -> DemoAccountResult:
    home = units[spec.home_unit_code]
    scope = units[spec.scope_unit_code]
    person = _person_for(spec, units[PROVINCE_UNIT_CODE]) if spec.person_name else None
    user = User.objects.filter(username=spec.username).first()
    if user is not None and not user.is_demo:
        raise DemoSeedError(
            _("Tên đăng nhập “%(username)s” đã thuộc một tài khoản thật; không ghi đè.")
            % {"username": spec.username}
        )
    outcome = SeedOutcome.UNCHANGED
    if user is None:
        user = User(username=spec.username, is_demo=True)
        before = None
        outcome = SeedOutcome.CREATED
    else:
        before = snapshot(user)
    wanted = {
        "full_name": spec.full_name,
        "unit_id": home.pk,
        "person_id": person.pk if person else None,
        "is_active": True,
        "must_change_password": False,
    }
    for field, value in wanted.items():
        if getattr(user, field) != value:
            setattr(user, field, value)
            outcome = outcome if outcome == SeedOutcome.CREATED else SeedOutcome.UPDATED
    if outcome == SeedOutcome.CREATED or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        outcome = outcome if outcome == SeedOutcome.CREATED else SeedOutcome.UPDATED
    if outcome != SeedOutcome.UNCHANGED:
        user.save()
        audit_record(actor=actor, action="demo.seed", obj=user, before=before, after=snapshot(user))
    if _ensure_grant(actor, user, spec.role, scope) and outcome == SeedOutcome.UNCHANGED:
        outcome = SeedOutcome.UPDATED
    return DemoAccountResult(spec.username, spec.full_name, spec.role, home.name, outcome, spec.note)


def _person_for(spec: DemoAccountSpec, province: Unit) -> Person | None:
    """The real office-holder the account plays (loaded by load_organisation), when there is one."""
    return Person.objects.filter(name=spec.person_name, unit=province).order_by("pk").first()


def _ensure_grant(actor: Any, user: User, role: Role, unit: Unit) -> bool:
    """Give the role over the unit from DEMO_VALID_FROM unless an open grant exists; True when one was added."""
    open_grant = RoleAssignment.objects.filter(user=user, role=role, unit=unit, area_code="").filter(
        Q(valid_to__isnull=True)
    )
    if open_grant.exists():
        return False
    grant = RoleAssignment.objects.create(user=user, role=role, unit=unit, valid_from=DEMO_VALID_FROM)
    audit_record(actor=actor, action="demo.seed", obj=grant, after=snapshot(grant))
    return True
