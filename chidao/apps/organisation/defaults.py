"""The configurable default organisation (`data/organisation_defaults.json`): departments, heads, committee.

Read into frozen dataclasses so the loader works on checked values; a malformed file fails with a Vietnamese
message naming the entry, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULTS_PATH = Path(__file__).resolve().parent / "data" / "organisation_defaults.json"
SUPPORTED_FORMAT = 1
# Person.name of a committee seat whose holder is not known from a public source: we never invent names.
PLACEHOLDER_PERSON_NAME = "(Chưa cập nhật họ tên)"
_UNIT_KINDS = frozenset({"department", "agency", "sub_unit"})
_HEAD_ROLES = frozenset({"head", "deputy"})
_MEMBER_ROLES = frozenset({"chair", "standing_deputy", "deputy", "member", "secretary"})
_NATURES = frozenset({"state", "party"})


class DefaultsError(ValueError):
    """The defaults file is missing a field or holds a value the loader cannot use."""


@dataclass(frozen=True)
class HeadSpec:
    """A dated head or deputy of the province unit, from a public source."""

    person: str
    role: str
    title: str
    valid_from: dt.date


@dataclass(frozen=True)
class ProvinceSpec:
    """The province People's Committee, root of the unit tree."""

    code: str
    area_code: str
    name: str
    short_name: str
    valid_from: dt.date
    heads: tuple[HeadSpec, ...]


@dataclass(frozen=True)
class SubUnitSpec:
    """An internal office (phòng, chi cục) of a department, given as an example."""

    code: str
    name: str
    short_name: str
    kind: str


@dataclass(frozen=True)
class DepartmentSpec:
    """A department or agency directly under the province, with the title of its head."""

    code: str
    kind: str
    name: str
    short_name: str
    head_title: str
    sub_units: tuple[SubUnitSpec, ...]


@dataclass(frozen=True)
class MemberSpec:
    """A named committee member (chair, standing deputy) and the unit they belong to, by unit code."""

    role: str
    person: str
    unit_code: str
    position: str


@dataclass(frozen=True)
class StandingAgencySpec:
    """The department serving as standing agency of the committee for one area of work."""

    area_code: str
    area_name: str
    unit_code: str


@dataclass(frozen=True)
class CommitteeSpec:
    """A steering committee: identity, named members, standing agencies; department heads sit as members."""

    code: str
    name: str
    short_name: str
    nature: str
    parent_unit_code: str
    establishing_decision: str
    valid_from: dt.date
    source: str
    members: tuple[MemberSpec, ...]
    members_from_department_heads: bool
    standing_agencies: tuple[StandingAgencySpec, ...]


@dataclass(frozen=True)
class OrganisationDefaults:
    """Everything the defaults file declares."""

    province: ProvinceSpec
    departments: tuple[DepartmentSpec, ...]
    committees: tuple[CommitteeSpec, ...]

    def unit_codes(self) -> frozenset[str]:
        """Codes of the province, the departments and their sub-units."""
        codes = {self.province.code}
        for department in self.departments:
            codes.add(department.code)
            codes.update(sub.code for sub in department.sub_units)
        return frozenset(codes)


def read_defaults(path: Path | None = None) -> OrganisationDefaults:
    """Read and check the defaults file (the committed one unless `path` is given)."""
    source = path or DEFAULTS_PATH
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise DefaultsError(f"Không đọc được tệp cơ cấu tổ chức {source}: {error}") from error
    return defaults_from_dict(data)


def defaults_from_dict(data: Mapping[str, Any]) -> OrganisationDefaults:
    """Check the parsed defaults and turn them into dataclasses; codes must be unique and references known."""
    if data.get("format") != SUPPORTED_FORMAT:
        raise DefaultsError(f"Tệp cơ cấu tổ chức có format {data.get('format')!r}, cần {SUPPORTED_FORMAT}.")
    province = _province(_field(data, "province", "tệp"))
    departments = tuple(_department(d) for d in _field(data, "departments", "tệp"))
    defaults = OrganisationDefaults(
        province=province,
        departments=departments,
        committees=tuple(_committee(c) for c in data.get("committees", ())),
    )
    _check_references(defaults)
    return defaults


def _field(entry: Mapping[str, Any], key: str, where: str) -> Any:
    value = entry.get(key)
    if value is None or value == "":
        raise DefaultsError(f"Thiếu trường “{key}” ở {where}.")
    return value


