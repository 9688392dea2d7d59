"""Counts kept while loading the organisation, printed as "N mới / M thay đổi / K không đổi"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LOAD_ACTION = "organisation.load"
AREAS = "Đơn vị hành chính"
UNITS = "Đơn vị"
PEOPLE = "Cá nhân"
HEADS = "Phân công lãnh đạo UBND tỉnh"
COMMITTEES = "Ban Chỉ đạo"
MEMBERSHIPS = "Thành viên Ban Chỉ đạo"
STANDING_AGENCIES = "Cơ quan thường trực"


@dataclass
class Tally:
    """How many records of one kind the load created, changed or left as they were."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, *, created: bool = False, changed: bool = False) -> None:
        """Count one record."""
        if created:
            self.created += 1
        elif changed:
            self.changed += 1
        else:
            self.unchanged += 1


@dataclass
class LoadReport:
    """The counts per kind of record and where the administrative data came from."""

    source: str
    data_file: str
    effective_date: dt.date
    build_date: dt.date
    tallies: dict[str, Tally] = field(default_factory=dict)
    # People are reached both as heads and as committee members; each is counted once.
    people_seen: set[int] = field(default_factory=set)

    def tally(self, label: str) -> Tally:
        """The counter for one kind of record, created on first use."""
        return self.tallies.setdefault(label, Tally())

    @property
    def total(self) -> Tally:
        """All kinds together."""
        return Tally(
            created=sum(t.created for t in self.tallies.values()),
            changed=sum(t.changed for t in self.tallies.values()),
            unchanged=sum(t.unchanged for t in self.tallies.values()),
        )
