"""Byte samples in the encodings Vietnamese offices still produce, built from Unicode text."""

from __future__ import annotations

import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"

# "Họ và tên;Đơn vị / Nguyễn Văn An;Phường Quy Nhơn / Trần Thị Bình;Xã An Nhơn" typed with .VnTime fonts,
# as the bytes show in a Western code page (written out by hand from the TCVN 5712:1993 table).
TCVN3_TABLE_TEXT = "Hä vµ tªn;§¬n vÞ\nNguyÔn V¨n An;Ph\u00adêng Quy Nh¬n\nTrÇn ThÞ B×nh;X· An Nh¬n\n"
# The same with VNI fonts.
VNI_TABLE_TEXT = "Hoï vaø teân;Ñôn vò\nNguyeãn Vaên An;Phöôøng Quy Nhôn\nTraàn Thò Bình;Xaõ An Nhôn\n"


def cp1258_bytes(text: str) -> bytes:
    """``text`` in Windows-1258: base letters precomposed (â, ơ…), tones as combining marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        tones = "".join(c for c in decomposed if c in _TONES)
        out += (base + tones).encode("cp1258")
    return bytes(out)
