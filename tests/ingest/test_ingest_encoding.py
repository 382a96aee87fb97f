"""Decoding: BOMs, UTF-8, cp1252 from Word on Windows, binary rejection."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.errors import InputFileError
from coder.ingest.encoding import decode_bytes
from tests.ingest.ingest_helpers import turns_of

EXPECTED_TURNS = [
    ("Interviewer", "Hoe was het contact met de hulpverlening?"),
    (
        "Moeder",
        "“Één keer” ging het goed – daarna niet.\nHet kostte €20 per gesprek, dat’s veel.",
    ),
    ("Interviewer", "En hoe reageerde Zoë?"),
    ("Moeder", "Ze was één en al coöperatie."),
]

FAKE = Path("x.txt")


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("cp1252.txt", "cp1252"), ("utf8_bom.txt", "utf-8-sig"), ("utf16.txt", "utf-16")],
)
def test_encodings_keep_dutch_characters(read, name, encoding):
    parsed = read(name)
    assert parsed.encoding == encoding
    assert turns_of(parsed) == EXPECTED_TURNS
    for word in ("één", "Zoë", "’", "coöperatie", "“Één keer”", "–", "€"):
        assert word in parsed.text
    assert "\ufeff" not in parsed.text and "\r" not in parsed.text


def test_cp1252_bytes_are_not_read_as_latin1(read):
    # 0x92 is ’ in cp1252 but an invisible control character in latin-1.
    assert "\x92" not in read("cp1252.txt").text


def test_plain_utf8():
    assert decode_bytes("één".encode(), FAKE) == ("één", "utf-8")


def test_latin1_fallback_for_bytes_cp1252_leaves_undefined():
    text, encoding = decode_bytes(b"caf\xe9 \x81", FAKE)
    assert encoding == "latin-1"
    assert text.startswith("café")


def test_unicode_is_normalised_to_nfc():
    text, _ = decode_bytes("e\u0301e\u0301n".encode(), FAKE)  # decomposed "één"
    assert text == "één" and len(text) == 3


def test_newlines_are_normalised():
    assert decode_bytes(b"a\r\nb\rc\n", FAKE)[0] == "a\nb\nc\n"


def test_utf16_big_endian_with_bom():
    text, encoding = decode_bytes("\ufeffZoë".encode("utf-16-be"), FAKE)
    assert (text, encoding) == ("Zoë", "utf-16")


@pytest.mark.parametrize(
    "data",
    [b"abc\x00def", bytes(range(1, 9)) * 10 + b"tekst"],
)
def test_binary_is_rejected(data):
    with pytest.raises(InputFileError, match=r"not a text file \(binary data\)"):
        decode_bytes(data, FAKE)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(codec):
    # Some exports leave the BOM out; it used to be refused as "binary data".
    text = "Moeder: Het duurde één jaar.\nJeugdconsulent: Dat is te lang’."
    assert decode_bytes(text.encode(codec), FAKE) == (text, codec)


def test_utf16_without_bom_that_does_not_decode_says_so():
    words = "Zoë zegt dat het wachten op hulp te lang duurde".encode("utf-16-le")
    data = words + b"\x00\xd8" + words  # a lone surrogate in the middle
    with pytest.raises(InputFileError, match="UTF-16-LE without a byte order mark"):
        decode_bytes(data, FAKE)


def test_odd_utf16_is_rejected():
    with pytest.raises(InputFileError, match="binary"):
        decode_bytes(b"\xff\xfea\x00\x00\xd8", FAKE)  # unpaired surrogate


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "\ufeff".encode("utf-8"), b"\xff\xfe"])
def test_empty_is_rejected(data):
    with pytest.raises(InputFileError, match="file is empty"):
        decode_bytes(data, FAKE)
