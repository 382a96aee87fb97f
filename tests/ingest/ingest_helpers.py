"""Helpers for the transcript reader tests (a unique module name, so it cannot
clash with helpers of other test folders on sys.path)."""

from __future__ import annotations

from pathlib import Path

from coder.ingest import ParsedTranscript
from coder.ingest.build import TURN_SEPARATOR

FIXTURES = Path(__file__).parent / "fixtures"


def turns_of(parsed: ParsedTranscript) -> list[tuple[str | None, str]]:
    """(speaker, words) per turn: what most assertions compare."""
    return [(turn.speaker, parsed.turn_text(turn)) for turn in parsed.turns]


def times_of(parsed: ParsedTranscript) -> list[tuple[float | None, float | None]]:
    """(time_start, time_end) per turn."""
    return [(turn.time_start, turn.time_end) for turn in parsed.turns]


def assert_turn_spans(parsed: ParsedTranscript) -> None:
    """The layout every reader promises: turns in order, each "Speaker: words", one
    blank line between turns, no empty turn, times in order."""
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
