"""The DuckDB twins of the name functions give the Python values on random Vietnamese strings."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa

from chidao.core.data_quality.names import (
    comparison_key,
    comparison_key_sql,
    folded_key,
    folded_key_sql,
    standard_name,
    standard_name_sql,
)
from chidao.core.sql import Query
from chidao.engines.duckdb import Engine, EngineConfig, publish_dataset
from tests.engines.data_quality.datasets import NOW

PIECES = (
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ")
    + list("àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
    + [
        "òa",
        "óe",
        "úy",
        "Hòa",
        "THÚY",
        " ",
        "  ",
        "\u00a0",
        "\t",
        "\u2003",
        "\u3000",
        "\u0300",
        "\u0302",
        "\u031b",
    ]
)


def test_sql_twins_agree_with_python(tmp_path: Path) -> None:
    # given 500 random strings of Vietnamese letters, combining marks and odd spaces
    rng = random.Random(2026)
    names = ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 12))) for _ in range(500)]
    table = pa.table({"position": list(range(len(names))), "name": names, "month": ["2026-02"] * len(names)})
    publish_dataset(tmp_path, "ten", table, now=NOW)
    engine = Engine(EngineConfig(tmp_path, memory_limit="256MiB", threads=1, max_rows=10_000))

    # when the three SQL twins run over them
    key = comparison_key_sql("name")
    query = Query(
        f"SELECT position, {standard_name_sql('name')} AS standard, {key} AS key, "  # noqa: S608 - constants
        f"{folded_key_sql(key)} AS folded FROM ten ORDER BY position"
    )
    rows = engine.run(query).rows

    # then each equals its Python function
    for row, name in zip(rows, names, strict=True):
        assert (row["standard"], row["key"], row["folded"]) == (
            standard_name(name),
            comparison_key(name),
            folded_key(name),
        ), repr(name)
