"""The only module that reads the process environment.

Every setting that can vary between machines is read here, with its type and default, so that a reader of
the settings can see at one place what an operator may set (and `.env.example` documents each one).
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


class ImproperlyConfiguredEnv(RuntimeError):
    """A required environment variable is missing or malformed."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    """Return the variable `name`; raise when it is required and missing or empty."""
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfiguredEnv(f"Thiếu biến môi trường bắt buộc {name} (missing required {name}).")
        return default if default is not None else ""
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean variable: 1/true/yes/on are true."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Return an integer variable."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name} phải là số nguyên (must be an integer): {value!r}") from exc


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    """Return a comma-separated list variable."""
    raw = env_str(name, required=required)
    if not raw:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]
