"""Each check's SQL, per register and field: a condition over the ``facts`` relation and the finding's detail.

A ``Rule`` is one way a record fails a check on one field. ``rules_for`` lists the rules of a register under
a run context (the as-of date, the earliest plausible birth date and the freshness windows are bound as
parameters). Conditions are built so that NULL never counts as a finding: a missing value is the "đủ"
checks' business, a malformed one the format checks', so each record fails each rule for one reason only.

``detail`` is a short code (``not_12_digits``, ``birth_year,sex``, ``successor:21583``…), never a copy of a
name, number or date of the record. The pure twin of every rule is in ``reference.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from chidao.core.data_quality.catalogue import CHECKS, CheckKind
from chidao.core.data_quality.names import standard_name_sql
from chidao.core.data_quality.relations import (
    KNOWN_PLACE_CODES_SQL,
    Parameters,
    RunContext,
    is_missing_sql,
    is_present_sql,
)
from chidao.core.data_quality.schema import BHXH, DAN_CU, RegisterSchema, register
from chidao.core.sql import quote_identifier

__all__ = ["Rule", "rules_for"]

_CONSTANT: Final = re.compile(r"'[a-z0-9_,:]+'")


@dataclass(frozen=True)
class Rule:
    """A record fails ``check_code`` on ``field`` when ``condition`` holds; ``detail`` is an SQL expression."""

    check_code: str
    field: str
    condition: str
    detail: str

    @property
    def constant_detail(self) -> bool:
        """Whether the detail is one quoted constant (else it is computed from the record's facts)."""
        return _CONSTANT.fullmatch(self.detail) is not None

    def __post_init__(self) -> None:
        if self.check_code not in CHECKS or CHECKS[self.check_code].kind is not CheckKind.FINDINGS:
            raise ValueError(f"Quy tắc của kiểm tra không có hoặc không tạo phát hiện: {self.check_code}.")


def _literal(text: str) -> str:
    # Details are code constants of this module (ASCII words); refuse anything that would need escaping.
    if not text.replace("_", "").replace(",", "").replace(":", "").isalnum() or not text.isascii():
        raise ValueError(f"Mã chi tiết không hợp lệ: {text!r}.")
    return f"'{text}'"


def _present(schema: RegisterSchema, column: str) -> str:
    return is_present_sql(column, text=schema.column(column).is_text)


def _mandatory(schema: RegisterSchema) -> list[Rule]:
    rules = []
    for column in schema.data_columns:
        missing = is_missing_sql(column.name, text=column.is_text)
        if column.mandatory:
            code = "DQ-DU-001" if column.key else "DQ-DU-002"
            rules.append(Rule(code, column.name, missing, _literal("missing")))
        elif column.required_when is not None:
            condition = f"coalesce({column.required_when}, FALSE) AND {missing}"
            rules.append(Rule("DQ-DU-002", column.name, condition, _literal("missing")))
    return rules


def _personal_id_format() -> Rule:
    return Rule(
        "DQ-DUNG-001",
        "personal_id",
        f"{is_present_sql('personal_id', text=True)} AND NOT id_ok",
        _literal("not_12_digits"),
    )


def _place_codes(schema: RegisterSchema) -> list[Rule]:
    commune = schema.commune_column
    rules = [
        Rule(
            "DQ-DUNG-003",
            "personal_id",
            f"id_ok AND substr(personal_id, 1, 3) NOT IN {KNOWN_PLACE_CODES_SQL}",
            _literal("unknown_place_prefix"),
        ),
        Rule(
            "DQ-DUNG-003",
            commune,
            f"{_present(schema, commune)} AND NOT commune_known",
            _literal("unknown_commune_code"),
        ),
    ]
    if schema is DAN_CU:
        rules.append(
            Rule(
                "DQ-DUNG-003",
                "birth_registration_place_code",
                f"{_present(schema, 'birth_registration_place_code')} "
                f"AND birth_registration_place_code NOT IN {KNOWN_PLACE_CODES_SQL}",
                _literal("unknown_place_code"),
            )
        )
    return rules


def _dates(schema: RegisterSchema, as_of: str, earliest: str) -> list[Rule]:
    rules = [
        Rule("DQ-DUNG-005", "birth_date", f"birth_date > {as_of}", _literal("after_as_of")),
        Rule("DQ-DUNG-005", "birth_date", f"birth_date < {earliest}", _literal("before_earliest")),
        Rule(
            "DQ-DUNG-005",
            "last_updated",
            f"CAST(last_updated AS DATE) > {as_of}",
            _literal("after_as_of"),
        ),
    ]
    if schema is DAN_CU:
        rules += [
            Rule("DQ-DUNG-005", "death_date", f"death_date > {as_of}", _literal("after_as_of")),
            Rule("DQ-DUNG-005", "death_date", "death_date < birth_date", _literal("before_birth")),
            Rule(
                "DQ-DUNG-005",
                "death_date",
                "death_date IS NOT NULL AND life_status = 'alive'",
                _literal("alive_with_death_date"),
            ),
        ]
    return rules


_ID_MISMATCH_YEAR: Final = (
    "(TRY_CAST(substr(personal_id, 4, 1) AS INTEGER) // 2 <> year(birth_date) // 100 - 19 "
    "OR substr(personal_id, 5, 2) <> lpad(CAST(year(birth_date) % 100 AS VARCHAR), 2, '0'))"
)
_ID_MISMATCH_SEX: Final = (
    "(sex IN ('male', 'female') AND TRY_CAST(substr(personal_id, 4, 1) AS INTEGER) % 2 "
    "<> CASE WHEN sex = 'female' THEN 1 ELSE 0 END)"
)


def _id_layout() -> list[Rule]:
    # Two rules, so every detail is a constant: a record wrong on both gets two findings.
    return [
        Rule("DQ-DUNG-002", "personal_id", f"id_ok AND {_ID_MISMATCH_YEAR}", _literal("birth_year")),
        Rule("DQ-DUNG-002", "personal_id", f"id_ok AND {_ID_MISMATCH_SEX}", _literal("sex")),
    ]


def _formats(schema: RegisterSchema) -> list[Rule]:
    rules = [
        Rule(
            "DQ-SACH-002",
            "full_name",
            f"full_name <> {standard_name_sql('full_name')} AND {_present(schema, 'full_name')}",
            _literal("not_standard_name"),
        ),
        Rule(
            "DQ-SACH-002",
            schema.commune_column,
            f"{_present(schema, schema.commune_column)} "
            f"AND NOT regexp_full_match({quote_identifier(schema.commune_column)}, '[0-9]{{5}}')",
            _literal("not_5_digits"),
        ),
    ]
    for column in schema.data_columns:
        if column.allowed_values:
            values = ", ".join(_literal(value) for value in column.allowed_values)
            name = quote_identifier(column.name)
            rules.append(
                Rule(
                    "DQ-SACH-002",
                    column.name,
                    f"{_present(schema, column.name)} AND {name} NOT IN ({values})",
                    _literal("not_in_vocabulary"),
                )
            )
    if schema is DAN_CU:
        rules.append(
            Rule(
                "DQ-SACH-002",
                "birth_registration_place_code",
                f"{_present(schema, 'birth_registration_place_code')} "
                "AND NOT regexp_full_match(birth_registration_place_code, '[0-9]{3}')",
                _literal("not_3_digits"),
            )
        )
    return rules


def _duplicates(schema: RegisterSchema) -> list[Rule]:
    counts = {"personal_id": "same_personal_id"}
    if schema is BHXH:
        counts = {"insurance_code": "same_insurance_code", "personal_id": "same_personal_id"}
    return [
        Rule("DQ-SACH-001", column, f"{count} > 1", f"'records:' || CAST({count} AS VARCHAR)")
        for column, count in counts.items()
    ]


def _old_commune(schema: RegisterSchema) -> Rule:
    detail = (
        "CASE WHEN commune_successors = 1 THEN 'successor:' || commune_successor "
        "ELSE 'split:' || CAST(commune_successors AS VARCHAR) END"
    )
    return Rule("DQ-SONG-002", schema.commune_column, "commune_known AND NOT commune_current", detail)


def _freshness(schema: RegisterSchema, context: RunContext, as_of: str, params: Parameters) -> list[Rule]:
    rules = []
    for field, days in sorted(context.config.freshness(schema.name).items()):
        window = params.bind(f"freshness_{field}", days)
        name = quote_identifier(field)
        rules.append(
            Rule(
                "DQ-SONG-003",
                field,
                f"date_diff('day', CAST({name} AS DATE), {as_of}) > {window}",
                _literal(f"older_than:{days}"),
            )
        )
    return rules


def _cross_register() -> list[Rule]:
    linked = "id_ok AND population_rows > 0"
    return [
        Rule("DQ-DUNG-006", "personal_id", "id_ok AND population_rows = 0", _literal("absent")),
        Rule(
            "DQ-DUNG-007",
            "birth_date",
            f"{linked} AND birth_date IS NOT NULL AND NOT birth_equal",
            _literal("differs"),
        ),
        Rule(
            "DQ-DUNG-007",
            "full_name",
            f"{linked} AND {is_present_sql('full_name', text=True)} AND NOT name_exact AND NOT name_folded_equal",
            _literal("differs"),
        ),
        Rule(
            "DQ-SACH-003",
            "full_name",
            f"{linked} AND {is_present_sql('full_name', text=True)} AND NOT name_exact AND name_folded_equal",
            _literal("diacritics_only"),
        ),
        Rule(
            "DQ-SONG-001",
            "status",
            f"{linked} AND status = 'participating' AND deceased_in_population",
            _literal("deceased_in_population"),
        ),
    ]


def rules_for(register_name: str, context: RunContext, params: Parameters) -> tuple[Rule, ...]:
    """Every enabled rule of a register; the run's values are bound into ``params``."""
    schema = register(register_name)
    as_of = params.bind("as_of", context.as_of)
    earliest = params.bind("earliest_birth_date", context.config.earliest_birth_date)
    rules = [
        *_mandatory(schema),
        _personal_id_format(),
        *_place_codes(schema),
        *_dates(schema, as_of, earliest),
        *_formats(schema),
        *_duplicates(schema),
        _old_commune(schema),
        *_freshness(schema, context, as_of, params),
    ]
    if schema is DAN_CU:
        rules += _id_layout()
    else:
        rules.append(
            Rule(
                "DQ-DUNG-004",
                "insurance_code",
                f"{is_present_sql('insurance_code', text=True)} "
                "AND NOT regexp_full_match(insurance_code, '[0-9]{10}')",
                _literal("not_10_digits"),
            )
        )
        rules += _cross_register()
    return tuple(rule for rule in rules if context.config.enabled(rule.check_code))
