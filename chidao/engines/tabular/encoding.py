"""Finding the text encoding of a CSV file, refusing legacy Vietnamese font encodings with a clear message.

Order of the checks: a byte-order mark (UTF-8, UTF-16); UTF-16 without mark (NUL bytes); strict UTF-8;
then, for 8-bit files, the legacy fonts TCVN3 (ABC) and VNI against Windows-1258 (the Vietnamese code page,
which writes tones as combining marks), whichever reads as more well-formed Vietnamese syllables; last,
charset-normalizer's guess for other code pages.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from charset_normalizer import from_bytes

from chidao.core.importing import (
    LegacyEncoding,
    diagnose_text,
    is_vietnamese_syllable,
    legacy_file_message,
)
from chidao.engines.tabular.errors import LegacyEncodingError, TabularError

__all__ = ["DetectedEncoding", "decode_text", "detect_encoding"]

# Enough text to judge (the whole file is decoded with the encoding chosen on this sample).
_SAMPLE_BYTES: Final = 256 * 1024
_WORD: Final = re.compile(r"[^\W\d_]+")
_EXAMPLE_LENGTH: Final = 60


@dataclass(frozen=True)
class DetectedEncoding:
    """The Python codec to decode with and the label shown to the user."""

    codec: str
    label: str


UTF8: Final = DetectedEncoding("utf-8", "UTF-8")
UTF8_BOM: Final = DetectedEncoding("utf-8-sig", "UTF-8 (có BOM)")
UTF16: Final = DetectedEncoding("utf-16", "UTF-16")
UTF16_LE: Final = DetectedEncoding("utf-16-le", "UTF-16 LE")
UTF16_BE: Final = DetectedEncoding("utf-16-be", "UTF-16 BE")
CP1258: Final = DetectedEncoding("cp1258", "Windows-1258")


def detect_encoding(data: bytes) -> DetectedEncoding:
    """The encoding of ``data``; LegacyEncodingError for TCVN3/VNI, TabularError when nothing fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return UTF8_BOM
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UTF16
    sample = _cut_at_line(data[:_SAMPLE_BYTES], len(data) > _SAMPLE_BYTES)
    if b"\x00" in sample:
        return UTF16_LE if sample[1::2].count(0) > sample[0::2].count(0) else UTF16_BE
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the sample boundary is still UTF-8.
        if error.start < len(sample) - 3:
            return _eight_bit(sample)
    return UTF8


def decode_text(data: bytes) -> tuple[str, DetectedEncoding]:
    """The text of ``data`` (NFC, without BOM) and the encoding used."""
    encoding = detect_encoding(data)
    try:
        text = data.decode(encoding.codec)
    except (UnicodeDecodeError, LookupError):
        raise TabularError(
            f"Tệp không đọc được bằng bảng mã {encoding.label}: hãy lưu lại dạng “CSV UTF-8”."
        ) from None
    return unicodedata.normalize("NFC", text.removeprefix("\ufeff")), encoding


def _cut_at_line(sample: bytes, truncated: bool) -> bytes:
    if not truncated:
        return sample
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def _eight_bit(sample: bytes) -> DetectedEncoding:
    as_fonts_show_it = sample.decode("latin-1")
    legacy = diagnose_text(as_fonts_show_it)
    cp1258_words = _valid_vietnamese_words(sample, "cp1258")
    if legacy.encoding is not None and legacy.legacy_words > cp1258_words:
        raise _legacy_error(legacy.encoding, as_fonts_show_it)
    if cp1258_words:
        return CP1258
    guess = from_bytes(sample).best()
    if guess is None or guess.encoding is None:
        raise TabularError(
            "Không nhận ra bảng mã của tệp CSV: hãy mở bằng Excel và lưu lại dạng “CSV UTF-8 (phân cách bằng dấu phẩy)”."
        )
    return DetectedEncoding(guess.encoding, guess.encoding)


def _valid_vietnamese_words(sample: bytes, codec: str) -> int:
    try:
        text = unicodedata.normalize("NFC", sample.decode(codec))
    except UnicodeDecodeError:
        return 0
    return sum(1 for word in _WORD.findall(text) if not word.isascii() and is_vietnamese_syllable(word))


def _legacy_error(encoding: LegacyEncoding, text: str) -> LegacyEncodingError:
    lines = text.splitlines()
    cells = 0
    example_line, example = 0, ""
    for number, line in enumerate(lines, start=1):
        for cell in re.split(r"[,;\t]", line):
            if diagnose_text(cell).encoding is encoding:
                cells += 1
                if not example:
                    example_line, example = number, cell.strip().strip('"')[:_EXAMPLE_LENGTH]
    message = legacy_file_message(encoding, max(cells, 1), f"dòng {example_line}", example)
    return LegacyEncodingError(message, encoding)
