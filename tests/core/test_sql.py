"""Safe SQL builders: identifiers always quoted, values always bound as parameters."""

import datetime as dt
from decimal import Decimal

import pytest

from chidao.core.sql import (
    FALSE,
    MAX_IDENTIFIER_LENGTH,
    MAX_IN_LIST_VALUES,
    TRUE,
    Order,
    Predicate,
    Query,
    and_,
    count_rows,
    in_list,
    not_,
    or_,
    quote_identifier,
    select_columns,
    where_equals,
)

HOSTILE_VALUE = 'x\'); DROP TABLE "dan_cu"; --'


@pytest.mark.parametrize(
    ("_case", "name", "quoted"),
    [
        ("plain", "ma_ho_so", '"ma_ho_so"'),
        ("double quote doubled", 'a"b', '"a""b"'),
        ("statement stays a name", "x; DROP TABLE y", '"x; DROP TABLE y"'),
        ("vietnamese", "họ_tên", '"họ_tên"'),
        ("single quote untouched", "it's", '"it\'s"'),
        ("only quotes", '""', '""""""'),
        ("longest allowed", "a" * MAX_IDENTIFIER_LENGTH, '"' + "a" * MAX_IDENTIFIER_LENGTH + '"'),
    ],
)
def test_quote_identifier_wraps_and_doubles_quotes(_case: str, name: str, quoted: str) -> None:
    # given a column name, when it is quoted
    result = quote_identifier(name)

    # then it is the exact quoted form
    assert result == quoted


@pytest.mark.parametrize(
    ("_case", "name"),
    [
        ("empty", ""),
        ("nul", "a\x00b"),
        ("too long", "a" * (MAX_IDENTIFIER_LENGTH + 1)),
        ("lone surrogate", "a\udc80"),
    ],
)
def test_quote_identifier_rejects_impossible_names(_case: str, name: str) -> None:
    # given a name no dataset column can have, when quoted, then it is refused
    with pytest.raises(ValueError, match="Tên cột/bảng"):
        quote_identifier(name)


def test_quote_identifier_rejects_non_strings() -> None:
    # given a value that is not a string, when quoted, then it is refused rather than str()-ed
    with pytest.raises(TypeError):
        quote_identifier(42)  # type: ignore[arg-type]


def test_where_equals_binds_the_value_instead_of_writing_it() -> None:
    # given a hostile value, when used in an equality predicate
    predicate = where_equals("họ_tên", HOSTILE_VALUE)

    # then the text has only a placeholder and the value travels as a parameter
    assert predicate == Predicate('"họ_tên" = ?', (HOSTILE_VALUE,))
    assert HOSTILE_VALUE not in predicate.sql


def test_where_equals_none_is_is_null() -> None:
    # given None, when compared, then IS NULL is used because "= NULL" never matches
    assert where_equals("ngay_xoa", None) == Predicate('"ngay_xoa" IS NULL')


def test_in_list_has_one_placeholder_per_value() -> None:
    # given three months, when filtered with IN
    months = ("2024-01", "2024-02", HOSTILE_VALUE)
    predicate = in_list("month", months)

    # then each month is a bound parameter in order
    assert predicate == Predicate('"month" IN (?, ?, ?)', months)


def test_in_list_empty_matches_nothing() -> None:
    # given no value, when filtered with IN, then the predicate is FALSE (IN () is invalid SQL)
    assert in_list("month", []) == FALSE


def test_in_list_rejects_null_and_oversized_lists() -> None:
    # given a NULL or too many values, when filtered with IN, then it is refused
    with pytest.raises(ValueError, match="NULL"):
        in_list("month", ["2024-01", None])
    with pytest.raises(ValueError, match="vượt giới hạn"):
        in_list("id", range(MAX_IN_LIST_VALUES + 1))


def test_and_parenthesises_and_keeps_parameter_order() -> None:
    # given predicates that each bind values
    first = where_equals("a", 1)
    second = or_(where_equals("b", "x"), where_equals("c", "y"))

    # when combined with AND
    combined = and_(first, second)

    # then each side is parenthesised and parameters follow the text order
    assert combined == Predicate('("a" = ?) AND (("b" = ?) OR ("c" = ?))', (1, "x", "y"))