def _choice(
    entry: Mapping[str, Any], key: str, where: str, allowed: frozenset[str], default: str = ""
) -> str:
    value = str(entry.get(key, default))
    if value not in allowed:
        raise DefaultsError(
            f"Giá trị “{value}” của “{key}” ở {where} không hợp lệ ({', '.join(sorted(allowed))})."
        )
    return value


def _date(entry: Mapping[str, Any], key: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(_field(entry, key, where)))
    except ValueError as error:
        raise DefaultsError(f"Ngày “{entry.get(key)}” ở {where} phải có dạng YYYY-MM-DD.") from error


def _province(entry: Mapping[str, Any]) -> ProvinceSpec:
    where = "“province”"
    heads = tuple(
        HeadSpec(
            person=str(_field(h, "person", where)),
            role=_choice(h, "role", where, _HEAD_ROLES),
            title=str(_field(h, "title", where)),
            valid_from=_date(h, "valid_from", where),
        )
        for h in entry.get("heads", ())
    )
    return ProvinceSpec(
        code=str(_field(entry, "code", where)),
        area_code=str(_field(entry, "area_code", where)),
        name=str(_field(entry, "name", where)),
        short_name=str(entry.get("short_name", "")),
        valid_from=_date(entry, "valid_from", where),
        heads=heads,
    )


def _department(entry: Mapping[str, Any]) -> DepartmentSpec:
    where = f"đơn vị “{entry.get('code', entry.get('name', '?'))}”"
    return DepartmentSpec(
        code=str(_field(entry, "code", where)),
        kind=_choice(entry, "kind", where, _UNIT_KINDS, "department"),
        name=str(_field(entry, "name", where)),
        short_name=str(entry.get("short_name", "")),
        head_title=str(entry.get("head_title", "")),
        sub_units=tuple(
            SubUnitSpec(
                code=str(_field(s, "code", where)),
                name=str(_field(s, "name", where)),
                short_name=str(s.get("short_name", "")),
                kind=_choice(s, "kind", where, _UNIT_KINDS, "sub_unit"),
            )
            for s in entry.get("sub_units", ())
        ),
    )


def _committee(entry: Mapping[str, Any]) -> CommitteeSpec:
    where = f"ban chỉ đạo “{entry.get('code', '?')}”"
    return CommitteeSpec(
        code=str(_field(entry, "code", where)),
        name=str(_field(entry, "name", where)),
        short_name=str(_field(entry, "short_name", where)),
        nature=_choice(entry, "nature", where, _NATURES, "state"),
        parent_unit_code=str(_field(entry, "parent_unit", where)),
        establishing_decision=str(entry.get("establishing_decision", "")),
        valid_from=_date(entry, "valid_from", where),
        source=str(entry.get("source", "")),
        members=tuple(
            MemberSpec(
                role=_choice(m, "role", where, _MEMBER_ROLES),
                person=str(_field(m, "person", where)),
                unit_code=str(_field(m, "unit", where)),
                position=str(_field(m, "position", where)),
            )
            for m in entry.get("members", ())
        ),
        members_from_department_heads=bool(entry.get("members_from_department_heads", False)),
        standing_agencies=tuple(
            StandingAgencySpec(
                area_code=str(_field(a, "area_code", where)),
                area_name=str(_field(a, "area_name", where)),
                unit_code=str(_field(a, "unit", where)),
            )
            for a in entry.get("standing_agencies", ())
        ),
    )


def _check_references(defaults: OrganisationDefaults) -> None:
    seen: set[str] = {defaults.province.code}
    for department in defaults.departments:
        for code in (department.code, *(s.code for s in department.sub_units)):
            if code in seen:
                raise DefaultsError(f"Mã đơn vị “{code}” bị trùng trong tệp cơ cấu tổ chức.")
            if code.isdigit():
                raise DefaultsError(
                    f"Mã đơn vị “{code}” toàn chữ số dễ trùng mã xã (mã Thống kê); hãy dùng chữ."
                )
            seen.add(code)
    for committee in defaults.committees:
        codes = [committee.parent_unit_code, *(m.unit_code for m in committee.members)]
        codes += [a.unit_code for a in committee.standing_agencies]
        unknown = sorted(set(codes) - seen)
        if unknown:
            raise DefaultsError(
                f"Ban chỉ đạo “{committee.code}” nhắc tới đơn vị chưa khai báo: {', '.join(unknown)}."
            )
