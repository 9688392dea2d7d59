"""The catalogue: code scheme, registers, rules behind every findings check, documentation pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from chidao.core.data_quality.catalogue import CHECKS, Check, CheckKind, Criterion, Severity, checks_for
from chidao.core.data_quality.config import default_config
from chidao.core.data_quality.relations import Parameters, RunContext
from chidao.core.data_quality.rules import Rule, rules_for
from chidao.core.data_quality.schema import REGISTERS

PAGES = Path(__file__).resolve().parents[3] / "docs" / "domain" / "data-quality"
CONTEXT = RunContext(date(2026, 3, 1), default_config())


def test_codes_follow_the_scheme_and_criterion() -> None:
    for code, item in CHECKS.items():
        assert code.startswith(f"DQ-{item.criterion.code_part}-")
        assert item.registers
        assert set(item.registers) <= set(REGISTERS)
        assert item.description.endswith(".")
        assert item.legal_basis


def test_a_code_must_match_its_criterion() -> None:
    with pytest.raises(ValueError, match="DQ-SACH-009"):
        Check("DQ-SACH-009", Criterion.DUNG, Severity.MINOR, "x", "x.", "x", ("dan_cu",))


@pytest.mark.parametrize("register", list(REGISTERS))
def test_every_findings_check_has_rules_on_each_register(register: str) -> None:
    everything_on = RunContext(
        CONTEXT.as_of,
        default_config().__class__(
            **{**default_config().__dict__, "freshness_days": {register: {"last_updated": 30}}}
        ),
    )

    codes = {rule.check_code for rule in rules_for(register, everything_on, Parameters())}

    assert codes == {item.code for item in checks_for(register)}


def test_measures_have_no_rules() -> None:
    with pytest.raises(ValueError, match="DQ-DU-003"):
        Rule("DQ-DU-003", "full_name", "TRUE", "'x'")


def test_completeness_is_a_measure() -> None:
    assert CHECKS["DQ-DU-003"].kind is CheckKind.MEASURE
    assert "DQ-DU-003" not in {item.code for item in checks_for("dan_cu")}
    assert "DQ-DU-003" in {item.code for item in checks_for("dan_cu", kind=None)}


@pytest.mark.parametrize("code", list(CHECKS))
def test_every_check_has_a_page_linked_from_the_overview(code: str) -> None:
    item = CHECKS[code]
    page = (PAGES / item.page).read_text("utf-8")

    assert page.startswith(f"# {item.code} — {item.name}\n")
    assert f"| Criterion | {item.criterion.label} |" in page
    assert f"| Default severity | {item.severity.value} |" in page
    assert item.description in page
    assert f"]({item.page})" in (PAGES / "README.md").read_text("utf-8")
