"""Invariants every reader must keep, checked on every readable fixture."""

from __future__ import annotations

import pytest

from coder.ingest import read_transcript
from coder.ingest.build import TURN_SEPARATOR
from tests.ingest.ingest_helpers import FIXTURES

GOOD = sorted(p for p in FIXTURES.iterdir() if p.is_file() and not p.name.startswith("bad_"))


def test_there_are_fixtures_of_every_format():
    assert {p.suffix for p in GOOD} == {".txt", ".vtt", ".srt", ".docx"}


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_turn_spans(path):
    parsed = read_transcript(path)
    text = parsed.text
    assert parsed.turns
    previous_end = 0
    for index, turn in enumerate(parsed.turns):
        assert 0 <= turn.start < turn.end <= len(text)
        assert turn.start >= previous_end  # in order, no overlap
        words = text[turn.start : turn.end]
        assert words == words.strip() and words
        assert "\n\n" not in words  # a blank line only ever separates turns
        # The label sits right before the words.
        label = f"{turn.speaker}: " if turn.speaker is not None else ""
        assert text[turn.start - len(label) : turn.start] == label
        if index:
            turn_begin = turn.start - len(label)
            assert text[previous_end:turn_begin] == TURN_SEPARATOR
        else:
            assert turn.start == len(label)
        if turn.time_start is not None and turn.time_end is not None:
            assert turn.time_end >= turn.time_start
        previous_end = turn.end
    assert previous_end == len(text)
