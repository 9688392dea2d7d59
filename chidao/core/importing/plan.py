"""What an import would do, computed before anything is written: the preview and the list of writes.

Each row is new, changed, unchanged (compared with the current data by its key) or in error. The two
modes decide what an error means: ALL_OR_NOTHING saves nothing while any row is wrong; KEEP_GOOD_ROWS
saves the good rows and publishes the report of the rejected ones together with them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from chidao.core.importing.issues import ImportIssue
from chidao.core.importing.rows import ParsedRow, ParsedTable

__all__ = ["ImportMode", "ImportPlan", "PlannedRow", "PreviewCounts", "RowChange", "plan_import"]


class ImportMode(StrEnum):
    """What happens to the good rows of a file that also has bad ones."""

    ALL_OR_NOTHING = "all_or_nothing"
    KEEP_GOOD_ROWS = "keep_good_rows"

    @property
    def label(self) -> str:
        """The Vietnamese name shown on the preview page."""
        if self is ImportMode.ALL_OR_NOTHING:
            return "Tất cả hoặc không: có dòng lỗi thì không lưu dòng nào"
        return "Giữ các dòng đúng: lưu các dòng đúng, trả lại báo cáo các dòng lỗi"


class RowChange(StrEnum):
    """What a row does to the current data."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def label(self) -> str:
        """The Vietnamese word used in counts and tables."""
        return {"new": "mới", "changed": "thay đổi", "unchanged": "không đổi", "error": "lỗi"}[self.value]


@dataclass(frozen=True)
class PlannedRow:
    """A row with its key, what it does, and which compared fields differ from the current data."""

    row: ParsedRow
    key: str
    change: RowChange
    changed_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreviewCounts:
    """How many rows are new, changed, unchanged and in error."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: int = 0

    @property
    def summary(self) -> str:
        """ "3 mới / 1 thay đổi / 0 không đổi / 2 lỗi"."""
        return f"{self.new} mới / {self.changed} thay đổi / {self.unchanged} không đổi / {self.errors} lỗi"

    @property
    def total(self) -> int:
        """Rows read."""
        return self.new + self.changed + self.unchanged + self.errors


@dataclass(frozen=True)
class ImportPlan:
    """The preview of an import and, when allowed, the rows to write."""

    mode: ImportMode
    rows: tuple[PlannedRow, ...]
    file_issues: tuple[ImportIssue, ...] = ()
    header_row: int | None = None

    @property
    def counts(self) -> PreviewCounts:
        """The preview counts."""
        tally = dict.fromkeys(RowChange, 0)
        for planned in self.rows:
            tally[planned.change] += 1
        return PreviewCounts(
            tally[RowChange.NEW], tally[RowChange.CHANGED], tally[RowChange.UNCHANGED], tally[RowChange.ERROR]
        )

    @property
    def issues(self) -> tuple[ImportIssue, ...]:
        """File issues first, then every row issue by row and column."""
        row_issues = sorted(
            (issue for planned in self.rows for issue in planned.row.issues), key=_issue_order
        )
        return (*self.file_issues, *row_issues)

    @property
    def blocking_reason(self) -> str:
        """Why the import cannot be committed ("" when it can)."""
        counts = self.counts
        if self.file_issues:
            return "Tệp có lỗi chung (xem đầu bảng lỗi), chưa thể nhập. Hãy sửa tệp rồi tải lên lại."
        if self.mode is ImportMode.ALL_OR_NOTHING and counts.errors:
            return (
                f"Có {counts.errors} dòng lỗi. Loại nhập này chỉ lưu khi mọi dòng đều đúng: "
                "hãy sửa các dòng lỗi rồi tải lên lại."
            )
        if not counts.new and not counts.changed:
            return "Không có dòng nào mới hoặc thay đổi so với dữ liệu hiện có."
        return ""

    @property
    def can_apply(self) -> bool:
        """True when committing would write something and the mode allows it."""
        return not self.blocking_reason

    @property
    def to_apply(self) -> tuple[PlannedRow, ...]:
        """The new and changed rows to write (none when the plan cannot be applied)."""
        if not self.can_apply:
            return ()
        return tuple(row for row in self.rows if row.change in (RowChange.NEW, RowChange.CHANGED))

    @property
    def rejected(self) -> tuple[PlannedRow, ...]:
        """The rows in error (the reject report)."""
        return tuple(row for row in self.rows if row.change is RowChange.ERROR)

    @property
    def fingerprint(self) -> str:
        """A digest of what the plan would do; equal fingerprints at preview and commit mean nothing moved."""
        payload = [
            self.mode.value,
            [(row.row.number, row.key, row.change.value, list(row.changed_fields)) for row in self.rows],
            [issue.text for issue in self.issues],
        ]
        encoded = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()


def _issue_order(issue: ImportIssue) -> tuple[int, int, str]:
    return issue.sort_key


def plan_import(
    table: ParsedTable,
    *,
    mode: ImportMode,
    key_of: Callable[[ParsedRow], str],
    key_column: str,
    current: Mapping[str, Mapping[str, object]],
    compared: Sequence[str],
) -> ImportPlan:
    """Classify every row against ``current`` (the existing records by key, with the ``compared`` fields).

    ``key_of`` gives a row's key ("" when it has none); a key seen on an earlier row makes the later row
    an error placed at the column ``key_column``.
    """
    first_row_of: dict[str, int] = {}
    planned: list[PlannedRow] = []
    for row in table.rows:
        key = key_of(row)
        if key and key in first_row_of:
            row = row.refined(
                issues=[
                    row.issue_at(
                        key_column, f"Trùng với dòng {first_row_of[key]}; mỗi khóa chỉ được một dòng."
                    )
                ]
            )
        elif key:
            first_row_of[key] = row.number
        planned.append(_classify(row, key, current, compared))
    header_row = table.layout.row_number if table.layout is not None else None
    return ImportPlan(mode=mode, rows=tuple(planned), file_issues=table.file_issues, header_row=header_row)


def _classify(
    row: ParsedRow, key: str, current: Mapping[str, Mapping[str, object]], compared: Sequence[str]
) -> PlannedRow:
    if not row.ok or not key:
        return PlannedRow(row, key, RowChange.ERROR)
    existing = current.get(key)
    if existing is None:
        return PlannedRow(row, key, RowChange.NEW)
    changed = tuple(name for name in compared if row.values.get(name) != existing.get(name))
    return PlannedRow(row, key, RowChange.CHANGED if changed else RowChange.UNCHANGED, changed)
