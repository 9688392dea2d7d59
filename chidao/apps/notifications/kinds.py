"""The Vietnamese names of notification kinds, for digest headings and the list page.

Apps that notify register their kinds where they declare their background work (`<app>/background.py`) or
in their AppConfig.ready: `register_kind("task.due_soon", "Nhiệm vụ sắp đến hạn")`.
"""

from __future__ import annotations

_LABELS: dict[str, str] = {}


def register_kind(code: str, label: str) -> None:
    """Give the kind `code` its Vietnamese name (registering the same name again is harmless)."""
    existing = _LABELS.get(code)
    if existing is not None and existing != label:
        raise RuntimeError(f"Notification kind {code!r} is registered with two names")
    _LABELS[code] = label


def kind_label(code: str) -> str:
    """The Vietnamese name of a kind, or its code when no app registered one."""
    return _LABELS.get(code, code)


def kind_labels() -> dict[str, str]:
    """Every registered kind and its name."""
    return dict(_LABELS)
