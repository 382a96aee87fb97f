"""SubRip (.srt) subtitles: numbered cues with ``00:00:01,000 --> 00:00:04,000`` timings."""

from __future__ import annotations

from pathlib import Path

from coder.errors import InputFileError
from coder.ingest.build import TranscriptBuilder
from coder.ingest.encoding import read_text
from coder.ingest.model import ParsedTranscript
from coder.ingest.subtitles import add_turns, parse_cues, segments_from_lines, split_blocks

NO_CUES = "not a valid .srt file (no cue with a valid timing line)"


def read_srt(path: Path) -> ParsedTranscript:
    """Read a .srt file; speakers come from "Naam: tekst" or "[Naam] tekst" in the cue text."""
    text, encoding = read_text(path)
    warnings: list[str] = []
    cues = parse_cues(split_blocks(text.split("\n")), warnings)
    if not cues:
        raise InputFileError(path, NO_CUES)
    segments = [
        segment
        for cue in cues
        for segment in segments_from_lines(cue.start, cue.end, cue.lines, brackets=True)
    ]
    builder = TranscriptBuilder()
    add_turns(segments, builder)
    return builder.build(path, "srt", encoding, warnings)
