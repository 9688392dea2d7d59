"""Reading a whole sheet against an importer's columns: header, every row, every cell, every problem.

Nothing stops at the first error: each row is read completely and carries all its issues, so the user
fixes the file once. Text cells typed with a legacy font (TCVN3, VNI) are refused cell by cell, and the
file gets one summary issue explaining how to convert it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from types import MappingProxyType
from typing import Final

from chidao.core.importing.columns import Column, ColumnPosition, HeaderLayout, find_header_row, map_headers
from chidao.core.importing.fields import CellError, ParseContext
from chidao.core.importing.issues import ImportIssue, SourceRow, cell_text
from chidao.core.importing.legacy import (
    LegacyEncoding,
    diagnose_text,
    legacy_cell_message,
    legacy_file_message,
    may_be_legacy,
)

__all__ = ["HEADER_SEARCH_ROWS", "LegacyCell", "ParsedRow", "ParsedTable", "parse_table"]

# The header row is looked for in this many first rows (title blocks are at most a few rows high).
HEADER_SEARCH_ROWS: Final = 30
_REQUIRED_MESSAGE: Final = "Không được để trống."
_NO_POSITIONS: Final[Mapping[str, ColumnPosition]] = MappingProxyType({})


@dataclass(frozen=True)
class LegacyCell:
    """A cell typed with a legacy font: where it is and what it says."""

    row_number: int
    column: str
    text: str
    encoding: LegacyEncoding


@dataclass(frozen=True)
class ParsedRow:
    """One data row: parsed ``values`` and original ``texts`` by column key, and all its issues."""

    number: int
    values: Mapping[str, object]
    texts: Mapping[str, str]
    issues: tuple[ImportIssue, ...] = ()
    legacy_cells: tuple[LegacyCell, ...] = ()
    positions: Mapping[str, ColumnPosition] = field(
        default_factory=lambda: _NO_POSITIONS, compare=False, repr=False
    )

    @property
    def ok(self) -> bool:
        """True when the row has no issue."""
        return not self.issues

    def issue_at(self, key: str, message: str) -> ImportIssue:
        """An issue placed at column ``key`` of this row (the row itself when the file lacks the column)."""
        position = self.positions.get(key)
        if position is None:
            return ImportIssue(message, row_number=self.number)
        return ImportIssue(
            message,
            row_number=self.number,
            column=position.header,
            column_index=position.index,
            value=self.texts.get(key, ""),
        )

    def refined(
        self, values: Mapping[str, object] | None = None, issues: Iterable[ImportIssue] = ()
    ) -> ParsedRow:
        """A copy with ``values`` merged in and ``issues`` added (an importer's checks against current data)."""
        merged = {**self.values, **(values or {})}
        return replace(self, values=MappingProxyType(merged), issues=(*self.issues, *issues))


@dataclass(frozen=True)
class ParsedTable:
    """A sheet read against the columns: the header layout (None when not found), the rows, file issues."""

    layout: HeaderLayout | None
    rows: tuple[ParsedRow, ...]
    file_issues: tuple[ImportIssue, ...]


def parse_table(
    rows: Iterable[SourceRow],
    columns: Sequence[Column],
    *,
    context: ParseContext | None = None,
    max_rows: int | None = None,
) -> ParsedTable:
    """Find the header, then read every non-empty row below it; ``max_rows`` data rows at most."""
    context = context or ParseContext()
    iterator = iter(rows)
    head = list(islice(iterator, HEADER_SEARCH_ROWS))
    header = find_header_row(head, columns)
    if header is None:
        return ParsedTable(None, (), (_no_header_issue(head, columns),))
    layout = map_headers(header, columns)
    if any(column.required and layout.position(column.key) is None for column in columns):
        return ParsedTable(layout, (), layout.issues)
    below = (row for row in head if row.number > header.number)
    data_rows = _chain(below, iterator)
    parsed: list[ParsedRow] = []
    file_issues = list(layout.issues)
    for row in data_rows:
        if row.is_empty:
            continue
        if max_rows is not None and len(parsed) >= max_rows:
            file_issues.append(
                ImportIssue(
                    f"Tệp có hơn {max_rows:,} dòng dữ liệu; hãy chia thành nhiều tệp.".replace(",", ".")
                )
            )
            break
        parsed.append(_parse_row(row, columns, layout, context))
    legacy_issue = _legacy_summary(parsed)
    if legacy_issue is not None:
        file_issues.insert(0, legacy_issue)
    if not parsed and not file_issues:
        file_issues.append(ImportIssue("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."))
    return ParsedTable(layout, tuple(parsed), tuple(file_issues))


def _chain(first: Iterable[SourceRow], rest: Iterator[SourceRow]) -> Iterator[SourceRow]:
    yield from first
    yield from rest


def _no_header_issue(head: Sequence[SourceRow], columns: Sequence[Column]) -> ImportIssue:
    for row in head:
        for cell in row.cells:
            text = cell_text(cell)
            diagnosis = diagnose_text(text) if may_be_legacy(text) else None
            if diagnosis is not None and diagnosis.encoding is not None:
                return ImportIssue(legacy_file_message(diagnosis.encoding, 1, f"dòng {row.number}", text))
    expected = ", ".join(f"“{column.header}”" for column in columns if column.required)
    return ImportIssue(
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu của tệp: cần các cột {expected}."
    )


def _parse_row(
    row: SourceRow, columns: Sequence[Column], layout: HeaderLayout, context: ParseContext
) -> ParsedRow:
    values: dict[str, object] = {}
    texts: dict[str, str] = {}
    issues: list[ImportIssue] = []
    legacy: list[LegacyCell] = []
    positions = {position.key: position for position in layout.positions}
    for column in columns:
        position = positions.get(column.key)
        if position is None:
            values[column.key] = None
            continue
        value = row.cell(position.index)
        text = cell_text(value)
        texts[column.key] = text
        values[column.key] = None
        if not text:
            if column.required:
                issues.append(ImportIssue(_REQUIRED_MESSAGE, row.number, position.header, position.index))
            continue
        if isinstance(value, str) and may_be_legacy(value):
            diagnosis = diagnose_text(value)
            if diagnosis.encoding is not None:
                legacy.append(LegacyCell(row.number, position.header, text, diagnosis.encoding))
                message = legacy_cell_message(text, diagnosis)
                issues.append(ImportIssue(message, row.number, position.header, position.index, text))
                continue
        try:
            values[column.key] = column.field.parse(value, context)
        except CellError as error:
            issues.append(ImportIssue(error.message, row.number, position.header, position.index, text))
    return ParsedRow(
        number=row.number,
        values=MappingProxyType(values),
        texts=MappingProxyType(texts),
        issues=tuple(issues),
        legacy_cells=tuple(legacy),
        positions=MappingProxyType(positions),
    )


def _legacy_summary(rows: Sequence[ParsedRow]) -> ImportIssue | None:
    cells = [cell for row in rows for cell in row.legacy_cells]
    if not cells:
        return None
    counts: dict[LegacyEncoding, int] = {}
    for cell in cells:
        counts[cell.encoding] = counts.get(cell.encoding, 0) + 1
    encoding = max(counts, key=lambda item: counts[item])
    example = next(cell for cell in cells if cell.encoding is encoding)
    place = f"dòng {example.row_number}, cột “{example.column}”"
    return ImportIssue(legacy_file_message(encoding, len(cells), place, example.text))
