"""Vietnamese alphabetical order comes out of the database (SQLite and PostgreSQL alike) as ICU 'vi' orders it."""

from __future__ import annotations

import pytest

from chidao.apps.organisation.models import Person

icu = pytest.importorskip("icu", reason="PyICU is a dev dependency (make test installs it)")

pytestmark = pytest.mark.django_db

NAMES = [
    "Hàm Thuận",
    "Hà Nội",
    "Hạ Long",
    "Ha Giang",
    "Anh Sơn",
    "An Nhơn Đông",
    "An Nhơn",
    "An Nhơn Bắc",
    "Ân Tường",
    "Ăn Uống",
    "Đắk Đoa",
    "Đak Pơ",
    "Dak Lak",
    "Ia Grai",
    "Ia Pa",
    "Ơn Thủy",
    "Ông Ích Khiêm",
    "Ô Loan",
    "Tây Sơn",
    "Tuy Phước",
    "Tư Nghĩa",
    "Trần Hưng Đạo",
    "Trần Hùng",
]


def test_order_by_stored_sort_key_equals_icu_vietnamese_order():
    # given
    for name in NAMES:
        Person.objects.create(name=name)
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    # when
    from_database = list(Person.objects.order_by("name_sort").values_list("name", flat=True))
    # then
    assert from_database == sorted(NAMES, key=collator.getSortKey)


def test_diacritics_insensitive_search_finds_names_typed_without_tones():
    for name in NAMES:
        Person.objects.create(name=name)
    found = set(Person.objects.filter(name_search__contains="nhon").values_list("name", flat=True))
    assert found == {"An Nhơn", "An Nhơn Bắc", "An Nhơn Đông"}
