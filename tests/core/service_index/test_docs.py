"""The domain pages cover every indicator and every column, with the configured points."""

from __future__ import annotations

from pathlib import Path

import pytest

from chidao.core.service_index.catalogue import INDICATORS
from chidao.core.service_index.config import default_config
from chidao.core.service_index.schema import SCHEMAS

PAGES = Path(__file__).resolve().parents[3] / "docs" / "domain" / "service-index"


def page_name(indicator_id: str) -> str:
    return indicator_id.lower().replace(".", "-") + ".md"


@pytest.mark.parametrize("indicator_id", list(INDICATORS))
def test_every_indicator_has_a_page_linked_from_the_overview(indicator_id: str) -> None:
    item = INDICATORS[indicator_id]
    page = (PAGES / page_name(indicator_id)).read_text("utf-8")

    assert page.startswith(f"# {item.id} — {item.name}\n")
    assert item.source_kind.label in page
    assert f"]({page_name(indicator_id)})" in (PAGES / "README.md").read_text("utf-8")
    if item.scored:
        setting = default_config().setting(indicator_id)
        status = "đã xác nhận" if setting.points_confirmed else "**chưa xác nhận**"
        assert f"| Points ({default_config().version}) | {setting.points:g} — {status}" in page


def test_every_column_is_on_the_datasets_page() -> None:
    text = (PAGES / "datasets.md").read_text("utf-8")
    for schema in SCHEMAS.values():
        assert f"## `{schema.name}`" in text
        for column in schema.columns:
            assert f"| `{column.name}` | {column.duckdb_type} / {column.arrow_type} |" in text, column.name
