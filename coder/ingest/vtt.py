"""WebVTT (.vtt) subtitles, as written by Teams, Zoom and most captioning tools."""

from __future__ import annotations

import re
from pathlib import Path

from coder.errors import InputFileError
from coder.ingest.build import TranscriptBuilder
from coder.ingest.encoding import read_text
from coder.ingest.model import ParsedTranscript
from coder.ingest.subtitles import (
    Cue,
    Segment,
    add_turns,
    clean_payload,
    parse_cues,
    segments_from_lines,
    split_blocks,
)

NO_HEADER = "not a WebVTT file (missing 'WEBVTT' header)"
NO_CUES = "not a valid .vtt file (no cue with a valid timing line)"

_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_SKIPPED_BLOCK = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
# <v Naam>, <v.loud Naam>, and the closing </v>. A name never holds "<" and starts
# after the spaces: otherwise "<v <v <v ..." without ">" makes every tag scan the
# rest of the cue, and the spaces could go to either part (both quadratic).
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+(?P<name>[^\s<>][^<>]*)?)?>|</v\s*>")


def read_vtt(path: Path) -> ParsedTranscript:
    """Read a .vtt file; speakers come from voice tags or "Naam: tekst" (Zoom)."""
    text, encoding = read_text(path)
    lines = text.split("\n")
    blocks = split_blocks(lines)
    if not blocks or not _HEADER.match(blocks[0][1][0].strip()):
        raise InputFileError(path, NO_HEADER)
    first_line, header = blocks[0]
    # Header text after "WEBVTT" (Kind:, Language:) is metadata, unless a
    # writer forgot the blank line and a cue follows directly.
    rest = header[1:]
    blocks[0] = (first_line + 1, rest)
    if not any("-->" in line for line in rest):
        blocks = blocks[1:]
    blocks = [
        (number, block)
        for number, block in blocks
        if not (_SKIPPED_BLOCK.match(block[0].strip()) and not any("-->" in ln for ln in block))
    ]
    warnings: list[str] = []
    cues = parse_cues(blocks, warnings)
    if not cues:
        raise InputFileError(path, NO_CUES)
    builder = TranscriptBuilder()
    add_turns([segment for cue in cues for segment in _segments(cue)], builder)
    return builder.build(path, "vtt", encoding, warnings)


def _segments(cue: Cue) -> list[Segment]:
    """Split a payload at voice tags; text outside voices may carry a written label."""
    raw = "\n".join(cue.lines)
    parts: list[tuple[str | None, str]] = []
    voice: str | None = None
    position = 0
    for match in _VOICE.finditer(raw):
        parts.append((voice, raw[position : match.start()]))
        name = match["name"] if match.group(0).startswith("<v") else None
        voice = (name.strip() or None) if name else None
        position = match.end()
    parts.append((voice, raw[position:]))

    segments: list[Segment] = []
    for voice, chunk in parts:
        if voice is None:
            segments.extend(segments_from_lines(cue.start, cue.end, chunk.split("\n"), False))
            continue
        words = clean_payload(chunk)
        if not words:
            continue
        if segments and segments[-1].voice == voice:
            segments[-1].text += " " + words
        else:
            segments.append(Segment(cue.start, cue.end, words, voice=voice))
    return segments
