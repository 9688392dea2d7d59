"""Bulk creation of user accounts from a spreadsheet: one account per unit officer, e.g. for 135 communes.

Columns: Họ và tên | Tên đăng nhập | Thư điện tử | Điện thoại | Đơn vị (mã hoặc tên hiện hành) | Vai trò.
All or nothing: one wrong row and no account is created. New accounts get a temporary password (to change
at first sign-in), handed over once as an .xlsx to the administrator who imported; re-importing a username
updates the name, e-mail, phone, unit and role instead of creating a second account. Only unit-level roles
can be given this way, and accounts holding a province-wide role are never touched by a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final

from django.db.models.functions import Lower
from django.utils import timezone

from chidao.apps.accounts.models import RoleAssignment, User
from chidao.apps.accounts.roles import PROVINCE_WIDE_ROLES, UNIT_SCOPED_ROLES, Role
from chidao.apps.accounts.selectors import user_is_administrator, users_for_administrator
from chidao.apps.accounts.services import USER_AUDIT_FIELDS, user_create
from chidao.apps.audit.services import audit_record, snapshot, writes_audit
from chidao.apps.exchange.registry import ApplyResult, Importer, OneTimeSheet, Progress, register_importer
from chidao.apps.organisation.models import Unit
from chidao.apps.organisation.selectors import unit_list_for_user
from chidao.core.importing import (
    CellError,
    Choice,
    ChoiceField,
    Column,
    EmailField,
    ImportMode,
    ParsedRow,
    PhoneField,
    PlannedRow,
    Reference,
    ReferenceIndex,
    RowChange,
    TextField,
)

ROLE_CHOICES: Final = (
    Choice(Role.UNIT_OFFICER.value, "Cán bộ đơn vị", ("Cán bộ", "Chuyên viên")),
    Choice(Role.UNIT_HEAD.value, "Lãnh đạo đơn vị", ("Lãnh đạo",)),
    Choice(Role.DATA_OFFICER.value, "Cán bộ dữ liệu"),
)
ROLE_LABELS: Final = {choice.value: choice.label for choice in ROLE_CHOICES}
USERNAME_PATTERN: Final = r"[A-Za-z0-9._@+-]{3,150}"
_CHUNK: Final = 500

COLUMNS: Final = (
    Column("full_name", "Họ và tên", TextField(max_length=200), required=True),
    Column(
        "username",
        "Tên đăng nhập",
        TextField(
            max_length=150,
            pattern=USERNAME_PATTERN,
            pattern_hint="từ 3 ký tự, chỉ gồm chữ không dấu, chữ số và các dấu . _ - @ +",
        ),
        required=True,
        aliases=("Tài khoản", "Username"),
    ),
    Column("email", "Thư điện tử", EmailField(), aliases=("Email", "E-mail", "Địa chỉ thư điện tử")),
    Column("phone", "Điện thoại", PhoneField(), aliases=("Số điện thoại", "SĐT", "Di động")),
    Column(
        "unit",
        "Đơn vị (mã hoặc tên hiện hành)",
        TextField(max_length=255),
        required=True,
        aliases=("Đơn vị", "Mã đơn vị", "Tên đơn vị"),
    ),
    Column("role", "Vai trò", ChoiceField(ROLE_CHOICES), required=True),
)
COMPARED: Final = ("full_name", "email", "phone", "unit_id", "assignment")


def _assignment_key(role: str, unit_id: object) -> str:
    return f"{role}@{unit_id}"


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _users_by_key(actor: Any, keys: Collection[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    users = users_for_administrator(actor).annotate(username_key=Lower("username"))
    for chunk in _chunks(sorted(keys)):
        for user in users.filter(username_key__in=chunk).prefetch_related("role_assignments"):
            found[user.username.casefold()] = user
    return found


def _assignments_on(user: User, day: dt.date) -> list[RoleAssignment]:
    return [
        assignment
        for assignment in user.role_assignments.all()
        if assignment.valid_from <= day and (assignment.valid_to is None or assignment.valid_to > day)
    ]


@register_importer
class AccountsImporter(Importer):
    """Accounts of unit officers and unit heads, keyed by username (case-insensitive)."""

    code = "accounts"
    title = "Tài khoản người dùng"
    description = (
        "Tạo hàng loạt tài khoản cho cán bộ các đơn vị; tải lên lại cùng tên đăng nhập thì cập nhật "
        "họ tên, thư điện tử, điện thoại, đơn vị và vai trò. Chỉ quản trị hệ thống được dùng."
    )
    mode = ImportMode.ALL_OR_NOTHING
    columns = COLUMNS
    key_column = "username"
    compared = COMPARED

    def may_use(self, user: Any) -> bool:
        """Administrators only."""
        return bool(getattr(user, "is_authenticated", False)) and user_is_administrator(user)

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        """Resolve units by code or current name; refuse province-wide accounts and the importer's own."""
        today = timezone.localdate()
        units = ReferenceIndex(
            Reference(unit.pk, unit.code, unit.name) for unit in unit_list_for_user(actor, as_of=today)
        )
        existing = _users_by_key(actor, {self.key_of(row) for row in rows if self.key_of(row)})
        refined = []
        for row in rows:
            values: dict[str, object] = {
                "email": row.values.get("email") or "",
                "phone": row.values.get("phone") or "",
            }
            issues = []
            unit_text = row.values.get("unit")
            if unit_text:
                try:
                    unit = units.resolve(str(unit_text))
                except CellError as error:
                    issues.append(row.issue_at("unit", error.message))
                else:
                    values["unit_id"] = unit.id
                    values["unit_name"] = unit.name
                    values["assignment"] = _assignment_key(str(row.values.get("role")), unit.id)
            user = existing.get(self.key_of(row))
            if user is not None:
                issues.extend(self._protected(row, user, actor, today))
            refined.append(row.refined(values, issues))
        return refined

    @staticmethod
    def _protected(row: ParsedRow, user: User, actor: Any, today: dt.date) -> list[Any]:
        if user.pk == getattr(actor, "pk", None):
            return [row.issue_at("username", "Đây là tài khoản của chính bạn; không sửa qua nhập tệp.")]
        wide = sorted(
            Role(assignment.role).label
            for assignment in _assignments_on(user, today)
            if assignment.role in PROVINCE_WIDE_ROLES
        )
        if wide or user.is_superuser:
            roles = ", ".join(str(label) for label in wide) or "quản trị tối cao"
            return [
                row.issue_at(
                    "username",
                    f"Tài khoản “{user.username}” giữ vai trò cấp tỉnh ({roles}); không sửa qua nhập tệp.",
                )
            ]
        return []

    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        """Existing accounts by lower-cased username, with their unit-level role assignments of today."""
        today = timezone.localdate()
        current: dict[str, Mapping[str, object]] = {}
        for key, user in _users_by_key(actor, keys).items():
            assignments = sorted(
                _assignment_key(a.role, a.unit_id)
                for a in _assignments_on(user, today)
                if a.role in UNIT_SCOPED_ROLES
            )
            current[key] = {
                "full_name": user.full_name,
                "email": user.email,
                "phone": user.phone,
                "unit_id": user.unit_id,
                "assignment": "|".join(assignments),
            }
        return current

    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        """Create the new accounts (temporary passwords kept for the one-time sheet) and update the changed."""
        today = timezone.localdate()
        unit_ids = {row.row.values["unit_id"] for row in rows}
        units = {unit.pk: unit for unit in unit_list_for_user(actor, as_of=today).filter(pk__in=unit_ids)}
        existing = _users_by_key(actor, {row.key for row in rows if row.change is RowChange.CHANGED})
        created: list[tuple[str, ...]] = []
        updated = 0
        for index, planned in enumerate(rows, start=1):
            values = planned.row.values
            unit = units[int(str(values["unit_id"]))]
            role = str(values["role"])
            if planned.change is RowChange.NEW:
                account = user_create(
                    actor=actor,
                    username=str(values["username"]),
                    full_name=str(values["full_name"]),
                    email=str(values["email"]),
                    unit=unit,
                    role=role,
                    phone=str(values["phone"]),
                )
                created.append(
                    (
                        account.user.full_name,
                        account.user.username,
                        unit.name,
                        ROLE_LABELS[role],
                        account.temporary_password,
                    )
                )
            else:
                account_update_from_import(
                    actor=actor,
                    user=existing[planned.key],
                    full_name=str(values["full_name"]),
                    email=str(values["email"]),
                    phone=str(values["phone"]),
                    unit=unit,
                    role=role,
                    as_of=today,
                )
                updated += 1
            progress(100 * index / len(rows), f"Đã ghi {index}/{len(rows)} tài khoản")
        sheet = None
        if created:
            sheet = OneTimeSheet(
                title="Tài khoản mới và mật khẩu tạm thời",
                columns=("Họ và tên", "Tên đăng nhập", "Đơn vị", "Vai trò", "Mật khẩu tạm thời"),
                rows=tuple(created),
            )
        return ApplyResult(
            message=f"Đã tạo {len(created)} tài khoản, cập nhật {updated} tài khoản.",
            counts={"created": len(created), "updated": updated},
            one_time_sheet=sheet,
        )


