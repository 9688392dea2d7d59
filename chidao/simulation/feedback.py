"""Simulated feedback records (phản ánh, kiến nghị) for one month, drawn in one batch."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chidao.core.service_index.schema import PHAN_ANH
from chidao.simulation.arrow import arrow_schema, strings_from_codes, timestamps
from chidao.simulation.workdays import office_time_us

if TYPE_CHECKING:
    from chidao.simulation.dossiers import Context

__all__ = ["feedback_batch"]

_HOUR: Final = 3_600_000_000
HANDLE_WORKING_DAYS: Final = 15


def feedback_batch(context: Context, month: int, units: np.ndarray, rng: np.random.Generator) -> Any:
    """``phan_anh`` rows for ``units`` (one row each) received in ``month``.

    Received on working days in office hours; 30 % carry an explicit deadline (15 working days); 5 % are
    rejected, 10 % get a supplement request; the unit's ``feedback_late`` rate decides handling after the
    15 working days; results are published 0–2 working days later (15 %: up to 4); likes and dislikes
    are Poisson counts, dislikes higher for late handling.
    """
    spec, days = context.spec, context.workdays
    n = len(units)
    start, end = days.month_range(spec.year, month)
    received_index = rng.integers(start, end, n)
    received = days.day_us(received_index) + office_time_us(rng, n)
    has_deadline = rng.random(n) < 0.3
    deadline = days.day_us(received_index + HANDLE_WORKING_DAYS) + 17 * _HOUR
    rejected = rng.random(n) < 0.05
    rejected_at = np.maximum(
        days.day_us(received_index + rng.integers(0, 4, n)) + office_time_us(rng, n), received
    )
    supplement = ~rejected & (rng.random(n) < 0.1)
    supplement_at = days.day_us(received_index + rng.integers(1, 7, n)) + office_time_us(rng, n)
    late = rng.random(n) < context.rate("feedback_late", units)
    handled_days = np.where(late, rng.integers(16, 31, n), rng.integers(1, 16, n))
    handled_index = received_index + handled_days
    handled = days.day_us(handled_index) + office_time_us(rng, n)
    publish_days = np.where(rng.random(n) < 0.85, rng.integers(0, 3, n), rng.integers(0, 5, n))
    published = np.maximum(days.day_us(handled_index + publish_days) + office_time_us(rng, n), handled)
    has_handled = ~rejected
    has_published = has_handled & (rng.random(n) < 0.95)
    if spec.as_of is not None:
        as_of = int(np.datetime64(spec.as_of, "us").astype(np.int64))
        rejected &= rejected_at < as_of
        supplement &= supplement_at < as_of
        has_handled &= handled < as_of
        has_published &= has_handled & (published < as_of)
    numbers = pa.array(np.arange(1, n + 1, dtype=np.int64)).cast(pa.string())
    prefixes = [f"PAKN-{code}-{spec.year:04d}{month:02d}-" for code in context.unit_codes]
    code = pc.binary_join_element_wise(
        strings_from_codes(units, prefixes), pc.utf8_lpad(numbers, width=5, padding="0"), ""
    )
    columns = [
        pa.repeat(spec.feedback_source_system, n),
        code,
        strings_from_codes(units, context.unit_codes),
        timestamps(received),
        timestamps(deadline, ~has_deadline),
        timestamps(handled, ~has_handled),
        timestamps(rejected_at, ~rejected),
        timestamps(supplement_at, ~supplement),
        timestamps(published, ~has_published),
        pa.array(np.where(has_published, rng.poisson(3.0, n), 0).astype(np.int32)),
        pa.array(np.where(has_published, rng.poisson(0.4 + 3.0 * late, n), 0).astype(np.int32)),
        pa.array(rng.random(n) < 0.02 + 0.1 * late),
        pa.repeat(f"{spec.year:04d}-{month:02d}", n),
    ]
    batch = pa.RecordBatch.from_arrays(columns, schema=arrow_schema(PHAN_ANH))
    if spec.as_of is not None:
        batch = batch.filter(pa.array(received < as_of))
    return batch
