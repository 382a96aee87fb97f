"""Plain-text transcripts: the speaker-turn parser shared by .txt and .docx.

Researchers receive transcripts in many hand-made shapes ("Naam: tekst",
"[00:01:23] Naam: tekst", "I:"/"R:", a name alone on a line, Teams/Word
"transcribe" headers, or no speakers at all), often mixed in one file. The
parser first classifies every line, then decides file-wide which labels are
speakers (see :mod:`coder.ingest.speakers`), then groups lines into turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from coder.ingest.build import TranscriptBuilder
from coder.ingest.clock import CLOCK, parse_clock
from coder.ingest.encoding import read_text
from coder.ingest.model import ParsedTranscript
from coder.ingest.speakers import SpeakerJudge, is_name_like, label_shape_ok, mostly_labelled


@dataclass(frozen=True)
class Labelled:
    """A line whose speaker is already known (e.g. a speaker|text table row)."""

    speaker: str
    text: str
    time: float | None = None


# "[00:01:23] rest", "(00:01:23) rest", "00:01:23 rest"
_TIME_PREFIX = re.compile(
    rf"^(?:[\[(](?P<bracketed>{CLOCK})[\])]\s*|(?P<bare>{CLOCK})\s+)(?:[-–]\s+)?(?P<rest>.*)$"
)
# "Naam: rest", "Jongere (16): rest", "Naam [00:01:23]: rest", "Naam:" alone
# The label ends in a non-space and the optional time brings its own spaces: two
# runs of \s* that can share the same spaces backtrack quadratically on a line with
# a long run of spaces (20,000 spaces took a minute).
_LABEL = re.compile(
    rf"^(?P<label>[^:\[\]()]{{0,59}}?[^:\[\]()\s](?:\s*\([^():]{{1,15}}\))?)"
    rf"\s*(?:[\[(](?P<time>{CLOCK})[\])]\s*)?:(?:\s+(?P<rest>.*))?$"
)
# Teams/Word transcribe header: "Piet Jansen   0:03", "Jansen, Piet\t1:02:03"
# (the label ends in a non-space, so only one place can start the run of spaces: linear)
_HEADER_TIME = re.compile(rf"^(?P<label>[^\t:]*?[^\t:\s])(?:\t\s*|\s{{2,}})(?P<time>{CLOCK})$")
# "MARIEKE" alone on a line
_CAPS_NAME = re.compile(r"^[^\W\d_a-z][^\Wa-z]*(?:[ \-'][^\Wa-z]+)*$")
# Teams leftovers; only this exact kind of line is dropped.
_TRANSCRIPTION_EVENT = re.compile(
    r"^.{1,80}?\s(?:(?:started|stopped) transcription"
    r"|heeft (?:de )?transcriptie (?:gestart|gestopt|beëindigd))\.?$",
    re.IGNORECASE,
)


@dataclass
class _Line:
    """One classified source line.

    ``kind``: "blank", "text", "time" (a timestamp alone), "label"
    ("Naam: rest") or "header" (a speaker alone, words on the next lines).
    ``plain`` is what the line contributes as text if its label is rejected.
    """

    kind: str
    plain: str = ""
    label: str | None = None
    rest: str = ""
    time: float | None = None
    forced: bool = False


@dataclass
class _Turn:
    speaker: str | None
    time: float | None
    lines: list[str] = field(default_factory=list)


def read_txt(path: Path) -> ParsedTranscript:
    """Read a plain-text transcript."""
    text, encoding = read_text(path)
    builder = TranscriptBuilder(fill_time_end=True)
    parse_lines(text.split("\n"), builder)
    return builder.build(path, "txt", encoding)


def parse_lines(items: Iterable[str | Labelled], builder: TranscriptBuilder) -> None:
    """Group source lines into speaker turns and add them to ``builder``."""
    lines = [_classify(item) for item in items]
    _keep_header_turns_whole(lines)
    _demote_headers_without_text(lines)
    judge = _judge(lines)
    _group(lines, judge, builder)


def _keep_header_turns_whole(lines: list[_Line]) -> None:
    """In a file whose speakers stand on header lines (Teams/Word: "Naam   0:03", the
    words below), a "Naam: tekst" line inside a turn is what someone said, not a new
    speaker: an interpreter's "Moeder zegt: wij wisten niet …" stays in the turn."""
    headers = sum(1 for ln in lines if ln.kind == "header")
    labels = sum(1 for ln in lines if ln.kind == "label" and not ln.forced)
    if headers >= 2 and headers > labels:
        for line in lines:
            if line.kind == "label" and not line.forced and line.time is None:
                line.kind = "text"


