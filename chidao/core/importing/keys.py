"""Folding of labels typed by people (headers, choices, unit names) so that case, diacritics and
punctuation do not matter: "Đơn vị (mã hoặc tên hiện hành)*" and "don vi ma hoac ten hien hanh" match."""

from __future__ import annotations

import re
from typing import Final

from chidao.core.text import fold_for_search

__all__ = ["fold_label"]

_NOT_ALPHANUMERIC: Final = re.compile(r"[^0-9a-z]+")


def fold_label(text: str) -> str:
    """``text`` lower-cased, without diacritics (đ → d), punctuation turned into single spaces."""
    return _NOT_ALPHANUMERIC.sub(" ", fold_for_search(text)).strip()
