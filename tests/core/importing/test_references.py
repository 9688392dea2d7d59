"""Units typed by code or by name, with candidates listed when the name is ambiguous or unknown."""

from __future__ import annotations

import pytest

from chidao.core.importing import CellError, Reference, ReferenceIndex

INDEX = ReferenceIndex(
    [
        Reference(1, "21610", "Xã An Nhơn"),
        Reference(2, "21611", "Phường An Nhơn"),
        Reference(3, "21612", "Phường Quy Nhơn"),
        Reference(4, "SKHCN", "Sở Khoa học và Công nghệ"),
    ]
)


@pytest.mark.parametrize(
    ("_case", "text", "expected_id"),
    [
        ("code", "21612", 3),
        ("code any case", "skhcn", 4),
        ("exact name", "Phường Quy Nhơn", 3),
        ("name without diacritics", "phuong quy nhon", 3),
        ("name without prefix", "Quy Nhơn", 3),
        ("with UBND prefix", "UBND xã An Nhơn", 1),
    ],
)
def test_resolves_by_code_or_name(_case, text, expected_id):
    assert INDEX.resolve(text).id == expected_id


def test_ambiguous_name_lists_candidates_with_codes():
    # Given a name shared by a commune and a ward once the prefix is dropped
    with pytest.raises(CellError) as error:
        INDEX.resolve("An Nhơn")
    # Then both are listed with their codes
    assert error.value.message == (
        "“An Nhơn” trùng tên với 2 đơn vị: “Xã An Nhơn” (mã 21610), “Phường An Nhơn” (mã 21611). "
        "Hãy ghi mã thay cho tên."
    )


def test_unknown_name_suggests_similar_units():
    with pytest.raises(CellError) as error:
        INDEX.resolve("Nhơn")
    assert error.value.message.startswith("Không tìm thấy đơn vị “Nhơn”. Có phải: “Xã An Nhơn” (mã 21610)")


def test_unknown_without_anything_similar():
    with pytest.raises(CellError, match="Không tìm thấy đơn vị “Hà Nội”"):
        INDEX.resolve("Hà Nội")
