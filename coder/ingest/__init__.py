"""Reading files in: transcript readers (one file in, normalised text and speaker turns
out) and, in :mod:`coder.ingest.importing`, the one import operation both faces call.

``read_transcript`` picks a reader by file suffix from a small table;
``import_paths`` routes transcripts to it and REFI-QDA files to :mod:`coder.exchange`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coder.errors import InputFileError
from coder.ingest.model import ParsedTranscript, Turn
from coder.ingest.srt import read_srt
from coder.ingest.text import read_txt
from coder.ingest.vtt import read_vtt

Reader = Callable[[Path], ParsedTranscript]


def read_docx(path: Path) -> ParsedTranscript:
    """Read a .docx transcript; python-docx (and lxml) load only when one is read, so the
    modules that share this package (e.g. :mod:`coder.ingest.limits`) stay light."""
    from coder.ingest.docx import read_docx as read

    return read(path)


# Lower-case suffix -> reader.
READERS: dict[str, Reader] = {
    ".docx": read_docx,
    ".srt": read_srt,
    ".txt": read_txt,
    ".vtt": read_vtt,
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(sorted(READERS))
# REFI-QDA projects and codebooks from ATLAS.ti, NVivo, MAXQDA, QualCoder, … (read by
# coder.exchange.refi; coder.ingest.importing.import_paths routes them there)
REFI_SUFFIXES: tuple[str, ...] = (".qdpx", ".qde", ".qdc")
# Every suffix either face offers to import: the one list
IMPORTABLE_SUFFIXES: tuple[str, ...] = (*SUPPORTED_SUFFIXES, *REFI_SUFFIXES)

__all__ = [
    "IMPORTABLE_SUFFIXES",
    "REFI_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "ParsedTranscript",
    "Turn",
    "read_transcript",
]


def read_transcript(path: str | Path) -> ParsedTranscript:
    """Read a transcript file, choosing the reader by suffix (case-insensitive).

    Every problem with the file is raised as :class:`InputFileError` naming it.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        supported = ", ".join(sorted(READERS))
        shown = f"'{suffix}'" if suffix else "(no file extension)"
        raise InputFileError(path, f"unknown format {shown} (supported: {supported})")
    return reader(path)
