"""Fuzzing the transcript readers (.txt, .vtt, .srt, .docx) with mutated fixtures and
random bytes: a valid document or one clear InputFileError, nothing else."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from coder.errors import InputFileError
from coder.exchange.qdaxml import xml_text
from coder.ingest import read_transcript
from tests.fuzz.fuzzing import (
    TOKENS,
    assert_clear_error,
    fuzz,
    hostile_bytes,
    mutated_member,
)
from tests.ingest.ingest_helpers import FIXTURES, assert_turn_spans


def _seeds(suffix: str) -> list[bytes]:
    return [path.read_bytes() for path in sorted(FIXTURES.glob(f"*{suffix}"))]


def check_reader(folder: Path, suffix: str, data: bytes) -> None:
    path = folder / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        parsed = read_transcript(path)
    except InputFileError as error:
        assert_clear_error(error, path)
        return
    event("read")
    assert_turn_spans(parsed)
    assert parsed.format == suffix[1:]
    assert all("\n" not in warning for warning in parsed.warnings)


SEEDS = {suffix: _seeds(suffix) for suffix in (".txt", ".vtt", ".srt", ".docx")}


@pytest.mark.parametrize("suffix", sorted(SEEDS))
@fuzz(250)
@given(data=st.data())
def test_fuzz_bytes(folder, suffix, data):
    check_reader(folder, suffix, data.draw(hostile_bytes(SEEDS[suffix])))


_GOOD_DOCX = [p.read_bytes() for p in sorted(FIXTURES.glob("*.docx")) if p.stat().st_size > 1000]


@fuzz(100)
@given(data=mutated_member(_GOOD_DOCX, ("word/document.xml", "[Content_Types].xml", ".rels")))
def test_fuzz_docx_parts(folder, data):
    check_reader(folder, ".docx", data)


_CELL = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40
) | st.sampled_from([t.decode("utf-8", "replace") for t in TOKENS])


def _docx_of(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(xml_text(text))
    if rows:
        width = max(len(row) for row in rows)
        table = document.add_table(rows=len(rows), cols=width)
        for cells, row in zip(table.rows, rows, strict=True):
            for cell, text in zip(cells.cells, row, strict=False):
                cell.text = xml_text(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@fuzz(50)
@given(
    paragraphs=st.lists(_CELL, max_size=12),
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=3), max_size=6),
)
def test_fuzz_docx_generated(folder, paragraphs, rows):
    # Word documents whose paragraphs and speaker|text tables hold hostile text.
    check_reader(folder, ".docx", _docx_of(paragraphs, rows))
