"""Limits on what a file from someone else may make us read, unpack or parse.

Transcripts, REFI-QDA projects, codebooks and project files reach researchers from
colleagues, tools and e-mail: they are hostile until proven otherwise. A file that is
small on disk may unpack to gigabytes (a zip bomb), expand aliases or entities without
end (billion laughs), nest deeper than Python's stack, or make a regular expression
backtrack for minutes. Every reader checks the limits below, all in this one place,
and a file that exceeds one is refused with a :class:`~coder.errors.LimitExceeded`
naming the file and the limit: one line, never a hang, a MemoryError or a traceback.

The numbers are chosen against real research data, with a wide margin:

* a two-hour verbatim interview is 100-300 KB of text, a day of Teams captions about
  3 MB; a .docx transcript with a logo a few MB;
* a REFI-QDA project (.qdpx) from ATLAS.ti, NVivo or MAXQDA holds one ``project.qde``
  (tens of KB to tens of MB: codes, selections, notes) and its sources: text files,
  but also PDFs, images, audio and video that we never unpack;
* a codebook has a few hundred codes, nested a few levels deep.
"""

from __future__ import annotations

from pathlib import Path

from coder.errors import InputFileError, LimitExceeded

MB = 1024 * 1024

# -- plain files -----------------------------------------------------------------------------

# A transcript file (.txt, .vtt, .srt) or one text source inside a .qdpx: five times a
# day of captions, fifty times a long interview; parsing it takes some 20 seconds.
MAX_TRANSCRIPT_BYTES = 16 * MB
# One line of a transcript (a paragraph in Word). Whole turns without line breaks are
# some KB; a megabyte on one line is a generated file, not a conversation.
MAX_LINE_CHARS = 1_000_000
# A YAML codebook: the default one is 30 KB.
MAX_CODEBOOK_BYTES = 4 * MB
# Nesting of a YAML codebook: a code level takes two (a list, then a mapping), so this
# allows codes nested about 30 deep; real codebooks use three or four levels.
MAX_YAML_DEPTH = 64

# -- XML (REFI-QDA project.qde, .qdc) -----------------------------------------------------------

# project.qde with every source's text inline and tens of thousands of codings; the
# parsed tree takes five to six times this in memory. Also each XML part of a .docx.
MAX_XML_BYTES = 64 * MB
# Element nesting: a REFI file needs about six levels plus its code tree.
MAX_XML_DEPTH = 100
# Elements in one REFI file: a coded selection takes three, so this is some 600,000
# codings. 64 MB of tiny empty elements would otherwise make a tree of over a gigabyte.
MAX_XML_ELEMENTS = 2_000_000

# -- zip containers (.qdpx, .docx) ---------------------------------------------------------------

# Files inside one container: an NVivo .qdpx has two per source (.txt and .docx).
MAX_ZIP_MEMBERS = 10_000
# What may be unpacked from one container in total, summed over the members actually
# read, and what a .docx may declare (python-docx loads every part of it).
MAX_UNPACKED_BYTES = 256 * MB
# What a .qdpx may declare in total: it may embed audio and video, which we never
# unpack, so this only stops absurd directories.
MAX_QDPX_DECLARED_BYTES = 4096 * MB
# Text and XML compress 3-10 times; more than this for a member of some size is a bomb.
MAX_ZIP_RATIO = 100
# Members smaller than this may compress as well as they like (a page of spaces).
RATIO_CHECKED_FROM = 1 * MB
# Members are unpacked in pieces of this size, so a member whose header lies about
# its size is stopped at the limit instead of after it has filled the memory.
ZIP_CHUNK_BYTES = 1 * MB
# Files are read in pieces of this size, for the same reason.
READ_PIECE_BYTES = 1 * MB


def size_text(limit: int) -> str:
    """``16 MB`` for 16 MiB: how limits appear in messages."""
    if limit % MB == 0:
        return f"{limit // MB:,} MB"
    return f"{limit:,} bytes"


def check_input_file(path: Path) -> None:
    """A path that can be read as a file, or an :class:`InputFileError` saying why not."""
    if path.is_dir():
        raise InputFileError(path, "is a folder, not a file")
    if not path.exists():
        raise InputFileError(path, "file not found")
    if not path.is_file():
        raise InputFileError(path, "not a regular file")


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of a file of at most ``limit`` bytes.

    The size is checked before reading and enforced while reading, so a file that
    grows meanwhile (or a device posing as a file) cannot fill the memory either.
    """
    check_input_file(path)
    try:
        if path.stat().st_size > limit:
            raise LimitExceeded(path, f"larger than {size_text(limit)}")
        pieces: list[bytes] = []
        size = 0
        with path.open("rb") as handle:
            # In pieces: read(limit + 1) would allocate the whole limit up front.
            while piece := handle.read(READ_PIECE_BYTES):
                size += len(piece)
                if size > limit:
                    raise LimitExceeded(path, f"larger than {size_text(limit)}")
                pieces.append(piece)
    except OSError as exc:
        raise InputFileError(path, f"cannot read file ({exc.strerror or exc})") from exc
    return b"".join(pieces)


def check_line_lengths(lines: list[str], path: Path) -> None:
    """Refuse a text with a line longer than :data:`MAX_LINE_CHARS`."""
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise LimitExceeded(
                path, f"line {number:,} is longer than {MAX_LINE_CHARS:,} characters"
            )


def read_small_text(path: Path, limit: int, what: str) -> str:
    """A small UTF-8 text file (a key, a word list) of at most ``limit`` bytes; one
    line naming the file when it is not one (``what``: "a key file")."""
    data = read_bounded(path, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(path, f"not a UTF-8 text file: not {what}") from None
