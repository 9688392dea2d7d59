"""Realistic one-stop dossiers (ho_so), their procedure catalogue (thu_tuc) and feedback (phan_anh), simulated.

Everything is drawn with numpy in whole batches (no Python loop per row) from a seeded generator, so one
``SimulationSpec`` always gives the same rows, and 10 million dossiers take seconds. The rows match
``chidao.core.service_index.schema`` exactly (types and nullability); no column holds a personal name or
identity number. What is drawn and how: docs/domain/service-index/generator.md.

- A dossier is received on a working day of its month, during office hours, at a unit chosen by the units'
  weights; the procedure comes from the unit's pool (communes: commune-level procedures; each department its
  own block of province-level ones), popular ones more often.
- The appointment is the statutory limit counted in working days from reception (hours: the same instant
  plus the hours); a small share of exports has no appointment.
- The unit's quality profile drives lateness, online uptake, e-results, digitisation, VNeID and ratings.
  Supplement requests (one, two — late by rule 2.1 — or one the citizen never answered), stops, withdrawals
  and a few never-finished dossiers are drawn by the spec's rates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chidao.core.service_index.schema import HO_SO, PHAN_ANH, THU_TUC, Rating, StopKind
from chidao.engines.duckdb import Manifest, ResourceLimits, publish_dataset
from chidao.simulation.arrow import arrow_schema, strings_from_codes, timestamps
from chidao.simulation.feedback import feedback_batch
from chidao.simulation.procedures import Procedures, procedure_batches
from chidao.simulation.spec import (
    DEFAULT_PROFILES,
    QualityProfile,
    SimulatedUnit,
    SimulationSpec,
    UnitKind,
    spec_for_units,
)
from chidao.simulation.workdays import WorkingDays, office_time_us

__all__ = [
    "DEFAULT_PROFILES",
    "QualityProfile",
    "SimulatedUnit",
    "SimulationSpec",
    "UnitKind",
    "dossier_batches",
    "feedback_batches",
    "procedure_batches",
    "publish_simulated",
    "spec_for_units",
]

_SECOND: Final = 1_000_000
_MINUTE: Final = 60 * _SECOND
_HOUR: Final = 60 * _MINUTE
_APPOINTMENT_CLOCK: Final = 17 * _HOUR
RESULT_LINK_PREFIX: Final = "https://ket-qua.mo-phong.invalid/"
_STOP_KINDS: Final = (StopKind.REJECTED.value, StopKind.STOPPED.value, StopKind.WITHDRAWN.value)
_RATINGS: Final = (Rating.LIKED.value, Rating.DISLIKED.value)


@dataclass(frozen=True)
class Context:
    """What every batch of one spec shares: the catalogue, the working days, per-unit arrays."""

    spec: SimulationSpec
    procedures: Procedures
    workdays: WorkingDays
    unit_codes: tuple[str, ...]
    pool_start: np.ndarray
    pool_length: np.ndarray
    rates: Mapping[str, np.ndarray]

    @classmethod
    def for_spec(cls, spec: SimulationSpec) -> Context:
        """Build the shared arrays of ``spec``."""
        procedures = Procedures.for_spec(spec)
        workdays = WorkingDays.for_years(spec.year - 1, spec.year + 2)
        units = spec.units
        departments = [index for index, unit in enumerate(units) if unit.kind is UnitKind.DEPARTMENT]
        start = np.zeros(len(units), dtype=np.int64)
        length = np.full(len(units), procedures.commune_count, dtype=np.int64)
        province_count = procedures.count - procedures.commune_count
        if departments and province_count > 0:
            block = max(1, province_count // len(departments))
            for order, index in enumerate(departments):
                first = procedures.commune_count + (order * block) % province_count
                start[index] = first
                length[index] = min(block, procedures.count - first)
        profiles = [spec.profiles[unit.profile] for unit in units]
        names = profiles[0].rates().keys()
        rates = {name: np.array([profile.rates()[name] for profile in profiles]) for name in names}
        return cls(spec, procedures, workdays, tuple(u.code for u in units), start, length, rates)

    def rate(self, name: str, units: np.ndarray) -> np.ndarray:
        """The per-row value of a quality rate."""
        values: np.ndarray = self.rates[name][units]
        return values


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    exact = total * weights / weights.sum()
    counts: np.ndarray = np.floor(exact).astype(np.int64)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - int(counts.sum())]] += 1
    return counts


def month_unit_counts(context: Context, total: int, salt: int) -> dict[int, np.ndarray]:
    """Rows per unit for each month: months by their working days, units by weight (multinomial)."""
    spec, workdays = context.spec, context.workdays
    spans = np.array(
        [np.subtract(*workdays.month_range(spec.year, m)[::-1]) for m in spec.months], dtype=float
    )
    per_month = _largest_remainder(total, np.maximum(spans, 1.0))
    weights = np.array([unit.weight for unit in spec.units], dtype=float)
    weights /= weights.sum()
    counts = {}
    for month, rows in zip(spec.months, per_month, strict=True):
        rng = np.random.default_rng([spec.seed, salt, month])
        counts[month] = rng.multinomial(int(rows), weights)
    return counts


def _codes(prefixes: list[str], units: np.ndarray, first: int) -> Any:
    numbers = pa.array(np.arange(first, first + len(units), dtype=np.int64)).cast(pa.string())
    return pc.binary_join_element_wise(
        strings_from_codes(units, prefixes), pc.utf8_lpad(numbers, width=7, padding="0"), ""
    )


def _as_of_us(spec: SimulationSpec) -> int | None:
    if spec.as_of is None:
        return None
    return int(np.datetime64(spec.as_of, "us").astype(np.int64))


def _dossier_batch(
    context: Context, month: int, units: np.ndarray, first: int, rng: np.random.Generator
) -> Any:
    spec, days, catalogue = context.spec, context.workdays, context.procedures
    n = len(units)
    start, end = days.month_range(spec.year, month)
    received_index = rng.integers(start, end, n)
    received = days.day_us(received_index) + office_time_us(rng, n)
    procedure = context.pool_start[units] + (rng.random(n) ** 3 * context.pool_length[units]).astype(np.int64)
    limit_days = catalogue.limit_working_days[procedure]
    by_hours = catalogue.limit_unit[procedure] == 2
    limit_us = (catalogue.limit_value[procedure] * _HOUR).astype(np.int64)
    appointment = np.where(
        by_hours, received + limit_us, days.day_us(received_index + limit_days) + _APPOINTMENT_CLOCK
    )
    no_appointment = rng.random(n) < spec.no_appointment_rate

    # Processing time in working days: on time (a third exactly on the appointment day) or late.
    late = rng.random(n) < context.rate("late", units)
    on_the_day = rng.random(n) < 0.3
    used = np.where(
        on_the_day, limit_days, np.minimum((rng.random(n) * (limit_days + 1)).astype(np.int64), limit_days)
    )
    used = np.where(late, limit_days + rng.geometric(0.4, n), used)

    # Supplement requests: the citizen's wait moves the end later (rule 2.1 takes it off again).
    supplement = rng.random(n) < spec.supplement_rate
    second = supplement & (rng.random(n) < spec.second_supplement_rate)
    unanswered = supplement & ~second & (rng.random(n) < spec.open_supplement_rate)
    request_index = received_index + rng.integers(0, 3, n)
    requested = np.maximum(days.day_us(request_index) + office_time_us(rng, n), received + 10 * _MINUTE)
    wait_days = rng.integers(1, 11, n)
    completed = days.day_us(request_index + wait_days) + office_time_us(rng, n)
    second_index = request_index + wait_days + 1
    second_requested = days.day_us(second_index) + office_time_us(rng, n)
    second_wait_days = rng.integers(1, 8, n)
    second_completed = days.day_us(second_index + second_wait_days) + office_time_us(rng, n)
    shift = np.where(supplement & ~unanswered, wait_days + np.where(second, 1 + second_wait_days, 0), 0)
    end_index = received_index + used + shift
    ended = days.day_us(end_index) + office_time_us(rng, n)
    ended = np.maximum(ended, received + rng.integers(10, 180, n) * _MINUTE)
    hours_end = received + (
        limit_us * np.where(late, 1.2 + 2 * rng.random(n), 0.2 + 0.8 * rng.random(n))
    ).astype(np.int64)
    ended = np.where(
        by_hours, hours_end + np.where(supplement & ~unanswered, completed - requested, 0), ended
    )
    last_completion = np.where(second, second_completed, completed)
    ended = np.where(supplement & ~unanswered, np.maximum(ended, last_completion + _HOUR), ended)

    # Outcomes: finished (some exports only record the return), stopped, withdrawn, never finished.
    unfinished = rng.random(n) < spec.unfinished_rate
    stop_draw = rng.random(n)
    withdrawn = stop_draw < spec.withdraw_rate
    stopped = stop_draw < spec.withdraw_rate + spec.stop_rate
    stopped_later = unanswered & (rng.random(n) < 0.5)
    finished = ~unfinished & ~stopped & ~unanswered
    returned_only = finished & (rng.random(n) < 0.03)
    returned_late = days.day_us(end_index + rng.integers(0, 4, n)) + office_time_us(rng, n)
    returned = np.where(returned_only, ended, np.maximum(returned_late, ended + _MINUTE))
    has_returned = returned_only | (finished & (rng.random(n) < 0.9))
    stop_at = np.where(stopped_later, days.day_us(request_index + 20) + office_time_us(rng, n), ended)
    has_stop = (stopped & ~unfinished & ~unanswered) | stopped_later
    stop_kind = np.where(withdrawn, 2, np.where(rng.random(n) < 0.5, 0, 1))
    stop_kind = np.where(stopped_later, 1, stop_kind)
    has_finished = finished & ~returned_only

    # What an export taken at ``as_of`` knows.
    as_of = _as_of_us(spec)
    known_second = second.copy()
    first_done = supplement & ~unanswered
    second_done = second.copy()
    if as_of is not None:
        has_finished &= ended < as_of
        has_returned &= returned < as_of
        has_stop &= stop_at < as_of
        supplement &= requested < as_of
        known_second &= supplement & (second_requested < as_of)
        first_done &= supplement & (completed < as_of)
        second_done &= known_second & (second_completed < as_of)
    wait_us = np.where(first_done, completed - requested, 0) + np.where(
        second_done, second_completed - second_requested, 0
    )
    open_since = np.where(
        known_second & ~second_done, second_requested, np.where(supplement & ~first_done, requested, 0)
    )
    has_open = (known_second & ~second_done) | (supplement & ~first_done)
    count = supplement.astype(np.int32) + known_second.astype(np.int32)

    # Channel, fees, results, digitisation, satisfaction.
    level = catalogue.online_level[procedure]
    uptake = context.rate("online_uptake", units) * np.where(level == 0, 1.0, spec.partial_online_factor)
    online = (level < 2) & (rng.random(n) < uptake)
    postal = ~online & (rng.random(n) < spec.postal_share)
    channel = np.where(online, 2, np.where(postal, 3, 1)).astype(np.int8)
    channel_missing = (channel == 1) & (rng.random(n) < 0.01)
    fee_bearing = catalogue.fee_bearing[procedure]
    fee = np.where(rng.random(n) < 0.05, 0, catalogue.fee_amount[procedure])
    fee_missing = ~fee_bearing | (rng.random(n) < 0.02)
    pays = ~fee_missing & (fee > 0)
    paid_rate = context.rate("paid_online", units)
    paid_on_portal = pays & online & (rng.random(n) < paid_rate)
    paid_elsewhere = pays & ~online & (rng.random(n) < 0.1 * paid_rate)
    paid = np.where(
        paid_on_portal, np.where(rng.random(n) < 0.7, 1, 2), np.where(paid_elsewhere, 2, 0)
    ).astype(np.int8)
    has_result = (has_finished | has_returned) & (rng.random(n) < context.rate("e_result", units))
    digitised = np.where(online, rng.random(n) < 0.98, rng.random(n) < context.rate("digitised", units))
    vneid_rate = context.rate("vneid", units) * np.where(online, 1.0, 0.3)
    vneid = catalogue.citizen_subject[procedure] & (rng.random(n) < vneid_rate)
    felt_late = late | second | unfinished
    rated = rng.random(n) < spec.rating_rate
    disliked = rng.random(n) < context.rate("dislike", units) + 0.3 * felt_late
    complained = rng.random(n) < context.rate("complaint", units) + 0.02 * felt_late

    month_key = f"{spec.year:04d}-{month:02d}"
    prefixes = [f"MP-{code}-{spec.year:04d}{month:02d}-" for code in context.unit_codes]
    dossier_code = _codes(prefixes, units, first)
    no_result = pa.array(~has_result)
    columns = [
        pa.repeat(spec.source_system, n),
        dossier_code,
        strings_from_codes(procedure, catalogue.codes),
        strings_from_codes(units, context.unit_codes),
        timestamps(received),
        timestamps(appointment, no_appointment),
        timestamps(ended, ~has_finished),
        timestamps(returned, ~has_returned),
        timestamps(stop_at, ~has_stop),
        strings_from_codes(stop_kind, _STOP_KINDS, ~has_stop),
        pa.array(count, pa.int32()),
        timestamps(requested, ~supplement),
        pa.array(wait_us // _SECOND, pa.int64()),
        timestamps(open_since, ~has_open),
        pa.array(channel, pa.int8(), mask=channel_missing),
        pa.array(fee, pa.int64(), mask=fee_missing),
        pa.array(paid, pa.int8()),
        pc.if_else(
            no_result, pa.scalar(None, pa.string()), pc.binary_join_element_wise("KQ-", dossier_code, "")
        ),
        pc.if_else(
            no_result,
            pa.scalar(None, pa.string()),
            pc.binary_join_element_wise(RESULT_LINK_PREFIX, dossier_code, ".pdf", ""),
        ),
        pa.array(digitised),
        pa.array(rng.random(n) < context.rate("reused", units)),
        pa.array(rng.random(n) < context.rate("personal_store", units)),
        pa.array(has_result & (rng.random(n) < context.rate("pushed_to_store", units))),
        pa.array(vneid),
        pa.array(rng.random(n) < context.rate("synced", units)),
        strings_from_codes(disliked.astype(np.int8), _RATINGS, ~rated),
        pa.array(complained),
        pa.repeat(month_key, n),
    ]
    batch = pa.RecordBatch.from_arrays(columns, schema=arrow_schema(HO_SO))
    if as_of is not None:
        batch = batch.filter(pa.array(received < as_of))
    return batch


def dossier_batches(spec: SimulationSpec, context: Context | None = None) -> Iterator[pa.RecordBatch]:
    """The ``ho_so`` rows of ``spec``, month by month, in batches of at most ``spec.batch_rows`` rows."""
    context = context or Context.for_spec(spec)
    for month, counts in month_unit_counts(context, spec.dossiers, 3).items():
        units = np.repeat(np.arange(len(counts)), counts)
        for chunk, first in enumerate(range(0, len(units), spec.batch_rows)):
            rng = np.random.default_rng([spec.seed, 4, month, chunk])
            batch = _dossier_batch(context, month, units[first : first + spec.batch_rows], first + 1, rng)
            if batch.num_rows:
                yield batch


def feedback_batches(spec: SimulationSpec, context: Context | None = None) -> Iterator[pa.RecordBatch]:
    """The ``phan_anh`` rows of ``spec``: about ``feedback_per_dossier`` per dossier, month by month."""
    context = context or Context.for_spec(spec)
    total = round(spec.dossiers * spec.feedback_per_dossier)
    for month, counts in month_unit_counts(context, total, 5).items():
        units = np.repeat(np.arange(len(counts)), counts)
        if len(units):
            batch = feedback_batch(context, month, units, np.random.default_rng([spec.seed, 6, month]))
            if batch.num_rows:
                yield batch


def publish_simulated(
    data_root: Path, spec: SimulationSpec, *, now: dt.datetime, limits: ResourceLimits | None = None
) -> dict[str, Manifest]:
    """Publish the simulated ho_so, thu_tuc and phan_anh under ``data_root``; their manifests by name."""
    context = Context.for_spec(spec)
    manifests = {
        THU_TUC.name: publish_dataset(
            data_root, THU_TUC.name, procedure_batches(spec), now=now, limits=limits
        )
    }
    if spec.dossiers:
        manifests[HO_SO.name] = publish_dataset(
            data_root, HO_SO.name, dossier_batches(spec, context), now=now, limits=limits
        )
    feedback = list(feedback_batches(spec, context))
    if feedback:
        manifests[PHAN_ANH.name] = publish_dataset(data_root, PHAN_ANH.name, feedback, now=now, limits=limits)
    return manifests
