"""Cue logic shared by .vtt and .srt: blocks, timings, payload clean-up, merging.

Subtitle files cut speech into cues of a few seconds. Codings need turns, so
consecutive cues of one speaker are merged; cues without a speaker are merged
into sentences (see :func:`add_turns`) so a file without speakers becomes
neither one giant turn nor hundreds of fragments.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from coder.ingest.build import TranscriptBuilder
from coder.ingest.clock import HOURS, parse_clock
from coder.ingest.speakers import SpeakerJudge, label_key, label_shape_ok, mostly_labelled

# Cues without a speaker are merged only across gaps shorter than this (seconds).
MAX_MERGE_GAP = 2.0

_STAMP = rf"(?:{HOURS}:)?\d{{1,2}}:\d{{2}}(?:[.,]\d{{1,3}})?"
_TIMING = re.compile(rf"^(?P<start>{_STAMP})\s*-->\s*(?P<end>{_STAMP})(?:\s+.*)?$")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.,]*>")  # <i>, <c.red>, <00:00:01.000>
_ASS_TAG = re.compile(r"\{\\[^{}]*\}")  # {\an8} in .srt files
_INVISIBLE = str.maketrans({"\u00a0": " ", "\u200b": "", "\u200e": "", "\u200f": "", "\ufeff": ""})
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)\]]*$")
# "Naam: tekst" (Zoom) and "[Naam] tekst" (some .srt) inside a payload
_COLON_LABEL = re.compile(r"^(?P<label>[^:\[\]()]+?(?:\s*\([^():]{1,15}\))?)\s*:\s+(?P<rest>\S.*)$")
_BRACKET_LABEL = re.compile(r"^\[(?P<label>[^\[\]]{1,40})\]\s*(?P<rest>\S.*)$")


@dataclass
class Cue:
    """One timed cue; ``lines`` is the raw payload."""

    start: float
    end: float
    line_no: int
    lines: list[str] = field(default_factory=list)


@dataclass
class Segment:
    """The words of one speaker inside a cue.

    ``voice`` is an explicit speaker (a WebVTT voice tag); ``label`` is a
    candidate written in the words ("Naam: ..."), accepted or not file-wide.
    """

    start: float
    end: float
    text: str
    voice: str | None = None
    label: str | None = None
    rest: str = ""


def split_blocks(lines: Sequence[str]) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks, each with its 1-based first line number."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def parse_cues(blocks: Sequence[tuple[int, list[str]]], warnings: list[str]) -> list[Cue]:
    """Cues from blocks; a block may hold several cues when blank lines are missing.

    Text outside any cue is kept (added to the cue before it) or reported in
    ``warnings``; it is never dropped silently.
    """
    cues: list[Cue] = []
    for first, block in blocks:
        timing_rows = [i for i, line in enumerate(block) if "-->" in line]
        if not timing_rows:
            if all(line.strip().isdigit() for line in block):
                continue  # a lone cue number
            _orphan(block, first, cues, warnings)
            continue
        # Before the first timing line: an optional cue id, then nothing.
        lead = block[: max(timing_rows[0] - 1, 0)]
        if lead:
            _orphan(lead, first, cues, warnings)
        for position, row in enumerate(timing_rows):
            stop = timing_rows[position + 1] if position + 1 < len(timing_rows) else len(block)
            payload = block[row + 1 : stop]
            if stop < len(block) and payload and payload[-1].strip().isdigit():
                payload = payload[:-1]  # the number of the next .srt cue
            cue = _cue(block[row], first + row, payload, warnings)
            if cue is not None:
                cues.append(cue)
    return cues


def _cue(timing: str, line_no: int, payload: list[str], warnings: list[str]) -> Cue | None:
    match = _TIMING.match(timing.strip())
    start = parse_clock(match["start"]) if match else None
    end = parse_clock(match["end"]) if match else None
    if start is None or end is None:
        shown = timing.strip()
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        warnings.append(f"line {line_no}: skipped a cue with unreadable timing {shown!r}")
        return None
    if end < start:
        warnings.append(f"line {line_no}: cue ends before it starts; end set to start")
        end = start
    return Cue(start, end, line_no, list(payload))


def _orphan(lines: list[str], first: int, cues: list[Cue], warnings: list[str]) -> None:
    if cues:
        cues[-1].lines.extend(lines)
        warnings.append(f"line {first}: text without a cue timing added to the cue before it")
    else:
        warnings.append(f"line {first}: ignored text before the first cue")


def clean_payload(text: str) -> str:
    """Markup out, entities decoded, whitespace (line breaks too) collapsed to single spaces."""
    text = _ASS_TAG.sub("", _TAG.sub("", text))
    text = html.unescape(text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def written_label(text: str, brackets: bool) -> tuple[str, str] | None:
    """A speaker candidate written in the words: "Naam: tekst" (or "[Naam] tekst")."""
    match = _COLON_LABEL.match(text)
    if match is None and brackets:
        match = _BRACKET_LABEL.match(text)
    if match is None or not label_shape_ok(match["label"]):
        return None
    return match["label"].strip(), match["rest"].strip()


def add_turns(segments: Sequence[Segment], builder: TranscriptBuilder) -> None:
    """Merge segments into turns and add them to ``builder``.

    A segment with a speaker joins the open turn of the same speaker. A
    segment without one continues an open speaker turn (files often name the
    speaker only when it changes); between speakerless segments a turn ends at
    sentence-final punctuation or a pause of :data:`MAX_MERGE_GAP` seconds.
    """
    labels = [s.label for s in segments if s.label is not None]
    voiced = sum(s.voice is not None for s in segments)
    judge = SpeakerJudge(labels, mostly_labelled(len(labels) + voiced, len(segments)))
    speaker: str | None = None
    words: list[str] = []
    start = end = 0.0

    for segment in segments:
        seg_speaker, text = segment.voice, segment.text
        if seg_speaker is None and segment.label is not None and judge.accepts(segment.label):
            seg_speaker, text = segment.label, segment.rest
        if not text:
            continue
        if words and _continues(speaker, words[-1], end, seg_speaker, segment.start):
            words.append(text)
            end = max(end, segment.end)
            continue
        if words:
            builder.add(speaker, " ".join(words), start, end)
        speaker, words, start, end = seg_speaker, [text], segment.start, segment.end
    if words:
        builder.add(speaker, " ".join(words), start, end)


def _continues(
    speaker: str | None,
    last_text: str,
    last_end: float,
    seg_speaker: str | None,
    seg_start: float,
) -> bool:
    if seg_speaker is not None:
        return speaker is not None and label_key(speaker) == label_key(seg_speaker)
    if speaker is not None:
        return True
    return not _SENTENCE_END.search(last_text) and seg_start - last_end < MAX_MERGE_GAP


def segments_from_lines(
    start: float, end: float, lines: Sequence[str], brackets: bool
) -> list[Segment]:
    """Segments of a payload without voice tags.

    A line that starts with a written label ("Naam: ...") opens a new segment,
    so a cue holding two speakers ("Anna: Hoi" / "Bob: Hallo") is split;
    other lines continue the segment before them.
    """
    segments: list[Segment] = []
    for raw in lines:
        line = clean_payload(raw)
        if not line:
            continue
        found = written_label(line, brackets)
        if found is not None:
            segments.append(Segment(start, end, line, label=found[0], rest=found[1]))
        elif segments:
            segments[-1].text += " " + line
            segments[-1].rest = (segments[-1].rest + " " + line).strip()
        else:
            segments.append(Segment(start, end, line))
    return segments
