"""Assemble the normalised transcript text and its turn offsets.

Every reader hands its turns to :class:`TranscriptBuilder`, so the layout that
codings point into ("Speaker: words", turns separated by one blank line) is
defined in exactly one place and offsets cannot drift between formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coder.errors import InputFileError
from coder.ingest.model import ParsedTranscript, Turn

TURN_SEPARATOR = "\n\n"
NO_TURNS = "no transcript text found"


@dataclass
class _Draft:
    speaker: str | None
    utterance: str
    time_start: float | None
    time_end: float | None


def clean_speaker(speaker: str | None) -> str | None:
    """Collapse whitespace in a label; an empty label means no speaker."""
    if speaker is None:
        return None
    return " ".join(speaker.split()) or None


def clean_utterance(utterance: str) -> str:
    """Strip every line and drop empty ones: a turn never holds a blank line,
    because a blank line is what separates turns in the normalised text."""
    lines = (line.strip() for line in utterance.split("\n"))
    return "\n".join(line for line in lines if line)


class TranscriptBuilder:
    """Collects turns in order and lays them out as one text."""

    def __init__(self, fill_time_end: bool = False) -> None:
        # Plain-text transcripts only carry start times; the next turn's start
        # is the best estimate of where a turn ends.
        self._fill_time_end = fill_time_end
        self._drafts: list[_Draft] = []
        self.warnings: list[str] = []

    def add(
        self,
        speaker: str | None,
        utterance: str,
        time_start: float | None = None,
        time_end: float | None = None,
    ) -> None:
        """Add a turn; a turn without words is dropped (with a warning if it had a speaker)."""
        speaker = clean_speaker(speaker)
        utterance = clean_utterance(utterance)
        if not utterance:
            if speaker is not None:
                self.warnings.append(f"dropped an empty turn of {speaker!r}")
            return
        self._drafts.append(_Draft(speaker, utterance, time_start, time_end))

    def __len__(self) -> int:
        return len(self._drafts)

    def build(
        self, path: Path, fmt: str, encoding: str | None, warnings: list[str] | None = None
    ) -> ParsedTranscript:
        """Lay out the text; a file that gave no turns at all is an error, never an empty result."""
        if not self._drafts:
            raise InputFileError(path, NO_TURNS)
        if self._fill_time_end:
            self._fill_ends()
        parts: list[str] = []
        turns: list[Turn] = []
        offset = 0
        for index, draft in enumerate(self._drafts):
            if index:
                parts.append(TURN_SEPARATOR)
                offset += len(TURN_SEPARATOR)
            prefix = f"{draft.speaker}: " if draft.speaker is not None else ""
            start = offset + len(prefix)
            end = start + len(draft.utterance)
            parts.append(prefix + draft.utterance)
            offset = end
            turns.append(Turn(draft.speaker, start, end, draft.time_start, draft.time_end))
        return ParsedTranscript(
            text="".join(parts),
            turns=turns,
            format=fmt,
            encoding=encoding,
            warnings=[*(warnings or []), *self.warnings],
        )

    def _fill_ends(self) -> None:
        for draft, following in zip(self._drafts, self._drafts[1:], strict=False):
            if (
                draft.time_end is None
                and draft.time_start is not None
                and following.time_start is not None
                and following.time_start >= draft.time_start
            ):
                draft.time_end = following.time_start
