"""CSV encodings: Unicode forms and Windows-1258 are read; TCVN3 and VNI files are refused with the fix."""

from __future__ import annotations

import pytest

from chidao.core.importing import LegacyEncoding
from chidao.engines.tabular import LegacyEncodingError, decode_text, detect_encoding
from tests.engines.tabular.samples import TCVN3_TABLE_TEXT, VNI_TABLE_TEXT, cp1258_bytes

TEXT = "Họ và tên;Đơn vị\nNguyễn Văn An;Phường Quy Nhơn\nTrần Thị Bình;Xã An Nhơn\n"


@pytest.mark.parametrize(
    ("_case", "data", "label"),
    [
        ("utf-8", TEXT.encode("utf-8"), "UTF-8"),
        ("utf-8 with BOM", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "UTF-8 (có BOM)"),
        ("utf-16 with BOM (Excel “Unicode text”)", TEXT.encode("utf-16"), "UTF-16"),
        ("utf-16 LE without BOM", TEXT.encode("utf-16-le"), "UTF-16 LE"),
        ("windows-1258", cp1258_bytes(TEXT), "Windows-1258"),
    ],
)
def test_unicode_and_windows_1258_are_decoded_to_the_same_text(_case, data, label):
    # Given the same table saved in several encodings
    # When it is decoded
    text, encoding = decode_text(data)
    # Then the encoding is recognised and the text is identical (NFC, no BOM)
    assert encoding.label == label
    assert text == TEXT


def test_tcvn3_file_is_refused_with_an_example_and_the_fix():
    # Given a CSV typed with .VnTime fonts
    data = TCVN3_TABLE_TEXT.encode("latin-1")
    # When its encoding is detected
    with pytest.raises(LegacyEncodingError) as error:
        detect_encoding(data)
    # Then the message names TCVN3 (ABC), shows an example with its meaning and says to convert to Unicode
    assert error.value.encoding is LegacyEncoding.TCVN3
    message = error.value.message
    assert message.startswith("Tệp dùng bảng mã cũ TCVN3 (ABC)")
    assert "(6 ô, ví dụ dòng 1: “Hä vµ tªn”, có lẽ là “Họ và tên”)" in message
    assert "hãy chuyển sang Unicode" in message


def test_vni_file_is_refused():
    # Given a CSV typed with VNI fonts (bytes as the font shows them)
    data = VNI_TABLE_TEXT.encode("latin-1")
    # When its encoding is detected / Then VNI is named
    with pytest.raises(LegacyEncodingError) as error:
        detect_encoding(data)
    assert error.value.encoding is LegacyEncoding.VNI
    assert error.value.message.startswith("Tệp dùng bảng mã cũ VNI Windows")


def test_utf8_cut_inside_a_character_at_the_sample_boundary_is_still_utf8():
    # Given a long UTF-8 file whose sample boundary falls inside a multi-byte letter
    data = ("ệ" * 200_000).encode("utf-8")
    # When detected / Then UTF-8
    assert detect_encoding(data).label == "UTF-8"
