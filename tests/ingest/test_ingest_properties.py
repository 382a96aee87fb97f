"""Invariants every reader must keep, checked on every readable fixture."""

from __future__ import annotations

import pytest

from coder.ingest import read_transcript
from tests.ingest.ingest_helpers import FIXTURES, assert_turn_spans

GOOD = sorted(p for p in FIXTURES.iterdir() if p.is_file() and not p.name.startswith("bad_"))


def test_there_are_fixtures_of_every_format():
    assert {p.suffix for p in GOOD} == {".txt", ".vtt", ".srt", ".docx"}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_turn_spans(path):
    assert_turn_spans(read_transcript(path))
