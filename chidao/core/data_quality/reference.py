"""The pure twin of the checks' SQL: findings of register rows computed in Python, record by record.

Slow and simple on purpose: it is the reference the engine tests compare ``queries.findings_query`` with on
hundreds of random rows, and the place to read a rule without SQL. Rows are mappings with the register's
columns (``schema.py``); the commune table rows as in ``communes.commune_code_rows``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from chidao.core.data_quality.communes import CommuneStatus, commune_statuses
from chidao.core.data_quality.dates import date_problems, stale_fields
from chidao.core.data_quality.identifiers import (
    is_insurance_code,
    is_known_place_code,
    is_personal_id,
    personal_id_mismatch,
)
from chidao.core.data_quality.names import comparison_key, folded_key, standard_name
from chidao.core.data_quality.relations import RunContext
from chidao.core.data_quality.schema import BHXH, DAN_CU, RegisterSchema, register
from chidao.core.data_quality.scoring import Finding

__all__ = ["reference_findings", "responsible_commune"]

Row = Mapping[str, Any]

_REQUIRED_WHEN: Final[dict[str, Callable[[Row], bool]]] = {
    "death_date": lambda row: row.get("life_status") == "deceased",
}
_FIVE_DIGITS: Final = re.compile(r"[0-9]{5}")
_THREE_DIGITS: Final = re.compile(r"[0-9]{3}")


def _missing(value: Any, *, text: bool) -> bool:
    return value is None or (text and value.strip(" ") == "")


def responsible_commune(code: str | None, statuses: Mapping[str, CommuneStatus]) -> str | None:
    """The commune answering for a record with this commune code (None: unknown or split)."""
    status = statuses.get(code) if code is not None else None
    return status.responsible if status is not None else None


class _Judge:
    def __init__(
        self,
        schema: RegisterSchema,
        rows: Sequence[Row],
        statuses: Mapping[str, CommuneStatus],
        context: RunContext,
    ) -> None:
        self.schema = schema
        self.statuses = statuses
        self.context = context
        self.counts = {
            column: Counter(row[column] for row in rows if not _missing(row[column], text=True))
            for column in (("insurance_code", "personal_id") if schema is BHXH else ("personal_id",))
        }
        self.found: list[tuple[str, str, str]] = []

    def add(self, code: str, field: str, detail: str) -> None:
        if self.context.config.enabled(code):
            self.found.append((code, field, detail))

    def mandatory(self, row: Row) -> None:
        for column in self.schema.data_columns:
            missing = _missing(row[column.name], text=column.is_text)
            if column.mandatory and missing:
                self.add("DQ-DU-001" if column.key else "DQ-DU-002", column.name, "missing")
            elif column.name in _REQUIRED_WHEN and _REQUIRED_WHEN[column.name](row) and missing:
                self.add("DQ-DU-002", column.name, "missing")

    def identifiers(self, row: Row) -> None:
        personal_id = row["personal_id"]
        id_ok = is_personal_id(personal_id)
        if personal_id is not None and personal_id.strip(" ") != "" and not id_ok:
            self.add("DQ-DUNG-001", "personal_id", "not_12_digits")
        if id_ok and not is_known_place_code(personal_id[:3]):
            self.add("DQ-DUNG-003", "personal_id", "unknown_place_prefix")
        commune_column = self.schema.commune_column
        commune = row[commune_column]
        if not _missing(commune, text=True) and commune not in self.statuses:
            self.add("DQ-DUNG-003", commune_column, "unknown_commune_code")
        if self.schema is DAN_CU:
            place = row["birth_registration_place_code"]
            if not _missing(place, text=True) and not is_known_place_code(place):
                self.add("DQ-DUNG-003", "birth_registration_place_code", "unknown_place_code")
            mismatch = personal_id_mismatch(personal_id, row["birth_date"], row["sex"])
            if mismatch.birth_year:
                self.add("DQ-DUNG-002", "personal_id", "birth_year")
            if mismatch.sex:
                self.add("DQ-DUNG-002", "personal_id", "sex")
        else:
            code = row["insurance_code"]
            if code is not None and code.strip(" ") != "" and not is_insurance_code(code):
                self.add("DQ-DUNG-004", "insurance_code", "not_10_digits")

    def dates(self, row: Row) -> None:
        config = self.context.config
        population = self.schema is DAN_CU
        for field, detail in date_problems(
            as_of=self.context.as_of,
            earliest_birth=config.earliest_birth_date,
            birth=row["birth_date"],
            last_updated=row["last_updated"],
            death=row["death_date"] if population else None,
            life_status=row["life_status"] if population else None,
        ):
            self.add("DQ-DUNG-005", field, detail)
        for field, detail in stale_fields(row, config.freshness(self.schema.name), self.context.as_of):
            self.add("DQ-SONG-003", field, detail)

    def formats(self, row: Row) -> None:
        name = row["full_name"]
        if not _missing(name, text=True) and name != standard_name(name):
            self.add("DQ-SACH-002", "full_name", "not_standard_name")
        commune_column = self.schema.commune_column
        commune = row[commune_column]
        if not _missing(commune, text=True) and not _FIVE_DIGITS.fullmatch(commune):
            self.add("DQ-SACH-002", commune_column, "not_5_digits")
        for column in self.schema.data_columns:
            value = row[column.name]
            if (
                column.allowed_values
                and not _missing(value, text=True)
                and value not in column.allowed_values
            ):
                self.add("DQ-SACH-002", column.name, "not_in_vocabulary")
        if self.schema is DAN_CU:
            place = row["birth_registration_place_code"]
            if not _missing(place, text=True) and not _THREE_DIGITS.fullmatch(place):
                self.add("DQ-SACH-002", "birth_registration_place_code", "not_3_digits")
        for key_column, counter in self.counts.items():
            key = row[key_column]
            if not _missing(key, text=True) and counter[key] > 1:
                self.add("DQ-SACH-001", key_column, f"records:{counter[key]}")
        status = self.statuses.get(commune) if commune is not None else None
        if status is not None and not status.current:
            detail = (
                f"successor:{status.successors[0]}"
                if len(status.successors) == 1
                else f"split:{len(status.successors)}"
            )
            self.add("DQ-SONG-002", commune_column, detail)


def _cross_register(judge: _Judge, row: Row, people: Mapping[str, Sequence[Row]]) -> None:
    personal_id = row["personal_id"]
    if not is_personal_id(personal_id):
        return
    matches = people.get(personal_id, ())
    if not matches:
        judge.add("DQ-DUNG-006", "personal_id", "absent")
        return
    birth, name = row["birth_date"], row["full_name"]
    if birth is not None and birth not in {person["birth_date"] for person in matches}:
        judge.add("DQ-DUNG-007", "birth_date", "differs")
    if name is not None and name.strip(" ") != "":
        keys = {comparison_key(person["full_name"]) for person in matches if person["full_name"] is not None}
        folds = {folded_key(person["full_name"]) for person in matches if person["full_name"] is not None}
        if comparison_key(name) not in keys:
            if folded_key(name) in folds:
                judge.add("DQ-SACH-003", "full_name", "diacritics_only")
            else:
                judge.add("DQ-DUNG-007", "full_name", "differs")
    if row["status"] == "participating" and any(person["life_status"] == "deceased" for person in matches):
        judge.add("DQ-SONG-001", "status", "deceased_in_population")


def reference_findings(
    register_name: str,
    rows: Iterable[Row],
    context: RunContext,
    communes: Iterable[Row],
    population: Iterable[Row] = (),
) -> list[Finding]:
    """Every finding of the register's rows, sorted; ``population`` is needed for the insurance register."""
    schema = register(register_name)
    records = list(rows)
    statuses = commune_statuses(communes)
    people: dict[str, list[Row]] = {}
    for person in population:
        if person["personal_id"] is not None:
            people.setdefault(person["personal_id"], []).append(person)
    judge = _Judge(schema, records, statuses, context)
    findings = []
    for row in records:
        judge.found = []
        judge.mandatory(row)
        judge.identifiers(row)
        judge.dates(row)
        judge.formats(row)
        if schema is BHXH:
            _cross_register(judge, row, people)
        commune = responsible_commune(row[schema.commune_column], statuses)
        findings += [
            Finding(schema.name, row["row_key"], commune, code, field, detail)
            for code, field, detail in judge.found
        ]
    return sorted(findings, key=lambda item: (item.record_key, item.check_code, item.field, item.detail))
