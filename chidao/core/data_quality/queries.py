"""Query builders of the checks: findings, per-check counts, scorecards and completeness, one scan each.

One scan per register: ``judged`` evaluates every rule condition ONCE per record into a bit mask (bit i:
rule i of ``rules_for`` fails), materialised so DuckDB does not inline the conditions into every reader.

- ``findings_query``: every finding of a register (or of some checks): records with a non-zero mask yield
  one entry per set bit (a list of structs, unnested, NULLs dropped). Columns:
  ``register, record_key, commune_code, check_code, criterion, severity, field, detail`` — record keys and
  codes only, never a copy of personal data. ``commune_code`` is the record's responsible commune (NULL: an
  unknown or split code; the owner's province-level unit handles it).
- ``check_query``: one check's findings (the same SQL with that check's rules).
- ``check_counts_query``: per check, the findings and the distinct records with one.
- ``scorecard_query``: per responsible commune, the records, the three record groups and the records passing
  every check of each criterion. Both count (commune, mask) groups first — a few thousand rows — and then
  test bits, so the severities of the configuration only choose bit sets.
- ``completeness_query`` (DQ-DU-003): per responsible commune, records, records with every mandatory field,
  and the filled count of each column (``filled_<column>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

from chidao.core.data_quality.catalogue import CHECKS, Check, CheckKind, Criterion, Severity, check
from chidao.core.data_quality.relations import (
    Parameters,
    RunContext,
    Sources,
    facts_relation,
    is_missing_sql,
    is_present_sql,
)
from chidao.core.data_quality.rules import Rule, rules_for
from chidao.core.data_quality.schema import register
from chidao.core.sql import Query, quote_identifier

__all__ = [
    "FINDING_COLUMNS",
    "check_counts_query",
    "check_query",
    "completeness_query",
    "findings_query",
    "scorecard_query",
]

FINDING_COLUMNS: Final = (
    "register",
    "record_key",
    "commune_code",
    "check_code",
    "criterion",
    "severity",
    "field",
    "detail",
)


MAX_RULES: Final = 62
"""Rules of one register fit the bits of a BIGINT mask."""


def _held(rule: Rule) -> str:
    return f"coalesce(({rule.condition}), FALSE)"


def _query(sql: str, params: Parameters) -> Query:
    # Bind only the parameters the text uses: DuckDB refuses named values the statement does not mention.
    used = {name: value for name, value in params.values.items() if re.search(rf"\${name}\b", sql)}
    return Query(sql, used)


def _selected_rules(
    register_name: str, context: RunContext, params: Parameters, checks: Sequence[Check | str] | None
) -> tuple[Rule, ...]:
    rules = rules_for(register_name, context, params)
    if len(rules) > MAX_RULES:
        raise ValueError(f"Sổ {register_name} có {len(rules)} quy tắc, vượt {MAX_RULES} bit của mặt nạ.")
    if checks is None:
        return rules
    codes = {item if isinstance(item, str) else item.code for item in checks}
    for code in codes:
        chosen = check(code)
        if register_name not in chosen.registers or chosen.kind is not CheckKind.FINDINGS:
            raise ValueError(f"Kiểm tra {code} không tạo phát hiện trên sổ {register_name}.")
    return tuple(rule for rule in rules if rule.check_code in codes)


def _judged(relation: str, rules: Sequence[Rule]) -> str:
    """``judged``: per record its key, responsible commune, the bit mask of the rules it fails, variable details.

    Every condition is evaluated once, into the mask; MATERIALIZED keeps DuckDB from inlining the mask into
    each place that reads a bit (which would evaluate every condition once per place).
    """
    mask = " + ".join(
        f"(CASE WHEN {_held(rule)} THEN {1 << bit} ELSE 0 END)" for bit, rule in enumerate(rules)
    )
    details = "".join(
        f", CAST({rule.detail} AS VARCHAR) AS detail_{bit}"
        for bit, rule in enumerate(rules)
        if not rule.constant_detail
    )
    return (
        f"{relation}, judged AS MATERIALIZED (SELECT row_key, responsible_commune, "  # noqa: S608
        f"CAST({mask or '0'} AS BIGINT) AS rule_mask{details} FROM facts)"
    )


def _entry(bit: int, rule: Rule, context: RunContext) -> str:
    item = CHECKS[rule.check_code]
    severity = context.config.severity(rule.check_code)
    detail = rule.detail if rule.constant_detail else f"detail_{bit}"
    return (
        f"CASE WHEN rule_mask & {1 << bit} <> 0 THEN {{'check_code': '{item.code}', "
        f"'criterion': '{item.criterion.value}', 'severity': '{severity.value}', 'field': '{rule.field}', "
        f"'detail': CAST({detail} AS VARCHAR)}} END"
    )


def findings_query(
    register_name: str,
    sources: Sources,
    context: RunContext,
    checks: Sequence[Check | str] | None = None,
    *,
    ordered: bool = True,
) -> Query:
    """Every finding of the register (or of the given checks), by record key, check, field, detail.

    ``ordered=False`` leaves the order to DuckDB (a run storing a million findings needs no sort).
    """
    schema = register(register_name)
    params = Parameters()
    relation = facts_relation(schema.name, sources, params)
    rules = _selected_rules(schema.name, context, params, checks)
    columns = ", ".join(quote_identifier(name) for name in FINDING_COLUMNS)
    if not rules:
        empty = (
            f"SELECT '{schema.name}' AS register, row_key AS record_key, responsible_commune AS commune_code, "  # noqa: S608 - code constants and quoted identifiers
            "'' AS check_code, '' AS criterion, '' AS severity, '' AS field, '' AS detail FROM facts WHERE FALSE"
        )
        return _query(f"{relation} SELECT {columns} FROM ({empty})", params)  # noqa: S608
    entries = ", ".join(_entry(bit, rule, context) for bit, rule in enumerate(rules))
    sql = (
        f"{_judged(relation, rules)}, found AS (SELECT row_key, responsible_commune, "  # noqa: S608
        f"unnest([{entries}]) AS finding FROM judged WHERE rule_mask <> 0) "
        f"SELECT '{schema.name}' AS register, row_key AS record_key, responsible_commune AS commune_code, "
        "finding.check_code AS check_code, finding.criterion AS criterion, finding.severity AS severity, "
        "finding.field AS field, finding.detail AS detail FROM found WHERE finding IS NOT NULL"
    )
    if ordered:
        sql += " ORDER BY record_key, check_code, field, detail"
    return _query(sql, params)


def check_query(code: str, register_name: str, sources: Sources, context: RunContext) -> Query:
    """The findings of one check on one register."""
    return findings_query(register_name, sources, context, (code,))


def _mask_groups(
    register_name: str, sources: Sources, context: RunContext
) -> tuple[str, Parameters, tuple[Rule, ...]]:
    # Records grouped by (commune, mask): a few thousand groups at most; everything else adds them up.
    schema = register(register_name)
    params = Parameters()
    relation = facts_relation(schema.name, sources, params)
    rules = _selected_rules(schema.name, context, params, None)
    sql = (
        f"{_judged(relation, rules)}, masks AS (SELECT responsible_commune, rule_mask, count(*) AS records "  # noqa: S608 - code constants and quoted identifiers
        "FROM judged GROUP BY responsible_commune, rule_mask)"
    )
    return sql, params, rules


def check_counts_query(register_name: str, sources: Sources, context: RunContext) -> Query:
    """Per check code: ``findings`` (one per failed rule) and ``records`` (records with at least one)."""
    relation, params, rules = _mask_groups(register_name, sources, context)
    codes = sorted({rule.check_code for rule in rules})
    if not codes:
        return _query(f"{relation} SELECT '' AS check_code, 0 AS findings, 0 AS records WHERE FALSE", params)
    branches = []
    for code in codes:
        bits = [1 << bit for bit, rule in enumerate(rules) if rule.check_code == code]
        findings = " + ".join(
            f"(CASE WHEN rule_mask & {value} <> 0 THEN records ELSE 0 END)" for value in bits
        )
        any_bit = sum(bits)
        branches.append(
            f"SELECT '{code}' AS check_code, CAST(coalesce(sum({findings}), 0) AS BIGINT) AS findings, "  # noqa: S608
            f"CAST(coalesce(sum(CASE WHEN rule_mask & {any_bit} <> 0 THEN records ELSE 0 END), 0) AS BIGINT) "
            "AS records FROM masks"
        )
    sql = f"{relation} SELECT * FROM ({' UNION ALL '.join(branches)}) WHERE findings > 0 ORDER BY check_code"  # noqa: S608 - code constants and quoted identifiers
    return _query(sql, params)


def _bits(rules: Sequence[Rule], keep: Callable[[Rule], bool]) -> int:
    return sum(1 << bit for bit, rule in enumerate(rules) if keep(rule))


def scorecard_query(register_name: str, sources: Sources, context: RunContext) -> Query:
    """Per responsible commune: records, group_1/2/3 and ``passing_<criterion>`` (one scan)."""
    relation, params, rules = _mask_groups(register_name, sources, context)
    critical = _bits(rules, lambda rule: context.config.severity(rule.check_code) is Severity.CRITICAL)
    aggregates = [
        "CAST(sum(records) AS BIGINT) AS records",
        "CAST(sum(CASE WHEN rule_mask = 0 THEN records ELSE 0 END) AS BIGINT) AS group_1",
        f"CAST(sum(CASE WHEN rule_mask <> 0 AND rule_mask & {critical} = 0 THEN records ELSE 0 END) AS BIGINT) "
        "AS group_2",
        f"CAST(sum(CASE WHEN rule_mask & {critical} <> 0 THEN records ELSE 0 END) AS BIGINT) AS group_3",
    ]
    for criterion in Criterion:
        codes = {code for code, item in CHECKS.items() if item.criterion is criterion}
        bits = _bits(rules, lambda rule: rule.check_code in codes)  # noqa: B023 - used at once, inside the loop
        aggregates.append(
            f"CAST(sum(CASE WHEN rule_mask & {bits} = 0 THEN records ELSE 0 END) AS BIGINT) "
            f"AS passing_{criterion.value}"
        )
    sql = (
        f"{relation} SELECT responsible_commune AS commune_code, {', '.join(aggregates)} FROM masks "  # noqa: S608
        "GROUP BY responsible_commune ORDER BY responsible_commune NULLS LAST"
    )
    return _query(sql, params)


def completeness_query(register_name: str, sources: Sources) -> Query:
    """DQ-DU-003 per responsible commune: records, complete_records and ``filled_<column>`` per column."""
    schema = register(register_name)
    params = Parameters()
    relation = facts_relation(schema.name, sources, params)
    mandatory = " AND ".join(
        is_present_sql(column.name, text=column.is_text) for column in schema.mandatory_columns
    )
    conditional = [
        f"NOT (coalesce({column.required_when}, FALSE) AND {is_missing_sql(column.name, text=column.is_text)})"
        for column in schema.data_columns
        if column.required_when is not None
    ]
    complete = " AND ".join([mandatory, *conditional])
    filled = [
        f"count_if({is_present_sql(column.name, text=column.is_text)}) AS {quote_identifier('filled_' + column.name)}"
        for column in schema.data_columns
    ]
    sql = (
        f"{relation} SELECT responsible_commune AS commune_code, count(*) AS records, "  # noqa: S608
        f"count_if({complete}) AS complete_records, {', '.join(filled)} FROM facts "
        "GROUP BY responsible_commune ORDER BY responsible_commune NULLS LAST"
    )
    return _query(sql, params)
