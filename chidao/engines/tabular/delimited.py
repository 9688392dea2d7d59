"""Reading CSV files: encoding found (or refused), separator guessed among "," ";" and tab, text NFC."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from chidao.core.importing import SourceRow
from chidao.engines.tabular.encoding import decode_text
from chidao.engines.tabular.errors import TabularError
from chidao.engines.tabular.source import TabularFormat, TabularSource

__all__ = ["read_csv", "read_csv_bytes"]

_DELIMITERS: Final = ",;\t"


def read_csv(path: Path, *, delimiter: str | None = None) -> TabularSource:
    """Open the CSV file at ``path`` (read whole: uploads are size-limited before they get here)."""
    return read_csv_bytes(path.read_bytes(), delimiter=delimiter)


def read_csv_bytes(data: bytes, *, delimiter: str | None = None) -> TabularSource:
    """A table from CSV bytes; rows are numbered by record (what Excel shows when it opens the file)."""
    text, encoding = decode_text(data)
    chosen = delimiter or _guess_delimiter(text)
    return TabularSource(
        format=TabularFormat.CSV,
        rows=_rows(text, chosen),
        encoding=encoding.label,
    )


def _guess_delimiter(text: str) -> str:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        first_line = sample.split("\n", 1)[0]
        return max(_DELIMITERS, key=first_line.count)


def _rows(text: str, delimiter: str) -> Iterator[SourceRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader, start=1):
            yield SourceRow(number, tuple(cell if cell.strip() else None for cell in cells))
    except csv.Error as error:
        raise TabularError(f"Tệp CSV sai cấu trúc ở dòng {reader.line_num}: {error}.") from None