@pytest.mark.parametrize(
    ("_case", "combined", "expected"),
    [
        ("and of nothing", and_(), TRUE),
        ("or of nothing", or_(), FALSE),
        ("and of one", and_(where_equals("a", 1)), Predicate('"a" = ?', (1,))),
        ("not", not_(where_equals("a", 1)), Predicate('NOT ("a" = ?)', (1,))),
    ],
)
def test_combinators_edge_cases(_case: str, combined: Predicate, expected: Predicate) -> None:
    # given a combination, then it is the neutral or simplest form
    assert combined == expected


def test_select_columns_quotes_everything_and_binds_values() -> None:
    # given a selection with filter, order and limit
    query = select_columns(
        "ho_so",
        ["ma_ho_so", "họ_tên"],
        where=and_(where_equals("don_vi", HOSTILE_VALUE), in_list("month", ["2024-01"])),
        order_by=["ma_ho_so", Order("ngay_nhan", descending=True)],
        limit=50,
    )

    # then the text quotes every identifier and the values are parameters
    assert query == Query(
        'SELECT "ma_ho_so", "họ_tên" FROM "ho_so" WHERE ("don_vi" = ?) AND ("month" IN (?))'
        ' ORDER BY "ma_ho_so" ASC NULLS LAST, "ngay_nhan" DESC NULLS LAST LIMIT 50',
        (HOSTILE_VALUE, "2024-01"),
    )


@pytest.mark.parametrize(("_case", "limit"), [("negative", -1), ("bool", True), ("text", "10")])
def test_select_columns_rejects_bad_limits(_case: str, limit: object) -> None:
    # given a limit that is not a non-negative int, then it is refused before reaching SQL text
    with pytest.raises(ValueError, match="LIMIT"):
        select_columns("ho_so", ["a"], limit=limit)  # type: ignore[arg-type]


def test_select_columns_rejects_a_string_as_column_list() -> None:
    # given a bare string (which would iterate into letters), then it is refused
    with pytest.raises(TypeError):
        select_columns("ho_so", "abc")


def test_count_rows_with_and_without_filter() -> None:
    # given a dataset, when counted with and without a filter
    plain = count_rows("dan_cu")
    filtered = count_rows("dan_cu", where=where_equals("xa", "Ia Grai"))

    # then the count is aliased and the filter value bound
    assert plain == Query('SELECT count(*) AS "row_count" FROM "dan_cu"')
    assert filtered == Query('SELECT count(*) AS "row_count" FROM "dan_cu" WHERE "xa" = ?', ("Ia Grai",))


def test_query_accepts_named_parameters_as_read_only_mapping() -> None:
    # given a code-constant query with named parameters
    params = {"thang": "2024-01", "so_tien": Decimal("1.50"), "ngay": dt.date(2024, 1, 31)}
    query = Query("SELECT * FROM ho_so WHERE month = $thang", params)

    # when the caller's dict changes afterwards
    params["thang"] = "2099-12"

    # then the query kept its own frozen copy
    assert query.is_named
    assert query.params["thang"] == "2024-01"  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        query.params["thang"] = "x"  # type: ignore[index]


@pytest.mark.parametrize(
    ("_case", "sql", "params", "error"),
    [
        ("empty sql", "  ", (), ValueError),
        ("nul in sql", "SELECT 1\x00", (), ValueError),
        ("object parameter", "SELECT ?", (object(),), TypeError),
        ("string as parameter list", "SELECT ?", "abc", TypeError),
        ("bad parameter name", "SELECT $a", {"a b": 1}, ValueError),
    ],
)
def test_query_rejects_malformed_input(_case: str, sql: str, params: object, error: type[Exception]) -> None:
    # given malformed SQL or parameters, when a Query is built, then it is refused
    with pytest.raises(error):
        Query(sql, params)  # type: ignore[arg-type]


def test_predicate_refuses_named_parameters() -> None:
    # given named parameters on a fragment, then it is refused: fragments must combine by position
    with pytest.raises(TypeError):
        Predicate('"a" = $a', {"a": 1})  # type: ignore[arg-type]