@writes_audit("user.import_update", label="Cập nhật tài khoản từ tệp nhập")
def account_update_from_import(
    *,
    actor: Any,
    user: User,
    full_name: str,
    email: str,
    phone: str,
    unit: Unit,
    role: str,
    as_of: dt.date,
) -> User:
    """Update an account from an import row: name, e-mail, phone, home unit, and its unit-level role.

    Unit-level assignments other than (role, unit) end on ``as_of`` and (role, unit) starts then, so the
    history of who could see what stays in RoleAssignment. Province-wide assignments are never touched.
    """
    before = {
        **(snapshot(user, fields=USER_AUDIT_FIELDS) or {}),
        "assignments": _assignment_list(user, as_of),
    }
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user.unit = unit
    user.save(update_fields=["full_name", "email", "phone", "unit"])
    kept = False
    for assignment in RoleAssignment.objects.valid_on(as_of).filter(user=user, role__in=UNIT_SCOPED_ROLES):
        if assignment.role == role and assignment.unit_id == unit.pk and not kept:
            kept = True
            continue
        assignment.valid_to = as_of
        assignment.save(update_fields=["valid_to", "updated_at"])
    if not kept:
        granted_by = actor if getattr(actor, "pk", None) else None
        RoleAssignment.objects.create(
            user=user, role=role, unit=unit, valid_from=as_of, granted_by=granted_by
        )
    after = {**(snapshot(user, fields=USER_AUDIT_FIELDS) or {}), "assignments": _assignment_list(user, as_of)}
    audit_record(actor=actor, action="user.import_update", obj=user, before=before, after=after)
    return user


def _assignment_list(user: User, as_of: dt.date) -> list[str]:
    return sorted(
        _assignment_key(a.role, a.unit_id) for a in RoleAssignment.objects.valid_on(as_of).filter(user=user)
    )
