"""What a reader returns: the normalised text of a transcript and its turns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Turn:
    """One speaker turn: a span of the transcript text.

    ``start``/``end`` are character offsets into :attr:`ParsedTranscript.text`
    and cover the spoken words only (never the speaker label).
    Times are seconds from the start of the recording, when the source has them.
    """

    speaker: str | None
    start: int
    end: int
    time_start: float | None = None
    time_end: float | None = None


@dataclass
class ParsedTranscript:
    """A transcript read from one file, ready to be stored as a document.

    ``text`` is the normalised plain text that codings point into: each turn is
    written as ``"Speaker: words"`` (or just the words when there is no speaker),
    turns separated by one blank line.
    """

    text: str
    turns: list[Turn]
    format: str
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    def turn_text(self, turn: Turn) -> str:
        return self.text[turn.start : turn.end]
