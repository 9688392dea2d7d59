"""Schemas shared by every app's API."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """The error body of every non-2xx answer."""

    message: str
    code: str
    extra: dict[str, Any] = {}
