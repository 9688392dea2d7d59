"""Vietnamese display formats: dd/mm/yyyy, Asia/Ho_Chi_Minh, "." thousands and "," decimals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

# 20:30 UTC on 4 March is 03:30 on 5 March in Asia/Ho_Chi_Minh.
AN_INSTANT = dt.datetime(2026, 3, 4, 20, 30, tzinfo=dt.UTC)
A_DAY = dt.date(2026, 3, 5)
AN_AMOUNT = Decimal("1234567.5")


@pytest.mark.parametrize(
    ("_case", "language", "day", "instant", "amount"),
    [
        ("Vietnamese", "vi", "05/03/2026", "03:30 05/03/2026", "1.234.567,5"),
        ("English keeps dd/mm/yyyy", "en", "05/03/2026", "03:30 05/03/2026", "1,234,567.5"),
    ],
)
def test_templates_print_dates_times_and_numbers_the_local_way(_case, language, day, instant, amount):
    # given a date, an aware instant and a decimal amount
    template = Template("{{ day }}|{{ instant }}|{{ amount }}")
    # when a template renders them in the language
    with translation.override(language):
        rendered = template.render(Context({"day": A_DAY, "instant": AN_INSTANT, "amount": AN_AMOUNT}))
    # then dates read dd/mm/yyyy in Vietnamese time and numbers use the language's separators
    assert rendered == f"{day}|{instant}|{amount}"
