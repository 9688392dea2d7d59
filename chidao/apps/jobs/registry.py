"""The registries of job kinds (`@job_kind`) and periodic entries (`@periodic`), filled at import time.

Each app declares them in `<app>/background.py`, which the jobs app imports when Django starts, so the web
process, the worker and the scheduler all see the same kinds.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chidao.core.schedule import DailyAt, Every, Rule, ScheduleEntry, parse_wall_time

if TYPE_CHECKING:
    from chidao.apps.jobs.context import JobContext

# A kind's function: `(job_context, **parameters)`; a returned text becomes the job's final message.
JobFunction = Callable[..., str | None]
# A periodic entry's function runs inside the scheduler: `(*, due_at, now)` -> a short summary.
PeriodicFunction = Callable[..., str | None]


class UnknownJobKind(LookupError):
    """No job kind is registered under that name."""


class InvalidJobParameters(ValueError):
    """The parameters do not fit the kind's function signature."""


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job: its code name, Vietnamese title and the function that does the work.

    `start_roles` lists the roles that may start it from the web or the API (empty: only code, the command line
    or the scheduler); those starts use `default_parameters`.
    """

    name: str
    title: str
    function: JobFunction
    description: str = ""
    start_roles: frozenset[str] = frozenset()
    default_parameters: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def validate_parameters(self, parameters: Mapping[str, Any]) -> None:
        """Raise InvalidJobParameters when the function could not be called with these keyword parameters."""
        try:
            inspect.signature(self.function).bind(None, **parameters)
        except TypeError as exc:
            raise InvalidJobParameters(f"Tham số không phù hợp với tác vụ {self.name}: {exc}") from exc

    def run(self, context: JobContext, parameters: Mapping[str, Any]) -> str | None:
        """Call the kind's function."""
        return self.function(context, **parameters)


_KINDS: dict[str, JobKind] = {}


def job_kind(
    name: str,
    *,
    title: str,
    description: str = "",
    start_roles: Iterable[str] = (),
    default_parameters: Mapping[str, Any] | None = None,
) -> Callable[[JobFunction], JobFunction]:
    """Register the decorated function `(job_context, **parameters)` as the job kind `name`."""

    def register(function: JobFunction) -> JobFunction:
        existing = _KINDS.get(name)
        if existing is not None and existing.function.__qualname__ != function.__qualname__:
            raise RuntimeError(f"Job kind {name!r} is registered twice")
        kind = JobKind(
            name=name,
            title=title,
            function=function,
            description=description,
            start_roles=frozenset(start_roles),
            default_parameters=dict(default_parameters or {}),
        )
        if kind.start_roles:
            # Web and API starts use the defaults: a mismatch must fail at start-up, not on a click.
            kind.validate_parameters(kind.default_parameters)
        _KINDS[name] = kind
        return function

    return register


def get_job_kind(name: str) -> JobKind:
    """The kind registered as `name`; UnknownJobKind otherwise."""
    try:
        return _KINDS[name]
    except KeyError:
        raise UnknownJobKind(f"Không có loại tác vụ {name!r}") from None


def job_kinds() -> tuple[JobKind, ...]:
    """Every registered kind, by name."""
    return tuple(sorted(_KINDS.values(), key=lambda kind: kind.name))


def job_kind_title(name: str) -> str:
    """The Vietnamese title of a kind, or its code name when the kind is no longer registered."""
    kind = _KINDS.get(name)
    return kind.title if kind is not None else name


@dataclass(frozen=True)
class PeriodicEntry:
    """A periodic entry: daily at a local time (`at`) or every `every`; the scheduler calls `function`."""

    name: str
    title: str
    function: PeriodicFunction
    at: dt.time | None = None
    every: dt.timedelta | None = None

    def rule(self, utc_offset: dt.timedelta) -> Rule:
        """The pure schedule rule, daily times read in the zone `utc_offset` ahead of UTC."""
        if self.at is not None:
            return DailyAt(self.at, utc_offset)
        assert self.every is not None
        return Every(self.every)

    def schedule_entry(self, utc_offset: dt.timedelta) -> ScheduleEntry:
        """The entry as the pure due computation sees it."""
        return ScheduleEntry(self.name, self.rule(utc_offset))

    @property
    def cadence(self) -> str:
        """How often it runs, in Vietnamese ("Hằng ngày lúc 00:15", "Mỗi 5 phút")."""
        if self.at is not None:
            return f"Hằng ngày lúc {self.at:%H:%M}"
        assert self.every is not None
        seconds = int(self.every.total_seconds())
        if seconds % 3600 == 0:
            return f"Mỗi {seconds // 3600} giờ"
        if seconds % 60 == 0:
            return f"Mỗi {seconds // 60} phút"
        return f"Mỗi {seconds} giây"


_PERIODIC: dict[str, PeriodicEntry] = {}


def periodic(
    name: str, *, title: str, at: str | None = None, every: dt.timedelta | None = None
) -> Callable[[PeriodicFunction], PeriodicFunction]:
    """Register the decorated function `(*, due_at, now)` to run daily `at` "HH:MM" local time, or `every`."""
    if (at is None) == (every is None):
        raise ValueError(f"Periodic entry {name!r} needs exactly one of at= or every=")

    def register(function: PeriodicFunction) -> PeriodicFunction:
        existing = _PERIODIC.get(name)
        if existing is not None and existing.function.__qualname__ != function.__qualname__:
            raise RuntimeError(f"Periodic entry {name!r} is registered twice")
        entry = PeriodicEntry(
            name=name,
            title=title,
            function=function,
            at=parse_wall_time(at) if at is not None else None,
            every=every,
        )
        entry.rule(dt.timedelta(0))  # validates the interval now rather than in the scheduler at night
        _PERIODIC[name] = entry
        return function

    return register


def periodic_entries() -> tuple[PeriodicEntry, ...]:
    """Every registered periodic entry, by name."""
    return tuple(sorted(_PERIODIC.values(), key=lambda entry: entry.name))
