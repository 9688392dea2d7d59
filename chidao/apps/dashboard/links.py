"""Links from the dashboard's numbers to the task list behind them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


class ListLinks:
    """URLs of the task list carrying the dashboard's date, area and unit, plus what one number adds."""

    def __init__(self, as_of: dt.date, *, area: str = "", unit_id: int | None = None) -> None:
        self.base = {
            "as_of": as_of.isoformat(),
            "area": area,
            "unit": "" if unit_id is None else str(unit_id),
        }
        self.list_url = reverse("programmes:task-list")

    def params(self, **extra: Any) -> dict[str, str]:
        """The non-empty filters of a link, the base ones overridden by `extra`."""
        merged = {**self.base, **{key: "" if value is None else str(value) for key, value in extra.items()}}
        return {key: value for key, value in merged.items() if value}

    def url(self, **extra: Any) -> str:
        """The task list filtered by the base filters and `extra`."""
        return f"{self.list_url}?{urlencode(self.params(**extra))}"
