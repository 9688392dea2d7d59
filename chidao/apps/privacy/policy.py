"""The one API through which every list, page and export shows personal data: `policy_for(user).show(...)`.

Masked is the default. A value is shown whole only when all of these hold: the user is a data officer whose
scope covers the unit the data belongs to (`UserScope.sees_personal_data_of`), the user stated a purpose for
this record in this request (`reveal`), and that reveal was written to the access log. Nothing is
remembered between requests: the next page view is masked again.

    policy = policy_for(request.user)
    ref = ObjectRef("population.citizen", str(citizen.pk))
    if request.method == "POST":                   # the purpose form of privacy/_reveal.html
        policy.reveal(obj_ref=ref, unit=unit, field_kinds=KINDS, purpose=..., purpose_note=...)
    context = {"personal_id": policy.show(citizen.personal_id, PersonalFieldKind.PERSONAL_ID, unit=unit, obj_ref=ref)}

Exports: `with policy.export(object_type=..., field_kinds=..., reveal=..., purpose=..., purpose_note=...) as e:`
then `e.show_row(row, columns, unit_path=...)` for each row; one access row is logged for the whole file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from chidao.apps.accounts.access import UserScope, unit_subtree_path, user_scope
from chidao.apps.organisation.models import Unit
from chidao.apps.privacy.models import PersonalDataAccess
from chidao.apps.privacy.purpose import clean_purpose
from chidao.apps.privacy.services import personal_data_access_record
from chidao.core.masking import PersonalFieldKind, mask_personal_value


@dataclass(frozen=True)
class ObjectRef:
    """The record a personal value belongs to: a type such as "population.citizen" and its id."""

    type: str
    id: str


class ShownValue(str):
    """A personal value after the policy decided how to show it; the `personal` filter prints it as it is."""

    revealed: bool

    def __new__(cls, text: str, *, revealed: bool) -> ShownValue:
        shown = super().__new__(cls, text)
        shown.revealed = revealed
        return shown


def _unit_path(unit: Unit | None, unit_path: str | None) -> str | None:
    if unit_path is not None:
        return unit_path
    return unit_subtree_path(unit) if unit is not None else None


class PersonalDataPolicy:
    """What one user may see of personal data during one request (build it with `policy_for`)."""

    def __init__(self, user: Any, scope: UserScope) -> None:
        self.user = user
        self.scope = scope
        self._revealed: set[tuple[ObjectRef, str]] = set()

    @property
    def may_reveal_anything(self) -> bool:
        """True for a data officer (somewhere): the reveal button and the export option are offered."""
        return bool(self.scope.personal_data_paths)

    def may_reveal(self, *, unit: Unit | None = None, unit_path: str | None = None) -> bool:
        """True when the user may see unmasked personal data of this unit (data with no unit: nobody may)."""
        path = _unit_path(unit, unit_path)
        return path is not None and self.scope.sees_personal_data_of(path)

    def is_revealed(self, obj_ref: ObjectRef, kind: PersonalFieldKind | str) -> bool:
        """True when this request revealed `kind` of that record (after logging it)."""
        return (obj_ref, str(PersonalFieldKind(kind))) in self._revealed

    def show(
        self,
        value: object,
        kind: PersonalFieldKind | str,
        *,
        unit: Unit | None = None,
        unit_path: str | None = None,
        obj_ref: ObjectRef | None = None,
    ) -> ShownValue:
        """The value as this user may see it now: whole only if revealed for this record, masked otherwise."""
        reveal = (
            obj_ref is not None
            and self.is_revealed(obj_ref, kind)
            and self.may_reveal(unit=unit, unit_path=unit_path)
        )
        return ShownValue(mask_personal_value(value, kind, reveal=reveal), revealed=reveal)

    def reveal(
        self,
        *,
        obj_ref: ObjectRef,
        unit: Unit,
        field_kinds: Iterable[PersonalFieldKind | str],
        purpose: str,
        purpose_note: str,
        channel: str = "",
    ) -> PersonalDataAccess:
        """Log the access with its purpose, then let `show` return these fields of this record whole.

        PermissionDenied (403) for anyone who is not a data officer of the unit: the caller's fetch has
        already answered 404 for records the user may not see at all.
        """
        if not self.may_reveal(unit=unit):
            raise PermissionDenied(
                _("Chỉ cán bộ dữ liệu trong phạm vi được giao mới xem được dữ liệu đầy đủ.")
            )
        kinds = [str(PersonalFieldKind(kind)) for kind in field_kinds]
        access = personal_data_access_record(
            actor=self.user,
            object_type=obj_ref.type,
            object_id=obj_ref.id,
            field_kinds=kinds,
            unit=unit,
            purpose=purpose,
            purpose_note=purpose_note,
            channel=channel,
        )
        self._revealed.update((obj_ref, kind) for kind in kinds)
        return access

    def export(
        self,
        *,
        object_type: str,
        field_kinds: Iterable[PersonalFieldKind | str],
        reveal: bool = False,
        purpose: str = "",
        purpose_note: str = "",
        unit: Unit | None = None,
    ) -> PersonalDataExport:
        """An export context; with `reveal` the purpose is checked before the first row and logged once after."""
        return PersonalDataExport(
            self,
            object_type=object_type,
            field_kinds=tuple(str(PersonalFieldKind(kind)) for kind in field_kinds),
            reveal=reveal,
            purpose=purpose,
            purpose_note=purpose_note,
            unit=unit,
        )


class PersonalDataExport:
    """Masks the rows of one export; with reveal, shows in-scope rows whole and logs one access row at the end.

    The access row is written even if the export fails half-way, with the number of records already shown.
    """

    def __init__(
        self,
        policy: PersonalDataPolicy,
        *,
        object_type: str,
        field_kinds: tuple[str, ...],
        reveal: bool,
        purpose: str,
        purpose_note: str,
        unit: Unit | None,
    ) -> None:
        self.policy = policy
        self.object_type = object_type
        self.field_kinds = field_kinds
        self.reveal = reveal
        self.purpose = purpose
        self.purpose_note = purpose_note
        self.unit = unit
        self.revealed_records = 0
        self.access: PersonalDataAccess | None = None
        self._open = False

    def __enter__(self) -> PersonalDataExport:
        if self.reveal:
            if not self.policy.may_reveal_anything:
                raise PermissionDenied(_("Chỉ cán bộ dữ liệu mới xuất được dữ liệu cá nhân đầy đủ."))
            self.purpose, self.purpose_note = clean_purpose(self.purpose, self.purpose_note)
        self._open = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._open = False
        if self.reveal and self.revealed_records:
            self.access = personal_data_access_record(
                actor=self.policy.user,
                object_type=self.object_type,
                object_id="",
                field_kinds=self.field_kinds,
                unit=self.unit,
                purpose=self.purpose,
                purpose_note=self.purpose_note,
                channel=PersonalDataAccess.Channel.EXPORT,
                record_count=self.revealed_records,
            )

    def show_row(
        self,
        row: Mapping[str, Any],
        columns: Mapping[str, PersonalFieldKind | str],
        *,
        unit: Unit | None = None,
        unit_path: str | None = None,
    ) -> dict[str, Any]:
        """A copy of `row` with each personal column (name → kind) masked, or whole when revealed in scope."""
        if not self._open:
            raise RuntimeError("PersonalDataExport.show_row() is used inside its 'with' block")
        reveal = self.reveal and self.policy.may_reveal(unit=unit, unit_path=unit_path)
        shown = dict(row)
        for column, kind in columns.items():
            if column in shown:
                revealed = reveal and str(PersonalFieldKind(kind)) in self.field_kinds
                text = mask_personal_value(shown[column], kind, reveal=revealed)
                shown[column] = ShownValue(text, revealed=revealed)
        if reveal and any(str(PersonalFieldKind(kind)) in self.field_kinds for kind in columns.values()):
            self.revealed_records += 1
        return shown


def policy_for(user: Any) -> PersonalDataPolicy:
    """The policy of `user` for this request (anonymous and inactive users get an empty scope)."""
    return PersonalDataPolicy(user, user_scope(user))