def _classify(item: str | Labelled) -> _Line:
    if isinstance(item, Labelled):
        return _Line("label", item.text, item.speaker, item.text, item.time, forced=True)
    line = item.strip()
    if not line:
        return _Line("blank")
    if _TRANSCRIPTION_EVENT.match(line):
        return _Line("blank")
    timed = _TIME_PREFIX.match(line)
    if timed:
        classified = _classify_timed(timed)
        # "10:30 begonnen we" is prose: a bare m:ss in front of plain words is
        # not trusted as a timestamp, only h:mm:ss or a bracketed one is.
        bare = timed["bare"]
        if classified.kind != "text" or bare is None or bare.count(":") >= 2:
            return classified
    header = _HEADER_TIME.match(line)
    if header and label_shape_ok(header["label"]):
        return _Line("header", line, header["label"], time=parse_clock(header["time"]))
    labelled = _LABEL.match(line)
    if labelled and label_shape_ok(labelled["label"]):
        time = parse_clock(labelled["time"]) if labelled["time"] else None
        return _Line("label", line, labelled["label"], labelled["rest"] or "", time)
    if len(line) >= 2 and line.isupper() and _CAPS_NAME.match(line) and label_shape_ok(line):
        return _Line("header", line, line)
    return _Line("text", line)


def _classify_timed(timed: re.Match[str]) -> _Line:
    time = parse_clock(timed["bracketed"] or timed["bare"])
    rest = timed["rest"].strip()
    if not rest:
        return _Line("time", time=time)
    labelled = _LABEL.match(rest)
    if labelled and label_shape_ok(labelled["label"]):
        return _Line("label", rest, labelled["label"], labelled["rest"] or "", time)
    if ":" not in rest and label_shape_ok(rest) and is_name_like(rest):
        # Word transcribe: "00:00:03 Speaker 1", the words on the next line.
        return _Line("header", rest, rest, time=time)
    return _Line("text", rest, time=time)


def _demote_headers_without_text(lines: list[_Line]) -> None:
    """A speaker alone on a line only counts if words follow it."""
    next_kind: str | None = None  # kind of the next non-blank line, scanning backwards
    for line in reversed(lines):
        if line.kind == "blank":
            continue
        if line.kind == "header" and next_kind != "text":
            line.kind = "text"
        next_kind = line.kind


def _judge(lines: Sequence[_Line]) -> SpeakerJudge:
    """File-wide evidence: which labels recur, and is the file mostly labelled."""
    candidates = [ln.label for ln in lines if ln.kind in ("label", "header") and ln.label]
    content = [ln for ln in lines if ln.kind != "blank"]
    block_starts = [
        ln
        for i, ln in enumerate(lines)
        if ln.kind != "blank" and (i == 0 or lines[i - 1].kind == "blank")
    ]
    speaker_format = mostly_labelled(len(candidates), len(content)) or mostly_labelled(
        sum(ln.kind in ("label", "header") for ln in block_starts), len(block_starts)
    )
    return SpeakerJudge(candidates, speaker_format)


def _group(lines: Sequence[_Line], judge: SpeakerJudge, builder: TranscriptBuilder) -> None:
    current: _Turn | None = None
    after_blank = False
    pending_time: float | None = None

    def close() -> None:
        if current is not None:
            builder.add(current.speaker, "\n".join(current.lines), current.time)

    for line in lines:
        if line.kind == "blank":
            after_blank = True
            continue
        if line.kind == "time":
            pending_time = line.time
            continue
        is_speaker = (
            line.kind in ("label", "header")
            and line.label is not None
            and (line.forced or judge.accepts(line.label))
        )
        time = line.time if line.time is not None else pending_time
        if is_speaker:
            close()
            current = _Turn(line.label, time, [line.rest] if line.rest else [])
        elif line.time is not None or current is None:
            # A timestamp starts a turn even without a speaker.
            close()
            current = _Turn(None, time, [line.plain])
        elif (
            after_blank
            and current.lines
            and not (current.speaker is not None and judge.speaker_format)
        ):
            # A blank line ends a speakerless paragraph. It only continues a
            # speaker's turn in files that are clearly in speaker format, so a
            # lone "Moeder: ..." in prose cannot swallow the paragraphs after it.
            close()
            current = _Turn(None, pending_time, [line.plain])
        else:
            current.lines.append(line.plain)
        pending_time = None
        after_blank = False
    close()
