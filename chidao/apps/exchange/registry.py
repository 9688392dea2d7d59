"""Importers: what each kind of file import reads, checks and writes; registered by code at import time.

An importer is a class with its columns (chidao.core.importing.Column), its mode, how to find the current
record of a row (``key_of`` and ``current``), domain checks that need the database (``refine``) and the
writes (``apply``), which run inside the batch's single transaction. How to write one:
docs/platform/import-export.md.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from chidao.core.importing import Column, ImportMode, ParsedRow, PlannedRow
from chidao.engines.tabular import TabularFormat

# progress(percent, message): how far the apply step is (shown on the job page when it runs as a job).
Progress = Callable[[float, str], None]


def no_progress(percent: float, message: str) -> None:
    """The progress callback used when nobody watches."""


@dataclass(frozen=True)
class OneTimeSheet:
    """Secrets produced by an import (temporary passwords) to hand over once as an .xlsx, then forget."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ApplyResult:
    """What ``apply`` did: counts for the batch page and an optional one-time sheet."""

    message: str
    counts: Mapping[str, int] = field(default_factory=dict)
    one_time_sheet: OneTimeSheet | None = None


class Importer(ABC):
    """One kind of import. Subclasses set the class attributes and implement ``may_use``, ``current``, ``apply``."""

    code: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    mode: ClassVar[ImportMode]
    columns: ClassVar[tuple[Column, ...]]
    # The column whose value identifies a record (re-importing the same key updates it).
    key_column: ClassVar[str]
    # The row values compared with the current record to tell "changed" from "unchanged".
    compared: ClassVar[tuple[str, ...]] = ()
    formats: ClassVar[frozenset[TabularFormat]] = frozenset({TabularFormat.XLSX, TabularFormat.CSV})
    max_rows: ClassVar[int | None] = None

    @abstractmethod
    def may_use(self, user: Any) -> bool:
        """Whether ``user`` may import with this importer (others get 404)."""

    def key_of(self, row: ParsedRow) -> str:
        """The record key of a row ("" when missing); by default the key column, trimmed, case-folded."""
        value = row.values.get(self.key_column)
        return str(value).strip().casefold() if value is not None else ""

    def refine(self, rows: Sequence[ParsedRow], *, actor: Any) -> list[ParsedRow]:
        """Domain checks needing current data (resolve references, forbid some keys); rows unchanged by default."""
        return list(rows)

    @abstractmethod
    def current(self, keys: Collection[str], *, actor: Any) -> Mapping[str, Mapping[str, object]]:
        """The existing records among ``keys``, each as the ``compared`` values."""

    @abstractmethod
    def apply(self, rows: Sequence[PlannedRow], *, actor: Any, progress: Progress) -> ApplyResult:
        """Write the new and changed rows. Runs inside the batch's one transaction: raise to undo everything."""


_IMPORTERS: dict[str, Importer] = {}
ImporterClass = TypeVar("ImporterClass", bound=type[Importer])


def register_importer(cls: ImporterClass) -> ImporterClass:
    """Class decorator: register one instance of the importer under its ``code``."""
    existing = _IMPORTERS.get(cls.code)
    if existing is not None and type(existing).__qualname__ != cls.__qualname__:
        raise RuntimeError(f"Importer {cls.code!r} is registered twice")
    _IMPORTERS[cls.code] = cls()
    return cls


def replace_importer(importer: Importer) -> None:
    """Register ``importer`` under its code, replacing any other (test and command-line set-ups)."""
    _IMPORTERS[importer.code] = importer


def importer_by_code(code: str) -> Importer | None:
    """The importer registered as ``code``, if any."""
    return _IMPORTERS.get(code)


def all_importers() -> tuple[Importer, ...]:
    """Every registered importer, by title."""
    return tuple(sorted(_IMPORTERS.values(), key=lambda importer: importer.title))
