"""Every page prints on A4 with a header: title, unit and "Số liệu tính đến ngày dd/mm/yyyy"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

import chidao.web

HOME_URL = "/"
# 20:00 UTC on 4 March is 03:00 on 5 March in Asia/Ho_Chi_Minh: the as-of date must be the local one.
LATE_EVENING_UTC = dt.datetime(2026, 3, 4, 20, 0, tzinfo=dt.UTC)
LOCAL_AS_OF = "Số liệu tính đến ngày 05/03/2026"
APP_CSS = Path(chidao.web.__file__).parent / "static" / "web" / "app.css"


@pytest.mark.parametrize(
    ("_case", "role", "title"),
    [
        ("leader", "leader", "Bảng điều hành của lãnh đạo"),
        ("unit officer", "unit_officer", "Việc của tôi"),
        ("data officer", "data_officer", "Danh sách việc cần xử lý dữ liệu"),
    ],
)
def test_print_header_has_title_unit_and_local_as_of_date(_case, role, title, client, users_by_role):
    # given a signed-in user, late in the evening UTC (already the next day in Việt Nam)
    client.force_login(users_by_role[role])
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        # when the home page is rendered
        html = client.get(HOME_URL).content.decode()
    # then the print header carries the title, the unit and the local as-of date
    header = html.split('<div class="print-header print-only">', 1)[1].split("<main", 1)[0]
    assert f'<div class="print-title">{title}</div>' in header
    assert '<div class="print-unit">Ban Chỉ đạo · Tỉnh Gia Lai</div>' in header
    assert f'<div class="print-asof">{LOCAL_AS_OF}</div>' in header


def test_stylesheet_prints_on_a4_with_page_numbers_and_without_the_screen_chrome():
    # given the one stylesheet
    css = APP_CSS.read_text(encoding="utf-8")
    # when its print rules are read
    print_rules = css.split("@media print", 1)[1]
    # then pages are A4, numbered "n/N", the header shows and navigation, footer and dialogs do not
    assert "size: A4" in print_rules
    assert 'content: counter(page) "/" counter(pages)' in print_rules
    assert ".print-only { display: block; }" in print_rules
    for screen_only in (".topbar", ".sitefooter", "dialog", ".searchbar", ".pagination"):
        assert screen_only in print_rules.split("display: none !important", 1)[0]
