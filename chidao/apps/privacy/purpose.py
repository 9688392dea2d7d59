"""The stated purpose of a reveal: one reason from the list plus a note saying which case it is for.

Decree 356/2025/NĐ-CP asks that personal data be processed for a specific, stated purpose; a bare choice
("verification") says too little to an auditor, so the note is required too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chidao.apps.privacy.models import PersonalDataAccess

PURPOSE_NOTE_MIN_LENGTH = 10
PURPOSE_NOTE_MAX_LENGTH = 500


def clean_purpose(purpose: str, purpose_note: str) -> tuple[str, str]:
    """The purpose code and the note with runs of spaces collapsed; ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    if purpose not in PersonalDataAccess.Purpose.values:
        errors["purpose"] = _("Hãy chọn mục đích xem dữ liệu cá nhân.")
    note = " ".join(str(purpose_note or "").split())
    if len(note) < PURPOSE_NOTE_MIN_LENGTH:
        errors["purpose_note"] = _(
            "Hãy ghi rõ mục đích (ít nhất %(n)d ký tự), ví dụ số hồ sơ đang giải quyết."
        ) % {"n": PURPOSE_NOTE_MIN_LENGTH}
    if errors:
        raise ValidationError(errors)
    return purpose, note[:PURPOSE_NOTE_MAX_LENGTH]
