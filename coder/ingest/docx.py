"""Word (.docx) transcripts.

The paragraphs are read in body order and handed to the same line parser as
.txt files, so every speaker shape works in Word too. Tables are read row by
row; a two-column table with short first cells is a speaker|text transcript
(a leading time column, time|speaker|text, is understood as well).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from coder.errors import InputFileError
from coder.ingest.build import TranscriptBuilder
from coder.ingest.clock import parse_clock
from coder.ingest.encoding import EMPTY, read_source
from coder.ingest.limits import MAX_UNPACKED_BYTES, MAX_XML_BYTES, check_line_lengths
from coder.ingest.model import ParsedTranscript
from coder.ingest.speakers import label_shape_ok
from coder.ingest.text import Labelled, parse_lines
from coder.ingest.zipped import BoundedZip

NOT_DOCX = "not a valid .docx file"

# A header row of a speaker|text table ("Spreker | Tekst") is not a turn.
_HEADER_WORDS = frozenset(
    [
        "spreker",
        "speaker",
        "naam",
        "wie",
        "persoon",
        "tijd",
        "time",
        "tijdstip",
        "tekst",
        "text",
        "uitspraak",
        "transcript",
        "transcriptie",
        "inhoud",
        "gesprek",
        "citaat",
    ]
)

# One paragraph's lines (a soft line break splits a paragraph into lines).
Lines = list[str | Labelled]


def read_docx(path: Path) -> ParsedTranscript:
    """Read a .docx transcript; any failure to open it is an :class:`InputFileError`."""
    data = read_source(path, MAX_UNPACKED_BYTES)
    if not data.strip():
        raise InputFileError(path, EMPTY)
    unpacked = _unpack(path, data)
    try:
        document = Document(unpacked)
        paragraphs = list(_paragraphs(document))
    except Exception as exc:
        raise InputFileError(path, NOT_DOCX) from exc
    check_line_lengths([line for p in paragraphs for line in p if isinstance(line, str)], path)
    if not any(_has_text(item) for paragraph in paragraphs for item in paragraph):
        raise InputFileError(path, EMPTY)

    result = _parse(paragraphs, path)
    has_empty_paragraphs = any(not paragraph for paragraph in paragraphs)
    if not has_empty_paragraphs and not any(t.speaker for t in result.turns):
        # Word separates paragraphs by spacing, not by empty paragraphs; in a
        # transcript without speakers every paragraph is then its own turn.
        spaced: list[Lines] = []
        for paragraph in paragraphs:
            spaced.extend((paragraph, []))
        result = _parse(spaced, path)
    return result


def _unpack(path: Path, data: bytes) -> io.BytesIO:
    """The .docx again, every part unpacked within the limits and stored uncompressed.

    python-docx unpacks each part in one call, however large it claims to be or is;
    handing it a copy whose parts were unpacked in bounded pieces keeps a zip bomb
    (or a part whose header lies about its size) from ever reaching it.
    """
    copy = io.BytesIO()
    with (
        BoundedZip(path, data, max_declared=MAX_UNPACKED_BYTES, not_zip=NOT_DOCX) as source,
        zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as target,
    ):
        for name in source.names():
            # XML parts are parsed into trees many times their size; media only held.
            is_xml = name.lower().endswith((".xml", ".rels"))
            target.writestr(
                name, source.read(name, MAX_XML_BYTES if is_xml else MAX_UNPACKED_BYTES)
            )
    copy.seek(0)
    return copy


def _parse(paragraphs: list[Lines], path: Path) -> ParsedTranscript:
    builder = TranscriptBuilder(fill_time_end=True)
    parse_lines((item for paragraph in paragraphs for item in (paragraph or [""])), builder)
    return builder.build(path, "docx", None)


def _has_text(item: str | Labelled) -> bool:
    return bool(item.text.strip() if isinstance(item, Labelled) else item.strip())


def _paragraphs(document: object) -> Iterator[Lines]:
    """Body content in order: a paragraph gives its lines, a table one "paragraph" per row."""
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            text = block.text
            yield list(text.split("\n")) if text.strip() else []
        elif isinstance(block, Table):
            yield from _table_rows(block)


def _row_cells(row: object) -> list[str]:
    """Cell texts of a row; a merged cell is repeated by python-docx, so keep it once."""
    seen: set[int] = set()
    cells: list[str] = []
    for cell in row.cells:  # type: ignore[attr-defined]
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell.text.strip())
    return cells


def _table_rows(table: Table) -> Iterator[Lines]:
    rows = [row for row in (_row_cells(row) for row in table.rows) if any(row)]
    body = rows[1:] if rows and _is_header_row(rows[0]) else rows
    if body and all(len(row) == 3 for row in body) and _is_time_column([r[0] for r in body]):
        for time, speaker, words in body:
            yield _labelled(speaker, words, parse_clock(time) if time else None)
    elif body and all(len(row) == 2 for row in body) and _is_speaker_column([r[0] for r in body]):
        for speaker, words in body:
            yield _labelled(speaker, words, None)
    else:
        for row in rows:
            yield [" ".join(" ".join(cell.split()) for cell in row if cell)]


def _labelled(speaker: str, words: str, time: float | None) -> Lines:
    speaker = " ".join(speaker.rstrip().rstrip(":").split())
    if not speaker:
        lines: Lines = [*words.split("\n")]  # an empty speaker cell continues the previous turn
        return lines
    return [Labelled(speaker, words, time)]


def _is_speaker_column(cells: list[str]) -> bool:
    """Short, name-shaped first cells; "Datum | 12 maart" metadata tables do not qualify."""
    filled = [cell.rstrip().rstrip(":") for cell in cells if cell]
    return bool(filled) and all(label_shape_ok(cell) for cell in filled)


def _is_time_column(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(parse_clock(cell) is not None for cell in filled)


def _is_header_row(row: list[str]) -> bool:
    return all(cell.casefold().rstrip(":") in _HEADER_WORDS for cell in row if cell)
