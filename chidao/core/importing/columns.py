"""Columns an importer expects and how the header row of a file maps onto them.

Headers are matched without case, diacritics or punctuation, also with a parenthesised remark removed
("Đơn vị (mã hoặc tên hiện hành)" matches "Đơn vị"), and through aliases. The header row is searched in
the first rows of the sheet, so a file with a title block on top (as our own exports have) imports as is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from chidao.core.importing.fields import FieldType
from chidao.core.importing.issues import ImportIssue, SourceRow, cell_text, column_letter
from chidao.core.importing.keys import fold_label

__all__ = ["Column", "ColumnPosition", "HeaderLayout", "find_header_row", "map_headers"]

_REMARK: Final = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its key in the row values, canonical header, field type and aliases.

    A ``required`` column must be present in the header and filled in every row.
    """

    key: str
    header: str
    field: FieldType
    required: bool = False
    aliases: tuple[str, ...] = ()
    help_text: str = ""

    @property
    def spellings(self) -> frozenset[str]:
        """The folded headers that name this column."""
        return frozenset(fold_label(text) for text in (self.header, *self.aliases)) - {""}


@dataclass(frozen=True)
class ColumnPosition:
    """Where a column is in the file: 0-based index and the header as the user wrote it."""

    key: str
    index: int
    header: str

    @property
    def letter(self) -> str:
        """The Excel column letter."""
        return column_letter(self.index)


@dataclass(frozen=True)
class HeaderLayout:
    """The header row found in a file: its number, the columns found, the headers not used, the problems."""

    row_number: int
    positions: tuple[ColumnPosition, ...]
    ignored_headers: tuple[str, ...] = ()
    issues: tuple[ImportIssue, ...] = ()

    def position(self, key: str) -> ColumnPosition | None:
        """The position of the column ``key``, None when the file does not have it."""
        return next((position for position in self.positions if position.key == key), None)


def _header_keys(text: str) -> tuple[str, ...]:
    folded = fold_label(text)
    without_remark = fold_label(_REMARK.sub(" ", text))
    return tuple(dict.fromkeys(key for key in (folded, without_remark) if key))


def _match(text: str, columns: Sequence[Column]) -> Column | None:
    for key in _header_keys(text):
        for column in columns:
            if key in column.spellings:
                return column
    return None


def find_header_row(rows: Sequence[SourceRow], columns: Sequence[Column]) -> SourceRow | None:
    """The row naming the most expected columns (the first such row), None when no row names any."""
    best: SourceRow | None = None
    best_count = 0
    for row in rows:
        found = {column.key for cell in row.cells if (column := _match(cell_text(cell), columns)) is not None}
        if len(found) > best_count:
            best, best_count = row, len(found)
    return best


def map_headers(header_row: SourceRow, columns: Sequence[Column]) -> HeaderLayout:
    """Map the cells of ``header_row`` onto ``columns``; missing required and repeated columns are issues."""
    positions: dict[str, ColumnPosition] = {}
    ignored: list[str] = []
    issues: list[ImportIssue] = []
    for index, cell in enumerate(header_row.cells):
        text = " ".join(cell_text(cell).split())
        if not text:
            continue
        column = _match(text, columns)
        if column is None:
            ignored.append(text)
            continue
        earlier = positions.get(column.key)
        if earlier is not None:
            issues.append(
                ImportIssue(
                    f"Cột “{column.header}” xuất hiện hai lần (cột {earlier.letter} và cột "
                    f"{column_letter(index)}); hãy giữ một cột.",
                    row_number=header_row.number,
                    column=text,
                    column_index=index,
                )
            )
            continue
        positions[column.key] = ColumnPosition(column.key, index, text)
    for column in columns:
        if column.required and column.key not in positions:
            issues.append(
                ImportIssue(
                    f"Thiếu cột bắt buộc “{column.header}” ở dòng tiêu đề.",
                    row_number=header_row.number,
                )
            )
    return HeaderLayout(
        row_number=header_row.number,
        positions=tuple(sorted(positions.values(), key=lambda position: position.index)),
        ignored_headers=tuple(ignored),
        issues=tuple(issues),
    )
