"""Logging filter that masks personal data (personal ID numbers, phone numbers) in every log line."""

from __future__ import annotations

import logging

from chidao.core.masking import mask_personal_data_in_text


class MaskPersonalDataFilter(logging.Filter):
    """Rewrites the rendered message so no 12-digit ID or phone number reaches a log file unmasked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_personal_data_in_text(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
