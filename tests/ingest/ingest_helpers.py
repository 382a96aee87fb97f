"""Helpers for the transcript reader tests (a unique module name, so it cannot
clash with helpers of other test folders on sys.path)."""

from __future__ import annotations

from pathlib import Path

from coder.ingest import ParsedTranscript

FIXTURES = Path(__file__).parent / "fixtures"


def turns_of(parsed: ParsedTranscript) -> list[tuple[str | None, str]]:
    """(speaker, words) per turn: what most assertions compare."""
    return [(turn.speaker, parsed.turn_text(turn)) for turn in parsed.turns]


def times_of(parsed: ParsedTranscript) -> list[tuple[float | None, float | None]]:
    """(time_start, time_end) per turn."""
    return [(turn.time_start, turn.time_end) for turn in parsed.turns]
