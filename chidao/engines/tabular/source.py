"""A table opened for reading: rows numbered as the user sees them, and what is known about the file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from types import TracebackType

from chidao.core.importing import ParseContext, SourceRow


class TabularFormat(StrEnum):
    """The file formats the readers accept."""

    XLSX = "xlsx"
    CSV = "csv"
    PARQUET = "parquet"

    @property
    def label(self) -> str:
        """The name shown to users."""
        return {"xlsx": "Excel (.xlsx)", "csv": "CSV", "parquet": "Parquet"}[self.value]


@dataclass
class TabularSource:
    """Rows of one sheet, read lazily; close it (or use ``with``) to release the file.

    ``encoding`` is the label of the text encoding found for CSV ("UTF-8", "Windows-1258"…), "" otherwise.
    """

    format: TabularFormat
    rows: Iterator[SourceRow]
    context: ParseContext = field(default_factory=ParseContext)
    sheet_name: str = ""
    encoding: str = ""
    _close: Callable[[], None] | None = field(default=None, repr=False)

    def close(self) -> None:
        """Release the underlying file."""
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> TabularSource:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
