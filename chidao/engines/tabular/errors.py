"""Errors of the tabular readers: the message is Vietnamese and meant for the person who uploaded the file."""

from __future__ import annotations

from chidao.core.importing import LegacyEncoding


class TabularError(ValueError):
    """A file that cannot be read as a table (wrong type, damaged, too big, unknown encoding)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LegacyEncodingError(TabularError):
    """A text file written in a legacy Vietnamese font encoding (TCVN3, VNI): refused, not stored as garbage."""

    def __init__(self, message: str, encoding: LegacyEncoding) -> None:
        super().__init__(message)
        self.encoding = encoding
