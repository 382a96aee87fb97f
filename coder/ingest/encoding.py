"""Turn the bytes of a transcript file into clean text.

Transcripts reach researchers from many tools: UTF-8 from most editors, UTF-8
with a BOM from Notepad, UTF-16 from Teams, cp1252 from Word on Windows. A
wrong guess garbles Dutch text ("één" becomes "Ã©Ã©n"), and codings point at
character offsets, so the decoding has to be right once and for all here.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from coder.errors import InputFileError
from coder.ingest.limits import MAX_TRANSCRIPT_BYTES, check_line_lengths, read_bounded

BINARY = "not a text file (binary data)"
EMPTY = "file is empty"

# Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# BOM-less UTF-16 is recognised on the first bytes: at least this share of the high
# bytes NUL, at most this share of the low bytes (see _bomless_utf16).
_UTF16_SAMPLE = 1 << 16
_UTF16_HIGH_NUL = 0.7
_UTF16_LOW_NUL = 0.05

# Control characters that occur in real text files.
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# More than this share of other control characters means it is not text.
_MAX_CONTROL_SHARE = 0.01


def read_source(path: Path, limit: int = MAX_TRANSCRIPT_BYTES) -> bytes:
    """Read a file's bytes (at most ``limit``), turning every OS problem into an
    :class:`InputFileError`."""
    return read_bounded(path, limit)


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode transcript bytes; return ``(text, encoding name)``.

    The text has ``\\n`` newlines only and is in Unicode NFC, so that "é"
    typed on a Mac (e + combining accent) and on Windows compare equal and
    count as one character in offsets.
    """
    text, encoding = _decode(data, path)
    if not text.strip():
        raise InputFileError(path, EMPTY)
    if _looks_binary(text):
        raise InputFileError(path, BINARY)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_line_lengths(text.split("\n"), path)
    return unicodedata.normalize("NFC", text), encoding


def read_text(path: Path) -> tuple[str, str]:
    """Read and decode a text transcript file; see :func:`decode_bytes`."""
    data = read_source(path)
    if not data:
        raise InputFileError(path, EMPTY)
    return decode_bytes(data, path)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as exc:
                raise InputFileError(path, BINARY) from exc
    # NUL never occurs in 8-bit text; without a BOM it means UTF-16 (some exports
    # leave the BOM out) or binary data.
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputFileError(path, BINARY)
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise InputFileError(
                path, f"looks like {utf16.upper()} without a byte order mark, but does not decode"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like UTF-16 text without a BOM.

    Dutch text is mostly Latin-1 characters, whose high byte is zero: in UTF-16 every
    second byte is then NUL, on one side only. Binary data has NULs on both sides.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:_UTF16_SAMPLE]
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= _UTF16_HIGH_NUL and even_nul <= _UTF16_LOW_NUL:
        return "utf-16-le"
    if even_nul >= _UTF16_HIGH_NUL and odd_nul <= _UTF16_LOW_NUL:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    return controls > max(2, len(text) * _MAX_CONTROL_SHARE)
