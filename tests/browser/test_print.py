"""Printing: A4 pages with the header (title, unit, "Số liệu tính đến ngày dd/mm/yyyy") and no screen chrome."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.organisation import CommuneUnitFactory

expect = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Enough rows for the list to run over several A4 pages.
COMMUNE_COUNT = 45
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def test_unit_list_prints_on_a4_with_its_header(phone, sign_in, users_by_role, province, problems):
    # given a leader on a unit list long enough for several pages
    CommuneUnitFactory.create_batch(COMMUNE_COUNT, parent=province)
    sign_in(users_by_role["leader"])
    phone.goto(reverse("organisation:unit-list"), wait_until="networkidle")
    as_of = f"Số liệu tính đến ngày {timezone.localdate():%d/%m/%Y}"
    # when the page is rendered for print
    phone.emulate_media(media="print")
    pdf = phone.pdf(format="A4", print_background=False)
    # then the header shows title, unit and as-of date, the screen chrome is gone, and the PDF has A4 pages
    header = phone.locator(".print-header")
    expect(header).to_be_visible()
    assert header.locator(".print-title").text_content() == "Danh sách đơn vị"
    assert header.locator(".print-unit").text_content() == "Ban Chỉ đạo · Tỉnh Gia Lai"
    assert header.locator(".print-asof").text_content() == as_of
    for chrome in (".topbar", ".sitefooter", ".searchbar", "#session-warning"):
        expect(phone.locator(chrome)).to_be_hidden()
    assert pdf.startswith(b"%PDF-")
    assert len(PDF_PAGE.findall(pdf)) >= 2
    assert b"/MediaBox [0 0 595" in pdf  # A4 is 595 × 842 points
    problems.assert_none()


def test_unit_page_prints_with_the_unit_in_its_header(phone, sign_in, users_by_role, commune, problems):
    # given a unit officer on their commune's page
    sign_in(users_by_role["unit_officer"])
    phone.goto(reverse("organisation:unit-detail", args=[commune.pk]))
    # when the page is rendered for print
    phone.emulate_media(media="print")
    # then the header names the unit, and the screen chrome is hidden
    expect(phone.locator(".print-header")).to_be_visible()
    assert commune.name in phone.locator(".print-header").text_content()
    expect(phone.locator(".topbar")).to_be_hidden()
    problems.assert_none()


def _squeezed(text: str) -> str:
    # PDF text extraction spaces out some glyphs ("Đ Ơ N"); compare without whitespace, in NFC.
    return unicodedata.normalize("NFC", "".join(text.split()))


def test_printed_pages_carry_page_numbers_and_the_header(phone, sign_in, users_by_role, province, problems):
    # given a unit list that runs over two A4 pages, printed to PDF
    pypdf = pytest.importorskip(
        "pypdf", reason="reading the PDF's text needs pypdf (not yet a dev dependency)"
    )
    CommuneUnitFactory.create_batch(COMMUNE_COUNT, parent=province)
    sign_in(users_by_role["leader"])
    phone.goto(reverse("organisation:unit-list"), wait_until="networkidle")
    phone.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(phone.pdf(format="A4")))
    # when the text of each page is read
    pages = [_squeezed(page.extract_text()) for page in reader.pages]
    # then every page is numbered n/N, the first opens with the header, and the table header repeats
    total = len(pages)
    assert total >= 2
    for number, text in enumerate(pages, start=1):
        assert f"{number}/{total}" in text
        assert _squeezed("Tên đơn vị") in text
    assert _squeezed(f"Số liệu tính đến ngày {timezone.localdate():%d/%m/%Y}") in pages[0]
    problems.assert_none()
