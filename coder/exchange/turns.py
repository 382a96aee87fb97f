"""Speaker turns over a text that must stay verbatim (a REFI-QDA source).

Codings from another tool are character offsets into *its* plain text, so that text
is stored unchanged. Turns are laid over it:

1. If the project's own txt reader, given this text, lays it out identically (the
   text is already in Codeertafel's normalised shape, e.g. our own export), its
   turns are used as they are.
2. Otherwise each paragraph (lines between blank lines) is a turn, or each line
   when the text has no blank lines at all; a ``Label:`` at its start is the
   speaker when the txt reader's speaker judge accepts it (recurring labels, or
   name-like ones in a file mostly in speaker format). Offsets point into the original.
"""

from __future__ import annotations

import re
from pathlib import Path

from coder.errors import CoderError
from coder.store import NewSegment

# "Speaker 1:   words", "Moeder: words", "I: words" at the start of a paragraph.
_LABEL = re.compile(r"(?P<label>[^\s:][^:\n]{0,39}?)[ \t]*:[ \t]+(?=\S)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")


def derive_turns(text: str, name: str = "source") -> list[NewSegment]:
    """Turns for ``text``, offsets into ``text`` itself; empty for a text without words."""
    if not text.strip():
        return []
    parsed = _reader_turns(text, name)
    if parsed is not None:
        return parsed
    return _paragraph_turns(text)


def _reader_turns(text: str, name: str) -> list[NewSegment] | None:
    from coder.ingest.build import TranscriptBuilder
    from coder.ingest.text import parse_lines

    builder = TranscriptBuilder(fill_time_end=True)
    try:
        parse_lines(text.split("\n"), builder)
        parsed = builder.build(Path(name), "txt", None)
    except CoderError:
        return None
    if parsed.text != text:
        return None
    return [NewSegment(t.speaker, t.start, t.end, t.time_start, t.time_end) for t in parsed.turns]


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, or of each line when there are no blank lines."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    blocks, position = [], 0
    for match in separator.finditer(text):
        blocks.append((position, match.start()))
        position = match.end()
    blocks.append((position, len(text)))
    trimmed = []
    for start, end in blocks:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        offset = start + (len(chunk) - len(chunk.lstrip()))
        trimmed.append((offset, offset + len(stripped)))
    return trimmed


def _paragraph_turns(text: str) -> list[NewSegment]:
    from coder.ingest.speakers import SpeakerJudge, label_shape_ok, mostly_labelled

    blocks = _blocks(text)
    labels = [_LABEL.match(text, start, end) for start, end in blocks]
    labels = [m if m and label_shape_ok(m["label"]) else None for m in labels]
    # The txt reader's judge decides which labels are speakers, with the same
    # file-wide evidence (recurrence, share of paragraphs that start with a label).
    judge = SpeakerJudge(
        [m["label"] for m in labels if m], mostly_labelled(sum(1 for m in labels if m), len(blocks))
    )
    turns = []
    for (start, end), match in zip(blocks, labels, strict=True):
        if match is not None and match.end() < end and judge.accepts(match["label"]):
            turns.append(NewSegment(" ".join(match["label"].split()), match.end(), end))
        else:
            turns.append(NewSegment(None, start, end))
    return turns
