"""Log lines pass through the masking filter installed on every handler (config/settings/components/logging.py)."""

from __future__ import annotations

import logging

import pytest

from chidao.common.logging import MaskPersonalDataFilter


@pytest.mark.parametrize(
    ("_case", "message", "args", "written"),
    [
        (
            "ID as an argument",
            "không tìm thấy công dân %s",
            ("079085001123",),
            "không tìm thấy công dân 079******123",
        ),
        ("phone with spaces", "gọi lại %s", ("0912 345 678",), "gọi lại 091****678"),
        (
            "labelled birth date",
            "ngày sinh=%s không khớp",
            ("12/03/1985",),
            "ngày sinh=**/**/1985 không khớp",
        ),
        ("a deadline stays", "hạn xử lý %s", ("12/03/2026",), "hạn xử lý 12/03/2026"),
    ],
)
def test_the_log_filter_masks_personal_data_in_the_rendered_line(_case, message, args, written):
    # given a record as a logger builds it, when the handler's filter runs, then the line is masked
    record = logging.LogRecord("chidao.privacy", logging.WARNING, __file__, 1, message, args, None)

    assert MaskPersonalDataFilter().filter(record) is True
    assert record.getMessage() == written
